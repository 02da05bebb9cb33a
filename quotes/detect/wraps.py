"""Hard-wrapped text: which line breaks only wrap a line, and which end a paragraph.

The engine takes a line break for a paragraph break: a quote does not run on past it unless the
next paragraph reopens it, and a cue is looked for in the quote's paragraph. Wire feeds, e-mail,
plain-text archives, OCR and Project Gutenberg break lines every 70 columns or so, inside
paragraphs. `unwrap` finds those breaks from the text's own layout and blanks them, one character
for one, so that every offset still points into the text as given:

- a text is hard-wrapped when its lines are short (at most `_MAX_WIDTH`) and most line breaks
  fall where the next word would not have fitted on the line. There a line break is a wrap
  when the next word would not have fitted; a line that stops short of the width ends a paragraph,
  as a blank line does, and so does a line break before an indented line or a list item, after a
  headline, or a sentence's end before a line that opens with a quotation mark;
- in any text, a break between a line that does not end a sentence and one that starts with a
  lower-case letter ("to participate\\nin caucuses") is a wrap.
"""

from __future__ import annotations

import regex

from ..speakers.layout import title_case

# Hard-wrapped lines are this wide (72 is the usual width, 80 a terminal's).
_MIN_WIDTH, _MAX_WIDTH = 40, 100
# How many single line breaks make a layout (not a headline or two), and what share must fall
# where a word would not fit.
_MIN_BREAKS = 5
_SHARE = 0.5
_LINE = regex.compile(r"(?m)^.*\S.*$")
# A single line break: one "\n" (or "\r\n") between two lines with words.
_BREAK = regex.compile(r"(?<=\S)[ \t]*\r?\n(?=[ \t\xa0]*\S)")
_FIRST_WORD = regex.compile(r"\S+")
_ENDS_SENTENCE = regex.compile(r"[.!?:;\"”’»)\]]\s*$")
_OPENS_QUOTE = regex.compile(r"[\xa0]*[\"“‘«„]")
_INDENT_OR_ITEM = regex.compile(r"[ \t]|[*•]\s|-\s(?=\p{Lu})|\d+[.)]\s")


def unwrap(text: str) -> str:
    """`text` with the line breaks that only wrap a line turned into spaces; as long as `text`.

    Example:
        >>> text = "“We will appeal the ruling\\nbecause the court got it wrong,” Ana Ruiz said."
        >>> unwrap(text)
        '“We will appeal the ruling because the court got it wrong,” Ana Ruiz said.'
        >>> unwrap("Budget Passes\\nThe council voted on Tuesday.") == "Budget Passes\\nThe council voted on Tuesday."
        True
    """
    breaks = list(_BREAK.finditer(text))
    if not breaks:
        return text
    wrapped = _hard_wrapped(text, breaks)
    chars = None
    for brk in breaks:
        line, after = _line_before(text, brk.start()), text[brk.end() : brk.end() + _MAX_WIDTH]
        if _INDENT_OR_ITEM.match(after) and not after[:1].islower():
            continue  # an indented line or a list item starts a paragraph
        ends = _ENDS_SENTENCE.search(line)
        continuation = not ends and after[:1].islower()
        # a sentence's end and a quote, or a headline, then its text: a new paragraph however full the line
        new_paragraph = (ends and _OPENS_QUOTE.match(after)) or (title_case(line) and not after[:1].islower())
        if continuation or (wrapped and _full(line, after, wrapped) and not new_paragraph):
            chars = chars if chars is not None else list(text)
            for i in range(brk.start(), brk.end()):
                chars[i] = " "
    return "".join(chars) if chars is not None else text


def _hard_wrapped(text: str, breaks: list[regex.Match]) -> int:
    """The text's wrap width, or 0 when its lines are not hard-wrapped: nearly all of them short,
    and at least half the line breaks where the next word would not have fitted (the others end
    paragraphs)."""
    if len(breaks) < _MIN_BREAKS:
        return 0
    lengths = sorted(len(line.rstrip()) for line in _LINE.findall(text))
    width = lengths[int(0.98 * (len(lengths) - 1))]
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return 0
    full = sum(_full(_line_before(text, b.start()), text[b.end() : b.end() + _MAX_WIDTH], width) for b in breaks)
    return width if full >= _SHARE * len(breaks) else 0


def _full(line: str, after: str, width: int) -> bool:
    """Whether the next line's first word would not have fitted on `line` (a few columns spare)."""
    word = _FIRST_WORD.match(after.lstrip())
    return len(line) + 1 + (len(word.group()) if word else 0) > width - 3


def _line_before(text: str, pos: int) -> str:
    """The line that ends at `pos`, or as much of it as matters: a line longer than wrapped lines."""
    start = max(0, pos - 2 * _MAX_WIDTH)
    return text[text.rfind("\n", start, pos) + 1 or start : pos].rstrip()
