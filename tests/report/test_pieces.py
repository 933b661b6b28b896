"""The report's small parts: snippet location, highlighting, diffs, rule links."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lumosai.migrate.report.diff import file_diff, tree_diff
from lumosai.migrate.report.highlight import highlight_lines
from lumosai.migrate.report.rules import rule_title, rule_url
from lumosai.migrate.report.snippets import locate, python_ranges, yaml_block

ROOT = Path(__file__).resolve().parents[2]

PY = '''"""Converted from src/x.ts by lumos-migrate."""

from lumosai.tool import tool


class In(BaseModel):
    city: str


def helper(x: int) -> int:
    return x + 1


@tool(
    name="t",
    input_schema=In,
)
async def the_tool(data: In) -> int:
    return helper(1)


OTHER = 3
'''

YAML = """project:
  name: app
agents:
  weatherAgent:
    model: openai/gpt-4o-mini
    tools:
    - weatherTool
    memory:
      enabled: true
  "other-agent":
    model: x
tools:
  weatherTool:
    handler: pkg.tools:weather
"""


def test_python_snippet_is_the_definition_with_decorators_and_what_it_uses() -> None:
    # class In (6-7), helper (10-11), decorated tool (14-19); not OTHER
    assert python_ranges(PY, "the_tool") == ((6, 7), (10, 11), (14, 19))
    assert python_ranges(PY, "OTHER") == ((22, 22),)
    assert python_ranges(PY, "missing") == ()
    snippet = locate("pkg/x.py:the_tool", {"pkg/x.py": PY})
    assert snippet is not None and snippet.language == "python"
    assert locate("pkg/x.py:the_tool", {}) is None
    assert locate("", {"pkg/x.py": PY}) is None


def test_yaml_snippet_follows_the_key_path_at_the_right_depth() -> None:
    assert yaml_block(YAML, ["agents", "weatherAgent"]) == (4, 9)
    assert yaml_block(YAML, ["agents", "weatherAgent", "memory"]) == (8, 9)
    assert yaml_block(YAML, ["agents", "other-agent"]) == (10, 11)
    # `tools:` inside the agent is not the top-level `tools:`
    assert yaml_block(YAML, ["tools", "weatherTool"]) == (13, 14)
    assert yaml_block(YAML, ["agents", "nobody"]) is None
    snippet = locate("lumosai.yaml#agents.weatherAgent.tools", {"lumosai.yaml": YAML})
    assert snippet is not None and snippet.ranges == ((6, 7),)


def test_highlighting_escapes_every_character_and_keeps_lines() -> None:
    ts = "// </script><img src=x onerror=alert(1)>\nconst a = `x ${'<b>'}`;\n/* two\nlines */\n"
    lines = highlight_lines(ts, "typescript")
    assert len(lines) == 4
    joined = "".join(lines)
    assert "<script" not in joined and "<img" not in joined and "<b>" not in joined
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in lines[0]
    assert lines[0].startswith('<i class="c">') and lines[1].startswith('<i class="k">const</i>')
    assert lines[2].startswith('<i class="c">') and lines[3].startswith('<i class="c">')
    py = highlight_lines('def f():\n    return "&"\n', "python")
    assert py == [
        '<i class="k">def</i> <i class="f">f</i>():',
        '    <i class="k">return</i> <i class="s">"&amp;"</i>',
    ]


def test_diff_is_git_style_and_applies_with_patch(tmp_path: Path) -> None:
    old = {"a.py": "x = 1\ny = 2\n", "gone.py": "z = 0\n", "same.py": "s\n"}
    new = {"a.py": "x = 1\ny = 3\n", "new.py": "n = 1", "same.py": "s\n"}
    paths = sorted(set(old) | set(new))
    diff = tree_diff((p, old.get(p), new.get(p)) for p in paths)
    assert diff.startswith("--- a/a.py\n+++ b/a.py\n@@ -1,2 +1,2 @@\n")
    assert "--- a/gone.py\n+++ /dev/null" in diff and "--- /dev/null\n+++ b/new.py" in diff
    assert "\\ No newline at end of file" in diff and "same.py" not in diff
    assert file_diff("s", "x\n", "x\n") == ""
    for name, text in old.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "change.diff").write_text(diff)
    subprocess.run(["patch", "-s", "-p1", "-i", "change.diff"], cwd=tmp_path, check=True)
    assert (tmp_path / "a.py").read_text() == new["a.py"]
    assert (tmp_path / "new.py").read_text() == new["new.py"]
    assert not (tmp_path / "gone.py").exists() or (tmp_path / "gone.py").read_text() == ""


def test_rule_links_and_titles() -> None:
    assert rule_url("LM203").endswith("/docs/rules/LM203.md")
    assert rule_url("LM901").endswith("/docs/ci-gate.md#lm901")
    assert rule_title("LM901").startswith("Generated file differs")
    page = (ROOT / "docs" / "rules" / "LM203.md").read_text().splitlines()[0]
    assert page.startswith("# LM203") and page.endswith(rule_title("LM203"))
    assert not rule_title("LM203").startswith(("LM203", "-", "—", ":"))
    assert rule_title("LM999") == "lumos-migrate rule LM999"


def test_long_module_code_is_folded_with_a_note(tmp_path: Path) -> None:
    from lumosai.migrate.convert.result import ConstructResult, MigrationResult, Status
    from lumosai.migrate.report.html import MAX_MODULE_LINES, render_html
    from lumosai.migrate.report.model import build_report

    ts = "src/mastra/big.ts"
    (tmp_path / "src" / "mastra").mkdir(parents=True)
    body = "".join(f"const v{i} = {i};\n" for i in range(MAX_MODULE_LINES + 50))
    (tmp_path / ts).write_text(body + "export const t = createTool({ id: 't' });\n")
    result = MigrationResult(
        source=str(tmp_path),
        output="out",
        constructs=[
            ConstructResult(
                kind="tool",
                name="t",
                file=ts,
                line=MAX_MODULE_LINES + 51,
                status=Status.TODO,
                output="",
                rule="LM399",
                message="why <b>not</b>",
            )
        ],
    )
    html = render_html(build_report(result, {}, source=tmp_path))
    assert "50 more lines not shown" in html
    assert "why &lt;b&gt;not&lt;/b&gt;" in html


def test_github_annotations_escape_properties_and_data() -> None:
    from lumosai.migrate.check import CheckResult, FileCheck, FileState, Threshold, render_github

    result = CheckResult(
        source="app",
        output="out dir",
        files=[FileCheck("a,b:c%d.py", FileState.DRIFT, "x\n", "y\n")],
        thresholds=[Threshold("--max-todo", 1, 2, False)],
    )
    lines = render_github(result).splitlines()
    assert lines[0].startswith("::error file=out dir/a%2Cb%3Ac%25d.py,line=1,title=lumos-migrate ")
    assert "::a,b:c%25d.py differs" in lines[0]  # data keeps , and : but escapes %
    assert lines[1] == (
        "::error title=lumos-migrate LM910 threshold::"
        "2 todo construct(s), over the limit of 1 (--max-todo)"
    )
    assert lines[-1].startswith("check failed: 1 file(s) out of date, 1 threshold(s) not met")
