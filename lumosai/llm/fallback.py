"""A model that tries a list of models in order (Mastra's model fallback arrays).

`FallbackModel([FallbackEntry("openai/gpt-4o-mini", max_retries=2), "anthropic/claude-haiku-4-5"])`
asks the first enabled model, retrying it `max_retries` times on error, then moves on to the
next; the first answer wins. When every model failed, the error names each failure. A stream
falls back only while nothing has been streamed yet: text already sent cannot be taken back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lumosai.llm.model import Model, ModelError, ModelRequest, ModelResponse, StreamChunk

__all__ = ["FallbackEntry", "FallbackModel"]

logger = logging.getLogger(__name__)


@dataclass
class FallbackEntry:
    """One model of the list: `max_retries` extra tries on error; skipped when not `enabled`."""

    model: Model | str
    max_retries: int = 0
    enabled: bool = True


def _entry(
    item: FallbackEntry | Model | str | Mapping[str, Any], default_retries: int
) -> FallbackEntry:
    if isinstance(item, FallbackEntry):
        return item
    if isinstance(item, Mapping):  # Mastra's `{ model, maxRetries, enabled }`
        retries = item.get("max_retries", item.get("maxRetries", default_retries))
        return FallbackEntry(
            model=item["model"],
            max_retries=int(retries if retries is not None else default_retries),
            enabled=bool(item.get("enabled", True)),
        )
    return FallbackEntry(model=item, max_retries=default_retries)


def _resolve(model: Model | str) -> Model:
    if isinstance(model, Model):
        return model
    from lumosai.llm.resolver import resolve_model

    return resolve_model(model)


class FallbackModel(Model):
    """Models tried in order; `max_retries` is the default for entries that do not set one."""

    def __init__(
        self,
        models: Sequence[FallbackEntry | Model | str | Mapping[str, Any]],
        *,
        max_retries: int = 0,
    ) -> None:
        entries = [_entry(m, max_retries) for m in models]
        if not entries:
            raise ValueError("FallbackModel needs at least one model")
        self.entries = entries
        self._models: dict[int, Model] = {}
        enabled = [e for e in entries if e.enabled]
        first = enabled[0].model if enabled else entries[0].model
        self.provider = "fallback"
        self.model_id = first.model_id if isinstance(first, Model) else str(first)

    def _model(self, index: int) -> Model:
        """Models are resolved on first use, so a missing key of a later model is not an error
        until that model is needed."""
        found = self._models.get(index)
        if found is None:
            found = self._models[index] = _resolve(self.entries[index].model)
        return found

    def _attempts(self) -> list[tuple[int, int]]:
        return [
            (index, attempt)
            for index, entry in enumerate(self.entries)
            if entry.enabled
            for attempt in range(max(0, entry.max_retries) + 1)
        ]

    def _name(self, index: int) -> str:
        model = self.entries[index].model
        return model if isinstance(model, str) else f"{model.provider}/{model.model_id}"

    def _give_up(self, errors: list[tuple[str, BaseException]]) -> ModelError:
        if not errors:
            return ModelError("FallbackModel: every model of the list is disabled")
        detail = "; ".join(f"{name}: {type(exc).__name__}: {exc}" for name, exc in errors)
        return ModelError(f"all {len(errors)} model attempts failed ({detail})")

    async def request(self, request: ModelRequest) -> ModelResponse:
        errors: list[tuple[str, BaseException]] = []
        for index, attempt in self._attempts():
            try:
                return await self._model(index).request(request)
            except Exception as exc:
                errors.append((self._name(index), exc))
                logger.warning(
                    "model %s failed (attempt %d): %s", self._name(index), attempt + 1, exc
                )
        raise self._give_up(errors) from (errors[-1][1] if errors else None)

    async def stream(self, request: ModelRequest) -> AsyncIterator[StreamChunk]:
        errors: list[tuple[str, BaseException]] = []
        for index, attempt in self._attempts():
            sent = False
            try:
                async for chunk in self._model(index).stream(request):
                    if isinstance(chunk, str) and chunk:
                        sent = True
                    yield chunk
                return
            except Exception as exc:
                if sent:
                    raise
                errors.append((self._name(index), exc))
                logger.warning(
                    "model %s failed (attempt %d): %s", self._name(index), attempt + 1, exc
                )
        raise self._give_up(errors) from (errors[-1][1] if errors else None)
