"""The site's local time: the one place that turns stored UTC times into the zone pages show
(settings.TIME_ZONE, IST by default) and reads times people type in that zone.

The template filters (`clock`, `dateline`, `iso_local`, `zone_name`), the header clock's script
(which gets the zone's name from a data- attribute, never its own), feeds, structured data, the
admin, the dashboard and the services all come here, so every time on the site agrees.
"""

from datetime import datetime, time
from functools import lru_cache

from django.core.signals import setting_changed
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import lazy

from .languages import current_language, language_info


def local(value=None):
    """`value` (default: now) in the site's zone; None for an empty value."""
    if value is None:
        return timezone.localtime()
    if value == "":
        return None
    return timezone.localtime(value)


def zone_key():
    """The zone's IANA name ('Asia/Kolkata'), for the browser's Intl.DateTimeFormat."""
    return timezone.get_current_timezone_name()


def _am_pm(value):
    # Django's "a" gives "a.m."; the house style is "06:22 am".
    return date_format(value, "A").lower()


# Hindi says the part of the day, not am/pm: "रात 11:48" (night), "सुबह 6:22" (morning).
_HINDI_DAY_PARTS = ((4, "रात"), (12, "सुबह"), (16, "दोपहर"), (19, "शाम"), (24, "रात"))
_DEVANAGARI_DIGITS = str.maketrans("0123456789", "०१२३४५६७८९")


# Django's Hindi catalogue spells three months without the halant ("सितमबर"): our own names.
_HINDI_MONTHS = (
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
)


def _hindi_date(value):
    return f"{value.day} {_HINDI_MONTHS[value.month - 1]} {value.year}"


def _hindi_time(value):
    part = next(word for until, word in _HINDI_DAY_PARTS if value.hour < until)
    return f"{part} {date_format(value, 'g:i')}"


def hindi_time(value):
    """'रात 11:48' (a moment already in the site's zone), in the page's digits."""
    return _in_page_digits(_hindi_time(value), "hi")


def clock_words(language=None):
    """What the header clock's script needs to say the time as clock() does in the page's language
    (data- attributes), or None where it formats it itself (English)."""
    language = language or current_language()
    if language != "hi":
        return None
    return {
        "months": "|".join(_HINDI_MONTHS),
        "day_parts": "|".join(f"{until}:{word}" for until, word in _HINDI_DAY_PARTS),
        "digits": "devanagari" if language_info(language)["native_digits"] else "",
    }


def _in_page_digits(text, language):
    """Devanagari digits where the language's setting asks for them (NEWSROOM_LANGUAGES)."""
    if language != "en" and language_info(language)["native_digits"]:
        return text.translate(_DEVANAGARI_DIGITS)
    return text


def clock(value):
    """'February 04, 2026 06:22 am' — the header's date and time ('4 फ़रवरी 2026, सुबह 6:22' on
    a Hindi page: month names from Django's Hindi catalogue)."""
    if value is None or value == "":
        return ""
    value = local(value)
    language = current_language()
    if language == "hi":
        return _in_page_digits(f"{_hindi_date(value)}, {_hindi_time(value)}", language)
    return f"{date_format(value, 'F d, Y h:i')} {_am_pm(value)}"


def dateline(value):
    """'Jan 12, 2026, at 11:48 pm' — when a story was published or updated."""
    if value is None or value == "":
        return ""
    return _dateline(value, current_language(), timezone.get_current_timezone_name())


# A pure function of the moment, the language and the zone, remembered by all three: a cold
# listing formats dozens of these, the same stories' after every edit (no content is kept).
@lru_cache(maxsize=4096)
def _dateline(value, language, _zone):
    value = local(value)
    if language == "hi":
        return _in_page_digits(f"{_hindi_date(value)}, {_hindi_time(value)}", language)
    # One format call, not two: listings format dozens of these on a cold render.
    return f"{date_format(value, r'M j, Y, \a\t g:i')} {_am_pm(value)}"


def _forget(**_kwargs):
    _dateline.cache_clear()


# A test that changes the languages' settings (native digits) starts afresh.
setting_changed.connect(_forget, dispatch_uid="newsroom-clock-forget")


def long_date(value):
    """'3 December 2026' — a day (a gift, a receipt): '3 दिसंबर 2026' on a Hindi page."""
    if value is None or value == "":
        return ""
    value = local(value)
    language = current_language()
    if language == "hi":
        return _in_page_digits(_hindi_date(value), language)
    return date_format(value, "j F Y")


def iso_local(value):
    """ISO 8601 with the site's offset ('2026-01-12T23:48:00+05:30') for machines."""
    if value is None or value == "":
        return ""
    return local(value).replace(microsecond=0).isoformat()


def zone_name(value):
    """The local zone's abbreviation at that moment ('IST')."""
    if value is None or value == "":
        return ""
    return local(value).strftime("%Z")


def zone_abbreviation():
    """The zone's abbreviation now ('IST'), for labels such as "Publish at (IST)"."""
    return zone_name(local())


# For labels made when a module loads (form fields, admin columns): read when shown.
zone_abbreviation_lazy = lazy(zone_abbreviation, str)


def local_midnight(now=None):
    """The start of the local day that `now` (default: now) falls in, as an aware time."""
    day = timezone.localdate(now)
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def parse_local(value):
    """A time typed in the site's zone ('2026-02-04T18:30', as a datetime-local input sends it,
    or a naive datetime) as an aware time; an aware value is kept as it is. Raises ValueError on
    text that is not a date and time."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    if timezone.is_aware(value):
        return value
    return timezone.make_aware(value)
