"""What an agent's voice offers (Mastra's ``MastraVoice``: speak, listen, getSpeakers)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


class VoiceError(RuntimeError):
    """The voice provider refused or failed a request (status and body in the message)."""


@runtime_checkable
class Voice(Protocol):
    async def speak(self, text: str, *, speaker: str | None = None, **options: Any) -> bytes:
        """Audio for ``text``."""
        ...

    async def listen(self, audio: bytes, *, filetype: str = "mp3", **options: Any) -> str:
        """The transcript of ``audio``."""
        ...

    async def get_speakers(self) -> list[dict[str, str]]:
        """The voices ``speak`` accepts, as ``{"voiceId": ...}``."""
        ...
