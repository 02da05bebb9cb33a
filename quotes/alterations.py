"""Misquotes: what changed between two wordings of a quote that are otherwise alike.

A negation ("will hold" / "will not hold"), a number ("2%" / "3%") or a modal ("will" / "might")
changes what was said, however few characters differ: deduplication keeps such wordings in
separate rows and links them (`quotes.dedup`), so that a fact-checker sees both and which outlet
printed which. Wordings are compared as `dedup.normalize_quote` gives them: folded case, no
punctuation ("won't" is "won t").
"""

from __future__ import annotations

from collections import Counter

_NEGATIONS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "without", "t"}
_MODALS = {"will", "would", "shall", "should", "can", "could", "may", "might", "must"}
# The modal a contraction's first half stands for: "won t" is "will not", "shan t" "shall not".
_CONTRACTED = {"won": "will", "shan": "shall", "ca": "can"}
_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion half third quarter percent".split()
)
KINDS = ("negation", "number", "modal")


def alteration(a: str, b: str) -> str | None:
    """What differs in meaning between two normalised wordings: "negation", "number" or "modal"
    (all that apply, joined by "; "), or None when only other words differ.

    Example:
        >>> alteration("the ceasefire will hold if both sides respect it", "the ceasefire will not hold if both sides ignore it")
        'negation'
        >>> alteration("inflation will fall to 2 by the end of next year", "inflation might fall to 3 by the end of next year")
        'number; modal'
        >>> alteration("we won t go", "we will not go") is None
        True
    """
    wa, wb = _words(a), _words(b)
    found = []
    if _count(wa, _NEGATIONS) != _count(wb, _NEGATIONS):
        found.append("negation")
    if _numbers(wa) != _numbers(wb):
        found.append("number")
    if _only(wa, _MODALS) != _only(wb, _MODALS):
        found.append("modal")
    return "; ".join(found) or None


def _words(text: str) -> list[str]:
    words = text.split()
    # "won t" -> "will t": the contraction's modal, and its "t" stays a negation; "we ll" -> "we will"
    return ["will" if w == "ll" else _CONTRACTED.get(w, w) if i + 1 < len(words) and words[i + 1] == "t" else w
            for i, w in enumerate(words)]


def _count(words: list[str], kind: set[str]) -> int:
    return sum(w in kind for w in words)


def _only(words: list[str], kind: set[str]) -> Counter:
    return Counter(w for w in words if w in kind)


def _numbers(words: list[str]) -> Counter:
    return Counter(w for w in words if w.isdigit() or w in _NUMBER_WORDS)
