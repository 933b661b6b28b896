"""Keep secrets out of reports: `.env` values and literal keys never leave the source tree.

Reports quote TypeScript and Python text and diagnostics; every string that goes into one
passes through a `Redactor` first. It knows the values of the project's `.env` files (exact
matches) and the shapes of common API keys, and replaces a string literal assigned to a
key-like name (`apiKey: "..."`, `password = '...'`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MASK = "[redacted]"

#: Shapes of well-known credentials (provider prefixes plus enough entropy to be real).
KEY_PATTERNS = [
    r"sk-(?:ant-|proj-|or-)?[A-Za-z0-9_\-]{16,}",
    r"AKIA[0-9A-Z]{16}",
    r"gh[pousr]_[A-Za-z0-9]{30,}",
    r"github_pat_[A-Za-z0-9_]{30,}",
    r"xox[abposr]-[A-Za-z0-9\-]{10,}",
    r"AIza[0-9A-Za-z_\-]{30,}",
    r"glpat-[A-Za-z0-9_\-]{20,}",
    r"hf_[A-Za-z0-9]{30,}",
    r"gsk_[A-Za-z0-9]{30,}",
    r"eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}",  # JWT
]
KEY_RE = re.compile(r"(?<![A-Za-z0-9_])(?:" + "|".join(KEY_PATTERNS) + r")")

#: A quoted literal assigned to a name that ends like a secret (`apiKey`, `DB_PASSWORD`,
#: `"client_secret"`, `accessToken`), in TS, Python, YAML or JSON.
SECRET_SUFFIX = (
    r"(?i:api[_-]?key|secret|password|passwd|token|credentials?|private[_-]?key|access[_-]?key)"
)
ASSIGNED_RE = re.compile(
    r"(?P<lead>(?<![\w$])[\"']?(?:[A-Za-z_$][\w$-]*?)?" + SECRET_SUFFIX + r"[\"']?"
    r"\s*[:=]\s*)(?P<q>[\"'`])(?P<value>[^\"'`\n]{6,})(?P=q)"
)
#: Things that look assigned to a key name but are references, not secrets.
PLACEHOLDER_RE = re.compile(r"^(?:\$\{.*\}|<.*>|your[-_ ].*|x{6,}|\*{6,}|process\.env.*)$", re.I)

ENV_LINE_RE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")


def parse_env_values(text: str) -> dict[str, str]:
    """KEY=VALUE lines of a dotenv file (quotes stripped, comments skipped)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = ENV_LINE_RE.match(line)
        if not match:
            continue
        value = match.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'`":
            value = value[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", value)
        values[match.group(1)] = value
    return values


def env_files(src: Path) -> list[Path]:
    """`.env`, `.env.local`, `.env.production` ... at the project root and in its src folder."""
    found: list[Path] = []
    for folder in (src, src / "src", src / "src" / "mastra"):
        try:
            found.extend(sorted(p for p in folder.glob(".env*") if p.is_file()))
        except OSError:
            continue
    return found


@dataclass
class Redactor:
    """Replaces known secret values and secret-shaped literals with `[redacted]`."""

    secrets: list[str] = field(default_factory=list)

    @classmethod
    def for_source(cls, src: Path | None, extra: Iterable[str] = ()) -> Redactor:
        values: set[str] = {v for v in extra if v}
        if src is not None:
            for path in env_files(src):
                try:
                    text = path.read_text(encoding="utf-8", errors="replace")
                except OSError:
                    continue
                values.update(parse_env_values(text).values())
        # short values ("1", "true", "3000") would blank out ordinary text
        kept = sorted(
            (v for v in values if len(v) >= 6 and not v.isdigit() and v.lower() not in _BORING),
            key=len,
            reverse=True,
        )
        return cls(secrets=kept)

    def text(self, value: str) -> str:
        if not value:
            return value
        for secret in self.secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        value = KEY_RE.sub(MASK, value)
        return ASSIGNED_RE.sub(self._assigned, value)

    @staticmethod
    def _assigned(match: re.Match[str]) -> str:
        literal = match.group("value")
        if literal == MASK or PLACEHOLDER_RE.match(literal) or " " in literal.strip():
            return match.group(0)
        q = match.group("q")
        return f"{match.group('lead')}{q}{MASK}{q}"

    def data(self, value: Any) -> Any:
        """Redact every string inside JSON-like data (dict keys included)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {
                self.text(k) if isinstance(k, str) else k: self.data(v) for k, v in value.items()
            }
        if isinstance(value, list):
            return [self.data(v) for v in value]
        return value


_BORING = {"development", "production", "localhost", "test", "false", "true", "info", "debug"}
