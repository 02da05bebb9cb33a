"""Quotes in pieces: which candidates go on with the quote before them.

One quote may be printed in pieces, each between its own marks:

- interrupted by its attribution: '“The economy,” she said, “is in far better shape.”' (the first
  piece ends with a comma, the attribution is short and ends with one, and the second piece goes
  on in lower case);
- over several paragraphs: the marks detector links a paragraph that reopens a quote left open
  (`marks.py`); a paragraph that is nothing but a quote, right after a paragraph that ends with
  a quote, goes on with it too (the marks closed and reopened at the break, as many outlets print
  it). After '“…,” she said.' the next paragraph's quote is another.

Each piece keeps its own offsets; `Candidate.follows` names the piece it goes on from, and
the mentions table numbers the pieces (`part`), so that a quote printed in pieces is one row of the
quotes table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import regex

from ..types import Candidate

# Between two pieces of an interrupted quote: ', she said,' / ', Ann Lee added,'.
_INTERRUPTION = regex.compile(r"[,]?\s*[^\s\n“”\"«»][^\n“”\"«».!?]{0,50},\s*")
_LIMIT = 60  # characters between the pieces, at most


def linked(text: str, candidates: Sequence[Candidate]) -> list[Candidate]:
    """`candidates` (in text order), with `follows` set on each that goes on from the one before.

    Example:
        >>> from quotes.detect.marks import find_quotes
        >>> from quotes.rules import load_rules
        >>> text = '“The economy,” she said, “is in far better shape than people think.”'
        >>> [c.follows for c in linked(text, list(find_quotes(text, load_rules())))]
        [None, 0]
    """
    out = list(candidates)
    for i in range(1, len(out)):
        before, cand = out[i - 1], out[i]
        if cand.follows is None and (_interrupted(text, before, cand) or _paragraph_goes_on(text, before, cand)):
            out[i] = replace(cand, follows=before.outer_start)
    return out


def _interrupted(text: str, before: Candidate, cand: Candidate) -> bool:
    gap = text[before.outer_end : cand.outer_start]
    if len(gap) > _LIMIT or not text[cand.start : cand.start + 1].islower():
        return False  # the second piece goes on with the first's sentence
    comma = text[before.start : before.outer_end].rstrip(" ”\"’'»").endswith(",") or gap.lstrip().startswith(",")
    return comma and _INTERRUPTION.fullmatch(gap) is not None


def _paragraph_goes_on(text: str, before: Candidate, cand: Candidate) -> bool:
    """A paragraph that is only `cand`, right after a paragraph that ends with `before` (not with
    its attribution: '“…,” said Ines Moreau.\n\n“…”' is a second quote)."""
    gap = text[before.outer_end : cand.outer_start]
    if "\n" not in gap or gap.strip(" \t\r\n\xa0.,"):
        return False  # not the next paragraph, or words between
    end = text.find("\n", cand.outer_end)
    rest = text[cand.outer_end : len(text) if end < 0 else end]
    return not rest.strip(" \t\r\xa0.,")
