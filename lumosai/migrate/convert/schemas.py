"""Zod schema trees (from the IR) -> pydantic v2 model source.

The model is built from the Zod call chain, not from a JSON Schema (zod-and-parsing.md §1): the
JSON schema the LLM sees for a generated tool must carry the same property names, required set
and descriptions as the one Mastra sends for the Zod original. What pydantic cannot express
(`refine`, `transform`) is kept visible as a validator stub with a TODO marker.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.naming import NameAllocator, pascal_case
from lumosai.migrate.convert.pymodule import ImportSet
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data
from lumosai.schema_checks import CHECKED_FORMATS

# names pydantic reserves or warns about on a BaseModel subclass
_BASEMODEL_ATTRS = {
    "copy",
    "dict",
    "json",
    "schema",
    "schema_json",
    "construct",
    "validate",
    "fields",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "from_orm",
    "update_forward_refs",
}
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")

#: numeric bounds pydantic renders by their Python names on a nullable union
_NUMBER_BOUNDS = ("gt", "ge", "lt", "le")

RULE_REFINE = "LM310"
RULE_TRANSFORM = "LM311"
RULE_UNSUPPORTED = "LM312"


@dataclass
class SchemaIssue:
    rule: str
    message: str
    line: int | None = None


@dataclass
class SchemaTarget:
    """Where a named schema lives in the output: module (dotted) and Python name."""

    module: str
    name: str
    is_model: bool


@dataclass
class SchemaContext:
    """Emission state for one output module."""

    module: str  # dotted path of the module being written
    named: dict[str, SchemaTarget]  # named schema id -> where it lives
    imports: ImportSet = field(default_factory=ImportSet)
    blocks: list[str] = field(default_factory=list)
    names: NameAllocator = field(default_factory=NameAllocator)
    issues: list[SchemaIssue] = field(default_factory=list)
    #: classes being defined right now (for recursive references)
    defining: set[str] = field(default_factory=set)
    needs_rebuild: list[str] = field(default_factory=list)
    #: Mastra era of the project ("0.x" | "1.x" | None): 0.x drops some descriptions
    era: str | None = None


def _described_wrapper(schema: ir.ZodSchema) -> bool:
    """`.optional().describe(...)` (or `.nullable()`/`.nullish()` before it): Mastra 0.x's
    schema compat layers rebuild the optional/nullable wrapper from its inner type, so the
    description on the wrapper never reaches the model (checked on @mastra/core 0.24.9 with
    its OpenAI layer). `.describe(...).optional()` keeps it."""
    names = [m.name for m in schema.modifiers]
    wrappers = [i for i, n in enumerate(names) if n in ("optional", "nullable", "nullish")]
    described = [i for i, n in enumerate(names) if n == "describe"]
    return bool(wrappers and described and described[-1] > wrappers[0])


def field_attr_name(key: str) -> tuple[str, str | None]:
    """Python attribute for a Zod key, and the alias when the key cannot be used directly."""
    if (
        _IDENT.match(key)
        and not keyword.iskeyword(key)
        and key not in _BASEMODEL_ATTRS
        and not key.startswith("model_")
    ):
        return key, None
    base = re.sub(r"[^0-9A-Za-z_]+", "_", key).strip("_") or "field"
    if base[0].isdigit():
        base = "f_" + base
    if keyword.iskeyword(base) or base in _BASEMODEL_ATTRS or base.startswith("model_"):
        base += "_"
    return base, key


def _check_arg(mod: ir.ZodModifier, index: int = 0) -> Any:
    if len(mod.args) <= index:
        return None
    try:
        return to_data(mod.args[index])
    except NotStatic:
        return None


def _js_regex_to_python(mod: ir.ZodModifier) -> str | None:
    """`/^a+$/i` -> `(?i)^a+$`; named groups `(?<n>` -> `(?P<n>`."""
    raw = None
    if mod.args:
        arg = mod.args[0]
        raw = getattr(arg, "source", None) or None
        if raw is None:
            try:
                raw = str(to_data(arg))
            except NotStatic:
                return None
    if raw is None:
        return None
    match = re.match(r"^/(.*)/([a-z]*)$", raw, re.S)
    if match:
        pattern, flags = match.group(1), match.group(2)
    else:
        pattern, flags = raw, ""
    pattern = pattern.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")
    inline = "".join(f for f in flags if f in "ims")
    return (f"(?{inline})" if inline else "") + pattern


_STRING_FORMATS = {
    "email": "email",
    "url": "uri",
    "uuid": "uuid",
    "datetime": "date-time",
    "date": "date",
    "time": "time",
    "ipv4": "ipv4",
    "ipv6": "ipv6",
    "cuid": "cuid",
    "emoji": "emoji",
}


def _constraints(
    schema: ir.ZodSchema, base_kind: str, *, string_checks: bool | None = None
) -> dict[str, str]:
    """Field(...) keyword arguments from value checks, per base type.

    A string whose transforms follow its checks carries the length/regex checks in its type
    (see `_string_checks_in_type`); `string_checks=True` asks for them there."""
    kwargs: dict[str, str] = {}
    extra: dict[str, Any] = {}
    if string_checks is None:
        string_checks = not _string_checks_in_type(schema)
    for check in schema.checks:
        name = check.name
        value = _check_arg(check)
        if base_kind == "string" and not string_checks:
            if name in _STRING_FORMATS:
                extra["format"] = _STRING_FORMATS[name]
        elif base_kind == "string":
            if name in ("min", "nonempty") or (name == "length" and value is not None):
                if name == "length":
                    kwargs["min_length"] = py_literal(value)
                    kwargs["max_length"] = py_literal(value)
                else:
                    kwargs["min_length"] = py_literal(1 if name == "nonempty" else value)
            elif name == "max" and value is not None:
                kwargs["max_length"] = py_literal(value)
            elif name == "regex":
                pattern = _js_regex_to_python(check)
                if pattern:
                    kwargs["pattern"] = py_string(pattern)
            elif name in _STRING_FORMATS:
                extra["format"] = _STRING_FORMATS[name]
        elif base_kind in ("number", "int", "bigint"):
            mapping = {
                "min": "ge",
                "gte": "ge",
                "max": "le",
                "lte": "le",
                "gt": "gt",
                "lt": "lt",
            }
            if name in ("multipleOf", "step") and schema.kind == "bigint" and value is not None:
                kwargs["multiple_of"] = py_literal(value)  # BigInt remainders are exact
            elif name in mapping and value is not None:
                kwargs[mapping[name]] = py_literal(value)
            elif name == "positive":
                kwargs["gt"] = "0"
            elif name == "nonnegative":
                kwargs["ge"] = "0"
            elif name == "negative":
                kwargs["lt"] = "0"
            elif name == "nonpositive":
                kwargs["le"] = "0"
        elif base_kind in ("array", "set"):
            if name == "min" and value is not None:
                kwargs["min_length"] = py_literal(value)
            elif name == "nonempty":
                kwargs["min_length"] = "1"
            elif name == "max" and value is not None:
                kwargs["max_length"] = py_literal(value)
            elif name == "length" and value is not None:
                kwargs["min_length"] = py_literal(value)
                kwargs["max_length"] = py_literal(value)
    if extra:
        kwargs["json_schema_extra"] = py_literal(extra)
    return kwargs


def _multiple_of(schema: ir.ZodSchema) -> Any:
    """The static step of a number's last `.multipleOf(n)` / `.step(n)`, else None."""
    step = None
    for check in schema.checks:
        if check.name in ("multipleOf", "step"):
            value = _check_arg(check)
            if isinstance(value, int | float) and not isinstance(value, bool):
                step = value
    return step


