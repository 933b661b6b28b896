"""Verb infinitives for the completeness scorer, approximating what ``compromise`` (Mastra's
NLP library) gives for ``doc.verbs().toInfinitive()``: which words are verbs is decided from
their neighbours (auxiliaries, subjects, determiners) instead of a tagger, and regular forms
are reduced with suffix rules plus a table of irregular verbs. docs/evals.md lists the forms
where the two differ."""

from __future__ import annotations

import re

_IRREGULAR_TEXT = """
arise arose arisen|awake awoke awoken|be was were been|bear bore borne|beat beat beaten
become became become|begin began begun|bend bent|bet bet|bind bound|bite bit bitten|bleed bled
blow blew blown|break broke broken|bring brought|build built|burn burnt|buy bought|catch caught
choose chose chosen|come came come|cost cost|creep crept|cut cut|deal dealt|dig dug|do did done
draw drew drawn|dream dreamt|drink drank drunk|drive drove driven|eat ate eaten|fall fell fallen
feed fed|feel felt|fight fought|find found|flee fled|fly flew flown|forbid forbade forbidden
forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|get got gotten|give gave given
go went gone|grind ground|grow grew grown|hang hung|have had|hear heard|hide hid hidden|hit hit
hold held|hurt hurt|keep kept|kneel knelt|know knew known|lay laid|lead led|lean leant|leap leapt
learn learnt|leave left|lend lent|let let|lie lay lain|light lit|lose lost|make made|mean meant
meet met|pay paid|prove proven|put put|quit quit|read read|ride rode ridden|ring rang rung
rise rose risen|run ran run|say said|see saw seen|seek sought|sell sold|send sent|set set
shake shook shaken|shine shone|shoot shot|show shown|shrink shrank shrunk|shut shut|sing sang sung
sink sank sunk|sit sat|sleep slept|slide slid|speak spoke spoken|speed sped|spend spent|spin spun
split split|spread spread|spring sprang sprung|stand stood|steal stole stolen|stick stuck
sting stung|stink stank stunk|strike struck|swear swore sworn|sweep swept|swim swam swum
swing swung|take took taken|teach taught|tear tore torn|tell told|think thought|throw threw thrown
understand understood|wake woke woken|wear wore worn|weep wept|win won|wind wound|write wrote written
"""

#: irregular past / participle -> infinitive; forms that are nouns or verbs of their own
#: ("rose", "bore", "lay", "ground", "wound") are left as written, as compromise reads them
IRREGULAR: dict[str, str] = {}
for _group in re.split(r"[|\n]", _IRREGULAR_TEXT.strip()):
    _base, *_forms = _group.split()
    for _form in _forms:
        if _form != _base and _form not in ("rose", "bore", "lay", "ground", "wound"):
            IRREGULAR.setdefault(_form, _base)

BE = frozenset({"am", "is", "are", "was", "were"})
AUXILIARIES = BE | {"be", "been", "being", "has", "have", "had"}
DO = frozenset({"do", "does", "did"})
MODALS = frozenset({"can", "could", "should", "would", "will", "shall", "may", "might", "must"})
SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they", "who"})
THIRD_PERSON = frozenset({"he", "she", "it", "who", "that"})
DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "these",
        "those",
        "my",
        "your",
        "his",
        "her",
        "its",
        "our",
        "their",
        "some",
        "any",
        "no",
        "every",
        "each",
    ]
)
#: negative contractions before a verb -> what compromise's infinitive puts first
NEGATIVES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("dont", "don't", "cant", "can't", "wont", "won't"), ("do", "not")),
    **dict.fromkeys(("isnt", "isn't", "wasnt", "wasn't", "cannot"), ("does", "not")),
}
#: stems (after -ing/-ed is cut) whose verb ends in a silent e: bak(e), clos(e), danc(e),
#: chang(e), analyz(e), mov(e), updat(e), comput(e), not(e), ignor(e), prepar(e), combin(e),
#: decid(e), includ(e), handl(e), secur(e), requir(e), assum(e), complet(e) ...
_SILENT_E = re.compile(
    r"(?:^[^aeiou]*[aeiouy][^aeiouywx]"  # one short syllable: us(e), mak(e), hop(e), writ(e)
    r"|[^aeiouy][aeiouy][kzv]|[aeiouy]{2}[sz]|[^aeiouys]s|[^aeiouy][aeiou]s(?<!us)"
    r"|[aeiouy]?c|(?:an|a|u|r|l|d)g|[^aeiouy](?:at|ut|ot|ar|in|id|ud|od|ad|ur|ir|um)"
    r"|let|[^aeiouy]{2}or|[^aeiouy]ul|[bcdfgkpstz]l|v)$"
)
_NO_SILENT_E = frozenset({"focus", "eat", "treat", "open", "visit", "edit", "limit", "exit"})
_VOWEL = "aeiouy"


