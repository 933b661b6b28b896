"""`verify` end to end: scenarios -> both sides against one mock server -> compared outcomes."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lumosai.migrate.verify.compare import Comparer, ScenarioOutcome, canonical, mask
from lumosai.migrate.verify.defaults import default_scenarios
from lumosai.migrate.verify.normalize import request_view
from lumosai.migrate.verify.responder import Responder
from lumosai.migrate.verify.scenarios import Scenario, load_scenarios, with_defaults
from lumosai.migrate.verify.sides import (
    SideError,
    bridge_project,
    read_dotenv,
    remove_lumos_copy,
    start_lumos,
    start_mastra,
)

TAG_HEADER = "x-lumos-verify"
TITLES = "(thread titles)"
#: Mastra's title-generation instructions (memory `generateTitle`, both eras).
TITLE_PROMPT = "you will generate a short title"
DEFAULT_TIMEOUT = 300.0


@dataclass(slots=True)
class VerifyReport:
    source: str
    output: str
    scenarios: list[ScenarioOutcome] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    scenario_source: str = "default (from the IR)"

    @property
    def equivalent(self) -> bool:
        return self.error is None and all(s.equivalent for s in self.scenarios)

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return 2
        return 0 if self.equivalent else 1

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for scenario in self.scenarios:
            for difference in scenario.differences:
                counts[difference.category] = counts.get(difference.category, 0) + 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "tool": "lumos-migrate verify",
            "source": self.source,
            "output": self.output,
            "scenario_source": self.scenario_source,
            "equivalent": self.equivalent,
            "exit_code": self.exit_code,
            "error": self.error,
            "seconds": round(self.seconds, 2),
            "summary": {
                "scenarios": len(self.scenarios),
                "equivalent": sum(1 for s in self.scenarios if s.equivalent),
                "differences": self.counts(),
            },
            "scenarios": [s.to_dict() for s in self.scenarios],
        }


def split_requests(requests: list[Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Model requests per (side, tag) in arrival order, as normalised views.

    Thread-title requests run in the background after an answer, so the scenario that happens
    to be current when they arrive is arbitrary: they go to their own group, `TITLES`.
    """
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for request in requests:
        headers = {k.lower(): v for k, v in (request.headers or {}).items()}
        side, _, tag = headers.get(TAG_HEADER, "|").partition("|")
        view = request_view(request)
        if TITLE_PROMPT in view["system"]:
            tag = TITLES
        groups.setdefault((side, tag), []).append(view)
    return groups


def titles_outcome(requests: dict[tuple[str, str], list[dict[str, Any]]]) -> ScenarioOutcome | None:
    """Thread titles generated with the model (memory `generateTitle`), compared by count."""
    mastra = requests.get(("mastra", TITLES), [])
    lumos = requests.get(("lumos", TITLES), [])
    if not mastra and not lumos:
        return None
    outcome = ScenarioOutcome(
        "memory:thread-titles", "memory", "generateTitle", "model calls that name new threads"
    )
    outcome.mastra, outcome.lumos = {"titleRequests": len(mastra)}, {"titleRequests": len(lumos)}
    outcome.requests = {"mastra": mastra, "lumos": lumos}
    # Mastra 1.x names a thread in the background: a next turn that starts before the title is
    # stored asks again, so its count races; whether titles are asked at all does not
    check = Comparer(outcome)
    if bool(mastra) != bool(lumos):
        check.add(
            "output",
            "thread titles",
            len(mastra),
            len(lumos),
            "memory generates thread titles with the model on one side only",
        )
        return outcome
    # what the model is asked to do (instructions, settings) is the same on every ask; the
    # transcript may include a later turn, as said above
    asks_a, asks_b = _title_asks(mastra), _title_asks(lumos)
    if asks_a != asks_b:
        check.values(
            "prompt",
            "thread title request",
            [json.loads(a) for a in asks_a],
            [json.loads(b) for b in asks_b],
            "the model is asked to name a thread differently",
        )
    return outcome


def _title_asks(requests: list[dict[str, Any]]) -> list[str]:
    """The distinct instructions and settings of title requests (canonical JSON, sorted)."""
    keys = ("system", "settings", "tool_choice", "output")
    return sorted({canonical(mask({k: r.get(k) for k in keys})) for r in requests})


