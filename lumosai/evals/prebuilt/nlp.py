"""The text measures behind the code scorers, written to give the numbers Mastra's npm
dependencies give: Dice bigram similarity (string-similarity), LCS ratio, SMART-stop-list
keywords (keyword-extractor), AFINN-165 sentiment with negation (sentiment), and word
elements for completeness (compromise: approximated, see ``elements``)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib import resources
from pathlib import Path


def dice_similarity(first: str, second: str) -> float:
    """``compareTwoStrings``: shared character bigrams, whitespace ignored."""
    first, second = re.sub(r"\s+", "", first), re.sub(r"\s+", "", second)
    if first == second:
        return 1.0
    if len(first) < 2 or len(second) < 2:
        return 0.0
    bigrams: dict[str, int] = {}
    for i in range(len(first) - 1):
        bigrams[first[i : i + 2]] = bigrams.get(first[i : i + 2], 0) + 1
    shared = 0
    for i in range(len(second) - 1):
        pair = second[i : i + 2]
        if bigrams.get(pair, 0) > 0:
            bigrams[pair] -= 1
            shared += 1
    return 2.0 * shared / (len(first) + len(second) - 2)


def lcs_length(a: str, b: str) -> int:
    previous = [0] * (len(b) + 1)
    for char in a:
        current = [0]
        for j, other in enumerate(b, 1):
            current.append(
                previous[j - 1] + 1 if char == other else max(previous[j], current[j - 1])
            )
        previous = current
    return previous[-1]


def lcs_ratio(a: str, b: str) -> float:
    """``2 * LCS / (len(a) + len(b))`` (Mastra's ``calculateRatio``)."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    return 2.0 * lcs_length(a, b) / (len(a) + len(b))


def count_changes(a: str, b: str) -> int:
    """Word-level changes (Mastra's ``countChanges``)."""
    na, nb = re.sub(r"\s+", " ", a).strip(), re.sub(r"\s+", " ", b).strip()
    if na == nb:
        if a != b:
            return abs(len(a.split()) - len(b.split())) or 1
        return 0
    wa, wb = na.split(), nb.split()
    if not wa or not wb:
        return len(wa) or len(wb)
    used: set[int] = set()
    matched = 0
    for word in wa:
        for j, other in enumerate(wb):
            if j not in used and word == other:
                matched += 1
                used.add(j)
                break
    return max(len(wa), len(wb)) - matched


@functools.cache
def stopwords() -> frozenset[str]:
    text = resources.files("lumosai.evals").joinpath("data/smart_stopwords_en.txt").read_text()
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


_URL = re.compile(r"https?://.*[\r\n]*")
_PUNCT = re.compile(r"\.|,|;|!|\?|\(|\)|:|\"|^'|'$|“|”|‘|’")


def keywords(text: str) -> list[str]:
    """Lower-cased words that are not stop words or bare numbers, first occurrence order
    (keyword-extractor with Mastra's options)."""
    text = re.sub(r"<([^>]+)>", "", text).strip()
    if not text:
        return []
    found: list[str] = []
    stop = stopwords()
    for raw in re.split(r"\s", text):
        word = raw if _URL.search(raw) else _PUNCT.sub("", raw)
        if len(word) == 1:
            word = re.sub(r"_|@|&|#", "", word)
        digits = re.findall(r"\d", word)
        if digits and len(digits) == len(word):
            word = ""
        if not word:
            continue
        low = word.lower()
        if low in stop:
            continue
        result = low if not _URL.search(word) else word
        if result not in found:
            found.append(result)
    return found


_NEGATORS = frozenset(
    {
        "cant",
        "can't",
        "dont",
        "don't",
        "doesnt",
        "doesn't",
        "not",
        "non",
        "wont",
        "won't",
        "isnt",
        "isn't",
    }
)


@functools.cache
def afinn() -> dict[str, int]:
    """AFINN-165, from the ``afinn`` package (``pip install 'lumosai[evals]'``)."""
    try:
        import afinn as afinn_package
    except ImportError as exc:
        raise ImportError(
            "the tone scorer needs the AFINN-165 word list: pip install 'lumosai[evals]'"
        ) from exc
    path = Path(afinn_package.__file__).parent / "data" / "AFINN-en-165.txt"
    scores: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            word, value = line.rsplit("\t", 1)
            scores[word] = int(value)
    return scores


def sentiment_tokens(text: str) -> list[str]:
    text = re.sub(r"[.,/#!?$%^&*;:{}=_`\"~()]", " ", text.lower().replace("\n", " "))
    return re.sub(r"\s\s+", " ", text).strip().split(" ")


def comparative_sentiment(text: str) -> float:
    """The ``sentiment`` package's ``comparative``: AFINN score (negated after a negator)
    per token. Emoji carry no score here."""
    labels = afinn()
    tokens = sentiment_tokens(text)
    total = 0
    for i, token in enumerate(tokens):
        value = labels.get(token)
        if value is None:
            continue
        if i > 0 and tokens[i - 1] in _NEGATORS:
            value = -value
        total += value
    return total / len(tokens) if tokens else 0.0


def normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return re.sub(r"[\u0300-\u036f]", "", decomposed).lower()


def elements(text: str) -> list[str]:
    """Mastra's completeness elements: the words of ``text`` (accents stripped, lower-cased,
    split on non-alphanumerics) after compromise turned its verbs into infinitives (nouns,
    verbs, topics and terms of the rewritten document are all its words). Which words are
    verbs is approximated from their neighbours (``lumosai.evals.verbs``); docs/evals.md
    lists the forms that differ."""
    from lumosai.evals.verbs import with_infinitives

    rewritten = " ".join(with_infinitives(normalise(text.strip())))
    return list(dict.fromkeys(re.sub(r"[^a-z0-9]+", " ", rewritten).split()))


def coverage(original: list[str], simplified: list[str]) -> float:
    """Mastra's ``calculateCoverage``: short elements must match exactly, longer ones may
    match a word that contains them (or that they contain) if lengths are within 60%."""
    if not original:
        return 1.0 if not simplified else 0.0

    def covered(element: str) -> bool:
        elem = normalise(element)
        for candidate in simplified:
            simp = normalise(candidate)
            if len(elem) <= 3:
                if elem == simp:
                    return True
                continue
            longer, shorter = (elem, simp) if len(elem) > len(simp) else (simp, elem)
            if shorter in longer and len(shorter) / len(longer) > 0.6:
                return True
        return False

    return sum(1 for e in original if covered(e)) / len(original)
