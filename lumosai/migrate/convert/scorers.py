"""Scorers: `createScorer({...}).preprocess(...).analyze(...).generateScore(...)
.generateReason(...)` chains -> `lumosai.evals.create_scorer` chains (step functions
translated, prompt objects as `PromptStep`s with pydantic output schemas), prebuilt scorer
factories -> `lumosai.evals` factories, and 0.x `evals: { name: new XMetric(...) }` metrics ->
the equivalent scorers (or a stand-in that says it was not converted)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lumosai.migrate import ir
from lumosai.migrate.convert import metric_classes
from lumosai.migrate.convert.context import ConvertContext, Symbol
from lumosai.migrate.convert.functions import mark_last_body_todo, translate
from lumosai.migrate.convert.mcp import NotExpressible, link_constants, py_value
from lumosai.migrate.convert.models import convert_model
from lumosai.migrate.convert.naming import pascal_case, py_identifier
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.schemas import SchemaContext, SchemaEmitter, finish
from lumosai.migrate.convert.values import NotStatic, py_string, source_of, to_data

RULE_PREBUILT = "LM510"
RULE_STEP = "LM511"
RULE_LEGACY = "LM512"

#: Mastra factory -> (lumosai.evals function, takes a model, {Mastra option: Python kwarg}).
PREBUILT: dict[str, tuple[str, bool, dict[str, str]]] = {
    "createAnswerRelevancyScorer": (
        "create_answer_relevancy_scorer",
        True,
        {"uncertaintyWeight": "uncertainty_weight", "scale": "scale"},
    ),
    "createFaithfulnessScorer": (
        "create_faithfulness_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "createHallucinationScorer": (
        "create_hallucination_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "createToxicityScorer": ("create_toxicity_scorer", True, {"scale": "scale"}),
    "createContextPrecisionScorer": (
        "create_context_precision_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "createBiasScorer": ("create_bias_scorer", True, {"scale": "scale"}),
    "createSummarizationScorer": (
        "create_summarization_scorer",
        True,
        {"source": "source", "maxQuestions": "max_questions", "scale": "scale"},
    ),
    "createPromptAlignmentScorerLLM": (
        "create_prompt_alignment_scorer_llm",
        True,
        {"evaluationMode": "evaluation_mode", "scale": "scale"},
    ),
    "createContextRelevanceScorerLLM": (
        "create_context_relevance_scorer_llm",
        True,
        {"context": "context", "penalties": "penalties", "scale": "scale"},
    ),
    "createContextRecallScorer": (
        "create_context_recall_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "createToolCallAccuracyScorerLLM": (
        "create_tool_call_accuracy_scorer_llm",
        True,
        {"availableTools": "available_tools"},
    ),
    "createAnswerSimilarityScorer": (
        "create_answer_similarity_scorer",
        True,
        {
            "requireGroundTruth": "require_ground_truth",
            "semanticThreshold": "semantic_threshold",
            "exactMatchBonus": "exact_match_bonus",
            "missingPenalty": "missing_penalty",
            "contradictionPenalty": "contradiction_penalty",
            "extraInfoPenalty": "extra_info_penalty",
            "scale": "scale",
        },
    ),
    "createNoiseSensitivityScorerLLM": (
        "create_noise_sensitivity_scorer_llm",
        True,
        {
            "baselineResponse": "baseline_response",
            "noisyQuery": "noisy_query",
            "noiseType": "noise_type",
            "impactWeights": "impact_weights",
            "discrepancyThreshold": "discrepancy_threshold",
            "majorIssuePerItem": "major_issue_penalty",
            "maxMajorIssuePenalty": "max_major_issue_penalty",
        },
    ),
    "createRubricScorer": (
        "create_rubric_scorer",
        True,
        {"criteria": "criteria", "scale": "scale"},
    ),
    "createMultiTurnJudgeScorer": (
        "create_multi_turn_judge_scorer",
        True,
        {"criterion": "criterion", "scale": "scale"},
    ),
    # 0.x PromptAlignmentMetric(model, { instructions }): instruction following, not 1.x's
    # prompt alignment
    "PromptAlignmentMetric": (
        "create_instruction_alignment_scorer",
        True,
        {"instructions": "instructions", "scale": "scale"},
    ),
    # 0.x context metrics 1.x dropped (lumosai.evals.prebuilt.legacy)
    "ContextPositionMetric": (
        "create_context_position_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "ContextRelevancyMetric": (
        "create_context_relevancy_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "ContextualRecallMetric": (
        "create_contextual_recall_scorer",
        True,
        {"context": "context", "scale": "scale"},
    ),
    "createTrajectoryAccuracyScorerCode": (
        "create_trajectory_accuracy_scorer_code",
        False,
        {
            "expectedTrajectory": "expected_trajectory",
            "ordering": "ordering",
            "allowRepeatedSteps": "allow_repeated_steps",
        },
    ),
    "createTrajectoryAccuracyScorerLLM": (
        "create_trajectory_accuracy_scorer_llm",
        True,
        {"expectedTrajectory": "expected_trajectory"},
    ),
    "createTrajectoryScorerCode": (
        "create_trajectory_scorer_code",
        False,
        {"defaults": "defaults", "weights": "weights"},
    ),
    "createCompletenessScorer": ("create_completeness_scorer", False, {}),
    "createKeywordCoverageScorer": ("create_keyword_coverage_scorer", False, {}),
    "createTextualDifferenceScorer": ("create_textual_difference_scorer", False, {}),
    "createContentSimilarityScorer": (
        "create_content_similarity_scorer",
        False,
        {"ignoreCase": "ignore_case", "ignoreWhitespace": "ignore_whitespace"},
    ),
    "createToneScorer": ("create_tone_scorer", False, {"referenceTone": "reference_tone"}),
    "createToolCallAccuracyScorerCode": (
        "create_tool_call_accuracy_scorer_code",
        False,
        {
            "expectedTool": "expected_tool",
            "strictMode": "strict_mode",
            "expectedToolOrder": "expected_tool_order",
        },
    ),
}

#: 0.x metric class -> the 1.x factory of the same measure.
LEGACY: dict[str, str] = {
    "AnswerRelevancyMetric": "createAnswerRelevancyScorer",
    "FaithfulnessMetric": "createFaithfulnessScorer",
    "HallucinationMetric": "createHallucinationScorer",
    "ToxicityMetric": "createToxicityScorer",
    "BiasMetric": "createBiasScorer",
    "CompletenessMetric": "createCompletenessScorer",
    "KeywordCoverageMetric": "createKeywordCoverageScorer",
    "TextualDifferenceMetric": "createTextualDifferenceScorer",
    "ContentSimilarityMetric": "createContentSimilarityScorer",
    "ToneConsistencyMetric": "createToneScorer",
    "SummarizationMetric": "createSummarizationScorer",
    "ContextPrecisionMetric": "createContextPrecisionScorer",
    "PromptAlignmentMetric": "PromptAlignmentMetric",
    "ContextPositionMetric": "ContextPositionMetric",
    "ContextRelevancyMetric": "ContextRelevancyMetric",
    "ContextualRecallMetric": "ContextualRecallMetric",
}

_STEPS = {
    "preprocess": "preprocess",
    "analyze": "analyze",
    "generateScore": "generate_score",
    "generateReason": "generate_reason",
}


@dataclass
class _Out:
    """One scorer expression and what went wrong on the way."""

    expr: str = ""
    blocks: list[str] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (rule, message)
    bridged: bool = False  # problems mean "kept in TypeScript", not "not converted"


def _literal(value: ir.Value | None) -> object:
    try:
        return to_data(value)
    except NotStatic:
        return None


def _model(ctx: ConvertContext, spec: ir.ModelSpec | None, module: PyModule, out: _Out) -> str:
    model = convert_model(spec)
    for mod, imported in model.imports:
        module.imports.add(mod, imported)
    for env in model.env:
        ctx.env(env)
    out.problems.extend(model.issues)
    return model.code


def _prebuilt(
    ctx: ConvertContext,
    factory: str,
    options: dict[str, ir.Value],
    spec: ir.ModelSpec | None,
    module: PyModule,
    rule: str,
) -> _Out:
    out = _Out()
    found = PREBUILT.get(factory)
    if found is None:
        out.problems.append((rule, f"{factory} has no lumosai.evals equivalent yet"))
        return out
    function, takes_model, names = found
    module.imports.add("lumosai.evals", function)
    kwargs: list[str] = []
    if takes_model:
        kwargs.append(f"model={_model(ctx, spec, module, out)}")
    settings = dict(options)
    groups = ["options", "comparisonOptions", "scoring"]  # nested option objects Mastra takes
    if factory == "createNoiseSensitivityScorerLLM":
        groups.append("penalties")  # scoring.penalties.{majorIssuePerItem, ...}
    for group in groups:
        nested = settings.get(group)
        if isinstance(nested, ir.ObjectValue):
            settings.update({p.key: p.value for p in nested.properties if not p.computed})
    for key, value in settings.items():
        if key in ("model", *groups):
            continue
        if key == "contextExtractor" and isinstance(value, ir.FunctionValue) and "context" in names:
            extractor = _context_extractor(ctx, value, module, out, owner=factory)
            if extractor is not None:
                module.imports.add("lumosai.evals", "mastra_shapes")
                kwargs.append(f"context_extractor=mastra_shapes({extractor})")
            continue
        if key not in names:
            out.problems.append((rule, f"{factory} option {key!r} is not carried over"))
            continue
        try:
            kwargs.append(
                f"{names[key]}={_tool_list(ctx, value, module) or py_value(ctx, value, module)}"
            )
        except NotExpressible as exc:
            out.problems.append((rule, f"{factory} option {key!r} ({exc}) is computed at run time"))
    out.expr = f"{function}({', '.join(kwargs)})"
    return out


def _tool_list(ctx: ConvertContext, value: ir.Value, module: PyModule) -> str | None:
    """`availableTools: [weatherTool, ...]`: the converted tools (None: not a tool list)."""
    if not isinstance(value, ir.ArrayValue) or not value.items:
        return None
    names: list[str] = []
    for item in value.items:
        target = item.target if isinstance(item, ir.ReferenceValue) and not item.path else None
        symbol = ctx.symbols.get(target or "")
        if not isinstance(ctx.index.get(target or ""), ir.Tool) or symbol is None:
            return None
        if symbol.module != module.dotted:
            module.imports.add(symbol.module, symbol.name)
        names.append(symbol.name)
    return "[" + ", ".join(names) + "]"


def _context_extractor(
    ctx: ConvertContext, value: ir.FunctionValue, module: PyModule, out: _Out, *, owner: str
) -> str | None:
    """`contextExtractor: (input, output) => [...]` as a translated function; the scorer
    calls it with Mastra's run shapes (`mastra_shapes`)."""
    name = ctx.allocator(module.dotted).claim("context_extractor")
    link_constants(ctx, value.code)
    body = translate(
        ctx,
        value.code,
        role="helper",
        py_name=name,
        module=module,
        owner=f"{owner}.contextExtractor",
        count=False,
    )
    if not body.ok:
        out.problems.append((RULE_PREBUILT, f"{owner} contextExtractor: {body.reason}"))
        return None
    out.blocks.append(body.python.strip())
    return name


