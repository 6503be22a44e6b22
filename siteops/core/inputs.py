"""Bounded parsing of untrusted input: numbers, dates and text from the API, files, forms, URLs.

Every numeric or date value that arrives as text goes through one of these *before* anything
converts it, and *outside* any write transaction. Length and magnitude are checked first, so a
value such as ``1e300000`` or a 10 MB string of digits costs microseconds, not seconds of CPU.
Each parser raises :class:`InputError` (a ``ValueError`` with a translated message) that a view
turns into a 400/422 and a sync turns into a row error; nothing here returns a 500.

    qty = parse_int(request.GET.get("page"), lo=1, hi=10_000, default=1)
    price = parse_decimal(cell, max_digits=12, places=2, lo=Decimal("0"))
    day = parse_date(cell)          # "2026-02-30" -> InputError("not a real date")
"""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

MAX_NUMBER_CHARS = 40
_INT_RE = re.compile(r"^[+-]?\d{1,30}$")
# Plain decimals only: no exponent, no NaN/Infinity, at most 30 digits before the point.
_DEC_RE = re.compile(r"^[+-]?(\d{1,30})(?:\.(\d{0,12}))?$|^[+-]?\.(\d{1,12})$")


class InputError(ValueError):
    """A value that cannot be accepted; ``message`` is translated and safe to show."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(_("The value is not valid text.")) from exc
    return str(value).strip()


def clean_text(value, *, max_length: int | None = None, field: str = "") -> str:
    """Text with no NUL or other control characters except tab/newline; bounded in length."""
    text = _text(value)
    if "\x00" in text:
        raise InputError(_("The value contains a NUL character."))
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 32)
    if max_length is not None and len(text) > max_length:
        raise InputError(_("The value is too long (at most %(n)d characters).") % {"n": max_length})
    return text


def parse_int(value, *, lo: int | None = None, hi: int | None = None, default=None) -> int:
    """A whole number within [lo, hi]; ``default`` for an empty value (InputError if None)."""
    text = _text(value).replace(",", "")
    if text == "":
        if default is not None:
            return default
        raise InputError(_("A whole number is required."))
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(_("The number is too long."))
    if not _INT_RE.match(text):
        # "3.0" from a spreadsheet is still a whole number
        if re.match(r"^[+-]?\d{1,30}\.0*$", text):
            text = text.split(".", 1)[0]
        else:
            raise InputError(_("“%(value)s” is not a whole number.") % {"value": text[:40]})
    number = int(text)
    _check_range(number, lo, hi)
    return number


def parse_decimal(
    value,
    *,
    places: int = 2,
    max_digits: int = 12,
    lo: Decimal | int | None = None,
    hi: Decimal | int | None = None,
    default=None,
) -> Decimal:
    """A plain decimal (no exponent, NaN or infinity) rounded half-up to ``places``."""
    text = _text(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    if text == "":
        if default is not None:
            return default
        raise InputError(_("A number is required."))
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(_("The number is too long."))
    m = _DEC_RE.match(text)
    if not m:
        raise InputError(_("“%(value)s” is not a number.") % {"value": text[:40]})
    whole = m.group(1) or ""
    if len(whole.lstrip("0")) > max_digits - places:
        raise InputError(_("The number is too large."))
    try:
        number = Decimal(text).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the pattern above
        raise InputError(_("“%(value)s” is not a number.") % {"value": text[:40]}) from exc
    _check_range(number, lo, hi)
    return number


def _check_range(number, lo, hi) -> None:
    if lo is not None and number < lo:
        raise InputError(_("The number must be at least %(lo)s.") % {"lo": lo})
    if hi is not None and number > hi:
        raise InputError(_("The number must be at most %(hi)s.") % {"hi": hi})


def parse_date(value, *, default=None) -> datetime.date:
    """An ISO date (YYYY-MM-DD, also YYYY/MM/DD) that exists in the calendar, years 1900–2999."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value).replace("/", "-")
    if text == "":
        if default is not None:
            return default
        raise InputError(_("A date is required."))
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", text[:20])
    if not m or len(text) > 10:
        raise InputError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": text[:40]})
    year, month, day = (int(g) for g in m.groups())
    if not 1900 <= year <= 2999:
        raise InputError(_("The year %(year)d is out of range.") % {"year": year})
    try:
        return datetime.date(year, month, day)
    except ValueError as exc:
        raise InputError(_("“%(value)s” is not a real date.") % {"value": text}) from exc


def parse_datetime(value, *, default=None) -> datetime.datetime:
    """An ISO date-time (``YYYY-MM-DD HH:MM[:SS]``, ``T`` or space, optional offset/Z) that exists.

    A value without an offset is in the site's time zone.
    """
    if isinstance(value, datetime.datetime):
        dt = value
    else:
        text = _text(value)
        if text == "":
            if default is not None:
                return default
            raise InputError(_("A date and time is required."))
        if len(text) > 40:
            raise InputError(_("“%(value)s” is not a date and time.") % {"value": text[:40]})
        m = re.match(
            r"^(\d{4}-\d{1,2}-\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?)?"
            r"\s*(Z|[+-]\d{2}:?\d{2})?$",
            text.replace("/", "-"),
        )
        if not m:
            raise InputError(_("“%(value)s” is not a date and time.") % {"value": text[:40]})
        day = parse_date(m.group(1))
        hour, minute, second = (int(g) if g else 0 for g in m.group(2, 3, 4))
        try:
            dt = datetime.datetime.combine(day, datetime.time(hour, minute, second))
        except ValueError as exc:
            raise InputError(_("“%(value)s” is not a real time.") % {"value": text[:40]}) from exc
        tz = m.group(5)
        if tz:
            if tz == "Z":
                dt = dt.replace(tzinfo=datetime.UTC)
            else:
                sign = 1 if tz[0] == "+" else -1
                digits = tz[1:].replace(":", "")
                hours, minutes = int(digits[:2]), int(digits[2:])
                if hours > 23 or minutes > 59:
                    raise InputError(_("“%(value)s” has an impossible time zone.") % {"value": tz})
                offset = datetime.timedelta(hours=hours, minutes=minutes) * sign
                dt = dt.replace(tzinfo=datetime.timezone(offset))
    if timezone.is_naive(dt):
        dt = timezone.make_aware(dt)
    return dt
