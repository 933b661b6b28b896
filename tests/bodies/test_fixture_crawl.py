"""Every function in the bundled Mastra fixtures goes through the translator without a crash:
each comes out translated (and compiling) or refused with a documented rule, never LM200."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lumosai.migrate.convert.bodies import RULES, translate_function
from lumosai.migrate.convert.bodies.parsing import new_parser

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mastra"
FUNCTION_NODES = (
    "arrow_function",
    "function_declaration",
    "method_definition",
    "function_expression",
)


def test_every_fixture_function_translates_or_is_refused_cleanly() -> None:
    parser = new_parser()
    outcomes: Counter[str] = Counter()
    for path in sorted(FIXTURES.rglob("*.ts")):
        source = path.read_bytes()
        stack = [parser.parse(source).root_node]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type not in FUNCTION_NODES:
                continue
            text = source[node.start_byte : node.end_byte].decode()
            result = translate_function(text, role="helper", py_name="f", format=False)
            outcomes[result.rule or "ok"] += 1
            if result.ok:
                compile(result.python, f"{path}:{node.start_point.row + 1}", "exec")
            else:
                assert result.rule in RULES and result.python == ""
                assert result.rule != "LM200", f"{path}:{node.start_point.row + 1}: {result.reason}"
    assert sum(outcomes.values()) > 200
    assert outcomes["ok"] > 100