def _unconverted(module: PyModule, scorer_id: str, reason: str) -> str:
    module.imports.add("lumosai.evals", "unconverted_scorer")
    return f"unconverted_scorer({py_string(scorer_id)}, {py_string(reason)})"


def _step_function(
    ctx: ConvertContext, code: ir.Code, py_name: str, module: PyModule, owner: str, out: _Out
) -> str | None:
    link_constants(ctx, code)
    body = translate(ctx, code, role="helper", py_name=py_name, module=module, owner=owner)
    if not body.ok:
        out.problems.append((RULE_STEP, f"{owner}: {body.reason or 'not translated'}"))
        mark_last_body_todo(ctx)  # not bridged: the scorer becomes a stand-in
        last = ctx.result.diagnostics[-1] if ctx.result.diagnostics else None
        if last is not None and last.message.endswith("; kept in TypeScript (bridged)"):
            last.message = last.message.replace(
                "; kept in TypeScript (bridged)", "; the scorer is not converted (todo)"
            )
        return None
    out.blocks.append(body.python.strip())
    return py_name


def _prompt_step(
    ctx: ConvertContext, value: ir.ObjectValue, base: str, module: PyModule, owner: str, out: _Out
) -> str | None:
    description = _literal(value.get("description"))
    create_prompt = value.get("createPrompt")
    if not isinstance(create_prompt, ir.FunctionValue):
        out.problems.append((RULE_STEP, f"{owner}: createPrompt is not a function"))
        return None
    prompt_fn = _step_function(ctx, create_prompt.code, f"{base}_prompt", module, owner, out)
    if prompt_fn is None:
        return None
    args = [
        f"description={py_string(str(description or ''))}",
        f"create_prompt={prompt_fn}",
    ]
    schema = value.get("outputSchema")
    if isinstance(schema, ir.SchemaValue):
        sctx = SchemaContext(
            module=module.dotted,
            named=ctx.named_schemas,
            imports=module.imports,
            blocks=out.blocks,
            names=ctx.allocator(module.dotted),
        )
        cls = SchemaEmitter(sctx).model_for(schema.schema_, pascal_case(base) + "Output")
        out.blocks.extend(finish(sctx))
        args.append(f"output_schema={cls}")
    elif schema is not None:
        try:
            args.append(f"output_schema={py_value(ctx, schema, module)}")
        except NotExpressible:
            out.problems.append((RULE_STEP, f"{owner}: outputSchema {source_of(schema)[:40]}"))
            return None
    module.imports.add("lumosai.evals", "PromptStep")
    return f"PromptStep({', '.join(args)})"


