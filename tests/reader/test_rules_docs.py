"""Every reader rule has its documentation page, and every diagnostic uses a known rule."""

from __future__ import annotations

from pathlib import Path

from lumosai.migrate.reader.diagnostics import RULES

ROOT = Path(__file__).resolve().parents[2]


def test_each_rule_has_a_page() -> None:
    for rule in RULES.values():
        page = ROOT / "docs" / "rules" / f"{rule.id}.md"
        assert page.is_file(), f"missing docs/rules/{rule.id}.md"
        text = page.read_text()
        assert text.startswith(f"# {rule.id}: {rule.title}")
        assert rule.severity in text


def test_rules_used_in_the_reader_are_defined() -> None:
    import re

    used: set[str] = set()
    for path in (ROOT / "lumosai" / "migrate" / "reader").glob("*.py"):
        used.update(re.findall(r'"(LM1\d\d)"', path.read_text()))
    assert used <= set(RULES), used - set(RULES)
