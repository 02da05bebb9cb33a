"""Long articles in parts: where to cut them, and their mentions put back into the whole text.

An article longer than `pipeline.PART_CHARS` is read in parts cut at paragraph breaks, each part's
offsets shifted back at the end; the quotes of an article read with hard-wrapped lines joined
(detect/wraps.py) are cut from the text as given.
"""

from __future__ import annotations

from .types import Mention


def part_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) ranges of at most about `size` characters, cut after a line break where there
    is one, else after a sentence, else after a space.

    Example:
        >>> part_bounds("One.\\nTwo.\\nThree.", 8)
        [(0, 5), (5, 10), (10, 16)]
    """
    bounds, start = [], 0
    while len(text) - start > size:
        # after a line break, else after a sentence's end, else a space: a quote is cut only where nothing else can be
        cut = (text.rfind("\n", start + size // 2, start + size) + 1 or _last_sentence_end(text, start + size // 2, start + size)
               or text.rfind(" ", start + size // 2, start + size) + 1)
        cut = cut or start + size
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Just after the last stop and space (". ", "! ", "? ") in text[lo:hi], or 0 if there is none."""
    at = max(text.rfind(stop, lo, hi) for stop in (". ", "! ", "? "))
    return at + 2 if at >= 0 else 0


def as_given(mention: Mention, given: str, read: str) -> Mention:
    """The mention with its quote and speaker mention cut from the text as given, not as read
    (the two have the same length: `read` joins hard-wrapped lines one character for one).

    Example:
        >>> as_given(Mention("a", "We won", 1, 7, "marks", 0.95), "“We\\nwon”", "“We won”").quote
        'We\\nwon'
    """
    if given is not read:
        mention.quote = given[mention.quote_start : mention.quote_end]
        if mention.speaker_start is not None:
            mention.speaker_mention = given[mention.speaker_start : mention.speaker_end]
    return mention


def shifted(mention: Mention, offset: int) -> Mention:
    """The mention with its offsets moved `offset` characters on (a part's start in the whole).

    Example:
        >>> shifted(Mention("a", "Yes", 1, 4, "marks", 0.95), 100).quote_start
        101
    """
    if not offset:
        return mention
    mention.quote_start += offset
    mention.quote_end += offset
    if mention.speaker_start is not None:
        mention.speaker_start += offset
        mention.speaker_end += offset
    return mention
