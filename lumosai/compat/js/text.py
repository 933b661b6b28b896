"""How JavaScript turns a number into text (`String(n)`, template literals): 120, not 120.0."""

from __future__ import annotations

import math
from typing import Any


def number_text(value: float) -> str:
    """ECMAScript Number::toString for radix 10: the shortest round-trip digits (which Python's
    repr also finds), laid out as JavaScript does (no ".0"; exponents only from 1e21 and
    below 1e-6, written "1e+21")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exp_text = repr(abs(value)).partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    # position of the decimal point relative to the first significant digit
    point = len(whole) + int(exp_text or 0) - (len(whole + frac) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0")
    k, n = len(digits), point
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        exponent = n - 1
        sign_e = "+" if exponent >= 0 else "-"
        head = digits[0] + ("." + digits[1:] if k > 1 else "")
        text = f"{head}e{sign_e}{abs(exponent)}"
    return sign + text


def to_fixed(value: float, digits: int = 0) -> str:
    """`value.toFixed(digits)`: JavaScript rounds the exact binary value with ties away from
    zero (1.25 -> "1.3", 0.125 -> "0.13", but 1.005 -> "1.00", its double being below the tie);
    Python's format rounds ties to even. From 1e21 on, the plain number text."""
    import decimal

    digits = int(digits)
    if not 0 <= digits <= 100:
        raise ValueError("toFixed() digits argument must be between 0 and 100")
    if isinstance(value, bool):
        value = int(value)
    if not math.isfinite(value) or abs(value) >= 1e21:
        return number_text(value)
    sign = "-" if value < 0 else ""
    with decimal.localcontext() as ctx:
        ctx.prec = 400
        exact = decimal.Decimal(abs(value))
        rounded = exact.quantize(decimal.Decimal(1).scaleb(-digits), decimal.ROUND_HALF_UP)
    return sign + format(rounded, "f")


def _significant(value: float, digits: int) -> tuple[str, int]:
    """`digits` significant digits of |value| rounded as JavaScript does (the exact binary
    value, ties to the larger), and the decimal exponent of the first one."""
    import decimal

    with decimal.localcontext() as ctx:
        ctx.prec = 1200
        exact = decimal.Decimal(abs(value))
        exponent = exact.adjusted()
        step = decimal.Decimal(1).scaleb(exponent - digits + 1)
        rounded = exact.quantize(step, rounding=decimal.ROUND_HALF_UP)
        if rounded.adjusted() > exponent:
            exponent += 1
            rounded = exact.quantize(step.scaleb(1), rounding=decimal.ROUND_HALF_UP)
        text = "".join(str(d) for d in rounded.as_tuple().digits)
    return text[:digits].ljust(digits, "0"), exponent


def _exponent_form(digits: str, exponent: int) -> str:
    head = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{head}e{'+' if exponent >= 0 else '-'}{abs(exponent)}"


def to_precision(value: float, precision: Any = None) -> str:
    """`value.toPrecision(p)`: p significant digits, exponential when the exponent is below
    -6 or at least p (1234.5 -> "1.2e+3" for p=2)."""
    if precision is None or not math.isfinite(value):
        return number_text(value)
    p = int(precision)
    if not 1 <= p <= 100:
        raise ValueError("toPrecision() argument must be between 1 and 100")
    sign = "-" if value < 0 else ""
    if value == 0:
        return "0" + ("." + "0" * (p - 1) if p > 1 else "")
    digits, e = _significant(value, p)
    if e < -6 or e >= p:
        return sign + _exponent_form(digits, e)
    if e >= 0:
        return sign + digits[: e + 1] + ("." + digits[e + 1 :] if p > e + 1 else "")
    return sign + "0." + "0" * (-(e + 1)) + digits


def to_exponential(value: float, fraction: Any = None) -> str:
    """`value.toExponential(f)`: one digit, f decimals, then e+N (shortest digits without f)."""
    if not math.isfinite(value):
        return number_text(value)
    sign = "-" if value < 0 else ""
    if fraction is None:
        if value == 0:
            return "0e+0"
        import decimal

        shortest = decimal.Decimal(repr(abs(float(value))))
        digits = "".join(str(d) for d in shortest.as_tuple().digits).rstrip("0") or "0"
        return sign + _exponent_form(digits, shortest.adjusted())
    f = int(fraction)
    if not 0 <= f <= 100:
        raise ValueError("toExponential() argument must be between 0 and 100")
    if value == 0:
        return _exponent_form("0" * (f + 1), 0)
    digits, e = _significant(value, f + 1)
    return sign + _exponent_form(digits, e)
