"""`case 'x': { ...; break; }` (a braced case ending in break) translates to a match case."""

from __future__ import annotations

from typing import Any

from lumosai.migrate.convert.bodies import translate_function

TS = """function classify(kind: string, value: number): string {
  let label = 'none';
  switch (kind) {
    case 'metric': {
      const ratio = value / 2;
      label = ratio > 1 ? 'high' : 'low';
      break;
    }
    case 'log':
      label = 'log';
      break;
  }
  return label;
}"""


def test_braced_case_ending_in_break() -> None:
    out = translate_function(TS, role="helper", py_name="classify")
    assert out.ok, out.reason
    namespace: dict[str, Any] = {}
    exec(out.python, namespace)
    classify = namespace["classify"]
    assert [classify("metric", 4), classify("metric", 1), classify("log", 0)] == [
        "high",
        "low",
        "log",
    ]
    assert classify("other", 0) == "none"


def test_break_in_the_middle_of_a_braced_case_is_still_refused() -> None:
    ts = TS.replace(
        "const ratio = value / 2;", "if (value < 0) { break; } const ratio = value / 2;"
    )
    out = translate_function(ts, role="helper", py_name="classify")
    assert not out.ok and out.rule == "LM202"
