"""``lumosai.compat.mastra``: Mastra's API in Python (1.x semantics) over the native runtime.

Every object is also a native one: ``Agent`` is a ``lumosai.Agent``, ``createTool`` gives a
``lumosai.tool.Tool``, ``createStep`` a ``lumosai.workflow.Step``, ``createWorkflow(...).commit()``
a ``lumosai.workflow.Workflow``, ``Mastra`` wraps a ``LumosApp`` (``mastra.app``), the stores are
native storages. For 0.x tool signatures import ``createTool`` from ``lumosai.compat.mastra.v0``.
See ``docs/compat.md``.
"""

from lumosai.compat.mastra.agent import Agent
from lumosai.compat.mastra.context import RequestContext, RuntimeContext
from lumosai.compat.mastra.logger import ConsoleLogger, PinoLogger, createLogger, noopLogger
from lumosai.compat.mastra.mastra import Mastra, MastraError
from lumosai.compat.mastra.memory import Memory
from lumosai.compat.mastra.processors import (
    BatchPartsProcessor,
    LanguageDetector,
    MastraProcessor,
    ModerationProcessor,
    PIIDetector,
    PromptInjectionDetector,
    TokenLimiter,
    TokenLimiterProcessor,
    ToolCallFilter,
    TripWire,
    UnicodeNormalizer,
)
from lumosai.compat.mastra.results import MastraObject, WorkflowFailure
from lumosai.compat.mastra.storage import (
    InMemoryStore,
    LibSQLStore,
    LibSQLVector,
    PostgresStore,
)
from lumosai.compat.mastra.tools import MastraTool, createTool
from lumosai.compat.mastra.workflows import (
    MastraRun,
    MastraStep,
    Workflow,
    WorkflowBuilder,
    createStep,
    createWorkflow,
)
from lumosai.compat.mastra.zod import ZodError, ZodType, z

Tool = MastraTool
Step = MastraStep

__all__ = [
    "Agent",
    "BatchPartsProcessor",
    "ConsoleLogger",
    "InMemoryStore",
    "LanguageDetector",
    "LibSQLStore",
    "LibSQLVector",
    "Mastra",
    "MastraError",
    "MastraObject",
    "MastraProcessor",
    "MastraRun",
    "MastraStep",
    "MastraTool",
    "Memory",
    "ModerationProcessor",
    "PIIDetector",
    "PinoLogger",
    "PostgresStore",
    "PromptInjectionDetector",
    "RequestContext",
    "RuntimeContext",
    "Step",
    "TokenLimiter",
    "TokenLimiterProcessor",
    "Tool",
    "ToolCallFilter",
    "TripWire",
    "UnicodeNormalizer",
    "Workflow",
    "WorkflowBuilder",
    "WorkflowFailure",
    "ZodError",
    "ZodType",
    "createLogger",
    "createStep",
    "createTool",
    "createWorkflow",
    "noopLogger",
    "z",
]
