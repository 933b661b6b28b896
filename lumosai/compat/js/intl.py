"""`Intl.NumberFormat(...).format(n)` and `n.toLocaleString(locale, options)` for the locales
and options apps use for amounts: en-US and de-DE, decimal/currency/percent, fraction digits
and grouping. ICU rounds the shortest decimal text of the double (1.005 -> "1.01", unlike
`toFixed`) with ties away from zero, and keeps the sign of a negative that rounds to zero."""

from __future__ import annotations

import decimal
import math
from collections.abc import Mapping
from typing import Any

NBSP = "\xa0"

#: locale -> (group separator, decimal separator, currency after the number)
_LOCALES: dict[str, tuple[str, str, bool]] = {
    "en": (",", ".", False),
    "en-US": (",", ".", False),
    "de": (".", ",", True),
    "de-DE": (".", ",", True),
}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}
_ZERO_DIGIT_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK"})
OPTIONS = frozenset(
    {"style", "currency", "minimumFractionDigits", "maximumFractionDigits", "useGrouping"}
)
LOCALES = frozenset(_LOCALES)


def _digits(options: Mapping[str, Any], style: str, currency: str) -> tuple[int, int]:
    """ECMA-402 SetNumberFormatDigitOptions for the fraction digits."""
    if style == "currency":
        default_min = default_max = 0 if currency in _ZERO_DIGIT_CURRENCIES else 2
    else:
        default_min, default_max = 0, (3 if style == "decimal" else 0)
    low, high = options.get("minimumFractionDigits"), options.get("maximumFractionDigits")
    for bound in (low, high):
        if bound is not None and not 0 <= bound <= 100:
            raise ValueError("maximumFractionDigits value is out of range.")
    if low is None and high is None:
        return default_min, default_max
    if high is None:
        return int(low), max(default_max, int(low))  # type: ignore[arg-type]
    if low is None:
        return min(default_min, int(high)), int(high)
    if low > high:
        raise ValueError("maximumFractionDigits value is out of range.")
    return int(low), int(high)


def _group(whole: str, sep: str) -> str:
    head = len(whole) % 3 or 3
    parts = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
    return sep.join(parts)


def format_number(
    value: Any, locale: str | None = None, options: Mapping[str, Any] | None = None
) -> str:
    """The text Node's ICU gives for `new Intl.NumberFormat(locale, options).format(value)`."""
    opts = dict(options or {})
    unknown = set(opts) - OPTIONS
    if unknown:
        raise NotImplementedError(f"Intl.NumberFormat options {sorted(unknown)}")
    tag = locale or "en-US"
    if tag not in _LOCALES:
        raise NotImplementedError(f"Intl.NumberFormat locale {tag!r}")
    group_sep, point, currency_after = _LOCALES[tag]
    style = opts.get("style", "decimal")
    currency = str(opts.get("currency") or "").upper()
    if style == "currency" and not currency:
        raise TypeError("Currency code is required with currency style.")
    if style not in ("decimal", "currency", "percent"):
        raise NotImplementedError(f"Intl.NumberFormat style {style!r}")
    low, high = _digits(opts, style, currency)
    number = float(value) if not isinstance(value, int) or isinstance(value, bool) else value
    negative = isinstance(number, float) and (number < 0 or math.copysign(1.0, number) < 0)
    if isinstance(number, int):
        negative = number < 0
    if isinstance(number, float) and math.isnan(number):
        body, negative = "NaN", False
    elif isinstance(number, float) and math.isinf(number):
        body = "∞"
    else:
        with decimal.localcontext() as ctx:
            ctx.prec = 500
            exact = abs(decimal.Decimal(repr(number) if isinstance(number, float) else number))
            if style == "percent":
                exact *= 100
            rounded = exact.quantize(
                decimal.Decimal(1).scaleb(-high), rounding=decimal.ROUND_HALF_UP
            )
        whole, _, frac = f"{rounded:f}".partition(".")
        frac = frac.rstrip("0").ljust(low, "0")
        if opts.get("useGrouping", True) is not False:
            whole = _group(whole, group_sep)
        body = whole + (point + frac if frac else "")
    sign = "-" if negative else ""
    if style == "percent":
        return f"{sign}{body}{NBSP if currency_after else ''}%"
    if style == "currency":
        symbol = _SYMBOLS.get(currency, currency)
        if currency_after:
            return f"{sign}{body}{NBSP}{symbol}"
        spacer = NBSP if symbol == currency and body[0].isdigit() else ""
        return f"{sign}{symbol}{spacer}{body}"
    return sign + body


class NumberFormat:
    """`new Intl.NumberFormat(locale, options)` kept in a variable; `.format(n)` as
    `format_number`. Bad options fail here, as the JavaScript constructor throws."""

    def __init__(self, locale: str | None = None, options: Mapping[str, Any] | None = None):
        format_number(0, locale, options)
        self.locale = locale
        self.options = dict(options or {})

    def format(self, value: Any) -> str:
        return format_number(value, self.locale, self.options)
