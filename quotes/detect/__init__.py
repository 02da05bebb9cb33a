"""Detection: an article's candidate quotes, from both detectors, in text order.

    marks.py    quotation marks paired over the raw text (rule-based, no model needed)
    syntax.py   quoted complements of speech verbs in the dependency parse
    pieces.py   which candidates are pieces of one quote (interrupted, over several paragraphs)
    wraps.py    which line breaks only wrap a line (hard-wrapped text)
    filters.py  which candidates are somebody's words, not titles, names or scare quotes
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from ..rules import RuleSet
from ..types import Candidate
from ..options import DETECTORS
from . import filters, marks, pieces, syntax


def candidates(text: str, doc, rules: RuleSet, detectors: Sequence[str] = DETECTORS, *, speech_only: bool = True) -> list[Candidate]:
    """The article's candidate quotes in text order: the marks detector's, with the syntax
    detector's cue where both found one (`doc`, the parsed article, or None), pieces linked.

    With `speech_only`, a name in marks ('Robert “Bobby” Kessler') is no candidate: the name around
    it is a speaker's, and the attribution patterns must read through it.

    Example:
        >>> from quotes.rules import load_rules
        >>> text = '“The economy,” she said, “is in far better shape.”'
        >>> [(c.start, c.follows) for c in candidates(text, None, load_rules())]
        [(1, None), (26, 0)]
    """
    found = by_marks(text, rules, speech_only=speech_only) if "marks" in detectors else []
    if "syntax" in detectors and doc is not None:
        parsed = [c for c in syntax.find_quotes(doc, rules) if not (speech_only and filters.is_nickname(text, c))]
        found = _merge(found, parsed)
    return pieces.linked(text, sorted(found, key=lambda c: (c.start, c.end)))


def by_marks(text: str, rules: RuleSet, *, speech_only: bool = True) -> list[Candidate]:
    """The marks detector's quotes, without names in marks when `speech_only` (see `candidates`)."""
    return list(_by_marks(text, rules, speech_only))


# The engine reads each article's marks twice, to choose what to parse and after the parse: the
# second time is a lookup. A batch's articles, or their parts, at most (parallel.CHUNK is 32): the
# texts are kept, up to 64 of 100,000 characters (pipeline.PART_CHARS).
@lru_cache(maxsize=64)
def _by_marks(text: str, rules: RuleSet, speech_only: bool) -> tuple[Candidate, ...]:
    return tuple(c for c in marks.find_quotes(text, rules) if not (speech_only and filters.is_nickname(text, c)))


def _merge(by_marks: list[Candidate], by_syntax: list[Candidate]) -> list[Candidate]:
    """One candidate per quote: where both detectors found it, the marks' span with the parse's cue."""
    merged = list(by_marks)
    for cand in by_syntax:
        i = next((i for i, m in enumerate(merged) if m.start < cand.end and cand.start < m.end), None)
        if i is None:
            merged.append(cand)
        elif merged[i].detector == "marks":
            m = merged[i]
            merged[i] = replace(m, detector="marks+syntax", confidence=min(1.0, m.confidence + 0.05),
                                cue_start=cand.cue_start, cue_end=cand.cue_end)
    return merged
