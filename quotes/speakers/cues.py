"""Cues: who the text says said each quote (the speaker mention, as written) and the cue word.

Two ways, for each quote:

1. the patterns of `rules/attribution_patterns.jsonl` over the raw text around the quote
   (“…,” said X / X said, “…” / X: “…” / “…” — X), the only way when no pipeline is loaded;
2. the dependency parse (`parse.py`, when a spaCy pipeline is loaded), where the pattern does
   not name the speaker: a speech verb outside the quote that governs it or stands next to it,
   and that verb's subject ("according to X" too).

Mentions are not resolved here ("he", "the Mexican president"): that is `reference.py`'s job.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache

import regex

from ..deptree import doc_text
from ..rules import RuleSet
from ..types import Attribution, Candidate
from .layout import ends_sentence, is_abbreviation, merged, text_end
from .names import DETERMINERS, trailing_name
from .parse import LISTENERS, by_parse
from .patterns import Compiled, compiled_patterns

_LETTERS = regex.compile(r"\p{L}+")
# How far from a quote the patterns look for a cue, in characters.
_WINDOW = 160


def attribute(
    text: str,
    candidates: Sequence[Candidate],
    rules: RuleSet,
    doc=None,
    memo: dict | None = None,
) -> list[Attribution | None]:
    """Attribute every candidate of one article; `None` where the text names no speaker.

    Args:
        text: the article text.
        candidates: the article's quotes, in text order.
        rules: speech verbs and attribution patterns.
        doc: the article parsed by spaCy, or None to use the patterns alone.
        memo: the patterns' answers, for another call on the same text and rules: the pipeline
            attributes an article before the parse (to choose what to parse) and after it, and the
            patterns' answers do not change. Filled here, as {(start, end, outer start, outer end,
            the next quote's outer start, the previous one's outer end): Attribution or None}, all
            a pattern's answer depends on; the caller keeps one memo per text and drops it after.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.detect.marks import find_quotes
        >>> text = '“We will win,” said Jane Smith.'
        >>> rules = load_rules()
        >>> [a.speaker_mention for a in attribute(text, list(find_quotes(text, rules)), rules)]
        ['Jane Smith']
    """
    found = []
    # Token.sent walks the whole document each time; take the sentence starts once.
    starts = [sent.start for sent in doc.sents] if doc is not None else []
    parsed = doc_text(doc) if doc is not None else ""
    edges = (sorted(c.outer_start for c in candidates), sorted(c.outer_end for c in candidates))
    quoted = merged([(c.outer_start, c.outer_end) for c in candidates])  # once: each quote looks it up
    for cand in candidates:
        by_pattern = _by_pattern(text, cand, edges, rules, memo)
        # A pattern that names the speaker is as right as the parse (README, "Speed"); and the
        # parse may cover only some paragraphs (see focus.py).
        if doc is None or is_named(by_pattern, rules) or not _is_parsed(parsed, text, cand):
            found.append(by_pattern)
        else:
            found.append(by_parse(doc, text, starts, cand, quoted, rules) or by_pattern)
    return found


def is_named(attribution: Attribution | None, rules: RuleSet) -> bool:
    """Whether an attribution names its speaker ("said Jane Smith"), not a pronoun or a description.

    Example:
        >>> from quotes.rules import load_rules
        >>> is_named(Attribution("Jane Smith", 0, 10, "said", "pattern:x"), load_rules())
        True
        >>> is_named(Attribution("the senator", 0, 11, "said", "pattern:x"), load_rules())
        False
    """
    if attribution is None:
        return False
    mention = attribution.speaker_mention.strip()
    first = mention.split()[0].casefold() if mention else ""
    if mention.casefold() in rules.pronoun_forms or first in DETERMINERS:
        return False
    # a name ends the mention: "Jane Smith", "von der Leyen", "fight doctor Ferdie Pacheco"
    return trailing_name(mention, rules) is not None


def _is_parsed(parsed: str, text: str, cand: Candidate) -> bool:
    """Whether the parser read the candidate's words, rather than the blanks of focus.masked()."""
    first, last = cand.outer_start, cand.outer_end - 1
    return parsed[first] == text[first] and parsed[last] == text[last]


def _by_pattern(text: str, cand: Candidate, edges: tuple[list[int], list[int]], rules: RuleSet,
                memo: dict | None = None) -> Attribution | None:
    """`edges`: the candidates' sorted outer starts and ends, to find the neighbours in log time."""
    starts, ends = edges
    i, j = bisect.bisect_left(starts, cand.outer_end), bisect.bisect_right(ends, cand.outer_start)
    # the windows stop at the next quote's start and the previous one's end
    next_start, previous_end = starts[i] if i < len(starts) else len(text), ends[j - 1] if j else 0
    if memo is None:
        return _first_pattern(text, cand, next_start, previous_end, rules)
    key = (cand.start, cand.end, cand.outer_start, cand.outer_end, next_start, previous_end)
    if key not in memo:
        memo[key] = _first_pattern(text, cand, next_start, previous_end, rules)
    return memo[key]


