"""Which candidates are someone's words: titles of works, nicknames and scare quotes are not.

Whatever its cue, a candidate is no speech when a naming word from `rules/non_quote_cues.jsonl`
introduces it ("so-called", "dubbed", "on", a possessive like "NBC's"; "that" before three words or
fewer, unless after a speech verb), when it is a title (title case, and a word that introduces a work before it, "author of",
"a memoir,", or words of the sentence before it; a credit "by X" or a year after it), when it is in
a label line ("READ MORE: …", another article's headline) or is a paragraph made only of a quote in
single marks (a subheading, as in British style). Headlines that quote somebody are kept.

A quote with a speech cue of its own is kept, if short (`max_short_words` words or fewer) only with
the cue next to it: a speech verb right before it ('said, “Never.”', 'told workers: “No.”'), or the
speaker with nothing but a speech verb or punctuation between. A piece of a quote in pieces goes
with its first piece (`pieces.py`). Names in marks are dropped earlier (`is_nickname`). Without a cue, short
stretches in marks are far more often a label (a "cougar") or an ironic phrase than speech, so they
are dropped, unless a whole sentence right after its speaker's quote ("…,” she said. “Twice.”); so
are up to `max_title_words` words in title case.
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
    if text[max(0, cand.outer_start - 20) : cand.outer_start].rstrip().endswith("="):
        return False  # a markup attribute value: author="..."
    quote = text[cand.start : cand.end]
    words = quote.split()
    if len(words) <= max_title_words and _introduced_by_naming_word(text, cand.outer_start, rules, len(words)):
        return False
    titled = len(words) <= max_title_words and _is_title_case(words) and not _EXCLAIMS.search(quote)
    if titled and (_in_title_context(text, cand.outer_start, rules) or not _opens_sentence(text, cand.outer_start, rules)):
        return False  # 'In Sunday’s episode of “Morning Ledger,” Ana Pike said', 'a memoir, “The Long Road Home,”'
    if _WORK_AFTER.match(text, cand.outer_end) or _in_label_line(text, cand, rules) or _single_marked_line(text, cand):
        return False  # “Destiny and Power,” by Jon Meacham / “No to Schengen” (2005) / READ MORE: …
    if cand.follows is not None:
        return True  # a piece of a quote: its first piece was judged with the words around
    if attribution is not None and attribution.method != "carry-over":
        # A short quote is speech only with its cue next to it (“Never.”); not with a speech verb
        # elsewhere in the sentence ('posted a clip of its staff doing “dough yoga”').
        return len(words) > max_short_words or _cued_nearby(text, cand, attribution, rules)
    if len(words) <= max_short_words:
        # “The owners were warned,” she said. “Twice.”: a whole sentence after its speaker's quote
        return _follows_its_quote(text, cand, quote)
    if len(words) > max_title_words or _SENTENCE_END.search(quote):
        return True
    return not titled


def is_nickname(text: str, cand: Candidate) -> bool:
    """Whether a candidate is a name in marks: part of a name ('Robert “Bobby” Kessler', '“Big Mike”
    Ortiz said'), or after a word that gives a name ('goes by the name “Tiny.”', 'known only as
    “Rico,”', 'who performs as “Lil Frost.”'), even where a speech verb governs the sentence. Such
    a candidate is dropped before attribution: the name around it is a speaker's.

    Example:
        >>> from quotes.types import Candidate
        >>> text = "said Robert “Bobby” Kessler."
        >>> is_nickname(text, Candidate(13, 18, 12, 19, "marks", 0.9))
        True
    """
    words = text[cand.start : cand.end].split()
    if not 1 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    # before a name's next word on its line, with no stop between: (Robert) “Bobby” Kessler; speech
    # ends with a stop or a comma: “Yes,” Kessler said
    in_a_name = not _STOPS.search(words[-1]) and _NAME_AFTER.match(text, cand.outer_end)
    return bool(in_a_name or _GIVES_A_NAME.search(text, max(0, cand.outer_start - 30), cand.outer_start))


_NAME_WORD = regex.compile(r"\p{Lu}[\p{L}\p{M}’'.-]*[.,!]?")
_NAME_AFTER = regex.compile(r"[ \t]+\p{Lu}\p{Ll}")
_STOPS = regex.compile(r"[.,!?]$")
_GIVES_A_NAME = regex.compile(r"(?i)\b(?:name|names|as|by)\s*$")


_EXCLAIMS = regex.compile(r"[!?][,.]?$")
# After a quote: a work's credit (“…,” by Ann Lee) or its year (“…” (2005)).
_WORK_AFTER = regex.compile(r",?\s+by\s+\p{Lu}|\s*\((?:19|20)\d\d\)")
# "READ MORE:", "Also read:", "WATCH:": another article's headline
_LABEL = regex.compile(r"(?i:(?:also\s+)?read(?:\s+more)?|related|see\s+also|more|watch|listen|recommended)\s*:")
_LABEL_LINE = regex.compile(r"\p{Lu}[\p{Lu} ]{1,20}:")


def _opens_sentence(text: str, pos: int, rules: RuleSet) -> bool:
    """Whether a quote at `pos` opens its paragraph, a sentence, a clause after a colon, or the
    words of a speech verb ('Aldo Brix said, “Never.”')."""
    before = text[max(0, pos - 40) : pos].rstrip(" \t\xa0")
    return not before or before[-1] in "\n.!?:;\"”’'—–-" or _speech_verb_before(rules).search(before) is not None


def _in_label_line(text: str, cand: Candidate, rules: RuleSet) -> bool:
    """Whether the quote is in a line that opens with a label in capitals ("READ MORE: …"), not a
    speaker's ("ANN LEE SAID: …")."""
    start = text.rfind("\n", 0, cand.outer_start) + 1
    if _LABEL.match(text, start, cand.outer_start):
        return True
    label = _LABEL_LINE.match(text, start, cand.outer_start)
    return label is not None and not _has_speech_verb(rules).search(label.group().rstrip(": ").split()[-1])


def _single_marked_line(text: str, cand: Candidate) -> bool:
    """A paragraph that is only a short quote in single marks, with no stop: a subheading, as in
    British style (a paragraph of quoted sentences in single marks is British speech)."""
    start = text.rfind("\n", 0, cand.outer_start) + 1
    end = text.find("\n", cand.outer_end)
    end = len(text) if end < 0 else end
    quote = text[cand.start : cand.end]
    return (not text[start : cand.outer_start].strip() and not text[cand.outer_end : end].strip(" \t.")
            and text[cand.outer_start] in "‘'" and len(quote.split()) <= 10 and not _SENTENCE_END.search(quote.rstrip(",")))


def _cued_nearby(text: str, cand: Candidate, attribution: Attribution, rules: RuleSet) -> bool:
    """Whether a speech verb or the speaker mention stands next to the quote, in its paragraph:
    'Hill, a doctor who treated him, said: “Fine.”', '“Twice,” she said'."""
    if _speech_verb_before(rules).search(text, max(0, cand.outer_start - 40), cand.outer_start):
        return True
    if attribution.speaker_end <= cand.outer_start:
        gap = text[attribution.speaker_end : cand.outer_start]
    else:
        gap = text[cand.outer_end : attribution.speaker_start]
    # and nothing but a speech verb or punctuation between: not 'Members of the group, who practise “dough yoga”'
    return len(gap) <= _NEARBY and "\n" not in gap and (not regex.search(r"\p{L}", gap) or _has_speech_verb(rules).search(gap) is not None)


_NEARBY = 30  # characters: a cue verb and a comma, "told reporters on Monday"


def _follows_its_quote(text: str, cand: Candidate, quote: str) -> bool:
    """A whole sentence in marks right after the sentence that attributes the quote before it, in
    the same paragraph: '“…,” she said. “Twice.”'."""
    if not (quote[:1].isupper() and _SENTENCE_END.search(quote)):
        return False
    before = text[max(0, cand.outer_start - 60) : cand.outer_start]
    before = before[before.rfind("\n") + 1 :]  # in its own paragraph, however short the one before
    return _CLOSED_THEN_CUE.search(before) is not None


# A closing mark, then a few words that end a sentence: '”, she said. '
_CLOSED_THEN_CUE = regex.compile(r"[”\"’'»],?\s+[^\n“”\"]{2,40}[.:]\s*$")


def _is_title_case(words: list[str]) -> bool:
    content = [w for w in words if w.casefold().strip(",.:;") not in _SMALL_WORDS]
    return bool(content) and all(w[:1].isupper() or not w[:1].isalpha() for w in content)


def _introduced_by_naming_word(text: str, pos: int, rules: RuleSet, words: int) -> bool:
    """A naming word from `rules/non_quote_cues.jsonl` right before the mark ('so-called “…”'),
    but not "that" after a speech verb ('Larry Summers said that “inflation could come back.”'),
    nor "that" before a clause of four words or more ('a plan that “nobody in this town wanted,”')."""
    before = text[max(0, pos - 40) : pos]
    found = _naming_pattern(rules, False).search(before)
    if found is None:
        return False
    if _THAT.search(before):
        return words <= 3 and not _speech_that(rules).search(before)
    return True


_THAT = regex.compile(r"(?i)\bthat\s*$")


def _in_title_context(text: str, pos: int, rules: RuleSet) -> bool:
    """A word that introduces a work's title ('author of', 'episode of', 'a memoir,'), from
    `rules/non_quote_cues.jsonl` (those marked `title_case`)."""
    return bool(_naming_pattern(rules, True).search(text[max(0, pos - 40) : pos]))


@lru_cache(maxsize=16)
def _naming_pattern(rules: RuleSet, title_case: bool) -> regex.Pattern:
    cues = sorted((c.before for c in rules.non_quote_cues if c.title_case == title_case), key=len, reverse=True)
    cues = "|".join(regex.escape(c) for c in cues) or "(?!)"
    if title_case:
        return regex.compile(rf"(?i)\b(?:{cues}),?\s*$")
    return regex.compile(rf"(?i)(?:\b(?:{cues})|\w['’]s?)\s*$")


@lru_cache(maxsize=8)
def _speech_that(rules: RuleSet) -> regex.Pattern:
    verbs = rules.speech_form_pattern
    return regex.compile(rf"(?i)\b(?:{verbs})(?:\s+\p{{Ll}}+ly)?\s+that\s*$")


@lru_cache(maxsize=8)
def _speech_verb_before(rules: RuleSet) -> regex.Pattern:
    """A speech verb, then up to three words (a listener, a time), then a comma or colon: 'said,',
    'told workers:', 'said on Monday:'; or the verb alone right before the mark."""
    verbs = rules.speech_form_pattern
    return regex.compile(rf"(?i)\b(?:{verbs})(?:(?:\s+[\p{{L}}’'-]+){{0,3}}[,:]|[,:]?)\s*$")


@lru_cache(maxsize=8)
def _has_speech_verb(rules: RuleSet) -> regex.Pattern:
    verbs = rules.speech_form_pattern
    return regex.compile(rf"(?i)\b(?:{verbs}|according to)\b")
