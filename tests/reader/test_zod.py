"""Zod call chains -> schema trees (both zod 3 and 4 shapes)."""

from __future__ import annotations

from lumosai.migrate.ir import Project, ZodSchema

ZOD_FILE = """
import { z } from 'zod';
import * as zz from 'zod/v4';
enum Color { Red = 'red', Blue = 'blue' }
export const Address = z.object({ street: z.string().min(1).max(80), zip: z.string().regex(/^[0-9]{5}$/i) });
export const Person = z.object({
  name: z.string().describe('Full name'),
  email: z.string().email().optional(),
  site: z.string().url().nullable(),
  id: z.string().uuid().nullish(),
  age: z.number().int().positive().default(18),
  big: z.bigint(),
  born: z.coerce.date(),
  ok: z.boolean().catch(false),
  role: z.enum(['admin', 'user']),
  color: z.nativeEnum(Color),
  kind: z.literal('person'),
  tags: z.array(z.string()).min(1),
  pair: z.tuple([z.string(), z.number()]),
  meta: z.record(z.string(), z.unknown()),
  lookup: z.map(z.string(), z.number()),
  uniq: z.set(z.string()),
  either: z.union([z.string(), z.number()]),
  shape: z.discriminatedUnion('type', [z.object({ type: z.literal('a') }), z.object({ type: z.literal('b') })]),
  both: z.intersection(Address, z.object({ extra: z.any() })),
  home: Address,
  slug: z.string().refine((s) => !s.includes(' '), 'no spaces').transform((s) => s.toLowerCase()),
  checked: z.string().superRefine((v, ctx) => {}).pipe(z.string().min(2)).brand<'Slug'>(),
  alt: z.string().or(z.number()),
  v4email: zz.email(),
}).strict();
export const Node: z.ZodType<any> = z.lazy(() => z.object({ value: z.number(), children: z.array(Node) }));
export const Base = z.object({ a: z.string(), b: z.number(), c: z.boolean() });
export const Extended = Base.extend({ d: z.string() }).merge(z.object({ e: z.number() }));
export const Picked = Extended.pick({ a: true, d: true }).partial();
export const Omitted = Base.omit({ c: true }).required().passthrough();
export const Keys = Base.keyof();
"""


def _schemas(p: Project) -> dict[str, ZodSchema]:
    return {s.name: s.schema_ for s in p.schemas}


def _fields(s: ZodSchema) -> dict[str, ZodSchema]:
    return {f.name: f.schema_ for f in s.fields}


def test_every_zod_kind_and_modifier(read) -> None:
    p = read({"src/mastra/schemas.ts": ZOD_FILE})
    schemas = _schemas(p)
    person = schemas["Person"]
    assert person.kind == "object" and person.object_mode == "strict"
    f = _fields(person)
    assert f["name"].description == "Full name"
    assert f["email"].optional and [c.name for c in f["email"].checks] == ["email"]
    assert f["site"].nullable and not f["site"].optional
    assert f["id"].optional and f["id"].nullable
    assert f["age"].has_default and f["age"].default is not None and f["age"].default.value == 18  # type: ignore[union-attr]
    assert [c.name for c in f["age"].checks] == ["int", "positive"]
    assert f["big"].kind == "bigint"
    assert f["born"].kind == "date" and f["born"].coerce
    assert [r.name for r in f["ok"].refinements] == ["catch"]
    assert f["role"].kind == "enum" and f["role"].values == ["admin", "user"]
    assert f["color"].kind == "nativeEnum" and f["color"].values == ["red", "blue"]
    assert f["kind"].kind == "literal" and f["kind"].literal == "person"
    assert (
        f["tags"].kind == "array"
        and f["tags"].element is not None
        and f["tags"].element.kind == "string"
    )
    assert [c.name for c in f["tags"].checks] == ["min"]
    assert [o.kind for o in f["pair"].options] == ["string", "number"]
    assert (
        f["meta"].key is not None
        and f["meta"].key.kind == "string"
        and f["meta"].element.kind == "unknown"
    )  # type: ignore[union-attr]
    assert f["lookup"].kind == "map" and f["uniq"].kind == "set"
    assert [o.kind for o in f["either"].options] == ["string", "number"]
    assert f["shape"].discriminator == "type" and len(f["shape"].options) == 2
    assert f["both"].kind == "intersection" and f["both"].options[0].kind == "ref"
    assert f["home"].kind == "ref" and f["home"].name == "Address"
    assert [r.name for r in f["slug"].refinements] == ["refine", "transform"]
    assert "includes" in f["slug"].refinements[0].source
    assert [m.name for m in f["checked"].modifiers] == ["superRefine", "pipe", "brand"]
    assert f["alt"].kind == "union"
    assert f["v4email"].kind == "string" and f["v4email"].checks[0].name == "email"
    zip_check = _fields(schemas["Address"])["zip"].checks[0]
    assert zip_check.name == "regex" and zip_check.args[0].callee == "RegExp"  # type: ignore[union-attr]


def test_recursion_and_static_object_methods(read) -> None:
    p = read({"src/mastra/schemas.ts": ZOD_FILE})
    schemas = _schemas(p)
    node = schemas["Node"]
    assert node.kind == "lazy" and node.recursive
    children = _fields(node.element)["children"]  # type: ignore[arg-type]
    assert (
        children.element is not None
        and children.element.kind == "ref"
        and children.element.name == "Node"
    )
    ext = schemas["Extended"]
    assert [f.name for f in ext.fields] == ["a", "b", "c", "d", "e"]
    assert ext.base == "Base" and ext.object_methods == ["extend", "merge"]
    picked = schemas["Picked"]
    assert [f.name for f in picked.fields] == ["a", "d"] and all(
        f.schema_.optional for f in picked.fields
    )
    omitted = schemas["Omitted"]
    assert [f.name for f in omitted.fields] == ["a", "b"] and omitted.object_mode == "passthrough"
    assert schemas["Keys"].kind == "enum" and schemas["Keys"].values == ["a", "b", "c"]


def test_tool_schemas_reference_named_and_imported_schemas(read) -> None:
    p = read(
        {
            "src/mastra/schemas.ts": ZOD_FILE,
            "src/mastra/tools.ts": (
                "import { createTool } from '@mastra/core/tools';\nimport { z } from 'zod';\n"
                "import { Person, Address as Addr } from './schemas';\n"
                "export const t = createTool({ id: 't', description: 'd', inputSchema: Person.pick({ name: true }),\n"
                "  outputSchema: z.object({ where: Addr, list: z.array(Person) }), execute: async (i) => i });\n"
                "export const u = createTool({ id: 'u', description: 'd', inputSchema: t.outputSchema, execute: async (i) => i });\n"
            ),
        }
    )
    tools = {t.tool_id: t for t in p.tools}
    t = tools["t"]
    assert t.input_schema is not None and [f.name for f in t.input_schema.fields] == ["name"]
    out = _fields(t.output_schema)  # type: ignore[arg-type]
    person_id = next(s.id for s in p.schemas if s.name == "Person")
    assert out["where"].kind == "ref" and out["where"].name == "Addr"
    assert out["list"].element is not None and out["list"].element.ref == person_id
    u = tools["u"]
    assert u.input_schema is not None and u.input_schema.kind == "object"
    assert [f.name for f in u.input_schema.fields] == ["where", "list"]
