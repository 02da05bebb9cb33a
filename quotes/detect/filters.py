"""Which candidates are someone's words: titles of works, nicknames and scare quotes are not.

A quote with a speech cue of its own is kept. Without one, short stretches in marks are far more
often a title ("Meet the Press"), a label (a "cougar") or an ironic phrase than speech, so they are
dropped: any of `max_short_words` words or fewer, and up to `max_title_words` words when written
in title case or introduced by a naming word from `rules/non_quote_cues.jsonl` ("so-called",
"dubbed", "on", a possessive like "NBC's").
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import RuleSet
from ..types import Attribution, Candidate

_SMALL_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by", "from", "is", "vs"}
_SENTENCE_END = regex.compile(r"[.!?…][\"'”’]?$")


def is_speech(
    text: str,
    cand: Candidate,
    attribution: Attribution | None,
    rules: RuleSet,
    *,
    max_short_words: int = 3,
    max_title_words: int = 8,
) -> bool:
    """Whether a candidate quote is somebody's words rather than a title, a name or a scare quote.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.types import Candidate
        >>> text = 'She appeared on "Meet the Press" on Sunday.'
        >>> is_speech(text, Candidate(17, 31, 16, 32, "marks", 0.9), None, load_rules())
        False
    """
    if text[: cand.outer_start].rstrip().endswith("="):
        return False  # a markup attribute value: author="..."
    words = text[cand.start : cand.end].split()
    if len(words) <= max_title_words and _introduced_by_naming_word(text, cand.outer_start, rules):
        return False
    if attribution is not None and attribution.method != "carry-over":
        return True
    if len(words) <= max_short_words:
        return False
    if len(words) > max_title_words or _SENTENCE_END.search(text[cand.start : cand.end]):
        return True
    return not _is_title_case(words)


def is_nickname(text: str, cand: Candidate) -> bool:
    """Whether a candidate is a name in marks: inside a name ('Robert “Bobby” Kessler'), or after
    a word that gives a name ('goes by the name “Tiny.”', 'known only as “Rico,”', 'who performs
    as “Lil Frost.”'), even where a speech verb governs the sentence. Such a candidate is dropped
    before attribution: the name around it is a speaker's.

    Example:
        >>> from quotes.types import Candidate
        >>> text = "said Robert “Bobby” Kessler."
        >>> is_nickname(text, Candidate(13, 18, 12, 19, "marks", 0.9))
        True
    """
    words = text[cand.start : cand.end].split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    between_names = _NAME_BEFORE.search(text, max(0, cand.outer_start - 30), cand.outer_start) and \
        _NAME_AFTER.match(text, cand.outer_end)
    return bool(between_names or _GIVES_A_NAME.search(text, max(0, cand.outer_start - 30), cand.outer_start))


_NAME_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}’'.-]*[.,!]?")
_NAME_BEFORE = regex.compile(r"(?<![.!?]\s*)\b\p{Lu}[\p{L}\p{M}’'.-]*\s+$")
_NAME_AFTER = regex.compile(r"\s+\p{Lu}\p{Ll}")
_GIVES_A_NAME = regex.compile(r"(?i)\b(?:name|names|as|by)\s*$")


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.casefold().strip(",.:;") not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or not w[:1].isalpha() for w in content)


def _introduced_by_naming_word(text: str, pos: int, rules: RuleSet) -> bool:
    before = text[max(0, pos - 40) : pos]
    return bool(_naming_pattern(rules).search(before))


@lru_cache(maxsize=8)
def _naming_pattern(rules: RuleSet) -> regex.Pattern:
    cues = "|".join(regex.escape(c.before) for c in sorted(rules.non_quote_cues, key=lambda c: -len(c.before)))
    return regex.compile(rf"(?i)(?:\b(?:{cues})|\w['’]s?)\s*$")
