"""Layout: where an article's sentences start, and which of its lines are not narration.

- A line break ends a sentence (a paragraph break is a sentence break), and so does a stop that
  does not end an abbreviation ("U.S.", "Sen.", "Aug.", "9 lbs.").
- Label lines ("READ MORE: …", "WATCH: …"), photo credits and headlines set in title case are
  boilerplate: no sentence between a pronoun and its antecedent, and no antecedent either.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

import regex

from ..rules import RuleSet

# A stop ends a sentence unless it ends an abbreviation: an initial ("J."), a word with inner stops
# ("U.S."), a title ("Sen."), or a short word written with a stop in news ("Aug.", "lbs.", "No.").
_STOP = regex.compile(r"[.!?][\"'”’“»›)]*\s+(?=[\"“‘'(„«‹‚]*[\p{Lu}\p{N}])|\n+")
_LAST_WORD = regex.compile(r"[\p{L}\p{N}.]*$")

_ABBREVIATIONS = set(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun no nos vol lb lbs oz ft "
    "in st ave blvd co corp inc ltd jr sr vs etc approx est dept univ gen col lt sgt capt cmdr adm".split()
)


def sentence_starts(text: str, rules: RuleSet) -> list[int]:
    """Where each sentence of `text` starts, from the text alone: at a line break (a paragraph break
    is a sentence break) and after a stop that does not end an abbreviation.

    Example:
        >>> from quotes.rules import load_rules
        >>> sentence_starts("Sen. Ray Ames came in Aug. to the U.S. office. He left.\\nShe stayed.", load_rules())
        [0, 47, 56]
    """
    starts = [0]
    for stop in _STOP.finditer(text):
        if stop.group().startswith("\n") or ends_sentence(text, stop.start(), rules):
            starts.append(stop.end())
    return starts


def ends_sentence(text: str, stop: int, rules: RuleSet) -> bool:
    """Whether the stop at `stop` ends a sentence: the word before it is no abbreviation.

    Example:
        >>> from quotes.rules import load_rules
        >>> text = "Ann Lee met Sen. Ray Ames."
        >>> ends_sentence(text, 15, load_rules()), ends_sentence(text, 25, load_rules())
        (False, True)
    """
    return not is_abbreviation(_LAST_WORD.search(text[max(0, stop - 20) : stop]).group(), rules)


def text_end(text: str, pos: int) -> int:
    """Where the text before `pos` ends once its trailing whitespace is left out: the length of
    `text[:pos].rstrip()`, without copying everything before `pos` (this runs once a quote).

    Example:
        >>> text_end("Ann said:\\n\\n“No.”", 11)
        9
    """
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def is_abbreviation(word: str, rules: RuleSet) -> bool:
    """Whether a word before a full stop is an abbreviation ("D.C", "Sen", "Aug", "J"), not a sentence's end."""
    word = word.casefold()
    # a title is one when short ("Sen.", "Gov."), not "the president."
    return len(word) == 1 or "." in word or word in _ABBREVIATIONS or (word in rules.title_forms and len(word) <= 4)


# A dateline: "ABU DHABI —", "RIVERTON (AP) —", "LONDON (Reuters) -" at a paragraph's start (a
# hyphen-minus only between spaces: not "US-China talks")
_DATELINE = regex.compile(r"(?m)^\p{Lu}[\p{Lu}\p{M} ,.'-]{1,40}(?:\([^)\n]{1,30}\))?(?:\s*(?:—|–|--)|\s+-(?=\s))")
_LABEL_LINE = regex.compile(r"(?m)^\p{Lu}[\p{Lu} ]{1,20}:.*$")  # "READ MORE: …", "WATCH: …"

_CREDIT = regex.compile(r"\((?i:photo|image|picture|credit|file|video)[^)\n]{0,150}\)")

_LINE = regex.compile(r"(?m)^.+$")

_HEADLINE_WORD = regex.compile(r"[\p{L}’'-]+")
SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "as", "by", "with", "from", "vs"}


def boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans of text that are not narration: label lines, photo credits, datelines and title-case headlines.

    Example:
        >>> boilerplate("Mayor Vows To Fight Cuts\\nThe mayor spoke.\\nREAD MORE: Other news")
        [(0, 24), (42, 63)]
    """
    spans = [m.span() for m in _LABEL_LINE.finditer(text)] + [m.span() for m in _CREDIT.finditer(text)]
    spans += datelines(text)
    spans += [m.span() for m in _LINE.finditer(text) if title_case(m.group())]
    return sorted(spans)


def datelines(text: str) -> list[tuple[int, int]]:
    """Spans of the datelines that open paragraphs: "LONDON (Reuters) -", "OTTAWA (AP) —".

    Example:
        >>> datelines("LONDON (Reuters) - The bank held rates.")
        [(0, 18)]
    """
    return [m.span() for m in _DATELINE.finditer(text)]


def title_case(line: str) -> bool:
    """A headline set in title case: three words or more, each capitalised but small words, and no
    stop at the end, or four words or more (a title joined to its text with a full stop)."""
    line = line.strip()
    if line[-1:] in "!?:\"”»“’":
        return False
    capitalised = 0
    for word in _HEADLINE_WORD.finditer(line):  # most lines are prose: stop at the first small letter
        if word.group().casefold() not in SMALL_WORDS:
            if not word.group()[:1].isupper():
                return False
            capitalised += 1
    return capitalised >= (4 if line.endswith(".") else 3)


def merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, with those that overlap or touch joined: a quote inside a quote is one stretch.

    Example:
        >>> merged([(5, 9), (0, 3), (2, 4)])
        [(0, 4), (5, 9)]
    """
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def within(spans: list[tuple[int, int]], pos: int) -> bool:
    """Whether `pos` is inside one of `spans` (as `merged` gives them), by bisection.

    Example:
        >>> within([(0, 4), (5, 9)], 4), within([(0, 4), (5, 9)], 5)
        (False, True)
    """
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
