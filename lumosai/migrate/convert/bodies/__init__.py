"""TypeScript function bodies to Python: tree-sitter parse -> translation tables -> Python source.

    from lumosai.migrate.convert.bodies import translate_function, NameMap, Role
    result = translate_function(ts, role=Role.TOOL_V1, py_name="get_weather", names=NameMap())
    if result.ok: ...  # result.python, result.imports, result.module_lines
    else: ...          # result.rule ("LM2xx"), result.reason, result.span -> bridge the function

See docs/rules/bodies.md for the mapping and docs/rules/LM2xx.md for every rule id.
Translation alone takes well under a millisecond per function; `format=True` adds one ruff
process per call (~10 ms), so batch callers pass `format=False` and format whole files.
"""

from .api import translate_code, translate_constant, translate_function, translate_type_alias
from .model import (
    RULES,
    AgentRef,
    BodyResult,
    HelperRef,
    ImportRef,
    NameMap,
    Role,
    SchemaRef,
    Span,
    StepRef,
    ToolRef,
)

__all__ = [
    "RULES",
    "AgentRef",
    "BodyResult",
    "HelperRef",
    "ImportRef",
    "NameMap",
    "Role",
    "SchemaRef",
    "Span",
    "StepRef",
    "ToolRef",
    "translate_code",
    "translate_constant",
    "translate_function",
    "translate_type_alias",
]