def compare_scenario(
    scenario: Scenario,
    mastra: dict[str, Any],
    lumos: dict[str, Any],
    requests: dict[tuple[str, str], list[dict[str, Any]]],
) -> ScenarioOutcome:
    outcome = ScenarioOutcome(scenario.name, scenario.kind, scenario.target, scenario.note)
    outcome.mastra, outcome.lumos = mastra, lumos
    check = Comparer(outcome)
    if mastra.get("error") or lumos.get("error"):
        if bool(mastra.get("error")) != bool(lumos.get("error")):
            check.add(
                "error",
                "scenario",
                mastra.get("error"),
                lumos.get("error"),
                "only one side could run it",
            )
        return outcome
    if scenario.kind == "agent":
        turns_a, turns_b = mastra.get("turns") or [], lumos.get("turns") or []
        for index, (ta, tb) in enumerate(zip(turns_a, turns_b, strict=False)):
            where = f"turn {index + 1}"
            reqs_a = requests.get(("mastra", f"{scenario.name}|{index}"), [])
            reqs_b = requests.get(("lumos", f"{scenario.name}|{index}"), [])
            outcome.requests[f"{where} mastra"] = reqs_a
            outcome.requests[f"{where} lumos"] = reqs_b
            check.note_failed_tools(ta, tb)
            check.requests(where, reqs_a, reqs_b)
            check.turn(where, ta, tb)
    else:
        # steps may run in parallel: compare the model requests as a bag
        reqs_a = sorted(requests.get(("mastra", scenario.name), []), key=canonical)
        reqs_b = sorted(requests.get(("lumos", scenario.name), []), key=canonical)
        outcome.requests = {"run mastra": reqs_a, "run lumos": reqs_b}
        check.requests("run", reqs_a, reqs_b)
        wa, wb = mastra.get("workflow") or {}, lumos.get("workflow") or {}
        check.workflow_phase("start", wa.get("start"), wb.get("start"))
        check.workflow_phase("resume", wa.get("resume"), wb.get("resume"))
    check.http(mastra.get("http") or [], lumos.get("http") or [])
    return outcome


def verify(
    src: str | Path,
    out: str | Path,
    *,
    scenarios: str | Path | list[Scenario] | None = None,
    node_modules: str | Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> VerifyReport:
    """Run every scenario on the Mastra app `src` and the Lumos app `out`, and compare."""
    from lumosai.testing import mock_llm_server

    started = time.perf_counter()
    src_path, out_path = Path(src).resolve(), Path(out).resolve()
    report = VerifyReport(str(src), str(out))
    try:
        chosen, entry = _scenarios(src_path, scenarios, report)
    except Exception as exc:
        report.error = f"cannot prepare scenarios: {exc}"
        return report
    if not (out_path / "app.py").is_file():
        report.error = f"{out_path} is not a converted Lumos app (no app.py)"
        return report
    wire = [s.wire() for s in chosen]
    with tempfile.TemporaryDirectory(prefix="lumos-verify-") as scratch:
        work = Path(scratch)
        responder = Responder(chosen)
        with mock_llm_server(responder) as server:
            try:
                mastra_side = start_mastra(
                    src_path,
                    entry,
                    work,
                    wire,
                    server.base_url,
                    Path(node_modules).resolve() if node_modules else None,
                )
                lumos_side = start_lumos(
                    out_path,
                    work,
                    wire,
                    server.base_url,
                    read_dotenv(src_path),
                    bridge_project(
                        src_path, work, Path(node_modules).resolve() if node_modules else None
                    ),
                )
                mastra_out = mastra_side.outcome(timeout)
                lumos_out = lumos_side.outcome(timeout)
            except (SideError, OSError, RuntimeError) as exc:
                report.error = str(exc)
                return report
            finally:
                remove_lumos_copy(out_path)
            recorded = list(server.requests)
    requests = split_requests(recorded)
    for side, data in (("Mastra", mastra_out), ("Lumos", lumos_out)):
        if data.get("loadError"):
            report.error = f"the {side} app did not load: {data['loadError'][:3000]}"
            return report
    for scenario in chosen:
        report.scenarios.append(
            compare_scenario(
                scenario,
                mastra_out["results"].get(scenario.name, {"error": "not run"}),
                lumos_out["results"].get(scenario.name, {"error": "not run"}),
                requests,
            )
        )
    titles = titles_outcome(requests)
    if titles is not None:
        report.scenarios.append(titles)
    report.seconds = time.perf_counter() - started
    return report


def _scenarios(
    src: Path, scenarios: str | Path | list[Scenario] | None, report: VerifyReport
) -> tuple[list[Scenario], str]:
    from lumosai.migrate.reader import read_project

    project = read_project(src)
    entry = project.entry or "src/mastra/index.ts"
    if isinstance(scenarios, list):
        report.scenario_source = "given"
        return scenarios, entry
    if scenarios is not None:
        report.scenario_source = str(scenarios)
        return with_defaults(load_scenarios(scenarios), default_scenarios(project)), entry
    return default_scenarios(project), entry


def write_reports(report: VerifyReport, directory: str | Path) -> tuple[Path, Path]:
    """`verify-report.json` and `verify-report.html` in `directory`."""
    from lumosai.migrate.verify.report import render_html

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    data = report.to_dict()
    json_path = folder / "verify-report.json"
    json_path.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    html_path = folder / "verify-report.html"
    html_path.write_text(render_html(data), encoding="utf-8")
    return json_path, html_path