def _custom(ctx: ConvertContext, scorer: ir.Scorer, py_name: str, module: PyModule) -> _Out:
    out = _Out()
    scorer_id = scorer.scorer_id or str(_literal(scorer.options.get("name")) or scorer.name)
    kwargs = [f"id={py_string(scorer_id)}"]
    for key in ("name", "description"):
        value = _literal(scorer.options.get(key))
        if isinstance(value, str):
            kwargs.append(f"{key}={py_string(value)}")
    kind = _literal(scorer.options.get("type"))
    if isinstance(kind, str):
        kwargs.append(f"type={py_string(kind)}")
    judge = scorer.options.get("judge")
    if isinstance(judge, ir.ObjectValue):
        instructions = judge.get("instructions")
        try:
            text = py_value(ctx, instructions, module)
        except NotExpressible as exc:
            out.problems.append((RULE_STEP, f"judge instructions {exc} are computed at run time"))
            text = '""'
        model = _model(ctx, scorer.model, module, out)
        kwargs.append(f'judge={{"model": {model}, "instructions": {text}}}')
    chain = [f"create_scorer({', '.join(kwargs)})"]
    module.imports.add("lumosai.evals", "create_scorer")
    for node in scorer.pipeline:
        step = _STEPS.get(node.op)
        if step is None or not node.args:
            out.problems.append((RULE_STEP, f".{node.op}() is not a scorer step"))
            continue
        owner = f"scorer:{scorer_id}.{node.op}"
        arg = node.args[0]
        base = f"_{py_name}_{step}"
        if isinstance(arg, ir.FunctionValue):
            ref = _step_function(ctx, arg.code, base, module, owner, out)
        elif isinstance(arg, ir.ObjectValue):
            ref = _prompt_step(ctx, arg, base, module, owner, out)
        else:
            out.problems.append((RULE_STEP, f"{owner}: {source_of(arg)[:40]} is not a function"))
            ref = None
        if ref is not None:
            chain.append(f".{step}({ref})")
    out.expr = "(\n    " + "\n    ".join(chain) + "\n)" if len(chain) > 1 else chain[0]
    return out


