"""Model references (AI SDK provider calls, router strings, OpenAI-compatible configs, fallbacks)
-> a Lumos model string for `lumosai.yaml` and/or a Python expression for code.

Secrets never travel: a literal API key in the TypeScript becomes an `os.environ` lookup and a
name in `.env.example`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.values import NotStatic, py_literal, py_string, source_of, to_data

RULE_DYNAMIC_MODEL = "LM340"
RULE_MODEL_SETTINGS = "LM341"
RULE_FALLBACK = "LM342"
RULE_SECRET = "LM343"
RULE_UNKNOWN_PROVIDER = "LM344"

#: AI SDK provider factory -> Lumos provider prefix.
PROVIDERS = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "google",
    "gemini": "google",
    "deepseek": "deepseek",
    "qwen": "qwen",
    "ollama": "ollama",
    "groq": "groq",
    "mistral": "mistral",
    "openrouter": "openrouter",
    "xai": "xai",
    "cohere": "cohere",
    "togetherai": "together",
    "together": "together",
}

#: Provider -> the env var holding its key (what `.env.example` lists).
KEY_ENV = {
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "google": "GOOGLE_GENERATIVE_AI_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "qwen": "DASHSCOPE_API_KEY",
    "groq": "GROQ_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "xai": "XAI_API_KEY",
    "cohere": "COHERE_API_KEY",
    "together": "TOGETHER_API_KEY",
}

_FACTORIES = {
    "createOpenAI": "openai",
    "createAnthropic": "anthropic",
    "createGoogleGenerativeAI": "google",
    "createOllama": "ollama",
    "createDeepSeek": "deepseek",
    "createGroq": "groq",
    "createMistral": "mistral",
    "createOpenAICompatible": "openai",
    "createOpenRouter": "openrouter",
    "createXai": "xai",
}


@dataclass
class ModelOut:
    """How one model reference comes out."""

    yaml: str | None = None  # "openai/gpt-4o-mini" when expressible as a string
    code: str = "None"  # Python expression
    imports: list[tuple[str, str | None]] = field(default_factory=list)
    env: list[str] = field(default_factory=list)
    issues: list[tuple[str, str]] = field(default_factory=list)  # (rule, message) -> todo
    notes: list[tuple[str, str]] = field(default_factory=list)  # (rule, message) -> warnings
    dynamic: bool = False


def _provider_of(spec: ir.ModelSpec) -> str | None:
    name = spec.provider or ""
    if spec.provider_factory:
        factory = spec.provider_factory.split("(")[0].strip()
        name = _FACTORIES.get(factory, name or factory)
    return PROVIDERS.get(name.lower(), name.lower() or None)


def _secret(value: ir.Value | None, provider: str, out: ModelOut, what: str) -> str | None:
    """An expression for an API key / URL setting that never copies a literal secret.

    Every read is `os.environ.get`: Mastra passes an unset variable on as `undefined` (the
    provider then uses its own default or fails at call time), so importing the converted app
    must not fail either."""
    from lumosai.migrate.convert.values import env_read, py_env_text

    if value is None:
        return None
    if isinstance(value, ir.ReferenceValue) and value.env:
        out.env.append(value.env)
        out.imports.append(("os", None))
        return f"os.environ.get({py_string(value.env)})"
    try:
        data = to_data(value)
    except NotStatic:
        names = env_names_in(value)
        if names:
            # `process.env.KEY ?? 'literal'`: the variable stays, a literal fallback never does
            out.env.append(names[0])
            out.imports.append(("os", None))
            read = env_read(value)
            if read is not None and read.fallback is not None:
                # a URL fallback is kept (it is configuration; `||` also replaces an empty
                # value, `??` only an unset one), a key fallback is not (it may be a secret)
                placeholder = read.placeholder() if what == "url" else None
                if placeholder is not None:
                    return py_env_text(placeholder)
                return f"os.environ.get({py_string(names[0])}, {py_string('')})"
            if what == "apiKey":
                out.notes.append(
                    (
                        RULE_SECRET,
                        f"{what} reads {names[0]} from the environment; "
                        "any literal fallback was not copied",
                    )
                )
            return f"os.environ.get({py_string(names[0])})"
        # the source text may hold a secret: name the setting, never its text
        out.issues.append((RULE_DYNAMIC_MODEL, f"{what} is computed at run time"))
        return None
    if what == "apiKey":
        env = KEY_ENV.get(provider, f"{provider.upper()}_API_KEY")
        out.env.append(env)
        out.imports.append(("os", None))
        out.notes.append(
            (
                RULE_SECRET,
                f"a literal API key was replaced by the {env} "
                "environment variable; it was not copied",
            )
        )
        return f"os.environ.get({py_string(env)})"
    return py_string(str(data))


def convert_model(spec: ir.ModelSpec | None) -> ModelOut:
    out = ModelOut()
    if spec is None:
        out.issues.append((RULE_DYNAMIC_MODEL, "agent has no model"))
        return out
    if spec.kind in ("router_string", "provider_call") and spec.model_id:
        provider = _provider_of(spec)
        model_string = spec.model_id
        if provider and not model_string.startswith(provider + "/"):
            model_string = f"{provider}/{model_string}"
        if (
            spec.kind == "router_string"
            and isinstance(spec.value, ir.LiteralValue)
            and isinstance(spec.value.value, str)
        ):
            model_string = spec.value.value  # the router string exactly as written
        prov = model_string.split("/", 1)[0] if "/" in model_string else (provider or "")
        custom = _custom_provider(spec, prov, out)
        if custom is not None:
            out.code = custom
            return out
        out.yaml = model_string
        out.code = py_string(model_string)
        if prov in KEY_ENV:
            out.env.append(KEY_ENV[prov])
        if spec.settings:
            keys = ", ".join(sorted(spec.settings))
            out.notes.append(
                (
                    RULE_MODEL_SETTINGS,
                    f"provider settings ({keys}) are not carried "
                    "over; set them on the Lumos provider if they matter",
                )
            )
        return out
    if spec.kind == "openai_compatible":
        settings = spec.settings
        model_string = spec.model_id or ""
        prov = model_string.split("/", 1)[0] if "/" in model_string else "openai"
        url = _secret(settings.get("url") or settings.get("baseURL"), prov, out, "url")
        key = _secret(settings.get("apiKey"), prov, out, "apiKey")
        model_name = model_string.split("/", 1)[1] if "/" in model_string else model_string
        if url is None:
            # no custom endpoint: the provider's own client reads its usual key variable
            out.yaml = model_string if "/" in model_string else f"openai/{model_string}"
            out.code = py_string(out.yaml)
            if prov in KEY_ENV:
                out.env.append(KEY_ENV[prov])
            return out
        args = [py_string(model_name)]
        if url:
            args.append(f"base_url={url}")
        if key:
            args.append(f"api_key={key}")
        out.imports.append(("lumosai", "openai_compatible"))
        out.code = f"openai_compatible({', '.join(args)})"
        return out
    if spec.kind == "fallback" and spec.fallbacks:
        return _fallback(spec.fallbacks, out)
    out.dynamic = True
    out.issues.append(
        (
            RULE_DYNAMIC_MODEL,
            f"the model is chosen at run time ({source_of(spec.value) or spec.kind})",
        )
    )
    return out


def _fallback(entries: list[ir.FallbackModel], out: ModelOut) -> ModelOut:
    """`[{ model, maxRetries, enabled }, ...]` -> `FallbackModel([FallbackEntry(...), ...])`:
    each model tried in order with its retries, as Mastra does (code only: YAML holds one)."""
    items: list[str] = []
    for entry in entries:
        inner = convert_model(entry.model)
        if inner.dynamic or inner.code == "None":
            out.issues.append((RULE_FALLBACK, "a model of the fallback list is chosen at run time"))
            out.issues.extend(inner.issues)
            continue
        out.imports.extend(inner.imports)
        out.env.extend(inner.env)
        out.issues.extend(inner.issues)
        out.notes.extend(inner.notes)
        args = [inner.code]
        if entry.max_retries:
            args.append(f"max_retries={entry.max_retries}")
        enabled = _enabled(entry.enabled, out)
        if enabled is not None:
            args.append(f"enabled={enabled}")
        items.append(f"FallbackEntry({', '.join(args)})")
    out.imports.append(("lumosai.llm", "FallbackEntry"))
    out.imports.append(("lumosai.llm", "FallbackModel"))
    out.code = "FallbackModel([" + ", ".join(items) + "])"
    return out


def _enabled(value: ir.Value | None, out: ModelOut) -> str | None:
    """`enabled: false` / `process.env.X === 'true'` as Python (None: always enabled)."""
    if value is None:
        return None
    try:
        data = to_data(value)
    except NotStatic:
        data = None
    else:
        return None if data is True else repr(bool(data))
    if isinstance(value, ir.OperatorValue) and value.operator in ("===", "!==", "==", "!="):
        sides: list[str] = []
        for operand in value.operands:
            if isinstance(operand, ir.ReferenceValue) and operand.env:
                out.env.append(operand.env)
                out.imports.append(("os", None))
                sides.append(f"os.environ.get({py_string(operand.env)})")
            else:
                try:
                    sides.append(repr(to_data(operand)))
                except NotStatic:
                    break
        if len(sides) == 2:
            op = "==" if value.operator in ("===", "==") else "!="
            return f"{sides[0]} {op} {sides[1]}"
    if isinstance(value, ir.ReferenceValue) and value.env:
        out.env.append(value.env)
        out.imports.append(("os", None))
        return f"bool(os.environ.get({py_string(value.env)}))"
    out.issues.append((RULE_FALLBACK, "`enabled` of a fallback model is computed at run time"))
    return None


def _custom_provider(spec: ir.ModelSpec, provider: str, out: ModelOut) -> str | None:
    """`createOpenAI({ baseURL, apiKey })('m')` -> `openai_compatible('m', base_url=, api_key=)`."""
    factory = (spec.provider_factory or "").split("(")[0].strip()
    if factory not in _FACTORIES:
        return None
    settings = spec.settings
    url = _secret(settings.get("baseURL") or settings.get("url"), provider, out, "url")
    key = _secret(settings.get("apiKey"), provider, out, "apiKey")
    if url is None:
        # only a key: the provider reads its usual env var, which is where the key now lives
        return None
    args = [py_string(spec.model_id or "")]
    if url:
        args.append(f"base_url={url}")
    if key:
        args.append(f"api_key={key}")
    if provider == "ollama":
        out.imports.append(("lumosai", "ollama"))
        return f"ollama({args[0]}" + (f", base_url={url}" if url else "") + ")"
    out.imports.append(("lumosai", "openai_compatible"))
    return f"openai_compatible({', '.join(args)})"


def _literal_fallback(value: ir.Value) -> str | None:
    """The string literal of `process.env.X ?? 'literal'` (or `||`), else None."""
    if not isinstance(value, ir.OperatorValue) or value.operator not in ("??", "||"):
        return None
    if len(value.operands) != 2:
        return None
    env, fallback = value.operands
    if not (isinstance(env, ir.ReferenceValue) and env.env):
        return None
    if isinstance(fallback, ir.LiteralValue) and isinstance(fallback.value, str):
        return fallback.value
    return None


def env_names_in(value: ir.Value | None) -> list[str]:
    """`process.env.X` references anywhere inside a value, in source order."""
    found: list[str] = []

    def walk(v: object) -> None:
        if isinstance(v, ir.ReferenceValue) and v.env:
            found.append(v.env)
        elif isinstance(v, ir.OperatorValue):
            for operand in v.operands:
                walk(operand)
        elif isinstance(v, ir.ArrayValue):
            for item in v.items:
                walk(item)
        elif isinstance(v, ir.ObjectValue):
            for prop in v.properties:
                walk(prop.value)

    walk(value)
    return list(dict.fromkeys(found))


# ----------------------------------------------------------------------- call settings
#
# Which default options an agent's `generate()`/`stream()` use depends on the Mastra version:
# 1.x reads `defaultOptions`; 0.20+ (where `generate` became the vNext loop) reads
# `defaultVNextStreamOptions`, the legacy `defaultGenerateOptions`/`defaultStreamOptions`
# apply to `generateLegacy`/`streamLegacy` only; older 0.x `generate` reads
# `defaultGenerateOptions`. Every 0.x version sends temperature 0 when none is set (0.20+:
# `modelSettings: { temperature: 0, ...options.modelSettings }`; before, AI SDK 4's default).

#: AI SDK call setting -> Lumos agent setting.
SETTING_NAMES = {
    "temperature": "temperature",
    "maxOutputTokens": "max_tokens",
    "maxTokens": "max_tokens",
    "topP": "top_p",
    "topK": "top_k",
    "stopSequences": "stop",
    "seed": "seed",
    "presencePenalty": "presence_penalty",
    "frequencyPenalty": "frequency_penalty",
}
#: Settings the `Agent(...)` constructor takes as keywords (the rest go in `model_settings`).
AGENT_KEYWORDS = ("temperature", "max_tokens", "top_p", "stop")
_DEFAULT_OPTION_KEYS = (
    "defaultOptions",
    "defaultGenerateOptions",
    "defaultStreamOptions",
    "defaultVNextStreamOptions",
    "defaultGenerateOptionsLegacy",
    "defaultStreamOptionsLegacy",
)


@dataclass
class SettingsOut:
    """The model settings and step limit a converted agent runs `generate()` with."""

    values: dict[str, Any] = field(default_factory=dict)  # Lumos setting -> value
    max_steps: int | None = None
    notes: list[tuple[str, str]] = field(default_factory=list)

    def keywords(self) -> dict[str, str]:
        """`Agent(...)` keyword arguments as Python source."""
        out = {k: py_literal(v) for k, v in self.values.items() if k in AGENT_KEYWORDS}
        rest = {k: v for k, v in self.values.items() if k not in AGENT_KEYWORDS}
        if rest:
            out["model_settings"] = py_literal(rest)
        return out

    @property
    def yaml_ready(self) -> bool:
        """lumosai.yaml agents hold temperature and max_tokens only."""
        return all(k in ("temperature", "max_tokens") for k in self.values)


def core_version(versions: dict[str, str]) -> tuple[int, int] | None:
    """(major, minor) of the pinned `@mastra/core`, if known."""
    core = versions.get("@mastra/core", "")
    digits = [p for p in core.lstrip("^~>=v ").split(".")[:2]]
    if len(digits) == 2 and all(d.isdigit() for d in digits):
        return int(digits[0]), int(digits[1])
    return None


def agent_settings(
    options: dict[str, ir.Value], *, era: str | None, versions: dict[str, str]
) -> SettingsOut:
    """The settings Mastra's `agent.generate()` would send, made explicit for Lumos."""
    out = SettingsOut()
    version = core_version(versions)
    legacy_0x = era == "0.x" or (version is not None and version[0] == 0)
    if version is not None and version[0] >= 1:
        legacy_0x = False
    if not legacy_0x:
        source, nested = "defaultOptions", True
    elif version is None or version[1] >= 20:
        source, nested = "defaultVNextStreamOptions", True
    else:
        source, nested = "defaultGenerateOptions", False
    for key in _DEFAULT_OPTION_KEYS:
        if key != source and key in options:
            out.notes.append(
                (
                    RULE_MODEL_SETTINGS,
                    f"{key} is not what generate() reads in this Mastra version "
                    f"({source} is); not carried over",
                )
            )
    value = options.get(source)
    if value is not None:
        _read_options(value, source, nested, out)
    if legacy_0x and "temperature" not in out.values:
        out.values["temperature"] = 0
    return out


