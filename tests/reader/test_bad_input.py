"""Bad input: syntax errors, encodings, symlinks, .env values, empty projects, deep nesting.

The reader returns an IR with diagnostics and never raises; nothing outside the root is read.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from lumosai.migrate.ir import Project
from lumosai.migrate.reader import read_project

GOOD = (
    "import { Agent } from '@mastra/core/agent';\n"
    "export const a = new Agent({ id: 'a', name: 'A', instructions: 'x', model: 'openai/gpt-4o' });\n"
)


def test_syntax_error_gives_partial_ir_and_lm110(read) -> None:
    broken = (
        GOOD
        + "export const b = new Agent({ id: 'b', name: 'B', instructions: 'y', model: 'openai/gpt-4o' });\nconst = = ;\n"
    )
    p: Project = read({"src/mastra/agents.ts": broken})
    assert {a.agent_id for a in p.agents} == {"a", "b"}
    errs = [d for d in p.diagnostics if d.rule == "LM110"]
    assert (
        errs
        and errs[0].severity == "error"
        and errs[0].line == 4
        and errs[0].file == "src/mastra/agents.ts"
    )
    assert p.has_errors()
    assert next(m for m in p.modules if m.path == "src/mastra/agents.ts").has_syntax_error


def test_bom_crlf_and_non_utf8(read) -> None:
    crlf = GOOD.replace("\n", "\r\n").encode()
    p = read(
        {
            "src/mastra/a.ts": b"\xef\xbb\xbf" + GOOD.encode(),
            "src/mastra/b.ts": crlf.replace(b"'a'", b"'b'"),
            "src/mastra/c.ts": GOOD.replace("'a'", "'c'")
            .replace("'x'", "'caf\xe9'")
            .encode("latin-1"),
        }
    )
    assert {a.agent_id for a in p.agents} == {"a", "b", "c"}
    rules = [d.rule for d in p.diagnostics]
    assert rules.count("LM112") == 2
    a = next(x for x in p.agents if x.agent_id == "a")
    assert a.span.start_line == 2 and a.span.start_byte == GOOD.index("new Agent") + 3
    c = next(x for x in p.agents if x.agent_id == "c")
    assert c.instructions is not None and "caf" in c.instructions.value  # type: ignore[union-attr]


def test_env_values_never_enter_the_ir(read) -> None:
    secret = "sk-very-secret-value-123"
    p = read(
        {
            ".env": f"OPENAI_API_KEY={secret}\nexport DB_URL='postgres://u:{secret}@h/db'\n# COMMENTED=1\n",
            ".env.example": "OPENAI_API_KEY=\nANTHROPIC_API_KEY=your-key\n",
            "src/mastra/index.ts": GOOD,
        }
    )
    assert p.env_names == ["ANTHROPIC_API_KEY", "DB_URL", "OPENAI_API_KEY"]
    assert p.env_files == [".env.example", ".env"]
    assert secret not in p.to_json()


def test_symlink_outside_root_is_never_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ts").write_text("export const SECRET = 'outside-secret';\n" + GOOD)
    (outside / "dir").mkdir()
    (outside / "dir" / "x.ts").write_text("export const X = 'outside-dir';\n")
    root = tmp_path / "app"
    (root / "src" / "mastra").mkdir(parents=True)
    (root / "package.json").write_text('{"dependencies": {"@mastra/core": "1.71.0"}}')
    (root / "src" / "mastra" / "index.ts").write_text(
        "import { SECRET } from './secret';\nexport const v = SECRET;\n" + GOOD
    )
    os.symlink(outside / "secret.ts", root / "src" / "mastra" / "secret.ts")
    os.symlink(outside / "dir", root / "src" / "linked")
    os.symlink(outside / "secret.ts", root / ".env")
    inside_target = root / "src" / "mastra" / "index.ts"
    os.symlink(inside_target, root / "src" / "alias.ts")
    p = read_project(root)
    text = p.to_json()
    assert "outside-secret" not in text and "outside-dir" not in text
    paths = {m.path for m in p.modules}
    assert paths == {"src/mastra/index.ts", "src/alias.ts"}
    assert sum(1 for d in p.diagnostics if d.rule == "LM102") >= 3
    p2 = read_project(root, entry=str(outside / "secret.ts"))
    assert any(d.rule == "LM102" for d in p2.diagnostics)


def test_empty_project_and_missing_directory(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    p = read_project(empty)
    assert sum(p.inventory().values()) == 0
    assert {d.rule for d in p.diagnostics} >= {"LM100", "LM104"}
    p2 = read_project(tmp_path / "nope")
    assert p2.diagnostics[0].rule == "LM100"


def test_project_without_mastra_core(read) -> None:
    p = read(
        {"src/index.ts": "export const x = 1;\n"},
        package={"name": "plain", "dependencies": {"lodash": "4"}},
    )
    assert any(d.rule == "LM104" and d.file == "package.json" for d in p.diagnostics)
    assert p.package is not None and p.package.name == "plain"


def test_invalid_package_json_and_tsconfig(read) -> None:
    p = read(
        {
            "package.json": "{ not json",
            "tsconfig.json": "{ also: broken",
            "src/mastra/index.ts": GOOD,
        },
        package=None,
    )
    assert [d.rule for d in p.diagnostics].count("LM107") == 2
    assert p.agents


def test_deep_nesting_does_not_raise_or_hang(read) -> None:
    depth = 10_000
    nested_obj = "{ a: " * depth + "1" + " }" * depth
    nested_arr = "[" * depth + "]" * depth
    nested_call = "f(" * 2000 + ")" * 2000
    src = (
        "import { Agent } from '@mastra/core/agent';\n"
        f"const deep = {nested_obj};\nconst arr = {nested_arr};\nconst call = {nested_call};\n"
        f"export const a = new Agent({{ id: 'a', name: 'A', instructions: 'x', model: 'openai/gpt-4o', metadata: {{ deep, arr, call, inline: {nested_obj} }} }});\n"
    )
    start = time.perf_counter()
    p = read({"src/mastra/index.ts": src})
    assert time.perf_counter() - start < 60
    assert p.agents and p.agents[0].agent_id == "a"
    assert any(d.rule == "LM111" for d in p.diagnostics)
    p.to_json()  # serialisable despite the depth


def test_large_generated_file(read) -> None:
    body = "".join(
        f"    const v{j} = items.filter((x) => x.score > {j}).map((x) => ({{ ...x, rank: {j} }}));\n"
        for j in range(40)
    )
    tool = (
        "export const t{i} = createTool({{ id: 't{i}', description: 'tool {i}', "
        "inputSchema: z.object({{ q: z.string(), n: z.number().int().optional() }}),\n"
        "  execute: async ({{ q }}) => {{\n    const items = await helper{i}(q);\n"
        + body.replace("{", "{{").replace("}", "}}")
        + "    return {{ q, count: items.length }};\n  }},\n}});\n"
        "function helper{i}(q: string) {{ return fetch(`https://example.com/${{q}}/{i}`).then((r) => r.json()); }}\n"
    )
    head = "import { createTool } from '@mastra/core/tools';\nimport { z } from 'zod';\n"
    src = head + "".join(tool.format(i=i) for i in range(1400))
    assert len(src) > 5_000_000
    start = time.perf_counter()
    p = read({"src/mastra/big.ts": src})
    elapsed = time.perf_counter() - start
    assert len(p.tools) == 1400 and len(p.helpers) == 1400
    assert p.tools[-1].execute is not None and "helper1399" in {
        f.name for f in p.tools[-1].execute.free_names
    }
    assert elapsed < 60


def test_build_and_dependency_folders_are_skipped(read) -> None:
    agent = GOOD.replace("'a'", "'hidden'")
    p = read(
        {
            "src/mastra/index.ts": GOOD,
            "node_modules/@mastra/core/dist/agent.ts": agent,
            "dist/index.ts": agent,
            "build/x.ts": agent,
            ".mastra/output/index.ts": agent,
            ".next/server.ts": agent,
            "src/types.d.ts": "declare const x: number;\n",
            "src/view.tsx": "export const View = () => <div>{1}</div>;\n",
        }
    )
    assert {m.path for m in p.modules} == {"src/mastra/index.ts", "src/view.tsx"}
    assert [a.agent_id for a in p.agents] == ["a"]
    assert next(m for m in p.modules if m.path == "src/view.tsx").language == "tsx"
    assert not p.has_errors()
