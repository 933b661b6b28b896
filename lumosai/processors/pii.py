"""``PIIDetector``: finds personal data (an LLM judge for whole messages; local regexes,
no model call, for streamed text) and blocks, filters, redacts or only logs it."""

from __future__ import annotations

import hashlib
import re
from typing import Any, Literal

from lumosai.llm.messages import Message
from lumosai.processors.base import (
    ProcessOutputResultArgs,
    ProcessOutputStreamArgs,
    StreamPart,
    with_text,
)
from lumosai.processors.judge import (
    Abort,
    ErrorStrategy,
    JudgeProcessor,
    OnDetection,
    logger,
    nullable,
    object_schema,
    scored_list,
)

DEFAULT_DETECTION_TYPES = [
    "email",
    "phone",
    "credit-card",
    "ssn",
    "api-key",
    "ip-address",
    "name",
    "address",
    "date-of-birth",
    "url",
    "uuid",
    "crypto-wallet",
    "iban",
]
#: Types only a model can find (they need context); streaming finds the rest by regex.
LLM_ONLY_TYPES = frozenset({"name", "address", "date-of-birth"})
_A = re.ASCII
PII_PATTERNS: dict[str, re.Pattern[str]] = {
    "email": re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}", _A),
    "phone": re.compile(r"(?:\+?\d{1,3}[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]?\d{4}", _A),
    "credit-card": re.compile(r"\b(?:\d{4}[-\s]?){3}\d{4}\b", _A),
    "ssn": re.compile(r"\b\d{3}-\d{2}-\d{4}\b", _A),
    "api-key": re.compile(
        r"(?:(?:sk|pk)[-_](?:live|test|proj)[-_][A-Za-z0-9]{16,}"
        r"|(?:api[_-]?key|apikey|api[_-]?secret)\s*[:=]\s*[\"']?[a-zA-Z0-9_\-]{20,}[\"']?)",
        _A | re.IGNORECASE,
    ),
    "ip-address": re.compile(
        r"\b(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\b", _A
    ),
    "url": re.compile(r"https?://[^\s<>\"']+", _A | re.IGNORECASE),
    "uuid": re.compile(
        r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", _A | re.IGNORECASE
    ),
    "crypto-wallet": re.compile(
        r"\b(?:0x[a-fA-F0-9]{40}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}|bc1[a-zA-HJ-NP-Z0-9]{39,59})\b",
        _A,
    ),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{4}\d{7}(?:[A-Z0-9]?){0,16}\b", _A),
}
BUFFER_SIZE = 200
CARRYOVER = 128
_SENTENCE_END = re.compile(r"[.!?]\s*$")

Strategy = Literal["block", "warn", "filter", "redact"]
RedactionMethod = Literal["mask", "hash", "remove", "placeholder"]


def _keep_last4(value: str, repl: str) -> str:
    n = len(value)
    return "".join(ch if not ch.isdigit() or i >= n - 4 else repl for i, ch in enumerate(value))


