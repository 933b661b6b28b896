"""OpenAIVoice against a local stand-in for OpenAI's audio endpoints (a real HTTP server on
127.0.0.1): what is sent (model, voice, input, multipart file) and what comes back."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from lumosai import Agent
from lumosai.testing import ScriptedModel
from lumosai.voice import OpenAIVoice, VoiceError

AUDIO = b"ID3\x04fake-mp3-bytes"


class AudioServer(BaseHTTPRequestHandler):
    seen: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.seen.append(
            {
                "path": self.path,
                "auth": self.headers["Authorization"],
                "body": body,
                "type": self.headers["Content-Type"],
            }
        )
        if self.path.endswith("/audio/speech"):
            if json.loads(body)["voice"] == "nobody":
                self._send(400, b'{"error": {"message": "unknown voice"}}', "application/json")
                return
            self._send(200, AUDIO, "audio/mpeg")
        elif self.path.endswith("/audio/transcriptions"):
            self._send(200, b'{"text": "hello from the recording"}', "application/json")
        else:
            self._send(404, b"{}", "application/json")

    def _send(self, status: int, data: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    AudioServer.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), AudioServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()


async def test_speak_sends_model_voice_and_text(server: str) -> None:
    voice = OpenAIVoice(speech_model="tts-1-hd", speaker="nova", api_key="k1", base_url=server)
    audio = await voice.speak("Good morning", speed=1.2)
    assert audio == AUDIO
    sent = AudioServer.seen[0]
    assert sent["path"] == "/v1/audio/speech" and sent["auth"] == "Bearer k1"
    assert json.loads(sent["body"]) == {
        "model": "tts-1-hd",
        "voice": "nova",
        "input": "Good morning",
        "response_format": "mp3",
        "speed": 1.2,
    }


async def test_listen_uploads_the_audio(server: str, tmp_path: Path) -> None:
    voice = OpenAIVoice(listening_model="whisper-1", api_key="k2", base_url=server)
    text = await voice.listen(AUDIO, filetype="wav")
    assert text == "hello from the recording"
    sent = AudioServer.seen[0]
    assert sent["path"] == "/v1/audio/transcriptions"
    assert sent["type"].startswith("multipart/form-data")
    assert b'name="model"' in sent["body"] and b"whisper-1" in sent["body"]
    assert b'filename="audio.wav"' in sent["body"] and AUDIO in sent["body"]


async def test_errors_name_the_status_and_missing_keys(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(VoiceError, match=r"HTTP 400.*unknown voice"):
        await OpenAIVoice(api_key="k", base_url=server).speak("hi", speaker="nobody")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(VoiceError, match="OPENAI_API_KEY"):
        await OpenAIVoice(base_url=server).speak("hi")


async def test_agent_voice_and_speakers(server: str) -> None:
    agent = Agent(
        name="narrator",
        instructions="Narrate.",
        model=ScriptedModel([{"text": "Sunny and warm."}]),
        voice=OpenAIVoice(api_key="k", base_url=server, speaker="onyx"),
    )
    reply = await agent.generate("weather?")
    assert await agent.voice.speak(reply.text) == AUDIO
    assert {"voiceId": "onyx"} in await agent.voice.get_speakers()


def test_yaml_voice_builds_an_openai_voice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lumosai import LumosApp

    monkeypatch.setenv("OPENAI_API_KEY", "test")
    (tmp_path / "lumosai.yaml").write_text(
        "project: {name: v}\n"
        "agents:\n"
        "  narrator:\n"
        "    model: openai/gpt-4o-mini\n"
        "    instructions: Narrate.\n"
        "    voice: {enabled: true, provider: openai, voice_id: nova,"
        " speech_model: tts-1-hd, listening_model: whisper-1}\n"
    )
    voice = LumosApp.from_config(tmp_path / "lumosai.yaml").agent("narrator").voice
    assert isinstance(voice, OpenAIVoice)
    assert (voice.speech_model, voice.listening_model, voice.speaker) == (
        "tts-1-hd",
        "whisper-1",
        "nova",
    )