#: zod string methods that change the value (overwrites) and the checks pydantic enforces
_STRING_TRANSFORMS = ("trim", "toLowerCase", "toUpperCase")
_STRING_CHECKS = ("min", "max", "length", "nonempty", "regex")


def _string_transforms(schema: ir.ZodSchema) -> tuple[list[str], bool, bool] | None:
    """(steps, after the checks, interleaved with them) of a string's trim/toLowerCase/
    toUpperCase; zod runs them in order with its checks, pydantic before or after all of them."""
    names = [check.name for check in schema.checks]
    steps = [i for i, name in enumerate(names) if name in _STRING_TRANSFORMS]
    if not steps:
        return None
    checks = [i for i, name in enumerate(names) if name in _STRING_CHECKS]
    after = bool(checks) and steps[0] > checks[-1]
    interleaved = bool(checks) and not after and steps[-1] > checks[0]
    return [names[i] for i in steps], after, interleaved


def _string_checks_in_type(schema: ir.ZodSchema) -> bool:
    """`z.string().min(1).trim()`: the checks see the untrimmed text, so they go inside
    `Annotated[str, Field(min_length=1), StringTransform("trim", after_checks=True)]` (a
    `Field(min_length=1)` on an optional field would check the trimmed text)."""
    found = _string_transforms(schema) if schema.kind == "string" else None
    return found is not None and found[1]


