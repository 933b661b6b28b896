"""No `.env` value and no literal secret from the source reaches any report or check output."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from report_helpers import REPORTS, SECRETS, XSS_APP, migrate

from lumosai.migrate.report.redact import MASK, Redactor, parse_env_values


def test_fixture_really_holds_the_secrets() -> None:
    env = (XSS_APP / ".env").read_text()
    code = "".join(p.read_text() for p in (XSS_APP / "src").rglob("*.ts"))
    for secret in SECRETS:
        assert secret in env and secret in code


def test_no_secret_in_any_report(converted: Any) -> None:
    app = converted("report-xss-1x")
    for name in REPORTS:
        text = (app.out / name).read_text()
        for secret in SECRETS:
            assert secret not in text, f"{secret} leaked into {name}"
    html = (app.out / "migration-report.html").read_text()
    assert MASK in html  # the spots are marked, not silently dropped


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_no_secret_in_check_output_even_with_diff(converted: Any, tmp_path: Path, fmt: str) -> None:
    app = converted("report-xss-1x")
    out = tmp_path / "out"
    shutil.copytree(app.out, out)
    tool = next(out.rglob("echo_tool.py"))
    tool.write_text(tool.read_text().replace("banner", "banner_"))  # make --diff print it
    proc = migrate("check", str(app.src), str(out), "--format", fmt, "--diff")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # an edit alone is allowed
    for secret in SECRETS:
        assert secret not in proc.stdout and secret not in proc.stderr


def test_redactor_masks_env_values_key_shapes_and_assigned_literals(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(
        "# comment\nexport DB_URL='postgres://u:hunter2pass@db/app'\nPORT=3000\nMODE=production\n"
    )
    r = Redactor.for_source(tmp_path)
    assert r.text("url = 'postgres://u:hunter2pass@db/app'") == f"url = '{MASK}'"
    assert r.text("port 3000 in production") == "port 3000 in production"  # short/boring kept
    assert r.text('apiKey: "abc123def456"') == f'apiKey: "{MASK}"'
    assert r.text("const OPENAI_API_KEY = 'whatever-1234'") == f"const OPENAI_API_KEY = '{MASK}'"
    assert r.text('"client_secret": "zzzzzzzz"') == f'"client_secret": "{MASK}"'
    assert r.text("key sk-ant-abcdefghijklmnopqrstu1234 end") == f"key {MASK} end"
    assert r.text("AKIAABCDEFGHIJKLMNOP") == MASK
    # references and ordinary words are left alone
    for keep in [
        "apiKey: process.env.OPENAI_API_KEY",
        "apiKey: `${key}`",
        'tokenizer: "cl100k_base"',
        'author: "abcdefgh"',
        'password: "your-password-here"',
    ]:
        assert r.text(keep) == keep
    assert r.data({"a": ["x sk-proj-abcdefghijklmnop1234"], "apiKey: 'qwertyuiop'": 1}) == {
        "a": [f"x {MASK}"],
        f"apiKey: '{MASK}'": 1,
    }


def test_parse_env_values_handles_quotes_exports_and_comments() -> None:
    values = parse_env_values(
        "A=1\nexport B=\"two words\"\nC='x' \nD=plain # trailing\n# E=no\nbad line\n"
    )
    assert values == {"A": "1", "B": "two words", "C": "x", "D": "plain"}
