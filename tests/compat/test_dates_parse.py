"""`new_date` (compat.js.dates) reads date strings as V8 does: each string below, and thousands
of random date-like strings, give the same time value as `new Date(s).getTime()` in real Node
(NaN: an InvalidDate), in three time zones."""

from __future__ import annotations

import json
import os
import random
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from lumosai.compat.js.dates import InvalidDate, get_time, new_date
from lumosai.compat.node import find_node

ZONES = ["UTC", "America/New_York", "Asia/Kolkata"]

TEXTS = [
    "March 7, 2026", "Mar 7 2026", "7 March 2026", "March 7, 2026 10:30", "Tue Mar 07 2026 10:00:00 GMT+0100 (Central European Standard Time)",
    "Tue, 07 Mar 2026 10:00:00 GMT", "2026/03/07", "03/07/2026", "3/7/2026 10:30 PM", "2026-03-07 10:30:00 UTC",
    "Dec 25, 2026", "Paris", "Paris 2026", "2026", "12", "1/2", "1/2/3", "2026-3-7", "2026-03-07T10:30:00 GMT",
    "next week", "tomorrow", "2026.03.07", "07.03.2026", "March 2026", "7 Mar", "Mar 7",
    "10:30", "2026-03-07Z", "March 7, 2026 12:00 AM", "March 7, 2026 12:00 PM", "Mar 7 2026 10:30:15.250",
    "2026-03-07 10:30 +0200", "2026-03-07 10:30 -05:00", "Sat, 07 Mar 2026 10:00:00 +0000",
    "Thursday, March 7, 2026", "march 7 2026", "MARCH 7 2026", "Sept 7 2026", "Mar 7 26",
    "Mar 7 49", "Mar 7 50", "7/3/2026", "13/7/2026", "2026-02-30T10:00:00 UTC", "Mar 32 2026",
    "Feb 30 2026", "2026-03-07 EST", "Mar 7 2026 10:30 PST", "Mar 7 2026 GMT", "1 2 3", "Tue Mar 07 2026",
    "Mar-07-2026", "07-Mar-2026", "2026 Mar 7", "", " ", "Invalid Date", "2026-03-07T10:30:00.000+0100",
    "Mar 7 2026 10h", "Mar 7 2026 T10:30", "Mar 7, 2026, 10:30:00 AM", "3/7/2026, 10:30:00 AM",
    "2026-03-07 10:30:00.123456", "March", "Mar", "abc123", "Mar 7 2026 +0100", "Mar 7 2026 10:30 +01",
    "Mar 7 2026 GMT-8", "Mar 7 2026 UTC+05:30", "2026-03-07 10:30 ) ", "7 Mar 2026 12:30 am",
    "Mar 7 2026 13:00 PM", "Mar 7 2026 10::", "Jan 1 -5", "0099-01-01", "Jan 1 0099", "2026-03-07T10:30:00+01",
    "2026-03-07 24:00", "Mar 7 2026 24:00", "Mar 7 2026 24:01", "1e3", "Mar 7 2026 10:30:15:20",
    "Mar 7 2026 10:30.5", "Mar 7 2026 10.30", "2026-05-01", "2026-05", "2026-05-01T10:00",
    "2026-05-01T10:00:05", "2026-05-01T10:00:05.123Z", "2026-05-01T10:00:05.1234567+02:00",
    "2026-05-01 10:00", "2026-05-01T10:00:00-05:30", "2026-05-01t10:00z", "20260501", "2026-13-01",
    "2026-02-30", "+002026-05-01", "2026-05-01T24:00", "2026-05-01T24:01", "2026-02-32",
    "2026-04-30T10:00:60", "2026-03-08T02:30", "-000000-01-01", "2026-05-01T10:00:05.", "2026-05-01T10",
    "2026-05-01T10:00:00Z ", " 2026-05-01", "2026-05-01T10:00:00.5Z", "2026-05-01T10:00:00,5Z",
    "2026-W05", "2026-05-01T10:00+0530", "05/01/2026 10:00:00 GMT+0530", "Fri May 01 2026 12:00:00 GMT-0400 (Eastern Daylight Time)",
    "1 May 2026 12:00 +05", "2026-1-1 1:2:3", "1:2:3 2026-1-1", "2026 1 1 10 AM", "10 AM 2026-1-1",
    "May 2026 1", "2026-05-01T10:00:00.000000000001Z", "May 1st 2026", "05/01", "5", "0",
    "00", "99", "100", "May 1 100", "1/1/1", "12/31/1969 23:59:59 UTC", "Jan 1 1970 00:00:00 GMT+14",
    "2026-03-08 02:30", "2026-11-01 01:30", "Mar 8 2026 2:30 AM", "\u06f2\u06f0\u06f2\u06f6-\u06f0\u06f5-\u06f0\u06f1",
    "2026\u00a005\u00a001", "2026-05-01\u3000T10:00", "(comment) May 1 2026", "May (x) 1 2026",
    "May 1 2026 (x", "May 1, 2026 at 10:00", "2026-05-01 10:00:00 Z", "2026-05-01 10:00:00Z",
    "2026-05-01 10:00:00+02", "2026-05-01 10:00:00 +2", "2026-05-01 10:00:00 +123", "2026-05-01 10:00:00 +12345",
    "2026-05-01 10:00:00 -", "2026-05-01 10:00 pm", "2026-05-01 0:00 pm", "2026-05-01 12 pm",
    "pm 10:00 2026-05-01",
]  # fmt: skip

