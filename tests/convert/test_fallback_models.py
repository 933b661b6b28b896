"""Mastra model fallback arrays convert to `FallbackModel` with every entry, its retries and
its `enabled` flag (not just the first model)."""

from __future__ import annotations

from typing import Any

import pytest

from lumosai.llm import FallbackModel
from lumosai.migrate import ir
from lumosai.migrate.convert.models import convert_model


def router(model: str) -> ir.ModelSpec:
    return ir.ModelSpec(
        kind="router_string",
        provider=model.split("/")[0],
        model_id=model.split("/")[1],
        value=ir.LiteralValue(value=model),
    )


def env_equals(name: str, value: str) -> ir.OperatorValue:
    return ir.OperatorValue(
        operator="===",
        operands=[
            ir.ReferenceValue(name=f"process.env.{name}", env=name),
            ir.LiteralValue(value=value),
        ],
    )


SPEC = ir.ModelSpec(
    kind="fallback",
    fallbacks=[
        ir.FallbackModel(model=router("openai/gpt-4o-mini"), max_retries=2),
        ir.FallbackModel(model=router("anthropic/claude-haiku-4-5"), max_retries=1),
        ir.FallbackModel(
            model=router("openai/gpt-4.1-nano"), enabled=env_equals("ALLOW_NANO", "true")
        ),
        ir.FallbackModel(model=router("openai/gpt-4o"), enabled=ir.LiteralValue(value=False)),
    ],
)


def build(code: str, imports: list[tuple[str, str | None]]) -> Any:
    namespace: dict[str, Any] = {}
    lines = [f"from {m} import {n}" if n else f"import {m}" for m, n in imports]
    exec("\n".join([*lines, f"model = {code}"]), namespace)
    return namespace["model"]


@pytest.mark.parametrize("allow", ["true", ""])
def test_every_model_of_the_list_is_kept_with_retries_and_enabled(
    allow: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = convert_model(SPEC)
    assert out.yaml is None and not out.issues and not out.dynamic
    assert "ALLOW_NANO" in out.env
    monkeypatch.setenv("ALLOW_NANO", allow)
    model = build(out.code, out.imports)
    assert isinstance(model, FallbackModel)
    assert [(e.model, e.max_retries, e.enabled) for e in model.entries] == [
        ("openai/gpt-4o-mini", 2, True),
        ("anthropic/claude-haiku-4-5", 1, True),
        ("openai/gpt-4.1-nano", 0, allow == "true"),
        ("openai/gpt-4o", 0, False),
    ]


def test_a_run_time_model_in_the_list_is_a_todo() -> None:
    spec = ir.ModelSpec(
        kind="fallback",
        fallbacks=[
            ir.FallbackModel(model=router("openai/gpt-4o-mini")),
            ir.FallbackModel(model=ir.ModelSpec(kind="function")),
        ],
    )
    out = convert_model(spec)
    assert out.issues and out.issues[0][0] == "LM342"