def _stem(stem: str) -> str:
    """A regular stem after -ing/-ed is removed: undouble (stopp -> stop, controll ->
    control), restore a silent e (bak -> bake, clos -> close, updat -> update)."""
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz" + _VOWEL:
        return stem[:-1]
    if stem.endswith(("ell", "oll")) and len(stem) > 5:
        return stem[:-1]
    if stem.endswith("i") and len(stem) > 2:
        return stem[:-1] + "y"
    if stem in ("creat", "writ", "invit", "excit", "unit"):
        return stem + "e"
    keeps = stem in _NO_SILENT_E or stem.endswith(("ss", "en", "er", "on", "eat", "ow", "ew"))
    if len(stem) >= 2 and not keeps and _SILENT_E.search(stem):
        return stem + "e"
    return stem


def lemma(word: str) -> str:
    """The infinitive of a verb form (a base form comes back unchanged)."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ing") and len(word) > 4:
        return _stem(word[:-3])
    if word.endswith("eed") and word not in EED_VERBS:
        return word[:-1]  # agreed -> agree
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ed") and len(word) > 3:
        return _stem(word[:-2])
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


#: verbs whose base form ends in -eed (not a past tense)
EED_VERBS = frozenset(
    [
        "need",
        "feed",
        "seed",
        "heed",
        "bleed",
        "breed",
        "speed",
        "succeed",
        "proceed",
        "exceed",
        "weed",
    ]
)


def _is_participle(word: str) -> bool:
    regular = (word.endswith("ing") and len(word) > 4) or (
        word.endswith("ed") and len(word) > 3 and word not in EED_VERBS
    )
    return regular or word in IRREGULAR


def _tokens(sentence: str) -> list[str]:
    return [t for t in re.sub(r"[^a-z0-9']+", " ", sentence.lower()).split() if t.strip("'")]


def with_infinitives(text: str) -> list[str]:
    """The lower-cased words of ``text`` after compromise's ``verbs().toInfinitive()``,
    which rewrites the document in place: verbs become infinitives and the auxiliaries of a
    verb phrase go (``have been waiting`` -> ``wait``, ``are`` -> ``be``, ``don't know`` ->
    ``do not know``). Mastra reads the terms after that rewrite."""
    found: list[str] = []
    for sentence in re.split(r"[.!?;]+", text):
        found.extend(_rewrite(_tokens(sentence)))
    return found


def _rewrite(words: list[str]) -> list[str]:
    out: list[str] = []
    third_person_seen = False
    for i, word in enumerate(words):
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        following = words[i + 2] if i + 2 < len(words) else ""
        if word in NEGATIVES:
            out.extend(NEGATIVES[word] if after and after not in DETERMINERS else (word,))
            continue
        if word in AUXILIARIES:
            verb_next = _is_participle(after) or (after == "not" and _is_participle(following))
            if verb_next or after == "been":
                continue  # part of the verb phrase: the infinitive drops it
            if word in BE:
                out.append("be")
            elif word in ("has", "have", "had"):
                out.append("have")
            else:
                out.append(word)
            continue
        if word in DO:
            out.append("do")
            continue
        if word in MODALS and after and after not in DETERMINERS | SUBJECTS:
            if after == "not":
                out.append("does")  # compromise: `could not answer` -> `does not answer`
            continue
        if (before in AUXILIARIES or before == "not" or before in NEGATIVES) and _is_participle(
            word
        ):
            out.append(lemma(word))
            continue
        if before in NEGATIVES:
            out.append(lemma(word))
            continue
        if before in DETERMINERS or not before:
            out.append(word)
            continue
        if (word.endswith("ed") and _is_participle(word)) or word in IRREGULAR:
            out.append(lemma(word))
            continue
        third = before in THIRD_PERSON or (
            i == 2 and words[0] in DETERMINERS and not before.endswith("s")
        )
        if word.endswith("s") and (third or (before == "and" and third_person_seen)):
            out.append(lemma(word))
            third_person_seen = True
            continue
        out.append(word)
    return out


__all__ = ["IRREGULAR", "lemma", "with_infinitives"]
