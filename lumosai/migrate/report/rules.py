"""Rule ids -> help pages and one-line titles (from `docs/rules/<RULE>.md` when available)."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

#: Where the rule pages are published; `LUMOS_MIGRATE_DOCS_URL` points reports elsewhere
#: (a fork, an intranet mirror of the docs).
DEFAULT_DOCS_URL = "https://github.com/lumosai/lumosai-python/blob/main/docs/"
DOCS_DIR = Path(__file__).resolve().parents[3] / "docs"

#: Findings of `lumos-migrate check` (documented in docs/ci-gate.md).
CHECK_RULES = {
    "LM901": "Generated file differs from what the current source gives (drift)",
    "LM902": "Generated file is missing",
    "LM903": "Generated file was edited by hand (allowed)",
    "LM904": "File is no longer generated but still in the output",
    "LM905": "Generated file was edited by hand and the source changed too",
    "LM910": "Migration threshold not met",
}


def docs_url() -> str:
    base = os.environ.get("LUMOS_MIGRATE_DOCS_URL", DEFAULT_DOCS_URL)
    return base if base.endswith("/") else base + "/"


def rule_url(rule: str) -> str:
    if rule in CHECK_RULES:
        return f"{docs_url()}ci-gate.md#{rule.lower()}"
    return f"{docs_url()}rules/{rule}.md"


@cache
def rule_title(rule: str) -> str:
    """The page title without the rule id (`LM203 — Free name ...` -> `Free name ...`)."""
    if rule in CHECK_RULES:
        return CHECK_RULES[rule]
    try:
        first = (DOCS_DIR / "rules" / f"{rule}.md").read_text(encoding="utf-8").splitlines()[0]
    except (OSError, IndexError):
        return f"lumos-migrate rule {rule}"
    title = re.sub(r"^#+\s*", "", first)
    title = re.sub(rf"^{re.escape(rule)}\s*[:\-—–]*\s*", "", title).strip()
    return title or f"lumos-migrate rule {rule}"
