"""ruff format for one translated function (the converter formats whole files in a batch)."""

from __future__ import annotations

import subprocess


def ruff_format(source: str) -> str:
    """Format with the project's line length; return the input unchanged if ruff is missing."""
    from lumosai.migrate.emit.format import LINE_LENGTH, ruff_command

    try:
        done = subprocess.run(
            [
                *ruff_command(),
                "format",
                "--line-length",
                str(LINE_LENGTH),
                "--stdin-filename",
                "body.py",
                "-",
            ],
            input=source,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return source
    return done.stdout if done.returncode == 0 else source
