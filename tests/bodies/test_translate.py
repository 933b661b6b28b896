"""TypeScript in, Python out: pairs that document what the translator writes."""

from __future__ import annotations

import textwrap

import pytest

from lumosai.migrate.convert.bodies import (
    HelperRef,
    NameMap,
    SchemaRef,
    StepRef,
    translate_constant,
    translate_function,
    translate_type_alias,
)


def py(source: str) -> str:
    return textwrap.dedent(source).lstrip("\n")


PAIRS: list[tuple[str, str, str, NameMap | None]] = [
    (
        "tool_v0",
        "async ({ context }) => { return await getWeather(context.location); }",
        """
        async def f(input_data: dict[str, Any], *, context: ToolExecutionContext) -> Any:
            return await get_weather(input_data.get("location"))
        """,
        NameMap(helpers={"getWeather": HelperRef("get_weather", is_async=True)}),
    ),
    (
        "tool_v0",
        "async ({ context }) => { const { city, days } = context; return `${city}: ${days ?? 1} days`; }",
        """
        async def f(input_data: dict[str, Any], *, context: ToolExecutionContext) -> Any:
            city = input_data["city"]
            days = input_data.get("days")
            return f"{city}: {(days if days is not None else 1)} days"
        """,
        NameMap(input_required=frozenset({"city"})),
    ),
    (
        "tool_v1",
        "async ({ city }, { requestContext }) => ({ city, unit: requestContext.get('unit') ?? 'C' })",
        """
        async def f(input_data: dict[str, Any], *, context: ToolExecutionContext) -> Any:
            city = input_data["city"]
            return {
                "city": city,
                "unit": context.runtime_context.get("unit")
                if context.runtime_context.get("unit") is not None
                else "C",
            }
        """,
        NameMap(input_required=frozenset({"city"})),
    ),
    (
        "step_v1",
        "async ({ inputData, getStepResult }) => { const w = getStepResult(fetchWeather); return { ...inputData, temp: w.temp }; }",
        """
        async def f(ctx: StepContext) -> Any:
            w = ctx.get_step_result("fetch-weather")
            return {**ctx.input_data, "temp": w["temp"]}
        """,
        NameMap(steps={"fetchWeather": StepRef("fetch-weather")}),
    ),
    (
        "condition",
        "async ({ inputData }) => inputData.score >= 0.8",
        """
        def f(ctx: ConditionContext) -> Any:
            return ctx.input_data.get("score") >= 0.8
        """,
        None,
    ),
    (
        "helper",
        "function f(items: Item[]) { return items.filter((i) => i.active).map((i) => i.name.toUpperCase()).join(', '); }",
        """
        def f(items: list[Any]) -> Any:
            return ", ".join([i["name"].upper() for i in items if i.get("active")])
        """,
        None,
    ),
    (
        "helper",
        "async function f(urls: string[]) { const pages = await Promise.all(urls.map((u) => load(u))); return pages.length; }",
        """
        async def f(urls: list[str]) -> Any:
            pages = await asyncio.gather(*[load(u) for u in urls])
            return len(pages)
        """,
        NameMap(helpers={"load": HelperRef("load", is_async=True)}),
    ),
    (
        "helper",
        "function f(s: string) { switch (s) { case 'a': return 1; case 'b': case 'c': return 2; default: throw new Error(`bad: ${s}`); } }",
        """
        def f(s: str) -> Any:
            match s:
                case "a":
                    return 1
                case "b" | "c":
                    return 2
                case _:
                    raise RuntimeError(f"bad: {s}")
        """,
        None,
    ),
    (
        "helper",
        "function f(o: any) { try { return JSON.parse(o.raw); } catch (e) { console.error('bad json', e); return null; } }",
        """
        def f(o: Any) -> Any:
            try:
                return json.loads(o["raw"])
            except Exception as e:
                logger.error("%s %s", "bad json", e)
                return None
        """,
        None,
    ),
    (
        "helper",
        "(data: unknown) => Schema.parse(data)",
        """
        def f(data: Any) -> Any:
            return Schema.model_validate(data).model_dump()
        """,
        NameMap(schemas={"Schema": SchemaRef("Schema")}),
    ),
]


@pytest.mark.parametrize(("role", "ts", "expected", "names"), PAIRS)
def test_pairs(role: str, ts: str, expected: str, names: NameMap | None) -> None:
    result = translate_function(ts, role=role, py_name="f", names=names)
    assert result.ok, result.reason
    assert result.python == py(expected)


