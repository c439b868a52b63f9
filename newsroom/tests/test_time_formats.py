from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import Context, Template

from newsroom.clock import clock, dateline, iso_local, local_midnight, parse_local, zone_name

BASE_DIR = Path(__file__).resolve().parents[2]


def test_dateline_in_ist():
    # 18:18 UTC is 23:48 in New Delhi.
    assert dateline(datetime(2026, 1, 12, 18, 18, tzinfo=UTC)) == "Jan 12, 2026, at 11:48 pm"


def test_dateline_morning_has_no_leading_zero():
    assert dateline(datetime(2026, 1, 13, 3, 35, tzinfo=UTC)) == "Jan 13, 2026, at 9:05 am"


def test_header_clock_format():
    # 00:52 UTC is 06:22 in New Delhi.
    assert clock(datetime(2026, 2, 4, 0, 52, tzinfo=UTC)) == "February 04, 2026 06:22 am"


def test_clock_crosses_midnight_into_the_next_local_day():
    assert clock(datetime(2026, 2, 3, 19, 0, tzinfo=UTC)) == "February 04, 2026 12:30 am"


def test_machine_readable_time_carries_the_offset():
    assert (
        iso_local(datetime(2026, 1, 12, 18, 18, 30, 999, tzinfo=UTC)) == "2026-01-12T23:48:30+05:30"
    )


def test_zone_name():
    assert zone_name(datetime(2026, 1, 12, tzinfo=UTC)) == "IST"


def test_empty_values_render_nothing():
    assert dateline(None) == ""
    assert clock(None) == ""


def test_local_midnight_is_the_start_of_the_local_day():
    # 19:00 UTC on Feb 3 is already 00:30 on Feb 4 in New Delhi.
    assert local_midnight(datetime(2026, 2, 3, 19, 0, tzinfo=UTC)) == datetime(
        2026, 2, 3, 18, 30, tzinfo=UTC
    )


def test_typed_times_are_read_in_the_site_zone():
    assert parse_local("2026-02-04T18:30") == datetime(2026, 2, 4, 13, 0, tzinfo=UTC)
    aware = datetime(2026, 2, 4, 18, 30, tzinfo=UTC)
    assert parse_local(aware) is aware
    with pytest.raises(ValueError, match="isoformat"):
        parse_local("half past six")


def test_the_header_clock_script_takes_its_zone_from_the_page(settings):
    settings.TIME_ZONE = "Europe/London"
    tag = Template("{% load newsroom_tags %}{% time_zone_key %}").render(Context())
    assert tag == "Europe/London"
    header = (BASE_DIR / "templates/includes/header.html").read_text()
    assert 'data-clock data-time-zone="{% time_zone_key %}"' in header
    script = (BASE_DIR / "static/js/site.js").read_text()
    assert "dataset.timeZone" in script
    assert "Asia/" not in script


@pytest.mark.django_db
def test_every_page_names_the_site_zone_for_the_clock_script(client, settings):
    settings.TIME_ZONE = "Europe/London"
    html = client.get("/").content.decode()
    assert 'data-clock data-time-zone="Europe/London"' in html
