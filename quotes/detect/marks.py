"""Rule-based detector: pair quotation marks over the raw text.

It works paragraph by paragraph with a stack of open marks, so a stray mark can spoil at most
its own paragraph. The marks come from `rules/quote_marks.jsonl`. Straight marks (" and ') open
and close alike, so each mark is judged by what flanks it: a space before and a letter after
opens, a letter or punctuation before and a space after closes. A quote whose paragraph ends
while it is open continues when the next paragraph reopens it (the newspaper convention for
quotes over several paragraphs) and the quote opened a sentence or a clause: each paragraph
gives a piece, and each piece after the first `follows` the one before; otherwise it is
reported as unclosed, ending with its paragraph.
Single marks count only outside double quotes (inside, they are nested quotes or apostrophes).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import RuleSet
from ..types import Candidate

_PARAGRAPH = regex.compile(r"[^\n]+")
# Characters that may stand before an opening mark or after a closing one.
_OPEN_CONTEXT = "([{<—–-/…:;,"
_CLOSE_CONTEXT = ")]}>—–-/…:;,.!?"


@dataclass(frozen=True)
class _Marks:
    openers: dict[str, str]  # mark -> level
    closers: dict[str, str]
    pattern: regex.Pattern
    # From `rules/elisions.jsonl`: the words after a leading apostrophe ('bout, 'n'), and the
    # words before a closing one ('n')
    elided: regex.Pattern
    elided_closed: regex.Pattern


@lru_cache(maxsize=8)
def _marks(rules: RuleSet) -> _Marks:
    openers = {m.open: m.level for m in rules.quote_marks}
    closers = {m.close: m.level for m in rules.quote_marks}
    alternatives = sorted(set(openers) | set(closers), key=lambda m: (-len(m), m))
    words = "|".join(regex.escape(e.word) for e in rules.elisions if not e.closed)
    closed = "|".join(regex.escape(e.word) for e in rules.elisions if e.closed)
    return _Marks(
        openers, closers, regex.compile("|".join(map(regex.escape, alternatives))),
        regex.compile(rf"(?i)(?:{words or '(?!)'})(?![\p{{L}}\p{{N}}])|(?:{closed or '(?!)'})['’](?![\p{{L}}\p{{N}}])"),
        regex.compile(rf"(?i)(?<![\p{{L}}\p{{N}}])['’](?:{closed or '(?!)'})$"),
    )


@dataclass
class _Open:
    mark: str
    pos: int
    level: str
    follows: int | None = None  # reopens, at a paragraph's start, the quote opened there

    @property
    def end(self) -> int:
        return self.pos + len(self.mark)


def find_quotes(text: str, rules: RuleSet, *, min_unclosed_words: int = 4) -> Iterator[Candidate]:
    """Yield the quotes delimited by quotation marks in `text`, in order.

    Args:
        text: the article text; offsets in the candidates point into it.
        rules: the rule set whose `quote_marks` say which characters open and close quotes.
        min_unclosed_words: an opening mark never closed yields a quote up to the end of its
            paragraph only when that many words follow it (fewer are more likely stray marks).

    Yields:
        `Candidate` records with `detector="marks"`; `start`/`end` exclude the marks.

    Example:
        >>> from quotes.rules import load_rules
        >>> text = '“We will win,” she said.'
        >>> [text[c.start:c.end] for c in find_quotes(text, load_rules())]
        ['We will win,']
    """
    marks = _marks(rules)
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    carried: tuple[_Open, int] | None = None  # a double quote open when its paragraph ended
    for p_start, p_end in paragraphs:
        reopen = _reopening_mark(text, p_start, p_end, marks)
        # a quote goes on with the mark it opened with: a paragraph in other marks quotes someone else
        if carried and reopen is not None and reopen.group() == carried[0].mark:
            # one quote in pieces, a piece a paragraph: none holds a paragraph break or a mark
            yield from _candidate(text, carried[0], None, closed=True, par_end=carried[1])
            follows = carried[0].pos
            stack, scan_from = [_Open(reopen.group(), reopen.start(), carried[0].level, follows=follows)], reopen.end()
        else:
            if carried:
                yield from _unclosed(text, *carried, min_unclosed_words)
            stack, scan_from = [], p_start
        carried = None
        for match in marks.pattern.finditer(text, scan_from, p_end):
            found = _step(text, match, stack, marks)
            if found is not None:
                yield from _candidate(text, found[0], found[1], closed=True)
        # the outermost quote left open: a double one, else (British style) a single one
        outer = next((o for o in stack if o.level == "double"), stack[0] if stack else None)
        if outer is not None and _may_run_on(text, outer, p_start, p_end, min_unclosed_words):
            carried = (outer, p_end)
    if carried:
        yield from _unclosed(text, *carried, min_unclosed_words)


def _may_run_on(text: str, opened: _Open, p_start: int, p_end: int, min_words: int) -> bool:
    """Whether a quote still open at its paragraph's end may go on in the next: it opens its
    paragraph, a sentence or a clause ('she said: “…', '…, she said. “…'), and has words enough.
    A mark opened mid-sentence ('called the plan “a joke.') and never closed is a stray: it
    spoils no other paragraph."""
    before = text[p_start : opened.pos].rstrip()
    opens_clause = not before or before[-1] in ".!?:;,—–-" or _is_mark(before[-1])
    return opens_clause and len(text[opened.end : p_end].split()) >= min_words


def _reopening_mark(text: str, start: int, end: int, marks: _Marks) -> regex.Match | None:
    """The opening mark the paragraph opens with, if it does (not an elision's apostrophe: 'Tis)."""
    while start < end and text[start].isspace():
        start += 1
    match = marks.pattern.match(text, start, end)
    if match is None or match.group() not in marks.openers or (len(match.group()) == 1 and _is_apostrophe(text, start, marks)):
        return None
    return match


def _step(text: str, match: regex.Match, stack: list[_Open], marks: _Marks) -> tuple[_Open, regex.Match] | None:
    """Feed one mark to the stack; return (opener, closing mark) when it closes a quote."""
    mark, pos = match.group(), match.start()
    double_open = any(o.level == "double" for o in stack)
    can_open = marks.openers.get(mark)
    can_close = marks.closers.get(mark)
    if double_open and can_open != "double" and can_close != "double":
        return None  # single marks inside a double quote: nested quote or apostrophe
    if len(mark) == 1 and _is_apostrophe(text, pos, marks):
        return None
    left, right = _flanking(text, pos, match.end())
    target = next((o for o in reversed(stack) if can_close and o.level == can_close), None)
    # Flanking decides only for marks that can both open and close (" ' ’ « »).
    if target is not None and (right or not left or not can_open):
        while stack[-1] is not target:
            stack.pop()  # an inner single mark left open was an apostrophe after all
        stack.pop()
        return target, match
    if can_open and (left or not right or not can_close):
        if target is not None and target.mark == mark and not right:
            # A straight mark that can only open while one of its kind is open: the earlier
            # one was stray. Drop it rather than pair across the gap.
            stack.remove(target)
        if len(stack) >= _MAX_DEPTH:
            # Quotes nest two or three deep; a paragraph of thousands of openers is hostile or
            # broken, and each mark would scan them all (quadratic). Keep the outermost, which
            # holds a real quote's start, and forget the oldest inner one.
            del stack[1]
        stack.append(_Open(mark, pos, can_open))
    return None


# How many marks may stand open at once in a paragraph: far more than real nesting needs.
_MAX_DEPTH = 16


def _flanking(text: str, pos: int, end: int) -> tuple[bool, bool]:
    """(left, right): whether the mark looks like an opener and like a closer."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (before.isspace() or before in _OPEN_CONTEXT or _is_mark(before))
    right = not before.isspace() and (after.isspace() or after in _CLOSE_CONTEXT or _is_mark(after))
    return left, right


