"""A compact, reviewable digest of a `Project` (what golden snapshots hold for review by hand):
per construct its identity, registration, era and the few fields that define it."""

from __future__ import annotations

from typing import Any

from lumosai.migrate.ir import (
    Agent,
    Construct,
    FlowNode,
    LegacyWorkflow,
    MastraInstance,
    MCPClient,
    MCPServer,
    Memory,
    ModelSpec,
    Project,
    Rag,
    Scorer,
    Step,
    Store,
    Tool,
    Workflow,
    ZodSchema,
)


def _model(m: ModelSpec | None) -> Any:
    if m is None:
        return None
    if m.kind == "fallback":
        return {"fallback": [_model(f.model) for f in m.fallbacks]}
    return {
        k: v for k, v in (("kind", m.kind), ("provider", m.provider), ("model", m.model_id)) if v
    }


def _schema(s: ZodSchema | None) -> Any:
    if s is None:
        return None
    if s.kind == "ref":
        return f"ref:{s.name}"
    if s.kind == "object":
        return {f.name: _short(f.schema_) for f in s.fields}
    return _short(s)


def _short(s: ZodSchema) -> str:
    text = s.kind if s.kind != "ref" else f"ref:{s.name}"
    if s.element is not None:
        text += f"<{_short(s.element)}>"
    if s.optional:
        text += "?"
    if s.nullable:
        text += "|null"
    return text


def _flow(flow: list[FlowNode]) -> list[str]:
    out = []
    for n in flow:
        targets = [s.target or f"?{s.source}" for s in n.steps]
        targets += [b.step.target or f"?{b.step.source}" for b in n.branches]
        out.append(f"{n.op}({', '.join(t.split(':')[-1] for t in targets)})" if targets else n.op)
    return out


def construct_summary(c: Construct) -> dict[str, Any]:
    d: dict[str, Any] = {"id": c.id, "factory": c.factory}
    if c.registry_keys:
        d["registered_as"] = c.registry_keys
    if c.era:
        d["era"] = c.era
    if c.parent:
        d["parent"] = c.parent
    if isinstance(c, Agent):
        d.update(
            agent_id=c.agent_id, model=_model(c.model), tools={r.key: r.target for r in c.tools}
        )
        if c.memory_id:
            d["memory"] = c.memory_id
        if c.dynamic:
            d["dynamic"] = sorted(c.dynamic)
        if c.agents:
            d["agents"] = {r.key: r.target for r in c.agents}
        if c.workflows:
            d["workflows"] = {r.key: r.target for r in c.workflows}
        if c.scorers:
            d["scorers"] = {r.key: r.target for r in c.scorers}
    elif isinstance(c, Tool):
        d.update(tool_id=c.tool_id, signature=c.execute_signature, input=_schema(c.input_schema))
        if c.output_schema is not None:
            d["output"] = _schema(c.output_schema)
        if c.execute is not None:
            d["uses"] = sorted(f"{f.kind}:{f.name}" for f in c.execute.free_names)
            if c.execute.env_vars:
                d["env"] = c.execute.env_vars
    elif isinstance(c, Workflow):
        d.update(workflow_id=c.workflow_id, flow=_flow(c.flow), committed=c.committed)
    elif isinstance(c, LegacyWorkflow):
        d.update(name=c.workflow_name, flow=_flow(c.flow), committed=c.committed)
    elif isinstance(c, Step):
        d.update(step_id=c.step_id, type=c.step_type)
        if c.wraps:
            d["wraps"] = c.wraps
        if c.execute is not None:
            d["context"] = c.execute.context_names
    elif isinstance(c, Memory):
        d.update(storage=c.storage_id, vector=c.vector_id, options=sorted(c.memory_options))
        if c.embedder is not None:
            d["embedder"] = _model(c.embedder)
    elif isinstance(c, Store):
        d.update(store_id=c.store_id)
    elif isinstance(c, MCPClient):
        d["servers"] = {s.name: s.transport for s in c.servers}
    elif isinstance(c, MCPServer):
        d.update(
            tools=[r.key for r in c.tools],
            agents=[r.key for r in c.agents],
            workflows=[r.key for r in c.workflows],
        )
    elif isinstance(c, Rag):
        d["operation"] = c.operation
        if c.receiver_id:
            d["receiver"] = c.receiver_id
    elif isinstance(c, Scorer):
        d.update(type=c.scorer_type, scorer_id=c.scorer_id, pipeline=[n.op for n in c.pipeline])
    elif isinstance(c, MastraInstance):
        d["registries"] = {
            name: sorted(r.key for r in refs)
            for name, refs in (
                ("agents", c.agents),
                ("workflows", c.workflows),
                ("legacy_workflows", c.legacy_workflows),
                ("tools", c.tools),
                ("scorers", c.scorers),
                ("vectors", c.vectors),
                ("mcp_servers", c.mcp_servers),
                ("memory", c.memory),
            )
            if refs
        }
        d["storage"] = c.storage_id
        if c.server is not None:
            d["server"] = sorted(c.server.options)
            d["api_routes"] = len(c.server.api_routes)
    return d


def summarize(project: Project) -> dict[str, Any]:
    """The digest: era, inventory, constructs by kind, schemas, helpers, diagnostics."""
    kinds: dict[str, list[dict[str, Any]]] = {}
    for c in project.constructs():
        kinds.setdefault(c.kind, []).append(construct_summary(c))
    return {
        "ir_version": project.ir_version,
        "era": project.era,
        "era_decided_by": project.era_decided_by,
        "entry": project.entry,
        "mastra": project.mastra.id if project.mastra else None,
        "inventory": project.inventory(),
        "env_names": project.env_names,
        "modules": {m.path: m.sha256[:12] for m in project.modules},
        "constructs": kinds,
        "schemas": {s.id: _schema(s.schema_) for s in project.schemas},
        "helpers": [h.id for h in project.helpers],
        "diagnostics": [
            f"{d.file}:{d.line} {d.severity} {d.rule} {d.message}" for d in project.diagnostics
        ],
    }
