"""OpenAI text-to-speech and transcription, with Mastra's ``OpenAIVoice`` options."""

from __future__ import annotations

import os
from typing import Any

import httpx

from lumosai.voice.base import VoiceError

#: The voices of OpenAI's speech models (Mastra's `getSpeakers()` list).
OPENAI_SPEAKERS = (
    "alloy",
    "ash",
    "ballad",
    "coral",
    "echo",
    "fable",
    "onyx",
    "nova",
    "sage",
    "shimmer",
    "verse",
)
DEFAULT_BASE_URL = "https://api.openai.com/v1"


class OpenAIVoice:
    """``OpenAIVoice(speech_model="tts-1", listening_model="whisper-1", speaker="alloy")``.

    The key comes from ``api_key`` or ``OPENAI_API_KEY``, the endpoint from ``base_url`` or
    ``OPENAI_BASE_URL``; both are read when a request is made, so building an agent never
    needs them. Separate keys per model work as in Mastra (``speech_api_key``,
    ``listening_api_key``).
    """

    def __init__(
        self,
        *,
        speech_model: str = "tts-1",
        listening_model: str = "whisper-1",
        speaker: str = "alloy",
        api_key: str | None = None,
        speech_api_key: str | None = None,
        listening_api_key: str | None = None,
        base_url: str | None = None,
        timeout: float = 60.0,
    ) -> None:
        self.speech_model = speech_model
        self.listening_model = listening_model
        self.speaker = speaker
        self.api_key = api_key
        self.speech_api_key = speech_api_key
        self.listening_api_key = listening_api_key
        self.base_url = base_url
        self.timeout = timeout

    def __repr__(self) -> str:
        return (
            f"OpenAIVoice(speech_model={self.speech_model!r}, "
            f"listening_model={self.listening_model!r}, speaker={self.speaker!r})"
        )

    def _endpoint(self, path: str) -> str:
        base = self.base_url or os.environ.get("OPENAI_BASE_URL") or DEFAULT_BASE_URL
        return base.rstrip("/") + path

    def _headers(self, key: str | None) -> dict[str, str]:
        token = key or self.api_key or os.environ.get("OPENAI_API_KEY")
        if not token:
            raise VoiceError("OpenAIVoice needs an API key: pass api_key= or set OPENAI_API_KEY")
        return {"Authorization": f"Bearer {token}"}

    async def speak(
        self,
        text: str,
        *,
        speaker: str | None = None,
        speed: float | None = None,
        response_format: str = "mp3",
        **options: Any,
    ) -> bytes:
        """The audio of ``text`` in ``response_format`` (mp3 by default, as Mastra)."""
        if not text.strip():
            raise VoiceError("speak() needs some text")
        body: dict[str, Any] = {
            "model": self.speech_model,
            "voice": speaker or self.speaker,
            "input": text,
            "response_format": response_format,
            **options,
        }
        if speed is not None:
            body["speed"] = speed
        headers = self._headers(self.speech_api_key)
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.post(
                self._endpoint("/audio/speech"), json=body, headers=headers
            )
        _check(response, "speech")
        return response.content

    async def listen(self, audio: bytes, *, filetype: str = "mp3", **options: Any) -> str:
        """The transcript of ``audio`` (``filetype``: mp3, wav, m4a, webm, ...)."""
        data = {"model": self.listening_model, **{k: str(v) for k, v in options.items()}}
        files = {"file": (f"audio.{filetype}", audio, f"audio/{filetype}")}
        headers = self._headers(self.listening_api_key)
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            response = await client.post(
                self._endpoint("/audio/transcriptions"), data=data, files=files, headers=headers
            )
        _check(response, "transcription")
        return str(response.json().get("text", ""))

    async def get_speakers(self) -> list[dict[str, str]]:
        return [{"voiceId": name} for name in OPENAI_SPEAKERS]


def _check(response: httpx.Response, what: str) -> None:
    if response.is_success:
        return
    raise VoiceError(
        f"OpenAI {what} request failed: HTTP {response.status_code}: {response.text[:500]}"
    )
