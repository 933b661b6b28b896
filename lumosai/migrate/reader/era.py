"""Era (Mastra 0.x or 1.x): from package.json first, then code shapes per module and per
construct; mismatches between a construct and the project get LM106."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from lumosai.migrate.ir import Era, EraEvidence, PackageInfo

if TYPE_CHECKING:
    from lumosai.migrate.reader.context import Reader
    from lumosai.migrate.reader.modules import ModuleIndex

_IMPORT_ERAS: dict[str, Era] = {
    "@mastra/core/runtime-context": "0.x",
    "@mastra/core/di": "0.x",
    "@mastra/core/workflows/legacy": "0.x",
    "@mastra/core/workflows/vNext": "0.x",
    "@mastra/core/scores": "0.x",
    "@mastra/evals/llm": "0.x",
    "@mastra/evals/nlp": "0.x",
    "@mastra/evals/scorers/llm": "0.x",
    "@mastra/evals/scorers/code": "0.x",
    "@mastra/core/request-context": "1.x",
    "@mastra/core/evals": "1.x",
    "@mastra/evals/scorers/prebuilt": "1.x",
    "@mastra/observability": "1.x",
}
_ROOT_0X = frozenset({"Agent", "createTool", "createWorkflow", "createStep", "Workflow", "Step"})
_CODE_MARKERS: tuple[tuple[bytes, Era, str], ...] = (
    (b"createRunAsync", "0.x", "createRunAsync()"),
    (b"generateVNext", "0.x", "generateVNext()"),
    (b"streamVNext", "0.x", "streamVNext()"),
    (b"RuntimeContext", "0.x", "RuntimeContext"),
    (b"RequestContext", "1.x", "RequestContext"),
    (b"listTools()", "1.x", "mcp.listTools()"),
    (b"getTools()", "0.x", "mcp.getTools()"),
)
_VERSION = re.compile(r"(\d+)(?:\.(\d+))?")


def package_era(pkg: PackageInfo | None) -> Era | None:
    if pkg is None:
        return None
    spec = pkg.mastra_packages.get("@mastra/core")
    if spec is None:
        return None
    m = _VERSION.search(spec)
    if m is None:
        return None
    return "0.x" if m.group(1) == "0" else "1.x"


def module_evidence(mod: ModuleIndex) -> list[EraEvidence]:
    out: list[EraEvidence] = []
    for b in mod.imports.values():
        era = _IMPORT_ERAS.get(b.module)
        if era is not None:
            out.append(
                EraEvidence(era=era, reason=f"import from {b.module}", file=mod.rel, line=b.line)
            )
        elif b.module == "@mastra/core" and b.imported in _ROOT_0X:
            out.append(
                EraEvidence(
                    era="0.x",
                    reason=f"{b.imported} imported from the @mastra/core root",
                    file=mod.rel,
                    line=b.line,
                )
            )
    src = mod.file.src
    for marker, era, reason in _CODE_MARKERS:
        if marker in src:
            out.append(EraEvidence(era=era, reason=reason, file=mod.rel))
    return out


def majority(evidence: list[EraEvidence]) -> Era | None:
    if not evidence:
        return None
    counts = Counter(e.era for e in evidence)
    if counts["0.x"] == counts["1.x"]:
        return None
    return "0.x" if counts["0.x"] > counts["1.x"] else "1.x"


def decide(
    ctx: Reader, pkg: PackageInfo | None
) -> tuple[Era, str, list[EraEvidence], dict[str, Era | None], dict[str, Era | None]]:
    """Project era, how it was decided, evidence, and per-module / per-construct eras."""
    module_eras: dict[str, Era | None] = {}
    all_ev: list[EraEvidence] = []
    for rel, mod in ctx.modules.items():
        ev = module_evidence(mod)
        module_eras[rel] = majority(ev)
        all_ev.extend(ev)
    by_construct: dict[str, list[EraEvidence]] = {}
    for cid, item in ctx.evidence:
        all_ev.append(item)
        if cid is not None:
            by_construct.setdefault(cid, []).append(item)
    construct_eras: dict[str, Era | None] = {
        cid: majority(items) for cid, items in by_construct.items()
    }
    era = package_era(pkg)
    how = "package"
    if era is None:
        era = majority(all_ev)
        how = "code"
    if era is None:
        era, how = "1.x", "default"
    return era, how, all_ev, module_eras, construct_eras
