"""Helpers for tests that walk every URL pattern of the project and every factory.

Walking `config.urls` recursively (instead of listing URL names) means views added later are
covered without touching the sweeps.
"""

from __future__ import annotations

import importlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import factory.django
from django.apps import apps
from django.db import connection, models, transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RegexPattern, RoutePattern

from logbuch.towns.models import Town

_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")

# Keyword arguments that are not object ids: a view may well answer 200 for any value.
NON_OBJECT_KWARGS = frozenset({"year", "month", "week", "day", "page", "format", "lang"})


@dataclass
class Endpoint:
    parts: list[Any]  # the URLPattern/URLResolver pattern objects from the root down
    callback: Any
    name: str
    kwargs: dict[str, str] = field(default_factory=dict)  # kwarg name -> int/slug/uuid/str/regex

    @property
    def route(self) -> str:
        return "".join(str(p) for p in self.parts)

    @property
    def is_town(self) -> bool:
        return "town_slug" in self.kwargs

    @property
    def object_kwargs(self) -> dict[str, str]:
        return {k: v for k, v in self.kwargs.items() if k != "town_slug"}

    def url(self, values: dict[str, Any]) -> str:
        """The path for these kwarg values (values are not checked against converters)."""
        out = ["/"]
        for part in self.parts:
            if isinstance(part, RoutePattern):
                out.append(_ROUTE_PARAM.sub(lambda m: str(values[m["name"]]), str(part)))
            elif isinstance(part, RegexPattern):
                out.append(_fill_regex(str(part), values))
            else:  # LocalePrefixPattern
                out.append(str(part))
        return "".join(out)


def _fill_regex(regex: str, values: dict[str, Any]) -> str:
    result, i = [], 0
    while i < len(regex):
        m = _REGEX_GROUP.match(regex, i)
        if m:
            depth, j = 1, m.end()
            while depth and j < len(regex):
                depth += {"(": 1, ")": -1}.get(regex[j], 0) if regex[j - 1] != "\\" else 0
                j += 1
            result.append(str(values[m["name"]]))
            i = j
            continue
        result.append(regex[i])
        i += 1
    text = "".join(result).removeprefix("^").removesuffix("$").removeprefix("\\A")
    return text.removesuffix("\\Z").replace("\\", "")


def _kinds(pattern: Any) -> dict[str, str]:
    if isinstance(pattern, RoutePattern):
        kinds = {}
        for name, conv in pattern.converters.items():
            if isinstance(conv, IntConverter):
                kinds[name] = "int"
            elif isinstance(conv, SlugConverter):
                kinds[name] = "slug"
            elif isinstance(conv, UUIDConverter):
                kinds[name] = "uuid"
            elif isinstance(conv, StringConverter | PathConverter):
                kinds[name] = "str"
            else:
                kinds[name] = "str"
        return kinds
    if isinstance(pattern, RegexPattern):
        return {m["name"]: "regex" for m in _REGEX_GROUP.finditer(str(pattern))}
    return {}