def _first_pattern(text: str, cand: Candidate, next_start: int, previous_end: int, rules: RuleSet) -> Attribution | None:
    """The first pattern's answer, searching the text around the quote, in its paragraph, within
    `_WINDOW` characters, after the previous quote's end and before the next one's start."""
    after_start = cand.outer_end
    after_end = _paragraph_end(text, after_start, _WINDOW)
    byline = _BYLINE.match(text, after_end) if not text[after_start:after_end].strip() else None
    if byline:  # the quote ends its paragraph and the next line is "— Name": a signature
        after_end = byline.end()
    after_end = min(after_end, next_start)
    before_end = cand.outer_start
    before_start = _paragraph_start(text, before_end, _WINDOW)
    before = text[before_start:before_end]
    previous = text_end(text, before_start)
    if not before.strip() and text[previous - 1 : previous] == ":":
        # The quote opens a paragraph, introduced by the one before: "And from the mayor:"
        before_start = _paragraph_start(text, previous, _WINDOW)
    before_start = max(before_start, previous_end)
    # A quote that ends its sentence ("…the bill.”) belongs to the cue that introduced it, if any,
    # rather than to the next sentence's subject: the "before" patterns go first.
    ends_sentence = text[cand.start : cand.end].rstrip()[-1:] in (".", "!", "?")
    order = sorted(compiled_patterns(rules), key=lambda p: p.side == "after") if ends_sentence else compiled_patterns(rules)
    # Cheap tests first: a comma or colon before the quote, a speech verb in the window.
    before_ends = text[before_start:before_end].rstrip()[-1:]
    with_verb: dict[tuple, bool] = {}
    for p in order:
        side = p.side
        if p.needs_mark and before_ends not in (",", ":"):
            continue
        if p.quote_ends and not _goes_on(text, cand, p.quote_ends):
            continue
        lo, hi = (after_start, after_end) if side == "after" else (before_start, before_end)
        # Search a slice so that ^ and $ in the patterns mean the window's edges.
        window = text[lo:hi]
        if p.needs_verb:
            key = (side, p.not_after_verb, p.before_verb)  # patterns alike in this share the answer
            if key not in with_verb:
                with_verb[key] = _verb_where_needed(p, window, rules)
            if not with_verb[key]:
                continue
        match = p.compiled.search(window)
        if match is None:
            continue
        s, e = (lo + i for i in match.span("speaker"))
        if not is_named(Attribution(text[s:e], s, e, "", ""), rules):
            appositive = _APPOSITIVE.match(text, e, max(hi, e))  # "his spokesman, Tariq Bell, said"
            if appositive:
                e = appositive.end("name")
        if side == "after":
            e = _end_of_sentence(text, s, e, rules)  # "said Jane Smith. The hall…": the name ends with its sentence
        else:
            s = _start_of_sentence(text, s, e, rules)  # "on Monday. Lars Klingbeil said:": it starts with its own
        if text[e - 1] == "." and not is_abbreviation(text[s : e - 1].split()[-1], rules):
            e -= 1  # a full stop ("said Ann Lee."), not an abbreviation like "Jr." or an initial
        cue = ""
        if "cue" in p.compiled.groupindex and match.group("cue"):
            cue_start, cue_end = (lo + i for i in match.span("cue"))
            tail = _cue_tail(rules).match(text, cue_end, hi)
            cue = text[cue_start : tail.end() if tail else cue_end]
        return Attribution(text[s:e], s, e, cue, f"pattern:{p.id}")
    return None


def _verb_where_needed(p: Compiled, window: str, rules: RuleSet) -> bool:
    """Whether a word that starts a speech verb's form stands where pattern `p` needs its verb: at
    the window's start after what may stand before it (`Compiled.before_verb`), after the last of
    the characters that never follow it (`Compiled.not_after_verb`), or anywhere."""
    if p.before_verb is not None:
        first = _LETTERS.match(window, p.before_verb.match(window).end())
        return first is not None and _folded(first.group()) in rules.speech_first_words
    after = max((window.rfind(ch) for ch in p.not_after_verb), default=-1) + 1
    return _holds_verb(window[after:], rules)


def _holds_verb(window: str, rules: RuleSet) -> bool:
    """Whether a word of `window` starts a speech verb's form ("said", "pointed" of "pointed out"):
    without one, no {VERB} pattern can match there, and its search, dear at every position, is skipped."""
    return any(_folded(w) in rules.speech_first_words for w in _LETTERS.findall(window))


def _folded(word: str) -> str:
    """The word as (?i) compares it: casefold, not lower, as (?i) takes "ſ" (a long s) for "s";
    and "İ" (a capital I with a dot) for "i", where casefold gives an i and a combining dot."""
    return word.replace("İ", "i").casefold()


