"""Pages of the Daseinsvorsorge: what a coordinator, a volunteer and a resident see and do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from logbuch.services import selectors
from logbuch.services.models import (
    RequestStatus,
    Service,
    ServiceRequest,
    Shift,
    ShiftPlan,
    SignUp,
    SignUpStatus,
)
from logbuch.services.recurrence import BERLIN
from logbuch.services.services import shifts as svc
from logbuch.towns.models import Role

from .factories import (
    ResponsibilityFactory,
    ServiceFactory,
    ServiceRequestFactory,
    ShiftFactory,
)

pytestmark = pytest.mark.django_db


def u(name, town, **kwargs):
    return reverse(f"services:{name}", kwargs={"town_slug": town.slug, **kwargs})


def test_the_services_page_answers_and_is_in_the_town_navigation(client, town, bus):
    response = client.get(u("index", town))
    assert response.status_code == 200
    assert "Bürgerbus" in response.text
    assert f'href="{u("index", town)}"' in response.text


def test_public_service_page_shows_times_and_the_request_button(client, town, bus):
    response = client.get(u("service_detail", town, service=bus.slug))
    assert response.status_code == 200
    assert "Mo–Fr 8–12 Uhr" in response.text
    assert u("request_new", town, service=bus.slug) in response.text


def test_coordinator_sets_up_a_service(coordinator_client, town):
    response = coordinator_client.post(
        u("service_new", town),
        {
            "name": "Dorfladen",
            "slug": "dorfladen",
            "kind": "shop",
            "status": "active",
            "cancel_notice_hours": 48,
            "alert_days_before": 3,
        },
    )
    assert response.status_code == 302
    assert Service.objects.in_town(town).get(slug="dorfladen").name == "Dorfladen"


def test_service_form_explains_missing_seats_and_keeps_input(coordinator_client, town):
    response = coordinator_client.post(
        u("service_new", town),
        {
            "name": "Bürgerbus",
            "slug": "organigramm",
            "kind": "bus",
            "status": "active",
            "takes_requests": "on",
            "cancel_notice_hours": 48,
            "alert_days_before": 3,
            "description": "Mein langer Text",
        },
    )
    assert response.status_code == 200
    assert "braucht Plätze je Schicht" in response.text
    assert "schon eine Seite der Dienste" in response.text
    assert "Mein langer Text" in response.text


def _plan_data(**extra):
    today = timezone.localdate()
    return {
        "title": "Vormittag",
        "weekdays": ["0", "1", "2", "3", "4"],
        "interval": "1",
        "starts_on": today.isoformat(),
        "start_time": "08:00",
        "end_time": "12:00",
        "min_people": "1",
        "max_people": "2",
        "holiday_policy": "skip",
        **extra,
    }


def test_coordinator_creates_a_plan_and_shifts_appear(coordinator_client, town, bus):
    response = coordinator_client.post(u("plan_new", town, service=bus.slug), _plan_data())
    assert response.status_code == 302
    plan = ShiftPlan.objects.get(service=bus)
    assert plan.rule == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    count = Shift.objects.filter(plan=plan).count()
    assert 55 <= count <= 66  # 13 weeks of weekdays minus holidays


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"rule": "FREQ=SOMETIMES"}, "FREQ=DAILY"),
        ({"end_time": "07:00"}, "Ende muss nach dem Beginn"),
        ({"ends_on": "2000-01-01"}, "„Bis“ liegt vor „Ab“"),
        ({"weekdays": []}, "mindestens einen Tag"),
        ({"min_people": "3", "max_people": "2"}, "Höchstens muss"),
        ({"skip_dates": "31.02.2026"}, "kein Datum"),
    ],
)
def test_bad_plan_input_is_explained_and_kept(coordinator_client, town, bus, extra, message):
    data = _plan_data(title="Mein Plan mit Namen", **extra)
    response = coordinator_client.post(u("plan_new", town, service=bus.slug), data)
    assert response.status_code == 200
    assert message in response.text
    assert "Mein Plan mit Namen" in response.text
    assert not ShiftPlan.objects.exists()


def test_volunteer_signs_up_on_the_shift_page(client_for, town, shift, volunteer):
    client = client_for(volunteer)
    page = client.get(u("shift_detail", town, pk=shift.pk))
    assert "Eintragen" in page.text
    response = client.post(u("shift_signup", town, pk=shift.pk), follow=True)
    assert "Sie sind eingetragen" in response.text
    assert SignUp.objects.filter(shift=shift, user=volunteer, status=SignUpStatus.SIGNED_UP)


def test_full_shift_offers_the_waiting_list(client_for, town, shift, volunteers):
    a, b, c = volunteers(3)
    svc.signup_create(shift=shift, user=a)
    svc.signup_create(shift=shift, user=b)
    client = client_for(c)
    page = client.get(u("shift_detail", town, pk=shift.pk))
    assert "Auf die Warteliste" in page.text
    response = client.post(u("shift_signup", town, pk=shift.pk), follow=True)
    assert "schon voll besetzt" in response.text
    response = client.post(u("shift_waitlist", town, pk=shift.pk), follow=True)
    assert "Sie stehen auf der Warteliste" in response.text


def test_overlap_warning_then_confirmation(client_for, town, shift, volunteer):
    other = ShiftFactory(town=town, starts_at=shift.starts_at, ends_at=shift.ends_at)
    svc.signup_create(shift=shift, user=volunteer)
    client = client_for(volunteer)
    response = client.post(u("shift_signup", town, pk=other.pk))
    assert response.status_code == 200
    assert "Zeitgleiche Schicht" in response.text
    response = client.post(u("shift_signup", town, pk=other.pk), {"confirm_overlap": "on"})
    assert response.status_code == 302
    assert SignUp.objects.filter(shift=other, user=volunteer, overlap_confirmed=True).exists()


def test_late_cancellation_is_explained(client_for, town, bus, volunteer):
    soon = ShiftFactory(
        town=town,
        service=bus,
        starts_at=timezone.now() + timedelta(hours=5),
        ends_at=timezone.now() + timedelta(hours=9),
    )
    signup = svc.signup_create(shift=soon, user=volunteer)
    response = client_for(volunteer).post(u("signup_cancel", town, pk=signup.pk), follow=True)
    assert "Absagefrist von 48 Stunden ist vorbei" in response.text
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.SIGNED_UP


def test_swap_through_the_pages(client_for, town, shift, volunteers):
    a, b = volunteers(2)
    signup = svc.signup_create(shift=shift, user=a)
    client_for(a).post(u("signup_swap", town, pk=signup.pk))
    page = client_for(b).get(u("shift_detail", town, pk=shift.pk))
    assert "übernehmen" in page.text
    response = client_for(b).post(u("signup_take", town, pk=signup.pk), follow=True)
    assert "Sie haben die Schicht übernommen" in response.text


def test_a_swap_offer_is_withdrawn_on_its_own_url(client_for, town, shift, volunteer):
    signup = svc.signup_create(shift=shift, user=volunteer)
    client = client_for(volunteer)
    client.post(u("signup_swap", town, pk=signup.pk))
    page = client.get(u("shift_detail", town, pk=shift.pk)).text
    assert u("signup_swap_withdraw", town, pk=signup.pk) in page
    response = client.post(u("signup_swap_withdraw", town, pk=signup.pk), follow=True)
    assert "Das Tauschangebot ist zurückgenommen." in response.text
    signup.refresh_from_db()
    assert signup.swap_offered_at is None


def _ride(town, bus, shift, **extra):
    at = shift.starts_at.astimezone(BERLIN) + timedelta(minutes=30)
    return {
        "name": "Erna Pohl",
        "phone": "03431 55501",
        "day": at.date().isoformat(),
        "time": at.strftime("%H:%M"),
        "details": "Zur Arztpraxis Dr. Lange",
        "seats": "1",
        **extra,
    }


def test_resident_requests_a_ride_without_an_account(client, town, bus, shift):
    response = client.post(u("request_new", town, service=bus.slug), _ride(town, bus, shift))
    assert response.status_code == 302
    status_page = client.get(response["Location"])
    assert "Angefragt" in status_page.text
    item = ServiceRequest.objects.get()
    assert item.shift == shift and item.token_hash not in response["Location"]


def test_a_ride_outside_operating_times_is_explained_and_kept(client, town, bus, shift):
    data = _ride(town, bus, shift, time="06:00")
    response = client.post(u("request_new", town, service=bus.slug), data)
    assert response.status_code == 200
    assert "nicht unterwegs" in response.text
    assert "Die nächste freie Zeit" in response.text
    assert "Zur Arztpraxis Dr. Lange" in response.text


def test_a_ride_in_the_past_is_explained_and_kept(client, town, bus, shift):
    data = _ride(town, bus, shift, day=(timezone.localdate() - timedelta(days=2)).isoformat())
    response = client.post(u("request_new", town, service=bus.slug), data)
    assert response.status_code == 200
    assert "in der Vergangenheit" in response.text
    assert "Zur Arztpraxis Dr. Lange" in response.text


def test_a_full_ride_names_the_next_free_time(client, town, bus, shift):
    ServiceRequestFactory(town=town, shift=shift, seats=3)
    later = ShiftFactory(
        town=town,
        service=bus,
        starts_at=shift.starts_at + timedelta(days=1),
        ends_at=shift.ends_at + timedelta(days=1),
    )
    response = client.post(u("request_new", town, service=bus.slug), _ride(town, bus, shift))
    assert "kein Platz mehr frei" in response.text
    assert later.starts_at.astimezone(BERLIN).strftime("%H:%M") in response.text


def test_driver_on_shift_confirms_and_declines_with_reason(
    client_for, town, shift, volunteer, sending
):
    svc.signup_create(shift=shift, user=volunteer)
    ride = ServiceRequestFactory(town=town, shift=shift, email="erna@example.org")
    other = ServiceRequestFactory(town=town, shift=shift)
    client = client_for(volunteer)
    with sending() as outbox:
        client.post(u("request_confirm", town, pk=ride.pk))
    ride.refresh_from_db()
    assert ride.status == RequestStatus.CONFIRMED
    assert any("Antwort auf Ihre Anfrage" in m.subject for m in outbox)
    response = client.post(u("request_decline", town, pk=other.pk), follow=True)
    assert "warum es nicht geht" in response.text
    assert f'formaction="{u("request_decline", town, pk=other.pk)}"' in response.text
    client.post(u("request_decline", town, pk=other.pk), {"reason": "Bus voll"})
    other.refresh_from_db()
    assert other.status == RequestStatus.DECLINED and other.reason == "Bus voll"


def test_a_volunteer_not_on_the_shift_cannot_decide(client_for, town, shift, volunteer):
    ride = ServiceRequestFactory(town=town, shift=shift)
    response = client_for(volunteer).post(u("request_confirm", town, pk=ride.pk), follow=True)
    assert "Fahrerin oder der Fahrer" in response.text
    ride.refresh_from_db()
    assert ride.status == RequestStatus.REQUESTED


def test_run_sheet_lists_the_requests(client_for, town, shift, volunteer):
    ServiceRequestFactory(town=town, shift=shift, name="Erna Pohl", details="Zum Arzt")
    response = client_for(volunteer).get(u("run_sheet", town, pk=shift.pk))
    assert "Erna Pohl" in response.text and "Zum Arzt" in response.text


def test_run_sheet_query_count_is_constant(
    client_for, town, shift, volunteer, django_assert_max_num_queries
):
    client = client_for(volunteer)
    ServiceRequestFactory(town=town, shift=shift)
    with django_assert_max_num_queries(12) as one:
        client.get(u("run_sheet", town, pk=shift.pk))
    for _ in range(11):
        ServiceRequestFactory(town=town, shift=shift)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(u("run_sheet", town, pk=shift.pk))


def test_month_and_my_shifts_query_counts_are_constant(
    client_for, town, bus, volunteer, django_assert_max_num_queries
):
    client = client_for(volunteer)
    first = ShiftFactory(town=town, service=bus)
    svc.signup_create(shift=first, user=volunteer)
    month = timezone.localtime(first.starts_at).strftime("%Y-%m")
    with django_assert_max_num_queries(20) as one_month:
        client.get(u("service_month", town, service=bus.slug) + f"?monat={month}")
    with django_assert_max_num_queries(20) as one_mine:
        client.get(u("my_shifts", town))
    for i in range(1, 12):
        shift = ShiftFactory(
            town=town,
            service=bus,
            starts_at=first.starts_at + timedelta(hours=5 * i),
            ends_at=first.starts_at + timedelta(hours=5 * i + 4),
        )
        svc.signup_create(shift=shift, user=volunteer)
    with django_assert_max_num_queries(len(one_month.captured_queries)):
        client.get(u("service_month", town, service=bus.slug) + f"?monat={month}")
    with django_assert_max_num_queries(len(one_mine.captured_queries)):
        response = client.get(u("my_shifts", town))
    assert response.text.count("Bürgerbus") >= 12


def test_organigram_highlights_vacancies_and_missing_deputies(
    client_for, town, bus, volunteer, make_member
):
    deputy = make_member(town, Role.VOLUNTEER, name="Dora Vertretung")
    ResponsibilityFactory(
        town=town, service=bus, title="Fahrdienstleitung", holder=volunteer, deputy=deputy
    )
    ResponsibilityFactory(town=town, service=bus, title="Finanzen", holder=None)
    ResponsibilityFactory(
        town=town, service=None, area="Koordination", title="Ehrenamt", holder=volunteer
    )
    response = client_for(volunteer).get(u("organigram", town))
    assert response.status_code == 200
    assert "1 Zuständigkeit ist unbesetzt" in response.text
    assert "1 ohne Vertretung" in response.text
    assert "Dora Vertretung" in response.text
    assert "Ortsweit" in response.text
    printed = client_for(volunteer).get(u("organigram_print", town))
    assert "Fahrdienstleitung" in printed.text


def test_organigram_form_refuses_the_holder_as_deputy(coordinator_client, town, volunteer):
    response = coordinator_client.post(
        u("responsibility_new", town),
        {
            "area": "Laden",
            "title": "Kasse",
            "holder": volunteer.pk,
            "deputy": volunteer.pk,
            "since": "2026-05-01",
            "until": "2026-01-01",
        },
    )
    assert "andere Person" in response.text
    assert "„Bis“ liegt vor „Seit“" in response.text
    assert 'value="Kasse"' in response.text


def test_coverage_page_shows_short_shifts_as_text(client_for, town, shift, volunteer):
    response = client_for(volunteer).get(u("coverage", town))
    assert response.status_code == 200
    assert "Unterbesetzte Schichten" in response.text
    assert "−1" in response.text and "Person fehlt" in response.text


def test_coverage_query_count_is_constant(
    client_for, town, volunteers, monkeypatch, django_assert_max_num_queries
):
    # The load table is cached for 15 minutes; measure the reads behind it each time.
    monkeypatch.setattr(selectors, "LOAD_SECONDS", 0)
    people = volunteers(3)
    client = client_for(people[0])
    ShiftFactory(town=town, service=ServiceFactory(town=town))
    with django_assert_max_num_queries(20) as one:
        client.get(u("coverage", town))
    for _ in range(3):
        service = ServiceFactory(town=town)
        for i in range(1, 12):
            shift = ShiftFactory(
                town=town,
                service=service,
                starts_at=timezone.now() + timedelta(days=i, hours=1),
                ends_at=timezone.now() + timedelta(days=i, hours=3),
            )
            SignUp.objects.create(town=town, shift=shift, user=people[i % 3])
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(u("coverage", town))
    assert len(response.context["loads"]) == 4


def test_members_only_pages_refuse_visitors(client, town, shift):
    response = client.get(u("shift_detail", town, pk=shift.pk))
    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_cached_heat_map_follows_a_sign_up(client_for, town, shift, volunteer):
    client = client_for(volunteer)
    before = client.get(u("coverage", town)).text
    assert "Person fehlt" in before
    svc.signup_create(shift=shift, user=volunteer)
    after = client.get(u("coverage", town)).text
    assert "Person fehlt" not in after and "✓" in after


def test_coordinator_assigns_through_the_page(coordinator_client, town, shift, volunteer):
    page = coordinator_client.get(u("shift_assign", town, pk=shift.pk))
    assert volunteer.name in page.text
    response = coordinator_client.post(
        u("shift_assign", town, pk=shift.pk), {"person": volunteer.pk}
    )
    assert response.status_code == 302
    assert SignUp.objects.get(shift=shift, user=volunteer).assigned_by is not None


def _shift_data(**extra):
    day = timezone.localdate() + timedelta(days=10)
    return {
        "day": day.isoformat(),
        "start_time": "09:00",
        "end_time": "13:00",
        "min_people": "1",
        "max_people": "3",
        "seats": "",
        **extra,
    }


def test_coordinator_adds_a_single_shift_outside_any_plan(coordinator_client, town, bus):
    detail = coordinator_client.get(u("service_detail", town, service=bus.slug))
    assert u("shift_new", town, service=bus.slug) in detail.text
    response = coordinator_client.post(u("shift_new", town, service=bus.slug), _shift_data())
    shift = Shift.objects.get(service=bus)
    assert response.status_code == 302
    assert response["Location"] == u("shift_detail", town, pk=shift.pk)
    assert shift.plan is None and (shift.min_people, shift.max_people) == (1, 3)
    assert shift.seats == bus.seats_per_shift
    start = shift.starts_at.astimezone(BERLIN)
    assert (start.date(), start.hour) == (timezone.localdate() + timedelta(days=10), 9)
    assert shift.ends_at - shift.starts_at == timedelta(hours=4)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"end_time": "08:00"}, "Ende muss nach dem Beginn"),
        ({"day": "2000-01-01"}, "in der Zukunft"),
        ({"min_people": "4", "max_people": "2"}, "Höchstens muss"),
        ({"day": ""}, "Tag"),
    ],
)
def test_bad_single_shift_input_is_explained_and_kept(
    coordinator_client, town, bus, extra, message
):
    data = _shift_data(**extra)
    response = coordinator_client.post(u("shift_new", town, service=bus.slug), data)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="09:00"' in response.text
    assert not Shift.objects.exists()


def test_only_the_coordinator_adds_single_shifts(client_for, town, bus, volunteer):
    response = client_for(volunteer).post(u("shift_new", town, service=bus.slug), _shift_data())
    assert response.status_code == 403
    assert not Shift.objects.exists()


def test_my_shifts_shows_each_status_by_its_label(client_for, town, bus, volunteer, volunteers):
    """The list reads the label from the choices enum; it must match Django's display."""
    first = ShiftFactory(town=town, service=bus)
    signed = svc.signup_create(shift=first, user=volunteer)
    full = ShiftFactory(
        town=town,
        service=bus,
        max_people=1,
        starts_at=first.starts_at + timedelta(days=1),
        ends_at=first.ends_at + timedelta(days=1),
    )
    svc.signup_create(shift=full, user=volunteers(1)[0])
    waiting = svc.waitlist_join(shift=full, user=volunteer)
    assert waiting.status == SignUpStatus.WAITING
    response = client_for(volunteer).get(u("my_shifts", town))
    for signup in (signed, waiting):
        assert signup.status_label == signup.get_status_display()
        assert f">{signup.get_status_display()}" in response.text
