"""The JSON schema a converted tool shows the LLM matches what Mastra sends for the Zod original.

Same Zod source on both sides: the reader + converter turn it into a pydantic model
(`Model.model_json_schema()`), and real Node runs Mastra's own `zodToJsonSchema`
(`@mastra/schema-compat`, zod 4) on it. Compared: property names, required sets and
descriptions, recursively (pydantic's `$ref`/`$defs` and `anyOf [T, null]` resolved).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lumosai.migrate.convert.naming import NameAllocator
from lumosai.migrate.convert.pymodule import ImportSet
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter, finish
from tests.convert_helpers import node_json

HERE = Path(__file__).resolve().parent
MAX_SAFE_INTEGER = 2**53 - 1

SCHEMAS = {
    "plain": "z.object({ location: z.string().describe('City name') })",
    "modifiers": (
        "z.object({ a: z.string().optional().describe('opt'), b: z.number().nullable(), "
        "c: z.boolean().nullish(), d: z.number().int().default(3).describe('with default'), "
        "e: z.string().min(1).max(20) })"
    ),
    "enums": (
        "z.object({ unit: z.enum(['celsius', 'fahrenheit']).describe('Unit'), "
        "kind: z.literal('weather'), tags: z.array(z.string()).min(1) })"
    ),
    "nested": (
        "z.object({ user: z.object({ name: z.string().describe('Full name'), "
        "email: z.string().email().optional() }).describe('Who asks'), "
        "items: z.array(z.object({ sku: z.string(), qty: z.number().int().positive() })) })"
    ),
    "unions": (
        "z.object({ id: z.union([z.string(), z.number()]).describe('Either'), "
        "shape: z.discriminatedUnion('type', [z.object({ type: z.literal('circle'), "
        "r: z.number() }), z.object({ type: z.literal('square'), side: z.number() })]), "
        "meta: z.record(z.string(), z.string()).optional() })"
    ),
    "keys": "z.object({ 'feels-like': z.number().describe('Apparent'), class: z.string() })",
    "numbers": (
        "z.object({ days: z.number().min(1).max(16).describe('Days'), ratio: z.number().positive(), "
        "count: z.number().int().nonnegative(), step: z.number().lt(10).gt(-1), "
        "temps: z.array(z.number()), byCity: z.record(z.string(), z.number()).optional() })"
    ),
}


def _node_schemas() -> dict[str, Any]:
    from lumosai.compat.node import ensure_npm_packages

    pkg = ensure_npm_packages(
        "schema-compat-1x", {"@mastra/schema-compat": "1.3.11", "zod": "4.6.7"}
    )
    items = [{"name": k, "source": v} for k, v in SCHEMAS.items()]
    return node_json(pkg, "lumos_zod_to_json.mjs", (HERE / "zod_to_json.mjs").read_text(), items)


def _python_schemas(tmp_path: Path) -> dict[str, Any]:
    from lumosai.migrate.reader import read_project

    src = tmp_path / "app"
    (src / "src" / "mastra").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "parity", "dependencies": {"@mastra/core": "1.71.0", "zod": "4.6.7"}})
    )
    lines = ["import { z } from 'zod';"]
    lines += [f"export const {name} = {source};" for name, source in SCHEMAS.items()]
    (src / "src" / "mastra" / "schemas.ts").write_text("\n".join(lines) + "\n")
    project = read_project(src)
    named = {s.name: s for s in project.schemas}
    assert set(named) == set(SCHEMAS), sorted(named)
    out: dict[str, Any] = {}
    for name, schema in named.items():
        ctx = SchemaContext(
            module="m", named={}, imports=ImportSet(), blocks=[], names=NameAllocator()
        )
        cls = SchemaEmitter(ctx).model_for(schema.schema_, name.title() + "Model")
        code = ctx.imports.render() + "\n\n" + "\n\n".join([*ctx.blocks, *finish(ctx)])
        namespace: dict[str, Any] = {}
        exec(compile(code, f"<{name}>", "exec", dont_inherit=True), namespace)
        out[name] = namespace[cls].model_json_schema()
    return out


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        target = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    options = node.get("anyOf")
    if options:
        real = [o for o in options if o.get("type") != "null"]
        if len(real) == 1:
            merged = {**_resolve(real[0], root), **{k: v for k, v in node.items() if k != "anyOf"}}
            return merged
    return node


def shape(node: dict[str, Any], root: dict[str, Any]) -> Any:
    """What the comparison looks at: property names, required sets, descriptions, scalar types
    (a Zod number is `number`, an `.int()` is `integer`) and numeric bounds."""
    node = _resolve(node, root)
    out: dict[str, Any] = {}
    if "description" in node:
        out["description"] = node["description"]
    kind = node.get("type")
    if isinstance(kind, list):  # Mastra's nullable: `type: [number, null]`
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
        if len(kinds) > 1:  # `type: [string, number]` == `anyOf: [{type: string}, ...]`
            out["options"] = [{"type": k} for k in kinds]
    if kind in ("string", "number", "integer", "boolean"):
        out["type"] = kind
    for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        # zod 4 bounds every `.int()` to the safe-integer range; that bound is implicit
        if bound in node and abs(node[bound]) != MAX_SAFE_INTEGER:
            out[bound] = node[bound]
    if isinstance(node.get("additionalProperties"), dict):
        out["values"] = shape(node["additionalProperties"], root)
    if "properties" in node:
        out["properties"] = {k: shape(v, root) for k, v in node["properties"].items()}
        out["required"] = sorted(node.get("required", []))
    if isinstance(node.get("items"), dict):
        out["items"] = shape(node["items"], root)
    for key in ("anyOf", "oneOf"):
        if key in node and len([o for o in node[key] if o.get("type") != "null"]) > 1:
            options = [shape(o, root) for o in node[key] if o.get("type") != "null"]
            if any(options):  # `anyOf: [{type: string}, {type: number}]` == `type: [...]`
                out["options"] = options
    return out


@pytest.mark.node
def test_generated_models_show_the_llm_what_mastra_shows_it(tmp_path: Path) -> None:
    mastra = _node_schemas()
    ours = _python_schemas(tmp_path)
    for name in SCHEMAS:
        assert shape(ours[name], ours[name]) == shape(mastra[name], mastra[name]), name
