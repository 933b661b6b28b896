"""JavaScript semantics that plain Python does not have, for code the migrator translated.

Generated code imports these only where no idiomatic Python expression behaves the same:
`to_radix` (`n.toString(36)`), `to_number` (`Number(x)`), `new_date` (`new Date(x)`),
`UNDEFINED`/`js_object`/`js_gt` (where `undefined` and `null` differ, see undefined.py), the
date-fns twins in `lumosai.compat.js.datefns` and Node's `path` in `node_path`. Dates follow the translator's convention: a JavaScript `Date` is
a timezone-aware `datetime` (UTC); date-fns works on the local wall clock, and so do these.
"""

from .compare import js_ge, js_gt, js_le, js_lt
from .dates import InvalidDateError, get_time, new_date
from .numbers import js_sum, js_truthy, parse_float, parse_int, to_number, to_radix
from .text import number_text, to_fixed
from .undefined import UNDEFINED, js_object

__all__ = [
    "UNDEFINED",
    "InvalidDateError",
    "get_time",
    "js_ge",
    "js_gt",
    "js_le",
    "js_lt",
    "js_object",
    "js_sum",
    "js_truthy",
    "new_date",
    "number_text",
    "parse_float",
    "parse_int",
    "to_fixed",
    "to_number",
    "to_radix",
]
