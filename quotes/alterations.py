"""Misquotes: what changed between two wordings of a quote that are otherwise alike.

A negation ("will hold" / "will not hold"), a number ("2%" / "3%") or a modal ("will" / "might")
changes what was said, however few characters differ: deduplication keeps such wordings in
separate rows and links them (`quotes.dedup`), so that a fact-checker sees both and which outlet
printed which. Wordings are compared as `dedup.normalize_quote` gives them: folded case, no
punctuation ("won't" is "won t").
"""

from __future__ import annotations

import difflib
from collections import Counter

import regex

from .speakers.names import fold

_NEGATIONS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "without", "t"}
_MODALS = {"will", "would", "shall", "should", "can", "could", "may", "might", "must"}
# The modal a contraction's first half stands for: "won t" is "will not", "shan t" "shall not".
_CONTRACTED = {"won": "will", "shan": "shall", "ca": "can"}
_NUMBER_WORDS = set(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion trillion half third quarter percent".split()
)
KINDS = ("negation", "number", "modal", "name")
_FOLDED_WORDS = regex.compile(r"[\p{L}\p{N}]+")
# A capitalised word that does not open a sentence (or follow a quotation mark or a colon).
_NAME = regex.compile(r"(?<![.!?:;\"“‘'(\[]\s*)(?<!^\s*)\b\p{Lu}[\p{L}\p{M}'’-]*")


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
        >>> alteration("i am not telling you it will be rigged", "i am telling you it will not be rigged")
        'negation'

    """
    wa, wb = _words(a), _words(b)
    found = set()
    # Word by word: a change lies in the stretches that differ, so a "not" moved to another verb
    # ("not telling … going to be" / "telling … not going to be") is a change, where a count of
    # negations would find none; a stretch that swaps one negation for another ("did not" / "didn t")
    # is not.
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        one, other = wa[i1:i2], wb[j1:j2]
        if _count(one, _NEGATIONS) != _count(other, _NEGATIONS):
            found.add("negation")
        if _numbers(one) != _numbers(other):
            found.add("number")
        if _only(one, _MODALS) != _only(other, _MODALS):
            found.add("modal")
    return "; ".join(k for k in KINDS if k in found) or None


def name_words(original: str) -> set[str]:
    """The folded words of the names in a wording as printed: capitalised words that do not open
    a sentence, other than "I". Compared across two wordings only where the other lacks the word
    in any case (a copy in lower case changes no name).

    Example:
        >>> sorted(name_words("Russia must leave Ukraine. Then we talk, I said."))
        ['ukraine']
    """
    found = set()
    for match in _NAME.finditer(original):
        if match.group() != "I":
            found.update(_FOLDED_WORDS.findall(fold(match.group())))  # as dedup.normalize_quote folds
    return found


def name_changed(a: str, a_printed: str, b: str, b_printed: str) -> bool:
    """Whether a name in one wording is missing from the other's words ("leave Ukraine" /
    "leave Georgia"): `a` and `b` normalised, `a_printed` and `b_printed` as printed. A name
    written in lower case in the other is no change.

    Example:
        >>> name_changed("russia must leave ukraine now", "Russia must leave Ukraine now",
        ...              "russia must leave georgia now", "russia must leave georgia now")
        True
    """
    return bool(name_words(a_printed) - set(b.split()) or name_words(b_printed) - set(a.split()))


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
