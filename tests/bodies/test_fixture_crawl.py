"""Every function in the bundled Mastra fixtures goes through the translator without a crash:
each comes out translated (and compiling) or refused with a documented rule, never LM200."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

from lumosai.migrate.convert.bodies import RULES, translate_function
from lumosai.migrate.convert.bodies.parsing import new_parser
from lumosai.migrate.emit.format import ruff_command

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "mastra"
FUNCTION_NODES = (
    "arrow_function",
    "function_declaration",
    "method_definition",
    "function_expression",
)


def test_every_fixture_function_translates_or_is_refused_cleanly(tmp_path: Path) -> None:
    parser = new_parser()
    outcomes: Counter[str] = Counter()
    translated: list[str] = []
    for path in sorted(FIXTURES.rglob("*.ts")):
        source = path.read_bytes()
        stack = [parser.parse(source).root_node]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type not in FUNCTION_NODES:
                continue
            text = source[node.start_byte : node.end_byte].decode()
            name = f"f_{len(translated)}"
            result = translate_function(text, role="helper", py_name=name, format=False)
            outcomes[result.rule or "ok"] += 1
            if result.ok:
                compile(result.python, f"{path}:{node.start_point.row + 1}", "exec")
                translated.append("\n".join(sorted(result.imports)) + "\n" + result.python)
            else:
                assert result.rule in RULES and result.python == ""
                assert result.rule != "LM200", f"{path}:{node.start_point.row + 1}: {result.reason}"
    assert sum(outcomes.values()) > 200
    assert outcomes["ok"] > 100
    # lint every translation (free names of other modules are expected to be undefined here)
    target = tmp_path / "crawl.py"
    target.write_text("\n\n\n".join(translated) + "\n")
    done = subprocess.run(
        [*ruff_command(), "check", "--isolated", "--select", "E,F,W,B,SIM,UP",
         "--ignore", "E501,E402,F401,F811,F821,I001", "--target-version", "py311", str(target)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:]
