"""Candidates that need no cue of their own: carry-over from the quote before."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..types import Attribution, Candidate


def carry_over(text: str, cands: Sequence[Candidate], found: Sequence[Attribution | None]) -> list[Attribution | None]:
    """Give a cue-less quote the speaker of the quote before it, if nothing but that quote's own
    attribution stands between them: the rest of its sentence ("…,” he said. “…”) and at most one
    paragraph break. A sentence of narration in between breaks the chain.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.detect.marks import find_quotes
        >>> from quotes.speakers.cues import attribute
        >>> text = '“One,” said Jane Smith. “Two.”'
        >>> rules = load_rules()
        >>> cands = list(find_quotes(text, rules))
        >>> [a.speaker_mention for a in carry_over(text, cands, attribute(text, cands, rules))]
        ['Jane Smith', 'Jane Smith']
    """
    out = list(found)
    for i in range(1, len(cands)):
        prev = out[i - 1]
        if out[i] is not None or prev is None:
            continue
        gap_start, gap_end = cands[i - 1].outer_end, cands[i].outer_start
        if gap_start <= prev.speaker_start < gap_end:
            end = _SENTENCE_END.search(text, prev.speaker_end, gap_end)
            gap_start = end.end() if end else gap_end
        gap = text[gap_start:gap_end]
        if gap.count("\n") <= 2 and _ONLY_PUNCTUATION.fullmatch(gap):
            out[i] = Attribution(prev.speaker_mention, prev.speaker_start, prev.speaker_end, prev.cue, "carry-over")
    return out


# The end of a sentence: a stop followed (after any closing marks) by a space or the end.
# (Not a stop inside brackets: "Sen. Chuck Schumer (D-N.Y.) said".)
_SENTENCE_END = regex.compile(r"[.!?:][\"'”’]*(?=\s|$)")
_ONLY_PUNCTUATION = regex.compile(r"[\s.,;:—–-]*")