def _zod_major(schema: ir.ZodSchema, era: str | None) -> int:
    """Which zod validates the original: 0.x apps run zod 3.25 (whose `zod/v4` preview checks
    `multipleOf` the zod 3 way too), 1.x apps zod 4, and `zod/v3` is zod 3 everywhere."""
    return 3 if schema.zod_module == "zod/v3" or era == "0.x" else 4


def _is_int(schema: ir.ZodSchema) -> bool:
    return schema.kind in ("int", "bigint") or any(c.name in ("int", "safe") for c in schema.checks)


def _default_expr(schema: ir.ZodSchema) -> tuple[str, bool] | None:
    """(python source, is_factory) of a `.default(v)`; None if not static."""
    if schema.default is None:
        return None
    value = schema.default
    if isinstance(value, ir.FunctionValue):
        return None
    try:
        data = to_data(value)
    except NotStatic:
        return None
    # a list/dict default too is a plain `default=`: pydantic copies it for each instance, and
    # (unlike a `default_factory`) shows it in the JSON schema, as zod's `"default": []` does
    return py_literal(data), False


class SchemaEmitter:
    """Turns Zod schema nodes into type expressions, defining model classes as it goes."""

    def __init__(self, ctx: SchemaContext) -> None:
        self.ctx = ctx

    # ---------------------------------------------------------------- entry points

    def model_for(self, schema: ir.ZodSchema, name_hint: str) -> str:
        """A pydantic model class for a root schema (tool/step input or output) -> class name.

        Object schemas become a `BaseModel`; anything else a `RootModel[...]`.
        """
        if schema.kind == "ref" and schema.ref in self.ctx.named:
            target = self.ctx.named[schema.ref]
            if target.is_model and not (schema.optional or schema.nullable or schema.description):
                return self._use_named(schema.ref)
        if schema.kind == "object" and not (schema.optional or schema.nullable):
            return self._define_object(schema, self.ctx.names.claim(pascal_case(name_hint)))
        inner = self.type_expr(schema, name_hint + "Value")
        self.ctx.imports.add("pydantic", "RootModel")
        cls = self.ctx.names.claim(pascal_case(name_hint))
        self.ctx.blocks.append(f"class {cls}(RootModel[{inner}]):\n    pass")
        return cls

    def named_schema(self, named: ir.NamedSchema, py_name: str) -> None:
        """Define a named schema (`const Address = z.object(...)`) in this module."""
        schema = named.schema_
        while (
            schema.kind == "lazy"
            and schema.element is not None
            and not (schema.optional or schema.nullable)
        ):
            schema = schema.element
        if schema.kind == "object":
            self.ctx.names.taken.add(py_name)
            self._define_object(schema, py_name)
            return
        expr = self.type_expr(schema, py_name + "Value")
        constraints = _constraints(schema, "int" if _is_int(schema) else schema.kind)
        if schema.description and not schema.optional and not schema.nullable:
            # `const section = z.enum([...]).describe('...')`: zod's JSON schema repeats the
            # description wherever the schema is used (a field's own `.describe` wins)
            constraints["description"] = py_string(schema.description)
        if constraints:
            # `const Code = z.string().length(3)`: the checks travel with the alias
            self.ctx.imports.add("typing", "Annotated")
            self.ctx.imports.add("pydantic", "Field")
            args = ", ".join(f"{k}={v}" for k, v in constraints.items())
            expr = f"Annotated[{expr}, Field({args})]"
        self.ctx.imports.add("typing", "TypeAlias")
        self.ctx.blocks.append(f"{py_name}: TypeAlias = {expr}")

    # ---------------------------------------------------------------- types

    def type_expr(self, schema: ir.ZodSchema, name_hint: str) -> str:
        """The annotation for a schema, without the optional/nullable wrapping of the field."""
        kind = schema.kind
        imports = self.ctx.imports
        if kind == "ref":
            if schema.ref and schema.ref in self.ctx.named:
                return self._use_named(schema.ref)
            self._issue(
                RULE_UNSUPPORTED,
                f"schema reference {schema.name or schema.source!r} "
                "could not be resolved; typed as Any",
                schema,
            )
            imports.add("typing", "Any")
            return "Any"
        if kind == "object":
            return self._define_object(schema, self.ctx.names.claim(pascal_case(name_hint)))
        if kind == "string":
            found = _string_transforms(schema)
            major = _zod_major(schema, self.ctx.era)
            formats = [
                c.name
                for c in schema.checks
                if c.name in CHECKED_FORMATS
                # `.datetime({ offset: true })` and zod 3's datetime: the format alone, for now
                and (c.name != "datetime" or (major == 4 and not c.args))
            ]
            if found is None and formats:
                # `.uuid()` / `.email()`: zod refuses other text; the format alone would not
                imports.add("typing", "Annotated")
                imports.add("lumosai.schema_checks", "ZodFormat")
                marks = ", ".join(f"ZodFormat({py_string(f)}, zod={major})" for f in formats)
                return f"Annotated[str, {marks}]"
            if found is None:
                return "str"
            steps, after, interleaved = found
            if interleaved:
                self._issue(
                    RULE_UNSUPPORTED,
                    "zod string transforms between checks run before all of them in pydantic",
                    schema,
                )
            imports.add("typing", "Annotated")
            imports.add("lumosai.schema_checks", "StringTransform")
            args = ", ".join(py_string(step) for step in steps)
            if not after:
                return f"Annotated[str, StringTransform({args})]"
            checks = _constraints(schema, "string", string_checks=True)
            checks.pop("json_schema_extra", None)  # the format stays on the field
            field = ""
            if checks:
                imports.add("pydantic", "Field")
                field = "Field(" + ", ".join(f"{k}={v}" for k, v in checks.items()) + "), "
            return f"Annotated[str, {field}StringTransform({args}, after_checks=True)]"
        if kind in ("number", "int", "bigint", "float"):
            if _is_int(schema):
                base = "int"
            else:
                # JavaScript numbers: `3` stays `3`, `2.5` stays `2.5` (a float would make 3.0)
                imports.add("lumosai.types", "Number")
                base = "Number"
            if schema.coerce and kind != "bigint":
                # z.coerce.number(): JavaScript's Number(x) first ("60" -> 60, true -> 1)
                imports.add("typing", "Annotated")
                imports.add("lumosai.types", "JsCoerce")
                base = f"Annotated[{base}, JsCoerce()]"
            step = _multiple_of(schema)
            if step is None or kind == "bigint":
                return base
            # zod's decimal-safe remainder: pydantic's multiple_of refuses 0.5 for step 0.05
            imports.add("typing", "Annotated")
            imports.add("lumosai.schema_checks", "MultipleOf")
            major = _zod_major(schema, self.ctx.era)
            return f"Annotated[{base}, MultipleOf({py_literal(step)}, zod={major})]"
        if kind == "boolean":
            return "bool"
        if kind == "date":
            imports.add("datetime")
            return "datetime.datetime"
        if kind in ("null", "undefined", "void"):
            return "None"
        if kind == "literal":
            imports.add("typing", "Literal")
            return f"Literal[{py_literal(schema.literal)}]"
        if kind == "enum" and schema.values:
            imports.add("typing", "Literal")
            return "Literal[" + ", ".join(py_literal(v) for v in schema.values) + "]"
        if kind in ("array", "set"):
            inner = self._element(schema, name_hint + "Item")
            return f"{'list' if kind == 'array' else 'set'}[{inner}]"
        if kind == "tuple":
            members = [self._member(o, f"{name_hint}{i}") for i, o in enumerate(schema.options)]
            if schema.rest is not None:
                self._issue(
                    RULE_UNSUPPORTED, "tuple .rest() is not expressible; rest ignored", schema
                )
            return "tuple[" + ", ".join(members or ["()"]) + "]"
        if kind in ("record", "map", "partialRecord"):  # partialRecord: keys may be left out
            key = "str"
            enum_keys = False
            if schema.key is not None and schema.key.kind == "enum" and schema.key.values:
                imports.add("typing", "Literal")
                key = "Literal[" + ", ".join(py_literal(v) for v in schema.key.values) + "]"
                enum_keys = True
            elif schema.key is not None and schema.key.kind == "ref" and not schema.key.optional:
                # `z.record(sectionSchema, V)`: the named enum's alias keeps the keys
                key = self.type_expr(schema.key, name_hint + "Key")
                enum_keys = True
            value = self._element(schema, name_hint + "Value")
            if enum_keys and kind == "record" and _zod_major(schema, self.ctx.era) == 4:
                # zod 4 wants every key of the enum (EveryKey reads them off the key type)
                imports.add("typing", "Annotated")
                imports.add("lumosai.schema_checks", "EveryKey")
                return f"Annotated[dict[{key}, {value}], EveryKey()]"
            return f"dict[{key}, {value}]"
        if kind == "union":
            members = self._dedupe(
                [self._member(o, f"{name_hint}Option{i + 1}") for i, o in enumerate(schema.options)]
            )
            return " | ".join(members) if members else "Any"
        if kind == "discriminatedUnion":
            members = self._dedupe(
                [self._member(o, f"{name_hint}Option{i + 1}") for i, o in enumerate(schema.options)]
            )
            if len(members) < 2:
                return members[0] if members else "Any"
            imports.add("typing", "Annotated")
            imports.add("pydantic", "Field")
            disc = py_string(schema.discriminator or "type")
            # zod's JSON schema has no OpenAPI `discriminator` mapping; ZodUnionSchema drops it
            imports.add("lumosai.schema_checks", "ZodUnionSchema")
            union = " | ".join(members)
            return f"Annotated[{union}, Field(discriminator={disc}), ZodUnionSchema()]"
        if kind in ("intersection", "and"):
            objects = [o for o in schema.options if o.kind in ("object", "ref")]
            if objects and len(objects) == len(schema.options):
                return self._define_intersection(schema, name_hint)
            imports.add("typing", "Any")
            self._issue(RULE_UNSUPPORTED, "intersection of non-object schemas typed as Any", schema)
            return "Any"
        if kind in (
            "lazy",
            "promise",
            "optional",
            "nullable",
            "default",
            "readonly",
            "branded",
            "catch",
            "effects",
            "preprocess",
            "pipe",
        ):
            if schema.element is not None:
                return self.type_expr(schema.element, name_hint)
            if schema.options:
                return self.type_expr(schema.options[0], name_hint)
        if kind == "nativeEnum" and schema.values:
            # the TypeScript enum's values, as zod's JSON schema lists them
            imports.add("typing", "Literal")
            return "Literal[" + ", ".join(py_literal(v) for v in schema.values) + "]"
        if kind == "nativeEnum":
            imports.add("typing", "Any")
            self._issue(
                RULE_UNSUPPORTED,
                "z.nativeEnum is typed as Any (the TypeScript enum is not converted)",
                schema,
            )
            return "Any"
        if kind in ("any", "unknown"):
            imports.add("typing", "Any")
            return "Any"
        imports.add("typing", "Any")
        self._issue(
            RULE_UNSUPPORTED, f"z.{kind}() has no pydantic equivalent; typed as Any", schema
        )
        return "Any"

    # ---------------------------------------------------------------- objects

    def _define_object(self, schema: ir.ZodSchema, cls: str, bases: list[str] | None = None) -> str:
        imports = self.ctx.imports
        imports.add("pydantic", "BaseModel")
        self.ctx.defining.add(cls)
        lines: list[str] = []
        config: dict[str, str] = {}
        if schema.object_mode == "strict":
            config["extra"] = '"forbid"'
        elif schema.object_mode == "passthrough":
            config["extra"] = '"allow"'
        validators: list[str] = []
        for zfield in schema.fields:
            attr, alias = field_attr_name(zfield.name)
            if alias is not None:
                config["validate_by_name"] = "True"
                config["validate_by_alias"] = "True"
                config["serialize_by_alias"] = "True"
            line = self._field_line(attr, alias, zfield.schema_, cls + pascal_case(zfield.name))
            lines.append(line)
            validators.extend(self._refinement_stubs(zfield.schema_, attr, field_level=True))
        validators.extend(self._refinement_stubs(schema, None, field_level=False))
        body: list[str] = []
        if schema.description:
            body.append(py_docstring(schema.description))
        if config:
            imports.add("pydantic", "ConfigDict")
            body.append(
                "model_config = ConfigDict("
                + ", ".join(f"{k}={v}" for k, v in config.items())
                + ")"
            )
        body.extend(lines)
        body.extend(validators)
        if not body:
            body.append("pass")
        base_list = ", ".join(bases or ["BaseModel"])
        block = f"class {cls}({base_list}):\n" + "\n".join(_indent(b) for b in body)
        self.ctx.blocks.append(block)
        self.ctx.defining.discard(cls)
        if schema.recursive:
            self.ctx.needs_rebuild.append(cls)
        return cls

    def _define_intersection(self, schema: ir.ZodSchema, name_hint: str) -> str:
        bases: list[str] = []
        fields: list[ir.ZodField] = []
        for option in schema.options:
            if (
                option.kind == "ref"
                and option.ref in self.ctx.named
                and self.ctx.named[option.ref].is_model
            ):
                bases.append(self._use_named(option.ref))
            else:
                fields.extend(option.fields)
        merged = schema.model_copy(update={"fields": fields, "kind": "object"})
        cls = self.ctx.names.claim(pascal_case(name_hint))
        return self._define_object(merged, cls, bases or None)

    def _field_line(self, attr: str, alias: str | None, schema: ir.ZodSchema, hint: str) -> str:
        imports = self.ctx.imports
        base = schema
        type_src = self.type_expr(base, hint)
        kwargs: dict[str, str] = {}
        base_kind = "int" if _is_int(schema) else schema.kind
        kwargs.update(_constraints(schema, base_kind))
        if schema.description and not (self.ctx.era == "0.x" and _described_wrapper(schema)):
            kwargs["description"] = py_string(schema.description)
        if alias:
            kwargs["alias"] = py_string(alias)
        if base.kind == "union" and " | " in type_src.replace(" | None", ""):
            kwargs["union_mode"] = '"left_to_right"'

        nullable = schema.nullable
        optional = schema.optional
        bounds = {k: kwargs.pop(k) for k in _NUMBER_BOUNDS if k in kwargs}
        on_number = type_src.startswith(("Number", "Annotated[Number"))
        if bounds and (nullable or optional) and on_number:
            # on `Number | None` pydantic would show `gt`/`ge` in the JSON schema: the bounds
            # go on the number itself, where they read `exclusiveMinimum`/`minimum` as in zod
            imports.add("typing", "Annotated")
            imports.add("pydantic", "Field")
            args = ", ".join(f"{k}={v}" for k, v in bounds.items())
            type_src = f"Annotated[{type_src}, Field({args})]"
        else:
            kwargs = {**bounds, **kwargs}
        annotation = type_src
        if (nullable or optional) and type_src != "None" and not type_src.endswith("| None"):
            annotation = f"{type_src} | None"
        default_src: str | None = None
        factory = False
        if schema.has_default:
            found = _default_expr(schema)
            if found is None:
                self._issue(
                    RULE_UNSUPPORTED,
                    f"default of field {attr!r} is not a constant "
                    f"({source_of(schema.default)}); field made optional",
                    schema,
                )
                annotation = f"{type_src} | None" if "None" not in type_src else type_src
                default_src = "None"
            else:
                default_src, factory = found
        elif optional:
            default_src = "None"

        if default_src is not None:
            if factory:
                kwargs = {"default_factory": default_src, **kwargs}
            elif kwargs:
                kwargs = {"default": default_src, **kwargs}
        if kwargs:
            imports.add("pydantic", "Field")
            args = ", ".join(f"{k}={v}" for k, v in kwargs.items())
            return f"{attr}: {annotation} = Field({args})"
        if default_src is not None:
            return f"{attr}: {annotation} = {default_src}"
        return f"{attr}: {annotation}"

    # ---------------------------------------------------------------- helpers

    def _element(self, schema: ir.ZodSchema, hint: str) -> str:
        if schema.element is None:
            self.ctx.imports.add("typing", "Any")
            return "Any"
        return self._member(schema.element, hint)

    def _member(self, schema: ir.ZodSchema, hint: str) -> str:
        """A nested type that carries its own optional/nullable marks and its checks
        (`z.array(z.string().min(2))`: each item keeps minLength 2)."""
        expr = self.type_expr(schema, hint)
        if schema.kind not in ("object", "ref") and schema.checks:
            constraints = _constraints(schema, "int" if _is_int(schema) else schema.kind)
            if constraints:
                self.ctx.imports.add("typing", "Annotated")
                self.ctx.imports.add("pydantic", "Field")
                args = ", ".join(f"{k}={v}" for k, v in constraints.items())
                expr = f"Annotated[{expr}, Field({args})]"
        if (schema.nullable or schema.optional) and expr != "None" and "| None" not in expr:
            expr = f"{expr} | None"
        return expr

    def _use_named(self, schema_id: str) -> str:
        target = self.ctx.named[schema_id]
        if target.module != self.ctx.module:
            self.ctx.imports.add(target.module, target.name)
        elif target.name in self.ctx.defining:
            self.ctx.needs_rebuild.append(target.name)
            return f'"{target.name}"'
        return target.name

    @staticmethod
    def _dedupe(items: list[str]) -> list[str]:
        seen: dict[str, None] = {}
        for item in items:
            seen.setdefault(item, None)
        return list(seen)

    def _refinement_stubs(
        self, schema: ir.ZodSchema, attr: str | None, *, field_level: bool
    ) -> list[str]:
        out: list[str] = []
        for ref in schema.refinements:
            where = f"field {attr!r}" if attr else "the object"
            ts = " ".join((ref.source or f".{ref.name}(...)").split())
            if len(ts) > 160:
                ts = ts[:157] + "..."
            if ref.name in ("refine", "superRefine", "check"):
                rule = RULE_REFINE
                why = f"Zod .{ref.name}() on {where} is not enforced yet"
            elif ref.name in ("transform", "pipe", "preprocess", "overwrite"):
                rule = RULE_TRANSFORM
                why = (
                    f"Zod .{ref.name}() on {where} is not applied; the value arrives untransformed"
                )
            elif ref.name == "catch":
                rule = RULE_TRANSFORM
                why = f"Zod .catch() on {where} is not applied; invalid values are rejected"
            else:
                continue
            self._issue(rule, why, schema)
            marker = f"# TODO(lumos-migrate:{rule}): {why} - see docs/rules/{rule}.md"
            name = self.ctx.names.claim(f"_check_{attr or 'model'}")
            if field_level and attr:
                self.ctx.imports.add("pydantic", "field_validator")
                self.ctx.imports.add("typing", "Any")
                out.append(
                    f"@field_validator({py_string(attr)})\n@classmethod\n"
                    f"def {name}(cls, value: Any) -> Any:\n"
                    f"    {marker}\n    # TypeScript: {ts}\n    return value"
                )
            else:
                self.ctx.imports.add("pydantic", "model_validator")
                self.ctx.imports.add("typing", "Self")
                out.append(
                    f'@model_validator(mode="after")\n'
                    f"def {name}(self) -> Self:\n"
                    f"    {marker}\n    # TypeScript: {ts}\n    return self"
                )
        return out

    def _issue(self, rule: str, message: str, schema: ir.ZodSchema) -> None:
        line = schema.span.start_line if schema.span else None
        self.ctx.issues.append(SchemaIssue(rule=rule, message=message, line=line))


def py_docstring(text: str) -> str:
    clean = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').replace("\n", "\\n").strip()
    if clean.endswith('"'):
        clean = clean[:-1] + '\\"'
    return f'"""{clean}"""'


def _indent(block: str) -> str:
    return "\n".join(("    " + line) if line else line for line in block.split("\n"))


def finish(ctx: SchemaContext) -> list[str]:
    """Blocks to append after all classes: `model_rebuild()` for recursive models."""
    return [f"{cls}.model_rebuild()" for cls in dict.fromkeys(ctx.needs_rebuild)]