def test_imports_and_module_lines_are_reported() -> None:
    result = translate_function(
        "async (u: string) => { console.log(u); const r = await fetch(u); return r.json(); }",
        role="helper",
        py_name="f",
    )
    assert result.ok, result.reason
    assert result.imports == {"import logging", "import httpx", "from typing import Any"}
    assert result.module_lines == {"logger = logging.getLogger(__name__)"}
    assert result.is_async


def test_type_alias_to_typed_dict() -> None:
    result = translate_type_alias(
        "export interface Forecast { date: string; maxTemp: number; tags?: string[]; kind: 'a' | 'b' }"
    )
    assert result.ok, result.reason
    assert result.python == py(
        """
        class Forecast(TypedDict):
            date: str
            maxTemp: float
            tags: NotRequired[list[str]]
            kind: Literal["a", "b"]
        """
    )
    assert {"from typing import TypedDict", "from typing import NotRequired"} <= result.imports


def test_constant() -> None:
    result = translate_constant(
        "export const HEADERS = { 'User-Agent': 'x', retries: 3 } as const;", py_name="HEADERS"
    )
    assert result.ok
    assert result.python == 'HEADERS = {"User-Agent": "x", "retries": 3}\n'


def test_names_do_not_shadow_python_builtins_or_helpers() -> None:
    names = NameMap(helpers={"format": HelperRef("format_date")})
    result = translate_function(
        "function f(list: string[], len: number) { const type = 'x'; const format_date = 1; return [list, len, type, format_date, format(type)]; }",
        role="helper",
        py_name="f",
        names=names,
    )
    assert result.ok, result.reason
    assert "def f(list_: list[str], len_: float) -> Any:" in result.python
    assert "format_date_2 = 1" in result.python
    assert "format_date(type_)" in result.python


def test_translate_code_from_the_reader_ir() -> None:
    from lumosai.migrate.convert.bodies import translate_code
    from lumosai.migrate.ir import Code, Span

    span = Span(file="src/tools/x.ts", start_line=12, start_column=3, end_line=12, end_column=40,
                start_byte=0, end_byte=0)  # fmt: skip
    code = Code(id="c1", kind="execute", name="execute", span=span,
                source="async ({ context }) => missing(context.a)", body_source="missing(context.a)",
                body_span=span, body_is_expression=True)  # fmt: skip
    result = translate_code(code, role="tool_v0", py_name="run")
    assert result.rule == "LM203"
    assert "line 12" in (result.reason or "")


def test_comments_are_kept() -> None:
    ts = """async ({ context }) => {
  // Look the city up first
  const city = context.city.trim(); // trailing note
  /* Multi-line
   * explanation */
  if (!city) {
    // nothing to do
  }
  // eslint-disable-next-line no-console
  return { city };
}"""
    result = translate_function(ts, role="tool_v0", py_name="f")
    assert result.ok, result.reason
    assert result.python == py(
        """
        async def f(input_data: dict[str, Any], *, context: ToolExecutionContext) -> Any:
            # Look the city up first
            city = input_data.get("city").strip()  # trailing note
            # Multi-line
            # explanation
            if not city:
                # nothing to do
                pass
            return {"city": city}
        """
    )


def test_awaited_helper_is_awaited_even_without_an_async_flag() -> None:
    names = NameMap(helpers={"helpdeskGet": HelperRef("helpdesk_get")})
    ts = "async (id: string) => { const invoice = await helpdeskGet<{ a: number }>(`/i/${id}`); return invoice.a; }"
    result = translate_function(ts, role="helper", py_name="f", names=names)
    assert result.ok, result.reason
    assert 'invoice = await helpdesk_get(f"/i/{id_}")' in result.python
    assert any("treated as async" in w for w in result.warnings)


def test_comments_inside_expressions_are_ignored() -> None:
    ts = """function f(a: number) {
  const xs = [
    1, // one
    /* two */ 2,
  ];
  return ( /* sum */ a + xs.length) * Math.max(
    // at least one
    1,
    a,
  );
}"""
    result = translate_function(ts, role="helper", py_name="f")
    assert result.ok, result.reason
    ns: dict[str, object] = {}
    exec(result.python, ns)
    assert ns["f"](3) == 15  # type: ignore[operator]
