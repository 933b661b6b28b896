"""Processors: input/output hooks around an agent run (Mastra's ``inputProcessors`` and
``outputProcessors``), the ``TripWire`` that ``abort()`` raises, and the prebuilt ones.
See ``docs/processors.md``."""

from lumosai.processors.base import (
    BaseProcessor,
    ProcessInputArgs,
    Processor,
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
    TripWire,
)
from lumosai.processors.batch import BatchPartsProcessor
from lumosai.processors.language import LanguageDetector
from lumosai.processors.moderation import ModerationProcessor
from lumosai.processors.pii import PIIDetector
from lumosai.processors.prompt_injection import PromptInjectionDetector
from lumosai.processors.token_limiter import TokenLimiter, TokenLimiterProcessor
from lumosai.processors.tool_call_filter import ToolCallFilter
from lumosai.processors.unicode import UnicodeNormalizer

__all__ = [
    "BaseProcessor",
    "BatchPartsProcessor",
    "LanguageDetector",
    "ModerationProcessor",
    "PIIDetector",
    "ProcessInputArgs",
    "ProcessOutputResultArgs",
    "ProcessOutputStreamArgs",
    "Processor",
    "PromptInjectionDetector",
    "StreamPart",
    "TokenLimiter",
    "TokenLimiterProcessor",
    "ToolCallFilter",
    "TripWire",
    "UnicodeNormalizer",
]
