"""Voice for agents: text to speech and speech to text.

``OpenAIVoice`` mirrors Mastra's ``@mastra/voice-openai`` (``speechModel``, ``listeningModel``,
``speaker``) over OpenAI's audio endpoints; ``agent.voice.speak(text)`` returns the audio bytes
and ``agent.voice.listen(audio)`` the transcript.
"""

from lumosai.voice.base import Voice, VoiceError
from lumosai.voice.openai import OPENAI_SPEAKERS, OpenAIVoice

__all__ = ["OPENAI_SPEAKERS", "OpenAIVoice", "Voice", "VoiceError"]