def declare(ctx: ConvertContext) -> None:
    """Reserve Python names: scorer variables, and one dict per 0.x `evals` object."""
    for scorer in ctx.project.scorers:
        module = ctx.module_for_file(scorer.span.file)
        if scorer.scorer_type == "legacy_metric":
            owner = scorer.name.split(".")[0]
            key = f"{scorer.span.file}#evals:{owner}"
            if key not in ctx.symbols:
                agents = {a.variable for a in ctx.project.agents}
                wanted = f"{owner}_evals" if owner in agents else owner
                name = ctx.allocator(module.dotted).claim(py_identifier(wanted))
                ctx.symbols[key] = Symbol(module.dotted, name, "evals")
            continue
        name = ctx.allocator(module.dotted).claim(py_identifier(scorer.variable or scorer.name))
        ctx.symbols[scorer.id] = Symbol(module.dotted, name, "scorer")


def convert_all(ctx: ConvertContext) -> None:
    legacy: dict[str, list[tuple[str, str]]] = {}
    for scorer in ctx.project.scorers:
        module = ctx.module_for_file(scorer.span.file)
        if scorer.scorer_type == "legacy_metric":
            owner, _, metric_key = scorer.name.partition(".")
            factory = LEGACY.get(scorer.factory or "")
            if factory is None and metric_classes.is_metric_class(scorer):
                out = _metric_class_instance(ctx, scorer, module, metric_key or scorer.name)
            elif factory is None:
                out = _Out()
                reason = f"{scorer.factory} has no lumosai.evals equivalent"
                out.problems.append((RULE_LEGACY, reason))
                out.expr = _unconverted(module, metric_key or scorer.name, reason)
            else:
                out = _prebuilt(ctx, factory, scorer.options, scorer.model, module, RULE_LEGACY)
            legacy.setdefault(f"{scorer.span.file}#evals:{owner}", []).append(
                (metric_key or scorer.name, out.expr)
            )
            for block in out.blocks:
                module.add(block)
            _finish(ctx, scorer, out, module, ctx.symbols[f"{scorer.span.file}#evals:{owner}"])
            continue
        symbol = ctx.symbols[scorer.id]
        if scorer.scorer_type == "prebuilt":
            out = _prebuilt(
                ctx, scorer.factory or "", scorer.options, scorer.model, module, RULE_PREBUILT
            )
            if not out.expr:
                out.expr = _unconverted(module, scorer.variable or scorer.name, out.problems[0][1])
        else:
            out = _custom(ctx, scorer, symbol.name, module)
            if any(rule == RULE_STEP for rule, _ in out.problems):
                scorer_id = scorer.scorer_id or scorer.name
                out.expr = _unconverted(module, scorer_id, out.problems[0][1])
                out.blocks = []
        for block in out.blocks:
            module.add(block)
        markers = [
            f"# TODO(lumos-migrate:{rule}): {message} - see docs/rules/{rule}.md"
            for rule, message in out.problems
        ]
        module.add("\n".join([*markers, f"{symbol.name} = {out.expr}"]))
        _finish(ctx, scorer, out, module, symbol)
    for key, items in legacy.items():
        symbol = ctx.symbols[key]
        module = ctx.modules[symbol.module]
        body = ",\n".join(f"    {py_string(name)}: {expr}" for name, expr in items)
        module.add(f"{symbol.name} = {{\n{body},\n}}")


