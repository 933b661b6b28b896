"""Functions: params with destructuring, sources and spans, free names classified."""

from __future__ import annotations

from lumosai.migrate.ir import Code, Project


def _free(code: Code) -> dict[str, tuple[str, str | None, str | None]]:
    return {f.name: (f.kind, f.target, f.module) for f in code.free_names}


FILES = {
    "src/mastra/lib/geo.ts": (
        "export async function geocode(city: string) { return fetch(`https://x/${city}`); }\n"
        "export const round = (n: number) => Math.round(n);\n"
    ),
    "src/mastra/tools/weather.ts": (
        "import { createTool } from '@mastra/core/tools';\nimport { z } from 'zod';\n"
        "import { format } from 'date-fns';\nimport { geocode, round } from '../lib/geo';\n"
        "const Out = z.object({ t: z.number() });\n"
        "const UNITS = 'metric';\n"
        "function local(x: number): number { return x * 2; }\n"
        "export const weatherTool = createTool({\n"
        "  id: 'weather', description: 'w', outputSchema: Out,\n"
        "  execute: async ({ context: { city, days = 3 }, runtimeContext, ...rest }) => {\n"
        "    const key = process.env.WEATHER_KEY;\n"
        "    const other = process.env['OTHER_KEY'];\n"
        "    const r = await geocode(city);\n"
        "    for (const item of [1, 2]) { local(item); }\n"
        "    try { Out.parse({}); } catch (err) { console.log(err); }\n"
        "    return { t: round(days), when: format(new Date(), 'yyyy'), u: UNITS, unit: runtimeContext.get('u') };\n"
        "  },\n"
        "});\n"
        "export const v1Tool = createTool({ id: 'v1', description: 'v',\n"
        "  async execute(input, ctx) { if (!ctx?.agent?.resumeData) return ctx?.agent?.suspend({ q: 1 }); return input; } });\n"
    ),
}


def test_execute_params_sources_and_free_names(read) -> None:
    p: Project = read(FILES)
    tools = {t.tool_id: t for t in p.tools}
    code = tools["weather"].execute
    assert code is not None and code.kind == "execute" and code.is_async and code.is_arrow
    pat = code.params[0].pattern
    assert pat.kind == "object"
    props = {pp.key: pp for pp in pat.properties}
    assert set(props) == {"context", "runtimeContext", "..."}
    inner = props["context"].pattern
    assert inner is not None and [x.key for x in inner.properties] == ["city", "days"]
    assert inner.properties[1].default_source == "3"
    assert props["..."].rest and props["..."].local == "rest"
    assert code.source.startswith("async ({ context: { city, days = 3 }")
    assert code.body_source.startswith("{") and code.body_span.start_line == 10
    assert code.span.file == "src/mastra/tools/weather.ts"
    assert code.env_vars == ["OTHER_KEY", "WEATHER_KEY"]
    free = _free(code)
    helper_ids = {h.name: h.id for h in p.helpers}
    assert free["geocode"] == ("helper", helper_ids["geocode"], None)
    assert free["round"] == ("helper", helper_ids["round"], None)
    assert free["local"] == ("helper", helper_ids["local"], None)
    assert free["format"] == ("import", None, "date-fns")
    assert free["Out"][0] == "schema"
    assert free["UNITS"][0] == "constant"
    assert (
        free["console"][0] == "global" and free["Math" if "Math" in free else "Date"][0] == "global"
    )
    assert free["process"][0] == "env"
    for local_name in (
        "city",
        "days",
        "key",
        "other",
        "r",
        "item",
        "err",
        "rest",
        "runtimeContext",
    ):
        assert local_name not in free
    assert code.context_names == ["context", "runtimeContext"]
    assert tools["weather"].execute_signature == "0.x"


def test_method_execute_v1_signature_and_suspend(read) -> None:
    p = read(FILES)
    tool = next(t for t in p.tools if t.tool_id == "v1")
    code = tool.execute
    assert code is not None and not code.is_arrow and code.is_async
    assert [pp.pattern.name for pp in code.params] == ["input", "ctx"]
    assert code.uses_suspend and "agent" in code.context_names
    assert tool.execute_signature == "1.x"


def test_helpers_are_module_level_functions(read) -> None:
    p = read(FILES)
    names = sorted(h.name for h in p.helpers)
    assert names == ["geocode", "local", "round"]
    geo = next(h for h in p.helpers if h.name == "geocode")
    assert geo.kind == "helper" and geo.is_async and geo.params[0].type_source == "string"
    assert _free(geo)["fetch"][0] == "global"
    mod = next(m for m in p.modules if m.path == "src/mastra/lib/geo.ts")
    assert mod.helpers == [geo.id, next(h.id for h in p.helpers if h.name == "round")]
