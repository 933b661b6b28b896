"""Jinja2 templates of the files around converted modules (app.py, tests, pyproject ...)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("lumosai.migrate.emit", "templates"),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def render(template: str, /, **data: Any) -> str:
    text = _environment().get_template(template).render(**data)
    return text if text.endswith("\n") else text + "\n"