class PIIDetector(JudgeProcessor):
    """Mastra's ``PIIDetector({model, detectionTypes, threshold=0.6, strategy='redact',
    redactionMethod='mask', preserveFormat=true, includeDetections, lastMessageOnly,
    errorStrategy='warn', onDetection})``."""

    id = "pii-detector"
    name = "PII Detector"
    agent_name = "pii-detector"
    log_name = "PIIDetector"

    def __init__(
        self,
        *,
        model: Any,
        detection_types: list[str] | None = None,
        threshold: float = 0.6,
        strategy: Strategy = "redact",
        redaction_method: RedactionMethod = "mask",
        instructions: str | None = None,
        include_detections: bool = False,
        preserve_format: bool = True,
        last_message_only: bool = False,
        buffer_size: int = BUFFER_SIZE,
        error_strategy: ErrorStrategy = "warn",
        provider_options: dict[str, Any] | None = None,
        on_detection: OnDetection | None = None,
    ) -> None:
        self.detection_types = list(detection_types or DEFAULT_DETECTION_TYPES)
        self.redaction_method = redaction_method
        self.include_detections = include_detections
        self.preserve_format = preserve_format
        self.buffer_size = buffer_size
        super().__init__(
            model=model,
            instructions=instructions,
            threshold=threshold,
            strategy=strategy,
            last_message_only=last_message_only,
            error_strategy=error_strategy,
            provider_options=provider_options,
            on_detection=on_detection,
        )

    # judging -------------------------------------------------------------------------
    def default_instructions(self) -> str:
        listed = "\n".join(f"- {t}" for t in self.detection_types)
        return (
            "You find personally identifiable information (PII) in text, for privacy "
            "compliance.\n\n"
            f"Look for these PII types:\n{listed}\n\n"
            "Report only the types you actually find, with a confidence between 0 and 1, and "
            "each occurrence with its value and start/end character offsets; when there is "
            "no PII, return empty categories and detections lists."
        )

    def schema(self) -> dict[str, Any]:
        detection: dict[str, Any] = {
            "type": {"type": "string", "description": "PII type"},
            "value": {"type": "string", "description": "The PII text found"},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "start": {"type": "number", "description": "Start offset in the text"},
            "end": {"type": "number", "description": "End offset in the text"},
        }
        if self.strategy == "redact":
            detection["redacted_value"] = nullable({"type": "string"})
        props: dict[str, Any] = {
            "categories": scored_list("type", self.detection_types, "The PII type"),
            "detections": nullable({"type": "array", "items": object_schema(detection)}),
        }
        if self.strategy == "redact":
            props["redacted_content"] = nullable(
                {"type": "string", "description": "The text with every PII value redacted"}
            )
        return object_schema(props)

    def prompt(self, text: str) -> str:
        return f'Find the PII (personally identifiable information) in this content:\nContent: "{text}"'

    async def assess(self, text: str, abort: Abort) -> dict[str, Any]:
        """The verdict, with the redacted text built from the detections when the judge
        found PII but gave none."""
        result = await super().assess(text, abort)
        detections = result.get("detections") or []
        if self.strategy == "redact" and not result.get("redacted_content") and detections:
            result["redacted_content"] = self.redact_text(text, _located(text, detections))
        return result

    def flagged(self, result: dict[str, Any]) -> bool:
        detections = result.get("detections") or []
        if detections:
            return any(float(d.get("confidence", 0)) >= self.threshold for d in detections)
        return super().flagged(result)

    def alert(self, result: dict[str, Any]) -> str:
        alert = f"PII detected. Types: {self.names_over_threshold(result)}"
        if self.include_detections and result.get("detections"):
            alert += f". Detections: {len(result['detections'])} items"
        return alert

    def replace_flagged(
        self, message: Message, result: dict[str, Any], alert: str
    ) -> list[Message] | None:
        """``redact``: the redacted text, or the message as it was when there is none."""
        if result.get("redacted_content"):
            logger.info("[PIIDetector] Redacted PII: %s", alert)
            return [with_text(message, str(result["redacted_content"]))]
        logger.warning("[PIIDetector] No redaction available: %s", alert)
        return [message]

    # redaction -----------------------------------------------------------------------
    def mask(self, value: str, kind: str) -> str:
        if not self.preserve_format:
            return "*" * min(len(value), 8)
        if kind == "email" and value.count("@") == 1:
            local, domain = value.split("@")
            masked = local[0] + "*" * (len(local) - 2) + local[-1] if len(local) > 2 else "***"
            parts = domain.split(".")
            dom = "*" * len(parts[0]) + "." + ".".join(parts[1:]) if len(parts) > 1 else "***"
            return f"{masked}@{dom}"
        if kind == "email":
            return "*" * min(len(value), 8)
        if kind == "phone":
            return _keep_last4(value, "X")
        if kind in ("credit-card", "ssn"):
            return _keep_last4(value, "*")
        if kind == "uuid":
            return re.sub(r"[a-fA-F0-9]", "*", value)
        if kind == "crypto-wallet":
            return (
                value[:4] + "*" * (len(value) - 8) + value[-4:]
                if len(value) > 8
                else "*" * len(value)
            )
        if kind == "iban":
            return (
                value[:2] + "*" * (len(value) - 6) + value[-4:]
                if len(value) > 6
                else "*" * len(value)
            )
        if len(value) <= 3:
            return "*" * len(value)
        return value[0] + "*" * (len(value) - 2) + value[-1]

    def redact_value(self, value: str, kind: str) -> str:
        if self.redaction_method == "hash":
            return f"[HASH:{hashlib.sha256(value.encode()).hexdigest()[:8]}]"
        if self.redaction_method == "remove":
            return ""
        if self.redaction_method == "placeholder":
            return f"[{kind.upper()}]"
        return self.mask(value, kind)

    def redact_text(self, content: str, detections: list[dict[str, Any]]) -> str:
        """Replace every detected span; overlapping spans merge, the longest names the type."""
        spans = sorted(detections, key=lambda d: (d["start"], -(d["end"] - d["start"])))
        regions: list[list[Any]] = []
        for d in spans:
            if regions and d["start"] < regions[-1][1]:
                region = regions[-1]
                region[1] = max(region[1], d["end"])
                if d["end"] - d["start"] > region[2]["end"] - region[2]["start"]:
                    region[2] = d
            else:
                regions.append([d["start"], d["end"], d])
        out, cursor = [], 0
        for start, end, owner in regions:
            out.append(content[cursor:start])
            out.append(self.redact_value(content[start:end], owner["type"]))
            cursor = end
        out.append(content[cursor:])
        return "".join(out)

    def detect_local(self, content: str) -> list[dict[str, Any]]:
        """Regex detections (confidence 1) of every configured type a regex can find."""
        found: list[dict[str, Any]] = []
        for kind in self.detection_types:
            pattern = PII_PATTERNS.get(kind)
            if kind in LLM_ONLY_TYPES or pattern is None:
                continue
            found.extend(
                {
                    "type": kind,
                    "value": m.group(0),
                    "confidence": 1,
                    "start": m.start(),
                    "end": m.end(),
                }
                for m in pattern.finditer(content)
            )
        return found

    # hooks ---------------------------------------------------------------------------
    async def process_output_result(self, args: ProcessOutputResultArgs) -> list[Message]:
        return await self.process_input(args)

    @property
    def _llm_types(self) -> bool:
        return any(t in LLM_ONLY_TYPES for t in self.detection_types)

    async def process_output_stream(
        self, args: ProcessOutputStreamArgs
    ) -> StreamPart | list[StreamPart] | None:
        """Regexes on the streamed text (no model call per chunk). Redaction holds back the
        last 128 characters so a value split across chunks is still caught; model-only
        types are judged on buffered sentences."""
        part, state = args.part, args.state
        if part.type != "text-delta":
            emitted: list[StreamPart] = []
            tail = state.pop("tail", "")
            if tail and self.strategy == "redact":
                text = self.redact_text(tail, self.detect_local(tail))
                if self._llm_types:
                    state["buffer"] = state.get("buffer", "") + text
                else:
                    emitted.append(StreamPart("text-delta", {"text": text}))
            if self._llm_types and state.get("buffer"):
                judged = await self._judge_buffer(state, args.abort, part)
                if judged is not None:
                    emitted.append(judged)
            return [*emitted, part] if emitted else part
        if self.strategy != "redact":
            tail = state.get("tail", "")
            combined = tail + part.text
            state["tail"] = combined[-CARRYOVER:]
            found = [d for d in self.detect_local(combined) if d["end"] > len(tail)]
            if found:
                kinds = ", ".join(sorted({d["type"] for d in found}))
                if self.strategy == "block":
                    args.abort(f"PII detected in streaming content. Types: {kinds}")
                if self.strategy == "filter":
                    logger.info("[PIIDetector] Filtered streaming part with PII: %s", kinds)
                    return None
                logger.warning("[PIIDetector] PII detected in streaming content: %s", kinds)
            return part
        combined = state.get("tail", "") + part.text
        if len(combined) <= CARRYOVER:
            state["tail"] = combined
            return None
        found = self.detect_local(combined)
        emit_end = len(combined) - CARRYOVER
        for d in found:
            if d["start"] < emit_end < d["end"]:
                emit_end = d["start"]
        safe = self.redact_text(combined[:emit_end], [d for d in found if d["end"] <= emit_end])
        state["tail"] = combined[emit_end:]
        if not safe:
            return None
        if self._llm_types:
            state["buffer"] = state.get("buffer", "") + safe
            buffer = state["buffer"]
            if len(buffer) >= self.buffer_size or _SENTENCE_END.search(buffer):
                return await self._judge_buffer(state, args.abort, part)
            return None
        return part.with_text(safe)

    async def _judge_buffer(
        self, state: dict[str, Any], abort: Abort, like: StreamPart
    ) -> StreamPart | None:
        buffer = state.pop("buffer", "")
        if not buffer:
            return None
        result = await self.assess(buffer, abort)
        flagged = self.flagged(result)
        await self.notify_detection(buffer, result, flagged)
        out = StreamPart(
            "text-delta", {**(like.payload if like.type == "text-delta" else {}), "text": buffer}
        )
        if not flagged:
            return out
        if self.strategy == "block":
            abort("PII detected in streaming content")
        if self.strategy == "filter":
            return None
        if self.strategy == "redact":
            return (
                out.with_text(str(result["redacted_content"]))
                if result.get("redacted_content")
                else None
            )
        return out


def _located(content: str, detections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The judge's offsets, corrected to where its ``value`` really is when they disagree."""
    out = []
    for d in detections:
        value = str(d.get("value", ""))
        start = int(d.get("start", 0) or 0)
        end = int(d.get("end", 0) or 0)
        if content[start:end] != value and value:
            found = content.find(value)
            if found < 0:
                continue
            start, end = found, found + len(value)
        out.append({**d, "start": start, "end": end})
    return out