def walk(
    patterns: list[Any] | None = None, parts: list[Any] | None = None, ns: str = ""
) -> Iterator[Endpoint]:
    """Every endpoint of the project, with the kwargs its URL carries."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        chain = [*(parts or []), entry.pattern]
        if isinstance(entry, URLResolver):
            inner = f"{ns}{entry.namespace}:" if entry.namespace else ns
            yield from walk(entry.url_patterns, chain, inner)
        elif isinstance(entry, URLPattern):
            kinds: dict[str, str] = {}
            for p in chain:
                kinds.update(_kinds(p))
            yield Endpoint(chain, entry.callback, f"{ns}{entry.name or '?'}", kinds)


# --- objects of every town-owned model, built through the apps' factories ---------------------


def project_factories() -> list[type[factory.django.DjangoModelFactory]]:
    """Every DjangoModelFactory in `logbuch.<app>.tests.factories` whose model has a town."""
    found: dict[type[Any], None] = {}
    for app in apps.get_app_configs():
        if not app.name.startswith("logbuch."):
            continue
        module_name = f"{app.name}.tests.factories"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue
            raise
        for value in vars(module).values():
            meta: Any = getattr(value, "_meta", None)  # a factory's options (untyped)
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and not meta.abstract
                and meta.model is not None
                and town_field(meta.model) is not None
            ):
                found[value] = None
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__qualname__}")


def town_field(model: type[models.Model]) -> models.Field[Any, Any] | None:
    try:
        f = model._meta.get_field("town")
    except Exception:
        return None
    if f.is_relation and f.related_model is Town and not model._meta.abstract:
        return f  # type: ignore[return-value]
    return None


def town_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("logbuch.") and town_field(m) is not None
    ]


_TOKENISH = ("token", "code", "slug", "key")


@dataclass
class Built:
    objects: list[models.Model] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    def candidates(self, kind: str, kwarg: str) -> list[Any]:
        """Values of these objects that a URL kwarg of this kind and name could take."""
        stem = kwarg
        for suffix in ("_pk", "_id", "_slug", "_uuid", "_token", "_code"):
            stem = stem.removesuffix(suffix)
        stem = stem.replace("_", "")
        objs = [o for o in self.objects if o._meta.model_name == stem] or self.objects
        values: list[Any] = []
        for obj in objs:
            values.extend(_values_of(obj, kind))
        return list(dict.fromkeys(values))


def _values_of(obj: models.Model, kind: str) -> list[Any]:
    values: list[Any] = []
    if kind in ("int", "slug", "str", "regex") and isinstance(obj.pk, int):
        values.append(obj.pk)
    for f in obj._meta.concrete_fields:
        value = getattr(obj, f.attname)
        if value in (None, ""):
            continue
        uuid = isinstance(f, models.UUIDField) and kind in ("uuid", "str", "regex")
        slug = isinstance(f, models.SlugField) and kind in ("slug", "str", "regex")
        token = (
            isinstance(f, models.CharField)
            and any(t in f.name for t in _TOKENISH)
            and kind in ("str", "regex")
        )
        if uuid or slug or token:
            values.append(value)
    return values


# Primary keys of swept objects start far above anything a sequence hands out in a test, so an
# id of town B never equals the id of a row a view may legitimately show in town A. Objects of
# different models share the same pk (7000001): one candidate value then probes every model.
SWEEP_PK = 7_000_001


def build_every_town_object(town: Town) -> Built:
    """One object of every town-owned model (per factory) in `town`, with a large pk."""
    built = Built()
    next_pk: dict[type[models.Model], int] = {}
    for fac in project_factories():
        model = fac._meta.model
        extra: dict[str, Any] = {}
        if isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            # The first object of a model gets SWEEP_PK; a second factory of the same model
            # (a Vorschlag is a Measure) the next free pk above it: sub-factories may already
            # have taken ids after SWEEP_PK (SQLite continues from the largest id).
            pk = SWEEP_PK
            if model in next_pk:
                largest = model._base_manager.aggregate(largest=models.Max("pk"))["largest"]
                pk = max(next_pk[model], (largest or 0) + 1)
            extra["pk"] = pk
            next_pk[model] = pk + 1
        try:
            with transaction.atomic():
                obj = fac(town=town, **extra)
        except Exception as exc:
            built.failures[f"{fac.__module__}.{fac.__name__}"] = f"{type(exc).__name__}: {exc}"
            continue
        built.objects.append(obj)
    return built


def email_addresses(built: Built) -> set[str]:
    """Email addresses held by the built objects and by the people they point to."""
    found: set[str] = set()
    for obj in built.objects:
        for f in obj._meta.concrete_fields:
            if isinstance(f, models.EmailField) and getattr(obj, f.attname):
                found.add(getattr(obj, f.attname))
            elif f.is_relation and f.name != "town":
                email = getattr(getattr(obj, f.name, None), "email", None)
                if isinstance(email, str) and email:
                    found.add(email)
    return found


def value_combinations(endpoint: Endpoint, built: Built, limit: int = 150) -> list[dict[str, Any]]:
    kwargs = endpoint.object_kwargs
    if not kwargs:
        return [{}]
    per_kwarg = []
    for name, kind in kwargs.items():
        values = built.candidates(kind, name) or [_FALLBACK[kind]]
        per_kwarg.append([(name, v) for v in values])
    return [dict(combo) for combo in itertools.islice(itertools.product(*per_kwarg), limit)]


_FALLBACK: dict[str, Any] = {
    "int": 999_999_999,
    "slug": "gibt-es-nicht",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "str": "gibt-es-nicht",
    "regex": "gibt-es-nicht",
}


def database_fingerprint() -> dict[str, int]:
    """A hash of every row of every table (sessions excluded: signing in writes one)."""
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in {"django_session", "towns_session"}:
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            rows = sorted(repr(row) for row in cursor.fetchall())
            fingerprint[table] = hash((len(rows), *rows))
    return fingerprint