def _read_options(value: ir.Value, source: str, nested: bool, out: SettingsOut) -> None:
    if not isinstance(value, ir.ObjectValue):
        out.notes.append(
            (RULE_MODEL_SETTINGS, f"{source} is computed at run time; not carried over")
        )
        return
    for prop in value.properties:
        if prop.key == "maxSteps":
            steps = _static(prop.value)
            if isinstance(steps, int) and not isinstance(steps, bool):
                out.max_steps = steps
            continue
        if nested and prop.key == "modelSettings":
            if not isinstance(prop.value, ir.ObjectValue):
                out.notes.append(
                    (RULE_MODEL_SETTINGS, f"{source}.modelSettings is computed at run time")
                )
                continue
            for setting in prop.value.properties:
                _setting(setting.key, setting.value, f"{source}.modelSettings", out)
            continue
        if not nested and prop.key in SETTING_NAMES:
            _setting(prop.key, prop.value, source, out)
            continue
        if prop.key == "toolChoice" and _static(prop.value) == "auto":
            continue  # the default
        out.notes.append((RULE_MODEL_SETTINGS, f"{source}.{prop.key} is not carried over"))


def _setting(key: str, value: ir.Value, where: str, out: SettingsOut) -> None:
    name = SETTING_NAMES.get(key)
    data = _static(value)
    if name is None or data is None:
        out.notes.append((RULE_MODEL_SETTINGS, f"{where}.{key} is not carried over"))
        return
    out.values[name] = data


def _static(value: ir.Value | None) -> Any:
    try:
        return to_data(value)
    except NotStatic:
        return None
