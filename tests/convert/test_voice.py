"""`voice: new OpenAIVoice({...})` on an agent becomes a lumosai.voice.OpenAIVoice with the same
models and speaker: in lumosai.yaml when the keys come from OPENAI_API_KEY, in code otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from lumosai.migrate.convert.context import ConvertOptions
from lumosai.migrate.convert.run import run_conversion
from tests.convert_helpers import ROOT, assert_ruff_clean_and_compiles, run_python


def statuses(outcome: object) -> dict[tuple[str, str], str]:
    return {(c.kind, c.name): c.status.value for c in outcome.result.constructs}  # type: ignore[attr-defined]


def test_fixture_voice_goes_to_lumosai_yaml(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outcome = run_conversion(ROOT / "fixtures/mastra/mcp-hub-1x", out, ConvertOptions())
    assert statuses(outcome)[("voice", "voiceAgent.voice")] == "native"
    printed = run_python(
        out,
        "from app import build_app\n"
        "v = build_app().agent('voiceAgent').voice\n"
        "print(type(v).__name__, v.speech_model, v.listening_model, v.speaker)\n",
        OPENAI_API_KEY="test",
        NOTES_DIR="/tmp",
    )
    assert printed.split() == ["OpenAIVoice", "tts-1-hd", "whisper-1", "nova"]


def test_voice_keys_from_other_variables_put_the_agent_in_code(tmp_path: Path) -> None:
    src = tmp_path / "app"
    (src / "src/mastra").mkdir(parents=True)
    (src / "package.json").write_text(
        json.dumps({"name": "talker", "dependencies": {"@mastra/core": "1.71.0"}})
    )
    (src / "src/mastra/index.ts").write_text(
        "import { Mastra } from '@mastra/core/mastra';\n"
        "import { Agent } from '@mastra/core/agent';\n"
        "import { OpenAIVoice } from '@mastra/voice-openai';\n"
        "export const talker = new Agent({ id: 'talker', name: 'Talker', instructions: 'Talk.',\n"
        "  model: 'openai/gpt-4o-mini',\n"
        "  voice: new OpenAIVoice({ speechModel: { name: 'tts-1', apiKey: process.env.TTS_KEY },\n"
        "    speaker: 'echo' }) });\n"
        "export const mastra = new Mastra({ agents: { talker } });\n"
    )
    out = tmp_path / "out"
    outcome = run_conversion(src, out, ConvertOptions())
    assert statuses(outcome)[("voice", "talker.voice")] == "native"
    assert_ruff_clean_and_compiles(out)
    code = (out / "talker/__init__.py").read_text()
    assert 'speech_api_key=os.environ.get("TTS_KEY")' in code
    assert "TTS_KEY" in (out / ".env.example").read_text()
    printed = run_python(
        out,
        "from app import build_app\n"
        "v = build_app().agent('talker').voice\n"
        "print(v.speech_model, v.speaker, v.speech_api_key)\n",
        OPENAI_API_KEY="test",
        TTS_KEY="secret-tts",
    )
    assert printed.split() == ["tts-1", "echo", "secret-tts"]