PIECES = ["2026", "05", "5", "1", "12", "31", "32", "99", "0", "00", "123", "1234", "-", "/", ":",
          ".", ",", "+", " ", "T", "t", "Z", "GMT", "UTC", "EST", "pdt", "am", "PM", "May",
          "March", "Sept", "Tue", "Friday", "x", "(c)", "(", ")", "2026-05-01", "10:30",
          "10:30:15", "+05:30", "-0800", "24:00", "\t", "at"]  # fmt: skip


def _fuzz() -> list[str]:
    rng = random.Random(20261126)
    texts: set[str] = set()
    while len(texts) < 3000:
        texts.add("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 7))))
    return sorted(texts)


@contextmanager
def _time_zone(tz: str) -> Iterator[None]:
    saved = os.environ.get("TZ")
    os.environ["TZ"] = tz
    time.tzset()
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = saved
        time.tzset()


def _node_times(texts: list[str], tz: str) -> list[int | None]:
    script = (
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const S=JSON.parse(s);"
        "console.log(JSON.stringify(S.map(t=>{const d=new Date(t);return isNaN(d)?null:d.getTime();})))})"
    )
    done = subprocess.run([find_node(), "-e", script], input=json.dumps(texts), text=True,
                          capture_output=True, check=True, timeout=60, env={**os.environ, "TZ": tz})  # fmt: skip
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _mine(text: str) -> int | str | None:
    try:
        value = get_time(new_date(text))
    except OverflowError:
        return "overflow"
    return None if value != value else int(value)


@pytest.mark.parametrize("tz", ZONES)
def test_strings_read_as_node_reads_them(tz: str) -> None:
    texts = TEXTS + _fuzz()
    node = _node_times(texts, tz)
    with _time_zone(tz):
        mine = [_mine(t) for t in texts]
    wrong = [
        (t, want, got)
        for t, want, got in zip(texts, node, mine, strict=True)
        # a valid JavaScript year past 9999 has no datetime: OverflowError, said openly
        if got != want and not (got == "overflow" and want is not None)
    ]
    assert wrong == [], f"{len(wrong)} of {len(texts)} differ: {wrong[:10]}"
    assert sum(t is None for t in node) > 500 and sum(t is not None for t in node) > 500


def test_invalid_strings_and_numbers_are_invalid_dates() -> None:
    for value in ["Paris", "", "2026-13-01", "Mar 32 2026", float("nan"), float("inf"), 8.7e15]:
        assert isinstance(new_date(value), InvalidDate), value
    assert new_date(1.9) == new_date(1)  # TimeClip truncates
