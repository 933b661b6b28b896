"""Test doubles shipped with lumosai: run agents offline.

``ScriptedModel`` replays a script in-process; ``mock_llm_server`` serves the same script over
a real OpenAI-compatible HTTP endpoint on 127.0.0.1 (see ``lumosai.testing.script`` for the
script format and how concurrent conversations map to items).
"""

from typing import Any

from lumosai.testing.script import Script, ScriptError, ScriptReply
from lumosai.testing.scripted import ScriptedModel

__all__ = [
    "MockLLMServer",
    "Script",
    "ScriptError",
    "ScriptReply",
    "ScriptedModel",
    "mock_llm_server",
]


def __getattr__(name: str) -> Any:
    # the HTTP server pulls in http.server and threading; only load it when asked for
    if name in ("mock_llm_server", "MockLLMServer"):
        from lumosai.testing import server

        return getattr(server, name)
    raise AttributeError(f"module 'lumosai.testing' has no attribute {name!r}")
