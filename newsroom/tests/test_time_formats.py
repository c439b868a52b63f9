from datetime import UTC, datetime

from newsroom.templatetags.newsroom_tags import clock, dateline, iso_local, zone_name


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