def _goes_on(text: str, cand: Candidate, marks: str) -> bool:
    """Whether a quote opens its sentence, holds three words or more, and ends with one of `marks`
    inside its quotation marks or right after them (see `rules.AttributionPattern.quote_ends`)."""
    words = text[cand.start : cand.end].split()
    after = text[cand.outer_end : cand.outer_end + 1]
    if len(words) < 3 or not (words[-1][-1] in marks or (after and after in marks)):
        return False
    before = text[max(0, cand.outer_start - 3) : cand.outer_start].rstrip(" \t")
    return not before or before[-1] in "\n.!?:" or (before[-1] in _CLOSING and before[-2:-1] in (".", "!", "?"))


_CLOSING = "\"'”’»›"


def _end_of_sentence(text: str, start: int, end: int, rules: RuleSet) -> int:
    """`end`, or just after the first full stop before it that ends a sentence ("said Dr. Ho.
    Police arrived" ends at "Ho.")."""
    stops = _sentence_stops(text, start, end, rules)
    return stops[0].start() + 1 if stops else end


def _start_of_sentence(text: str, start: int, end: int, rules: RuleSet) -> int:
    """`start`, or just after the last full stop before `end` that ends a sentence."""
    stops = _sentence_stops(text, start, end, rules)
    if not stops:
        return start
    after = stops[-1].end()
    return after + len(text[after:end]) - len(text[after:end].lstrip())


def _sentence_stops(text: str, start: int, end: int, rules: RuleSet) -> list[regex.Match]:
    """The full stops in text[start:end] that end a sentence: after a word that is no
    abbreviation (`layout.ends_sentence`), however short."""
    return [stop for stop in _SENTENCE_STOP.finditer(text, start, end) if ends_sentence(text, stop.start(), rules)]


@lru_cache(maxsize=8)
def _cue_tail(rules: RuleSet) -> regex.Pattern:
    """What the parse adds to a cue verb, as text: a listener and a medium ('told reporters in a statement').

    The medium comes from the MEDIUM patterns of `rules/matcher_patterns.jsonl`, read as words.
    """
    listeners = "|".join(sorted(LISTENERS))
    media = "|".join(_words_pattern(p.pattern) for p in rules.matcher_patterns if p.label == "MEDIUM")
    return regex.compile(rf"(?i:(?:\s+(?:{listeners})\b)?(?:\s+(?:{media})\b)?)")


def _words_pattern(tokens: list[dict]) -> str:
    """A token pattern of LOWER values and optional wildcards, as a regex over words."""
    words = []
    for token in tokens:
        lower = token.get("LOWER")
        if lower is None:
            word = r"[\w'’-]+"
        else:
            options = lower["IN"] if isinstance(lower, dict) else [lower]
            word = "(?:" + "|".join(regex.escape(o) for o in options) + ")"
        words.append(rf"(?:{word}\s+)?" if token.get("OP") == "?" else rf"{word}\s+")
    return "".join(words).removesuffix(r"\s+")


def _paragraph_end(text: str, pos: int, limit: int) -> int:
    end = text.find("\n", pos, pos + limit)
    return end if end >= 0 else min(len(text), pos + limit)


def _paragraph_start(text: str, pos: int, limit: int) -> int:
    start = text.rfind("\n", max(0, pos - limit), pos)
    return start + 1 if start >= 0 else max(0, pos - limit)


# A line that opens with a dash after a quote's paragraph: "\n\n-Michelle Marks" (a name of two
# to four capitalised words, maybe a role after a comma), or one word that ends the line with a full
# stop ("- Clinton."); not a list's bullet, followed by another ("- Transport\n- Housing"), and not
# an agency's credit ("— AFP").
_BYLINE = regex.compile(
    r"\n+[ \t]*(?:—|–|--|―|-)[ \t]*"
    r"(?:\p{Lu}[\p{L}’'.-]+(?:[ \t]+\p{Lu}[\p{L}’'.-]+){1,3}[ \t]*(?:,[^\n:“”\"«»]{0,60})?|\p{Lu}[\p{L}’'-]+\.)"
    r"(?=[ \t]*(?:$|\n(?![ \t]*(?:—|–|--|―|-|•|\*)[ \t]*\p{L})))"
)
# A name in apposition after a description: ", Tariq Bell," or ", Alan Brown." (two capitalised words or more).
_APPOSITIVE = regex.compile(r",\s+(?P<name>\p{Lu}[\p{L}\p{M}’'.-]*(?:\s+\p{Lu}[\p{L}\p{M}’'.-]*)+)(?=\s*(?:[,.;]|$))")
# A full stop after a letter, then another word: it ends a sentence unless the word is an abbreviation.
_SENTENCE_STOP = regex.compile(r"(?<=\p{L})\.(?=\s+\S)")
