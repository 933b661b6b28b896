"""Properties that must hold for any source text: highlighting is lossless and inert, and
redaction never lets a known secret through."""

from __future__ import annotations

import html
import re

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lumosai.migrate.report.highlight import highlight_lines
from lumosai.migrate.report.redact import MASK, Redactor

OUR_TAGS = re.compile(r'<i class="[a-z]">|</i>')
HOSTILE = st.sampled_from(
    [
        "</script><script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        "`${'<b>'}`",
        "/* </pre> */",
        "'\"&amp;&lt;",
        "\n",
        "\r\n",
        "\t",
        "// comment\n",
        "const x = 1;",
        "def f():\n    return '<'\n",
    ]
)
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=20)), max_size=12).map("".join)


@settings(max_examples=150, deadline=None)
@given(text=TEXT, language=st.sampled_from(["typescript", "python", "yaml"]))
def test_highlighting_is_lossless_and_emits_no_markup_but_ours(text: str, language: str) -> None:
    lines = highlight_lines(text, language)
    for line in lines:
        bare = OUR_TAGS.sub("", line)
        assert "<" not in bare and ">" not in bare
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    rebuilt = "\n".join(html.unescape(OUR_TAGS.sub("", line)) for line in lines)
    # pygments normalises line endings and may drop a final newline; nothing else changes
    assert rebuilt.rstrip("\n") == expected.rstrip("\n")


SECRET = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-",
    min_size=8,
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(secret=SECRET, before=st.text(max_size=30), after=st.text(max_size=30))
def test_a_known_secret_never_survives_redaction(secret: str, before: str, after: str) -> None:
    assume(secret not in MASK)
    redactor = Redactor(secrets=[secret])
    out = redactor.text(before + secret + after + secret)
    assert secret not in out
    assert MASK in out
