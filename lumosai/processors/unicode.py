"""``UnicodeNormalizer``: NFKC, optional control-character stripping, whitespace collapsing
and trimming of every text message, deterministic and as Mastra does it."""

from __future__ import annotations

import re
import unicodedata

from lumosai.llm.messages import Message
from lumosai.processors.base import BaseProcessor, ProcessInputArgs, with_text

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# without preserve_emojis Mastra keeps tab/LF/CR, printable ASCII and U+00A0 and up (in
# JavaScript's UTF-16 view astral characters are surrogates, inside that range: kept too)
_NOT_KEPT = re.compile("[^\x09\x0a\x0d\x20-\x7e\u00a0-\U0010ffff]")
# JavaScript's String.prototype.trim() whitespace (differs from str.strip on U+001C-U+001F,
# U+0085 and U+FEFF)
_JS_SPACE = (
    "\t\n\x0b\x0c\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


class UnicodeNormalizer(BaseProcessor):
    """Input processor normalising the text of every message (Mastra ``UnicodeNormalizer``).

    Defaults as Mastra: ``strip_control_chars=False``, ``preserve_emojis=True``,
    ``collapse_whitespace=True``, ``trim=True``.
    """

    id = "unicode-normalizer"
    name = "Unicode Normalizer"

    def __init__(
        self,
        *,
        strip_control_chars: bool = False,
        preserve_emojis: bool = True,
        collapse_whitespace: bool = True,
        trim: bool = True,
    ) -> None:
        self.strip_control_chars = strip_control_chars
        self.preserve_emojis = preserve_emojis
        self.collapse_whitespace = collapse_whitespace
        self.trim = trim

    def normalize_text(self, text: str) -> str:
        out = unicodedata.normalize("NFKC", text)
        if self.strip_control_chars:
            out = (_CONTROL if self.preserve_emojis else _NOT_KEPT).sub("", out)
        if self.collapse_whitespace:
            out = out.replace("\r\n", "\n").replace("\r", "\n")
            out = re.sub(r"\n+", "\n", out)
            out = re.sub(r"[ \t]+", " ", out)
        if self.trim:
            out = out.strip(_JS_SPACE)
        return out

    def process_input(self, args: ProcessInputArgs) -> list[Message]:
        return [
            with_text(m, self.normalize_text(m.content)) if m.content else m for m in args.messages
        ]
