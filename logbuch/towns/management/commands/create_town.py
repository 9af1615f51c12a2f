from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.text import slugify

from logbuch.towns.models import Bundesland, Town
from logbuch.towns.services import town_create


class Command(BaseCommand):
    help = "Legt einen neuen Ort an: create_town 'Name' --bundesland SN [--slug kurzname]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--bundesland", required=True, choices=Bundesland.values)
        parser.add_argument("--slug")
        parser.add_argument("--population", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options["slug"] or slugify(options["name"])
        if Town.objects.filter(slug=slug).exists():
            raise CommandError(f"Den Kurznamen „{slug}“ gibt es schon.")
        town = town_create(
            name=options["name"],
            slug=slug,
            bundesland=options["bundesland"],
            population=options["population"],
        )
        self.stdout.write(self.style.SUCCESS(f"Ort „{town.name}“ angelegt: /{town.slug}/"))
