"""An agent's `voice: new OpenAIVoice({...})` -> `lumosai.voice.OpenAIVoice` (code) or the
`voice:` block of a lumosai.yaml agent. Other voice providers stay a TODO (LM373)."""

from __future__ import annotations

from typing import Any

from lumosai.migrate import ir
from lumosai.migrate.convert.context import ConvertContext
from lumosai.migrate.convert.pymodule import PyModule
from lumosai.migrate.convert.result import Status
from lumosai.migrate.convert.values import NotStatic, py_string, to_data

RULE_VOICE = "LM373"
DEFAULT_KEY_ENV = "OPENAI_API_KEY"


def _model(value: ir.Value | None, default: str) -> tuple[str, str | None]:
    """`{ name, apiKey }` -> (model name, env var of its key when not OPENAI_API_KEY)."""
    if not isinstance(value, ir.ObjectValue):
        return default, None
    try:
        name = to_data(value.get("name")) if value.get("name") is not None else default
    except NotStatic as exc:
        raise NotStatic(f"model name {exc}") from exc
    key = value.get("apiKey")
    env = key.env if isinstance(key, ir.ReferenceValue) else None
    if key is not None and env is None:
        raise NotStatic("a literal apiKey (it is never copied; use an environment variable)")
    return str(name), env if env and env != DEFAULT_KEY_ENV else None


def agent_voice(
    ctx: ConvertContext,
    agent: ir.Agent,
    module: PyModule,
    kwargs: dict[str, str],
    yaml: dict[str, Any],
    output: str,
) -> list[tuple[str, str]]:
    """Set the agent's voice (code `kwargs` and the lumosai.yaml block) and record the voice
    construct; returns notes for the person (secrets read from other variables)."""
    ref = agent.voice
    construct = (
        ctx.index.get(ref.target) if isinstance(ref, ir.ReferenceValue) and ref.target else None
    )
    if not isinstance(construct, ir.OtherConstruct) or construct.factory != "OpenAIVoice":
        return []  # recorded as a TODO with the other constructs
    notes: list[tuple[str, str]] = []
    try:
        speech, speech_env = _model(construct.options.get("speechModel"), "tts-1")
        listening, listening_env = _model(construct.options.get("listeningModel"), "whisper-1")
        speaker_value = construct.options.get("speaker")
        speaker = str(to_data(speaker_value)) if speaker_value is not None else "alloy"
    except NotStatic as exc:
        ctx.record(
            construct,
            Status.TODO,
            "",
            rule=RULE_VOICE,
            message=f"OpenAIVoice option is not static: {exc}",
        )
        return []
    args = [
        f"speech_model={py_string(speech)}",
        f"listening_model={py_string(listening)}",
        f"speaker={py_string(speaker)}",
    ]
    for keyword, env in (("speech_api_key", speech_env), ("listening_api_key", listening_env)):
        if env:
            module.imports.add("os")
            args.append(f"{keyword}=os.environ.get({py_string(env)})")
            ctx.env_names.add(env)
            notes.append((RULE_VOICE, f"voice {keyword} is read from {env}"))
    module.imports.add("lumosai.voice", "OpenAIVoice")
    kwargs["voice"] = f"OpenAIVoice({', '.join(args)})"
    if not speech_env and not listening_env:
        yaml["voice"] = {
            "enabled": True,
            "provider": "openai",
            "voice_id": speaker,
            "speech_model": speech,
            "listening_model": listening,
        }
    ctx.record(construct, Status.NATIVE, output)
    return notes


def needs_code(ctx: ConvertContext, agent: ir.Agent) -> bool:
    """A voice whose keys come from other variables than OPENAI_API_KEY needs the agent in code."""
    ref = agent.voice
    construct = (
        ctx.index.get(ref.target) if isinstance(ref, ir.ReferenceValue) and ref.target else None
    )
    if not isinstance(construct, ir.OtherConstruct) or construct.factory != "OpenAIVoice":
        return False
    for key in ("speechModel", "listeningModel"):
        value = construct.options.get(key)
        api_key = value.get("apiKey") if isinstance(value, ir.ObjectValue) else None
        if isinstance(api_key, ir.ReferenceValue) and api_key.env not in (None, DEFAULT_KEY_ENV):
            return True
    return False
