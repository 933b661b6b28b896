"""How JavaScript turns a number into text (`String(n)`, template literals): 120, not 120.0."""

from __future__ import annotations

import math


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
