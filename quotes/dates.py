"""Publication dates: an article's `published` field, as given, read into ISO 8601.

Dates come in every form (ISO 8601, RFC 2822 from feeds, "March 4, 2025", "4.3.2025"); dateutil
reads them. Two things are never guessed:

- a time or a zone the input does not give: "2025-03-04" stays a date, "2025-03-04 10:15" has no zone
  (zone abbreviations are read: EST, PDT, CET, …; an unknown one leaves the date without its time);
- the order of day and month in an all-number date where both could be either ("01/11/2025": 1
  November or 11 January?). Such a date is `ambiguous`, and left unread: the reading stage notes
  it, and it takes no part in `first_published`. "13/11/2025" and "11/13/2025" are not ambiguous.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import regex
from dateutil import parser as _parser
from dateutil import tz as _tz

# An all-number date: day and month in either order, then the year.
_NUMERIC = regex.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})\b")
# Zone abbreviations news feeds use, as offsets (dateutil knows only UTC and GMT by name).
_ZONES = {name: int(hours * 3600) for name, hours in {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8,
    "HST": -10, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "IST": 5.5,
    "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}.items()}
# US zones without the daylight letter ("9:30 p.m. ET"): the region's rule says which, where the
# system has the zone database.
_ZONES.update({name: zone for name, region in {"ET": "America/New_York", "CT": "America/Chicago",
               "MT": "America/Denver", "PT": "America/Los_Angeles"}.items() if (zone := _tz.gettz(region)) is not None})
# Two defaults that differ in every field: what the text leaves out comes out different.
_DEFAULTS = (datetime(2000, 1, 1, 0, 0, 0), datetime(2001, 2, 2, 1, 1, 1))
_DAY_END = timedelta(hours=24 + 12, seconds=-1)


@dataclass(frozen=True, order=True)
class Published:
    """A publication date as read: `instant` orders dates (UTC; a date alone is the end of its day
    in the last time zone, a time without a zone is taken as UTC); `iso` is ISO 8601 with only
    what the input gives."""

    instant: datetime
    iso: str


def is_ambiguous(value: str) -> bool:
    """Whether `value` is an all-number date whose day and month could be swapped.

    Example:
        >>> is_ambiguous("01/11/2025"), is_ambiguous("13/11/2025"), is_ambiguous("2025-01-11")
        (True, False, False)
    """
    match = _NUMERIC.match(value)
    return bool(match) and int(match[1]) != int(match[2]) and all(1 <= int(match[k]) <= 12 for k in (1, 2))


def read_date(value: str | None) -> Published | None:
    """`value` read as a date, or None when it is empty, not a date, or `is_ambiguous`.

    Example:
        >>> read_date("2025-03-04T10:15:00Z").iso, read_date("March 4, 2025").iso
        ('2025-03-04T10:15:00+00:00', '2025-03-04')
        >>> read_date("Tue, 04 Mar 2025 10:15:00 -0500").iso, read_date("4.13.2025 9:30").iso
        ('2025-03-04T10:15:00-05:00', '2025-04-13T09:30:00')
        >>> read_date("01/11/2025") is None, read_date("soon") is None
        (True, True)
    """
    if not isinstance(value, str) or not value.strip() or is_ambiguous(value):
        return None
    match = _NUMERIC.match(value)
    # Where only one order is possible, say which (dateutil would try month first and fail).
    dayfirst = bool(match) and int(match[1]) > 12
    unplaced = False  # a zone we cannot place: the time means nothing without it
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", _parser.UnknownTimezoneWarning)
            try:
                a, b = (_parser.parse(value, default=d, dayfirst=dayfirst, tzinfos=_ZONES) for d in _DEFAULTS)
            except _parser.UnknownTimezoneWarning:
                unplaced = True
                a, b = (_parser.parse(value, default=d, dayfirst=dayfirst, ignoretz=True) for d in _DEFAULTS)
        if (a.year, a.month, a.day) != (b.year, b.month, b.day):
            return None  # no full date: "March 2025", "10:15"
        if a.hour != b.hour or unplaced:
            # A date alone orders as the end of its day in the last time zone (UTC-12): an article
            # that gives the time that day, wherever, is not beaten by one that does not.
            day = datetime(a.year, a.month, a.day, tzinfo=timezone.utc)
            return Published(day + _DAY_END, day.date().isoformat())
        minutes = a.minute == b.minute  # "9 pm": the hour alone
        seconds = minutes and a.second == b.second and a.microsecond == b.microsecond
        moment = a if seconds else a.replace(minute=a.minute if minutes else 0, second=0, microsecond=0)
        instant = moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return Published(instant, moment.isoformat())
    except (ValueError, OverflowError, TypeError):  # out of range: year 1 or 9999 in a far zone, "+25:00"
        return None
