"""Dependency-parse detector: a speech verb whose clausal complement or object is in quotation marks.

Where the marks detector pairs marks, this one starts from the verb ("said", "told", "added"):
the words it governs as `ccomp`, `dobj` or `parataxis` are a quote when quotation marks stand
around them. It finds quotes whose marks the pairing got wrong, and it hands the attribution step
the verb it found, so the speaker is that verb's subject.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..deptree import children, doc_text
from ..rules import RuleSet, speech_verbs
from ..types import Candidate

_COMPLEMENTS = {"ccomp", "dobj", "parataxis", "xcomp", "oprd"}
# How far, in tokens, a mark may stand from the complement's edge ("win," said → the comma).
_GAP = 2
# How many tokens back an opening mark may stand (a quote of several sentences ends in the complement).
_LOOKBACK = 80


def find_quotes(doc, rules: RuleSet) -> Iterator[Candidate]:
    """Yield the quoted complements of speech verbs in a parsed `doc`.

    Yields:
        `Candidate` records with `detector="syntax"` and the verb's character span as the cue.

    Example:
        >>> import spacy
        >>> from quotes.rules import load_rules
        >>> from spacy.tokens import Doc
        >>> words = ["“", "Yes", ",", "”", "she", "said", "."]
        >>> doc = Doc(spacy.blank("en").vocab, words=words, spaces=[0, 0, 0, 1, 1, 0, 0],
        ...           heads=[5, 5, 5, 5, 5, 5, 5], lemmas=["“", "yes", ",", "”", "she", "say", "."],
        ...           deps=["punct", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"])
        >>> [doc.text[c.start:c.end] for c in find_quotes(doc, load_rules())]
        ['Yes,']
    """
    marks = {m.open for m in rules.quote_marks} | {m.close for m in rules.quote_marks}
    seen: set[tuple[int, int]] = set()
    text = doc_text(doc)
    for verb in speech_verbs(doc, rules):
        for child in children(verb):
            if child.dep_ not in _COMPLEMENTS:
                continue
            span = _quoted(doc, child.left_edge.i, child.right_edge.i, marks)
            if span is None or span in seen or span[0] < verb.i < span[1]:
                continue
            seen.add(span)
            open_tok, close_tok = span
            start, end = doc[open_tok].idx + len(doc[open_tok]), doc[close_tok].idx
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                yield Candidate(
                    start, end, doc[open_tok].idx, doc[close_tok].idx + len(doc[close_tok]),
                    "syntax", 0.7, cue_start=verb.idx, cue_end=verb.idx + len(verb),
                )


def _quoted(doc, left: int, right: int, marks: set[str]) -> tuple[int, int] | None:
    """Token indices of the marks around tokens left..right, or None when they are not quoted."""
    close = next((i for i in range(right, min(len(doc), right + _GAP + 1)) if doc[i].text in marks), None)
    # A closing mark hugs the word before it; an opening mark hugs the word after it.
    if close is None or close == 0 or doc[close - 1].whitespace_:
        return None
    for i in range(min(left, close - 1), max(-1, left - _LOOKBACK), -1):
        if "\n" in doc[i].text_with_ws and i < left:
            return None
        if doc[i].text in marks:
            return (i, close) if not doc[i].whitespace_ else None
    return None