def _is_mark(char: str) -> bool:
    return bool(regex.match(r"[\p{Quotation_Mark}\p{Pi}\p{Pf}]", char))


def _is_apostrophe(text: str, pos: int, marks: _Marks) -> bool:
    """’ or ' inside a word (don’t), before a decade (the ’90s), in an elision ('bout, rock 'n'
    roll, thinkin') or ending a plural possessive (Jones’)."""
    if text[pos] not in "'’":
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and not before.isalnum():
        return True
    if not before.isalnum() and marks.elided.match(text, pos + 1):
        return True  # 'bout, 'til, 'n'
    if before.isalpha() and not after.isalnum() and marks.elided_closed.search(text, max(0, pos - 8), pos):
        return True  # the second mark of 'n'
    if not after.isalnum() and _SINGLE_CLOSES.search(text, max(0, pos - 30), pos) and not _single_open_before(text, pos, marks):
        # "Jones’" and "thinkin’" end words, not quotes, unless a single quote is open before
        return before in "sS" or _DROPPED_G.search(text, max(0, pos - 30), pos) is not None
    return False


# A word written without its final g ("thinkin’", "promisin’"): four letters or more ending in
# "in". Where a single quote is open before it, the mark closes that quote ('the games begin').
_DROPPED_G = regex.compile(r"(?<![\p{L}])\p{L}{2,}in$")
_SINGLE_CLOSES = regex.compile(r"\p{L}$")


def _single_open_before(text: str, pos: int, marks: _Marks) -> bool:
    """Whether a single opening mark stands earlier in the same paragraph (so ’ may close it);
    not the apostrophe of an elision ('bout)."""
    para_start = text.rfind("\n", 0, pos) + 1
    for m in _SINGLE_OPENER.finditer(text, para_start, pos):
        if not marks.elided.match(text, m.end()):
            return True
    return False


_SINGLE_OPENER = regex.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=\w)", regex.MULTILINE)


def _unclosed(text: str, opened: _Open, par_end: int, min_words: int) -> Iterator[Candidate]:
    if len(text[opened.end : par_end].split()) >= min_words:
        yield from _candidate(text, opened, None, closed=False, par_end=par_end)


def _candidate(
    text: str, opened: _Open, closing: regex.Match | None, *, closed: bool, par_end: int = 0
) -> Iterator[Candidate]:
    """The quote between `opened` and `closing` (or the paragraph end), trimmed of spaces; none if empty."""
    outer_end = closing.end() if closing else par_end
    start, end = opened.end, closing.start() if closing else par_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Candidate(start, end, opened.pos, outer_end, "marks", 0.9 if closed else 0.5, closed=closed,
                        follows=opened.follows)
