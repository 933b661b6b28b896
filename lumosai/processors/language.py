"""``LanguageDetector``: an LLM judge names the language of each input message; a message not
in the target languages is tagged, logged, blocked, or translated to the first target."""

from __future__ import annotations

from typing import Any, Literal

from lumosai.llm.messages import Message
from lumosai.processors.base import with_text
from lumosai.processors.judge import (
    Abort,
    ErrorStrategy,
    JudgeProcessor,
    logger,
    message_text,
    nullable,
    object_schema,
)

LANGUAGES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "it": "Italian",
    "pt": "Portuguese",
    "ru": "Russian",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Chinese",
    "zh-cn": "Chinese (Simplified)",
    "zh-tw": "Chinese (Traditional)",
    "ar": "Arabic",
    "hi": "Hindi",
    "th": "Thai",
    "vi": "Vietnamese",
    "tr": "Turkish",
    "pl": "Polish",
    "nl": "Dutch",
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "fi": "Finnish",
    "el": "Greek",
    "he": "Hebrew",
    "cs": "Czech",
    "hu": "Hungarian",
    "ro": "Romanian",
    "bg": "Bulgarian",
    "hr": "Croatian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "et": "Estonian",
    "lv": "Latvian",
    "lt": "Lithuanian",
    "uk": "Ukrainian",
    "be": "Belarusian",
}


def language_name(code: str) -> str:
    return LANGUAGES.get(code.lower(), code)


def language_code(language: str) -> str:
    """``"German"`` or ``"de"`` -> ``"de"``; unknown long names -> ``"unknown"``."""
    low = language.lower()
    if low in LANGUAGES:
        return low
    for code, name in LANGUAGES.items():
        if name.lower() == low:
            return code
    return low if len(low) <= 3 else "unknown"


class LanguageDetector(JudgeProcessor):
    """Mastra's ``LanguageDetector({model, targetLanguages=['English','en'], threshold=0.7,
    strategy='detect', preserveOriginal=true, minTextLength=10, lastMessageOnly})``. Results go
    to ``message.metadata["language_detection"]``."""

    id = "language-detector"
    name = "Language Detector"
    agent_name = "language-detector"
    log_name = "LanguageDetector"

    def __init__(
        self,
        *,
        model: Any,
        target_languages: list[str] | None = None,
        threshold: float = 0.7,
        strategy: Literal["detect", "translate", "block", "warn"] = "detect",
        preserve_original: bool = True,
        min_text_length: int = 10,
        include_detection_details: bool = False,
        last_message_only: bool = False,
        instructions: str | None = None,
        error_strategy: ErrorStrategy = "warn",
        provider_options: dict[str, Any] | None = None,
    ) -> None:
        self.target_languages = list(target_languages or ["English", "en"])
        self.preserve_original = preserve_original
        self.min_text_length = min_text_length
        self.include_detection_details = include_detection_details
        super().__init__(
            model=model,
            instructions=instructions,
            threshold=threshold,
            strategy=strategy,
            last_message_only=last_message_only,
            error_strategy=error_strategy,
            provider_options=provider_options,
        )

    def default_instructions(self) -> str:
        return (
            "You identify the language of a text (ISO 639-1 code and confidence), and "
            "translate it when asked. When the text is already in a target language, return "
            "nulls."
        )

    def schema(self) -> dict[str, Any]:
        props: dict[str, Any] = {
            "iso_code": nullable({"type": "string", "description": "ISO language code"}),
            "confidence": nullable({"type": "number", "minimum": 0, "maximum": 1}),
        }
        if self.strategy == "translate":
            props["translated_text"] = nullable({"type": "string"})
        return object_schema(props)

    def prompt(self, text: str) -> str:
        translate = (
            f". If not in {self.target_languages[0]}, translate to {self.target_languages[0]}"
            if self.strategy == "translate"
            else ""
        )
        return (
            f'Detect language of: "{text}"\n\nTarget: {"/".join(self.target_languages)}{translate}'
        )

    def is_target(self, code: str | None) -> bool:
        if not code:
            return True
        return any(
            language_code(t) == code.lower() or t.lower() == language_name(code).lower()
            for t in self.target_languages
        )

    def _tag(
        self, message: Message, result: dict[str, Any], original: Message | None = None
    ) -> Message:
        code = result.get("iso_code")
        info: dict[str, Any] = {}
        if code:
            info.update(detected_language=language_name(code), iso_code=code)
        if result.get("confidence"):
            info["confidence"] = result["confidence"]
        info["is_target_language"] = self.is_target(code)
        info["target_languages"] = list(self.target_languages)
        if result.get("translated_text"):
            info["translation"] = {
                "original_language": language_name(code) if code else "Unknown",
                "target_language": self.target_languages[0],
                **(
                    {"translation_confidence": result["confidence"]}
                    if result.get("confidence")
                    else {}
                ),
            }
        if self.preserve_original and original is not None:
            info["original_content"] = message_text(original)
        tagged = with_text(message, message.content)
        tagged.metadata["language_detection"] = info
        return tagged

    async def judge_message(self, message: Message, text: str, abort: Abort) -> list[Message]:
        """Tag a target-language (or unsure) message; a confident other language is tagged,
        logged, translated or blocks the run, as ``strategy`` says."""
        result = await self.assess(text, abort)
        if result.get("translated_text") and not result.get("confidence"):
            result["confidence"] = 0.95
        confidence = result.get("confidence")
        if confidence and confidence < self.threshold:
            return [message]
        code = result.get("iso_code")
        if not (code and confidence and confidence >= self.threshold and not self.is_target(code)):
            target = language_code(self.target_languages[0])
            return [self._tag(message, {"iso_code": target, "confidence": 0.95})]
        alert = (
            f"Language detected: {language_name(code)} ({code}) with confidence {confidence:.2f}"
        )
        if self.strategy == "block":
            abort(f"Non-target language detected: {alert}")
        if self.strategy == "warn":
            logger.warning("[LanguageDetector] Non-target language: %s", alert)
        elif self.strategy == "translate" and result.get("translated_text"):
            logger.info("[LanguageDetector] Translated from %s", alert)
            translated = with_text(message, str(result["translated_text"]))
            return [self._tag(translated, result, original=message)]
        else:
            logger.info("[LanguageDetector] %s", alert)
        return [self._tag(message, result)]