def _metric_class_instance(
    ctx: ConvertContext, scorer: ir.Scorer, module: PyModule, metric_key: str
) -> _Out:
    """A project `class X extends Metric` used in `evals`: translated (or bridged) class, and
    an instance of it as a scorer."""
    out = _Out()
    made = metric_classes.convert_class(ctx, scorer)
    if not made.name:
        out.problems.append((RULE_LEGACY, made.problem))
        out.expr = _unconverted(module, metric_key, made.problem)
        return out
    try:
        out.expr = metric_classes.instance(ctx, scorer, made, module, metric_key)
    except NotExpressible as exc:
        reason = f"{scorer.factory} arguments ({exc}) are computed at run time"
        out.problems.append((RULE_LEGACY, reason))
        out.expr = _unconverted(module, metric_key, reason)
        return out
    out.bridged = made.status == Status.BRIDGED
    if out.bridged:
        out.problems.append((RULE_LEGACY, made.problem))
    return out


def _finish(
    ctx: ConvertContext, scorer: ir.Scorer, out: _Out, module: PyModule, symbol: Symbol
) -> None:
    rule, message = out.problems[0] if out.problems else (None, None)
    status = Status.NATIVE
    if out.problems:
        status = Status.BRIDGED if out.bridged else Status.TODO
    ctx.record(
        scorer,
        status,
        f"{module.path}:{symbol.name}",
        rule=rule,
        message="; ".join(m for _, m in out.problems) or message,
        name=scorer.scorer_id or scorer.variable or scorer.name,
    )


def agent_scorers(ctx: ConvertContext, agent: ir.Agent, module: PyModule) -> str | None:
    """`scorers: { key: { scorer, sampling } }` and 0.x `evals: { key: metric }` of an agent as
    the `scorers=` argument of `Agent(...)` (None when it has neither). Legacy evals ran on
    every call, so they get no sampling."""
    items: list[str] = []
    keys: set[str] = set()
    for ref in [*agent.scorers, *agent.evals]:
        construct = ctx.index.get(ref.target or "")
        if not isinstance(construct, ir.Scorer):
            continue
        if construct.scorer_type == "legacy_metric":
            owner, _, metric = construct.name.partition(".")
            symbol = ctx.symbols.get(f"{construct.span.file}#evals:{owner}")
            expr = f"{symbol.name}[{py_string(metric)}]" if symbol else None
        else:
            symbol = ctx.symbols.get(construct.id)
            expr = symbol.name if symbol else None
        if symbol is None or expr is None:
            continue
        if symbol.module != module.dotted:
            module.imports.add(symbol.module, symbol.name)
        sampling = None
        if isinstance(ref.value, ir.ObjectValue) and ref.value.get("sampling") is not None:
            try:
                sampling = py_value(ctx, ref.value.get("sampling"), module)
            except NotExpressible:
                sampling = None
        entry = f'{{"scorer": {expr}, "sampling": {sampling}}}' if sampling else expr
        key = ref.key if ref.key not in keys else f"eval-{ref.key}"  # evals beside scorers
        keys.add(key)
        items.append(f"{py_string(key)}: {entry}")
    return "{" + ", ".join(items) + "}" if items else None
