"""Scorers attached to an agent (Mastra's ``new Agent({ scorers })``): after each run, every
scorer whose sampling picks the run scores it in the background. A scorer that raises is
logged and never affects the run."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lumosai.evals.scorer import Scorer
from lumosai.evals.types import ScoreResult

log = logging.getLogger("lumosai.evals")


@dataclass(slots=True)
class AttachedScorer:
    """``sampling``: ``{"type": "ratio", "rate": 0.1}`` scores about 10% of runs; ``None`` or
    ``{"type": "none"}`` scores every run."""

    scorer: Scorer
    sampling: Mapping[str, Any] | None = None

    def picks(self, draw: Callable[[], float] = random.random) -> bool:
        if not self.sampling or self.sampling.get("type") in (None, "none", "always"):
            return True
        if self.sampling.get("type") == "ratio":
            return draw() < float(self.sampling.get("rate", 1))
        if self.sampling.get("type") == "never":
            return False
        raise ValueError(f"unknown sampling {dict(self.sampling)!r}; use ratio, none or never")


def as_attached(scorers: Mapping[str, Any]) -> dict[str, AttachedScorer]:
    """Normalise ``{"name": scorer}`` / ``{"name": {"scorer": s, "sampling": {...}}}``."""
    attached: dict[str, AttachedScorer] = {}
    for key, value in scorers.items():
        if isinstance(value, AttachedScorer):
            attached[key] = value
        elif isinstance(value, Scorer):
            attached[key] = AttachedScorer(value)
        elif isinstance(value, Mapping) and isinstance(value.get("scorer"), Scorer):
            attached[key] = AttachedScorer(value["scorer"], value.get("sampling"))
        else:
            raise TypeError(
                f"scorer {key!r}: expected a Scorer or {{'scorer': Scorer, 'sampling': {{...}}}}"
            )
    return attached


def attach_scorers(agent: Any, scorers: Mapping[str, Any]) -> Any:
    """Attach scorers to an agent built elsewhere (a `lumosai.yaml` agent), as
    `Agent(scorers=...)` does; returns the agent."""
    agent.scorers = {**agent.scorers, **as_attached(scorers)}
    if agent.score_log is None:
        agent.score_log = ScoreLog()
    return agent


class ScoreLog:
    """Where an agent's background scores land: ``results`` (newest last, bounded),
    ``errors``, ``listeners`` called with each ``ScoreResult``, and ``await drain()`` to wait
    for pending scorers (tests, shutdown)."""

    def __init__(self, limit: int = 1000) -> None:
        self.results: list[ScoreResult] = []
        self.errors: list[str] = []
        self.listeners: list[Callable[[ScoreResult], Any]] = []
        self._pending: set[asyncio.Task[None]] = set()
        self._limit = limit

    def add(self, result: ScoreResult) -> None:
        self.results.append(result)
        del self.results[: -self._limit]
        for listener in self.listeners:
            try:
                listener(result)
            except Exception:
                log.exception("score listener failed")

    async def drain(self) -> None:
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)


def score_run(agent: Any, messages: Any, result: Any, runtime_context: Any = None) -> None:
    """Called by the agent loop when a run finishes: start the sampled scorers."""
    attached: dict[str, AttachedScorer] = getattr(agent, "scorers", None) or {}
    if not attached:
        return
    log_: ScoreLog | None = getattr(agent, "score_log", None)
    if log_ is None:
        return
    for name, entry in attached.items():
        try:
            chosen = entry.picks()
        except ValueError as exc:
            log_.errors.append(f"{name}: {exc}")
            continue
        if not chosen:
            continue

        async def work(entry: AttachedScorer = entry, name: str = name) -> None:
            try:
                scored = await entry.scorer.run(
                    messages, result, runtime_context=runtime_context, run_id=result.run_id
                )
            except Exception as exc:
                log.warning(
                    "agent %r: scorer %r failed: %s", getattr(agent, "name", "?"), name, exc
                )
                log_.errors.append(f"{name}: {exc}")
                return
            log_.add(scored)

        task = asyncio.get_running_loop().create_task(work(), name=f"scorer:{name}")
        log_._pending.add(task)
        task.add_done_callback(log_._pending.discard)
