"""Parse only what attribution needs: the paragraphs of the quotes the rules cannot settle.

The rule-based pass settles most quotes on its own: when a pattern such as “…,” said Jane Smith
names the speaker, the pattern is right as often as the parse (measured in the README). The parser is
needed for the others: quotes with no pattern cue, and quotes whose cue names a pronoun or a
description ("he said", "the official said"). Only their paragraphs are parsed, and of the quotes
themselves only their first and last words; with the last two sentences of the paragraph before
where the cue names a pronoun or a description (the person "he" or "the official" means is
usually named there) or where a quote with no cue follows a paragraph with a speech verb, which
it may go on from (not where it goes on from a quote the patterns named: `carry_over` gives it
that speaker; and such a quote is not parsed at all where its paragraph names no one else). Of an
article whose quotes are all settled the parser reads only blanks. (The paragraph before every
quote with no cue was parsed until it was measured: on the eval set it bought little accuracy for
a sixth of the run's time; see the README's Speed section.)
Other scopes trade accuracy for speed the other way (`windows`; measured in the README).

The parser reads the article with every other paragraph blanked out (`masked`): the same length,
the same line breaks, so every offset the parse gives still points into the original text.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .speakers import carry_over, is_named, paragraph_bounds
from .speakers.layout import ends_sentence
from .rules import RuleSet
from .types import Attribution, Candidate

_NOT_NEWLINE = regex.compile(r"[^\n]+")




def windows(
    text: str,
    candidates: Sequence[Candidate],
    attributions: Sequence[Attribution | None],
    rules: RuleSet,
    *,
    scope: str = "focus",
    edge_words: int | None = 3,
) -> list[tuple[int, int]]:
    """The character ranges to parse, in order.

    Args:
        scope: "focus", the paragraphs of the quotes the patterns did not name, with the last
            two sentences of the paragraph before for those whose cue names a pronoun or a
            description (where the person is usually named) and those with no cue after a
            paragraph with a speech verb (but for those that go on from a named speaker's quote,
            `carry_over`, which are parsed only where their paragraph names someone else);
            "uncued", only the paragraphs of the quotes the patterns found no cue for; "all", the
            whole text.
        edge_words: parse only this many words at each end of a quote's own words: the parse
            needs the quote's edges to attach it to its verb, not the middle of a long quote.
            None parses quotes whole.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.speakers import attribute
        >>> from quotes.detect.marks import find_quotes
        >>> text = 'Ann Lee won.\\n“Yes,” she said.\\n“No,” said Bob Ray.'
        >>> rules = load_rules()
        >>> cands = list(find_quotes(text, rules))
        >>> windows(text, cands, attribute(text, cands, rules), rules)
        [(0, 29)]
    """
    if scope == "all":
        return [(0, len(text))]
    ranges = []
    carried = carry_over(text, candidates, attributions, rules) if scope == "focus" else attributions
    spans = [(c.outer_start, c.outer_end) for c in candidates]
    for cand, attribution, goes_on in zip(candidates, attributions, carried):
        if is_named(attribution, rules) or (scope == "uncued" and attribution is not None):
            continue
        lo, hi = paragraph_bounds(text, cand)
        if attribution is None and is_named(goes_on, rules) and not _names_someone(text, lo, hi, spans):
            continue  # it goes on from a named speaker's quote, and nothing else here could have said it
        before = _last_sentences(text, _previous_paragraph(text, lo), lo, rules) if scope == "focus" else lo
        # the paragraph before, for a cue that names no one, or for a quote with no cue that may go
        # on from it ("Maren Holt said the rules were unclear. | “Nobody explained them.”"), unless
        # it goes on from the named speaker of the quote right before (`carry_over`)
        if attribution is not None or (not is_named(goes_on, rules) and any(
                w.casefold() in rules.speech_form_set for w in _WORD.findall(text, before, lo))):
            lo = before
        ranges.append((lo, hi))
    kept = _merged(ranges)
    if edge_words is None:
        return kept
    holes = [_interior(text, c, edge_words) for c in candidates]
    return _subtract(kept, sorted(h for h in holes if h[0] < h[1]))


def _names_someone(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text[lo:hi], outside the quotes' `spans`, holds a capitalised word that does not
    start a sentence: a name, which the parse is needed to type. On the 840 eval articles, not
    parsing the paragraphs of quotes that go on from a named speaker and name no one else gave one
    right speaker for a wrong one and one wrong left empty (accuracy 0.8246 → 0.8248, precision
    0.9346 → 0.9351); not parsing any of them gave three more wrong ("Iowa" for Ted Cruz)."""
    pieces, pos = [], lo
    for start, end in spans:
        if end > lo and start < hi:
            pieces.append(text[pos:max(pos, start)])
            pos = max(pos, end)
    pieces.append(text[pos:hi])
    return bool(_NAME_START.search(" ".join(pieces).strip()))


# A capitalised word, but at the start or after a sentence's stop.
_NAME_START = regex.compile(r"(?<![.!?]\s)(?<!^)\b\p{Lu}")
_WORD_RUN = regex.compile(r"\S+")
_WORD = regex.compile(r"\p{L}+")


def _interior(text: str, cand: Candidate, edge: int) -> tuple[int, int]:
    words = list(_WORD_RUN.finditer(text, cand.start, cand.end))
    if len(words) <= 2 * edge:
        return (0, 0)
    return words[edge - 1].end() if edge else cand.start, words[-edge].start() if edge else cand.end


def _subtract(ranges: list[tuple[int, int]], holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for lo, hi in ranges:
        for hs, he in holes:
            if hs >= hi or he <= lo:
                continue
            if hs > lo:
                out.append((lo, hs))
            lo = max(lo, he)
        if lo < hi:
            out.append((lo, hi))
    return out


def masked(text: str, keep: Sequence[tuple[int, int]]) -> str:
    """`text` with everything outside `keep` turned to spaces, line breaks kept.

    Example:
        >>> masked("One.\\nTwo.", [(5, 9)])
        '    \\nTwo.'
    """
    parts, pos = [], 0
    for start, end in keep:
        parts += [_blank(text[pos:start]), text[start:end]]
        pos = end
    parts.append(_blank(text[pos:]))
    return "".join(parts)


def _blank(chunk: str) -> str:
    return _NOT_NEWLINE.sub(lambda m: " " * len(m.group()), chunk)


def _last_sentences(text: str, start: int, end: int, rules: RuleSet, n: int = 2) -> int:
    """Where the last `n` sentences of text[start:end] start: the person a pronoun means is
    named in the sentence or two before it, if the parse is to find them (names further back are
    found without it: speakers/mentions.py). The whole paragraph: 840 eval articles, speaker accuracy
    0.8251, precision 0.9346, 35.0% of words parsed; its last two sentences: 0.8246, 0.9346, 34.0%
    (about 4% faster in-process); its last one: 0.8223, 0.9331."""
    starts = [m.end() for m in _SENTENCE_STOP.finditer(text, start, end) if ends_sentence(text, m.start(), rules)]
    return starts[-n] if len(starts) >= n else start


# A stop that may end a sentence, and the space after it, before the next sentence's first word.
_SENTENCE_STOP = regex.compile(r"[.!?][\"'”’]*[ \t]+(?=[\"“‘]?\p{Lu})")


def _previous_paragraph(text: str, lo: int) -> int:
    """The start of the non-blank paragraph before the one starting at `lo`."""
    end = len(text[:lo].rstrip())
    return text.rfind("\n", 0, end) + 1 if end else lo


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out
