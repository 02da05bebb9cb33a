"""Misquotes: what changed between two wordings of a quote that are otherwise alike.

A negation ("will hold" / "will not hold"), a number ("2%" / "3%"), a modal ("will" / "might"),
a name ("Ukraine" / "Georgia") or a word for its opposite ("rose" / "fell": rules/antonyms.jsonl)
changes what was said, however few characters differ: deduplication keeps such wordings in
separate rows and links them (`quotes.dedup`), so that a fact-checker sees both and which outlet
printed which. Wordings are compared as `dedup.normalize_quote` gives them: folded case, no
punctuation ("won't" is "won t").
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from functools import lru_cache

import regex
from rapidfuzz.distance import Indel, Levenshtein

from .speakers.names import fold

_NEGATIONS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "cannot", "without", "t"}
_MODALS = {"will", "would", "shall", "should", "can", "could", "may", "might", "must"}
# "cannot" is "can" and "not": a negation (it is in _NEGATIONS), and the modal "can".
_MODAL_OF = {"cannot": "can"}
# The modal a contraction's first half stands for: "won t" is "will not", "shan t" "shall not".
_CONTRACTED = {"won": "will", "shan": "shall", "ca": "can"}
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
# A number written in words is its value ("fourteen" = "14"), so that spelling one out is no change.
_NUMBER_WORDS = {
    **{w: str(n) for n, w in enumerate(_UNITS)},
    **{w: str(10 * n) for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)},
    **{w: w for w in "hundred thousand million billion trillion half third quarter percent".split()},
}
KINDS = ("negation", "number", "modal", "name", "antonym")
# Between the pieces of a quote in pieces, in the printed wording deduplication compares.
PIECE_BREAK = "\u2029"
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}.’'-]*")
_APOSTROPHE = regex.compile(r"['’]")
_FOLDED = regex.compile(r"[\p{L}\p{N}]+")  # the words dedup.normalize_quote keeps, after folding
# The same words in a printed wording, not folded: an accent written as a combining mark (NFD) is
# part of its word, as folding leaves it.
_PRINTED_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*")
# A capitalised word that does not open a sentence (or follow a quotation mark or a colon).
_NAME = regex.compile(r"(?<![.!?:;\"“‘'(\[]\s*)(?<!^\s*)\b\p{Lu}[\p{L}\p{M}.'’-]*")


def alteration(a: str, b: str, breaks: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())) -> str | None:
    """What differs in meaning between two normalised wordings: "negation", "number", "modal" or
    "antonym" (all that apply, joined by "; "), or None when only other words differ.

    Words cut from either end are not a change, nor, for a quote in pieces, three or more words
    cut from either end of one of its pieces: `breaks` gives, for each wording, the indices of
    the words that open its second and later pieces (`piece_breaks`).

    Example:
        >>> alteration("the ceasefire will hold if both sides respect it", "the ceasefire will not hold if both sides ignore it")
        'negation'
        >>> alteration("inflation will fall to 2 by the end of next year", "inflation might fall to 3 by the end of next year")
        'number; modal'
        >>> alteration("we won t go", "we will not go") is None
        True
        >>> alteration("i am not telling you it will be rigged", "i am telling you it will not be rigged")
        'negation'
        >>> alteration("we will win i said it may rain but we go on", "we will win we go on", ((3,), ())) is None
        True
    """
    wa, wb = _words(a), _words(b)
    (one, _, _), (other, _, _) = _both_ways(wa, wb, breaks)
    found = (one & other) | ({"antonym"} if opposed(wa, wb) else set())
    return "; ".join(k for k in KINDS if k in found) or None


def _compare(wa: list[str], wb: list[str], breaks, sentences=(frozenset(), frozenset())) -> tuple[set[str], set[int], set[int]]:
    """The kinds of change between two wordings' words, and the indices of the words cut from
    each (`alteration`), in one alignment of the two; `sentences`, for each wording, the indices
    of the words that open a sentence (`sentence_breaks`)."""
    found: set[str] = set()
    cut_a: set[int] = set()
    cut_b: set[int] = set()
    # Word by word: a change lies in the stretches that differ, so a "not" moved to another verb
    # ("not telling … going to be" / "telling … not going to be") is a change, where a count of
    # negations would find none; a stretch that swaps one negation for another ("did not" / "didn t")
    # is not, nor are words cut ("we will win …" / "win … again").
    for op, i1, i2, j1, j2 in _rejoined(Levenshtein.opcodes(wa, wb), wa, wb):
        if op == "equal":
            continue
        if op == "delete" and _is_cut(wa, i1, i2, breaks[0], sentences[0]):
            cut_a.update(range(i1, i2))
            continue
        if op == "insert" and _is_cut(wb, j1, j2, breaks[1], sentences[1]):
            cut_b.update(range(j1, j2))
            continue
        if _count(wa[i1:i2], _NEGATIONS) != _count(wb[j1:j2], _NEGATIONS):
            found.add("negation")
    # Numbers and modals over the whole wordings: "forty eight" and "48" are one number whatever
    # stretches the words fall in. The words cut are left out here too.
    kept_a = [w for i, w in enumerate(wa) if i not in cut_a]
    kept_b = [w for i, w in enumerate(wb) if i not in cut_b]
    if _numbers(kept_a) != _numbers(kept_b):
        found.add("number")
    if _only([_MODAL_OF.get(w, w) for w in kept_a], _MODALS) != _only([_MODAL_OF.get(w, w) for w in kept_b], _MODALS):
        found.add("modal")
    return found, cut_a, cut_b


def kinds_in(words: list[str]) -> set[str]:
    """Which of a negation, a number and a modal these normalised words hold: what words added to
    a quote would change in it.

    Example:
        >>> sorted(kinds_in("and we will never raise them in 2027".split()))
        ['modal', 'negation', 'number']
    """
    found = {"negation"} if _count(words, _NEGATIONS) else set()
    if _numbers(words):
        found.add("number")
    if _only(words, _MODALS):
        found.add("modal")
    return found


def opposed(one, other) -> bool:
    """Whether a word only `one` has has its opposite among the words only `other` has ("rose" /
    "fell"; rules/antonyms.jsonl). By the words alone, not an alignment: an alignment may pair the
    word with another beside a cut ("rise again this winter" / "fall") and miss it; and words both
    have ("up … down" reordered) are no change.

    Example:
        >>> opposed("prices rose in march".split(), "prices fell in march".split())
        True
    """
    opposite, mine, theirs = _antonyms(), set(one), set(other)
    return any(opposite.get(w, frozenset()) & (theirs - mine) for w in mine - theirs)


@lru_cache(maxsize=1)
def _antonyms() -> dict[str, frozenset[str]]:
    from .rules import load_rules  # the rules load once, when a first pair is compared

    return load_rules().antonym_of


def _both_ways(wa: list[str], wb: list[str], breaks, sentences=(frozenset(), frozenset())) -> list[tuple[set[str], set[int], set[int]]]:
    """`_compare` in each of the two alignments (Levenshtein breaks ties one way or the other: the
    words an excerpt leaves off its end may align as a cut, or as a change before a cut), each
    as (kinds, words cut from a, words cut from b). A change is one that both alignments find."""
    forward = _compare(wa, wb, breaks, sentences)
    kinds, cut_b, cut_a = _compare(wb, wa, (breaks[1], breaks[0]), (sentences[1], sentences[0]))
    return [forward, (kinds, cut_a, cut_b)]


def _rejoined(opcodes, wa: list[str], wb: list[str]) -> list[tuple[str, int, int, int, int]]:
    """The opcodes with a cut that the alignment split in two around a word that repeats made one
    again ("hillary and obama and panetta" / "and panetta": "hillary", then "obama and", around
    the first "and"): words only one wording has, then words both have, then more words only it
    has that slide back over the shared ones, are one stretch followed by the shared words."""
    ops = [tuple(op) for op in opcodes]
    merged: list[tuple[str, int, int, int, int]] = []
    for op in ops:
        if len(merged) >= 2 and op[0] in ("delete", "insert") and merged[-1][0] == "equal" and merged[-2][0] == op[0]:
            words, (lo, hi) = (wa, (1, 2)) if op[0] == "delete" else (wb, (3, 4))
            gap, same = merged[-2], merged[-1]
            n = same[hi] - same[lo]
            if all(words[op[lo] - k - 1] == words[op[hi] - k - 1] for k in range(n)):
                start, end = gap[lo], op[hi] - n  # the second stretch slid back to meet the first
                if op[0] == "delete":
                    merged[-2:] = [("delete", start, end, gap[3], gap[3]), ("equal", end, op[2], same[3], same[4])]
                else:
                    merged[-2:] = [("insert", gap[1], gap[1], start, end), ("equal", same[1], same[2], end, op[4])]
                continue
        merged.append(op)
    return merged


def _is_cut(words: list[str], start: int, end: int, breaks: tuple[int, ...], sentences: frozenset[int] = frozenset()) -> bool:
    """Whether words[start:end], which only this wording has, are a cut: at its start or end, or
    three words or more at the edge of one of its pieces or across it (a copy that printed pieces
    in part). A negation or a number among them must lie in sentences of their own, apart from the
    words kept on either side (`sentences`: the words that open a sentence): "and we will not, |
    raise taxes" or "None of them | will be laid off" cut short changes what was said; "We lost in
    May. We did not win. | The plant stays." cut to "… | The plant stays." does not."""
    if start == 0 or end == len(words):
        return True
    if end - start < 3 or not breaks:
        return False
    # The alignment may place the same cut a few words over, where the words repeat ("the guardian"
    # after "the Senate was supposed to be"): slide it both ways while the words allow, and take
    # any place where it meets a piece's edge and keeps its negations and numbers to themselves.
    for step in (-1, 1):
        s, e = start, end
        while True:
            if any(s <= b <= e for b in breaks) and _apart(words, s, e, sentences):
                return True
            if step < 0 and s > 0 and words[s - 1] == words[e - 1]:
                s, e = s - 1, e - 1
            elif step > 0 and e < len(words) and words[s] == words[e]:
                s, e = s + 1, e + 1
            else:
                break
    return False


def _apart(words: list[str], start: int, end: int, sentences: frozenset[int]) -> bool:
    """Whether each negation and number in words[start:end] has a sentence start between it and
    the words kept on either side."""
    return all(any(start <= b <= k for b in sentences) and any(k < b <= end for b in sentences)
               for k in range(start, end) if words[k] in _NEGATIONS or _numbers(words[k : k + 1]))


def piece_breaks(text: str, printed: str) -> tuple[int, ...]:
    """The indices of the words of a normalised wording that open its second and later pieces,
    as the printed wording marks them with `PIECE_BREAK`; () if it has none, or if the printed
    words do not line up with the normalised ones.

    Example:
        >>> piece_breaks("we will win and we go on", f"We will win,{PIECE_BREAK}and we go on.")
        (3,)
    """
    if PIECE_BREAK not in printed:
        return ()
    counts = [len(_FOLDED.findall(fold(piece))) for piece in printed.split(PIECE_BREAK)]
    if sum(counts) != text.count(" ") + 1:
        return ()
    return tuple(itertools.accumulate(counts[:-1]))


def sentence_breaks(text: str, printed: str) -> frozenset[int]:
    """The indices of the words of a normalised wording that open a sentence in its printed form
    (after a full stop, not an abbreviation's: `speakers.layout.sentence_starts`); the break
    between two pieces is none by itself. Empty if the printed words do not line up with the
    normalised ones.

    Example:
        >>> sorted(sentence_breaks("we met mr hale in may it is not over", "We met Mr. Hale in May. It is not over."))
        [6]
    """
    from .rules import load_rules  # loaded once; only a quote in pieces gets here
    from .speakers.layout import sentence_starts

    spans = _printed_spans(text, printed)
    if spans is None:
        return frozenset()
    starts = [start for start, _ in spans]
    return frozenset(bisect.bisect_left(starts, at) for at in sentence_starts(printed, load_rules())[1:]
                     if at <= starts[-1])


def what_changed(a: str, a_printed: str, b: str, b_printed: str) -> str | None:
    """`alteration` of two normalised wordings, and "name" where `name_changed` in the words
    neither cut (a quote in pieces gives its `piece_breaks` by `PIECE_BREAK` in its printed wording).

    Example:
        >>> what_changed("russia must leave ukraine", "Russia must leave Ukraine", "russia must not leave georgia",
        ...              "Russia must not leave Georgia")
        'negation; name'
        >>> what_changed("we must talk to kyiv now", "We must talk to Kyiv now",
        ...              "we must talk to kyiv now and to moscow", "We must talk to Kyiv now and to Moscow") is None
        True
    """
    breaks = (piece_breaks(a, a_printed), piece_breaks(b, b_printed))
    sentences = (sentence_breaks(a, a_printed), sentence_breaks(b, b_printed)) if breaks[0] or breaks[1] else (frozenset(), frozenset())
    # "May" in mid-sentence is the month, not the modal
    found = []
    wa, wb = _words(_month(a, a_printed)), _words(_month(b, b_printed))
    for kinds, cut_a, cut_b in _both_ways(wa, wb, breaks, sentences):
        if name_changed(_without(a_printed, a, cut_a), _without(b_printed, b, cut_b)):
            kinds.add("name")
        found.append(kinds)
    kinds = (found[0] & found[1]) | ({"antonym"} if opposed(wa, wb) else set())
    return "; ".join(k for k in KINDS if k in kinds) or None


def _without(printed: str, text: str, cut: set[int]) -> str:
    """The printed wording with the words of `text` in `cut` blanked out (unchanged if its words
    do not line up with the normalised ones)."""
    if not cut:
        return printed
    spans = _printed_spans(text, printed)
    if spans is None:
        return printed
    chars = list(printed)
    for i in cut:
        start, end = spans[i]
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _printed_spans(text: str, printed: str) -> list[tuple[int, int]] | None:
    """The (start, end) of each word of a printed wording, one for each word of its normalised
    `text`; None if the two do not line up."""
    spans = [m.span() for m in _PRINTED_WORD.finditer(printed)]
    return spans if len(spans) == text.count(" ") + 1 else None


@lru_cache(maxsize=65536)
def printed_names(printed: str) -> frozenset[str]:
    """The names in a wording as printed: capitalised words that do not open a sentence, other
    than "I", folded, without dots or what follows an apostrophe ("U.S." = "US", "Trump's" =
    "Trump").

    Example:
        >>> sorted(printed_names("Russia must leave Ukraine. Then the U.S. talks, I'm sure."))
        ['ukraine', 'us']
    """
    return frozenset(key for match in _NAME.finditer(printed) if (key := _key(match.group())) and key != "i")


def name_changed(a_printed: str, b_printed: str) -> bool:
    """Whether a name in one wording, as printed, is not among the other's words ("leave Ukraine"
    / "leave Georgia"). A name the other writes in lower case, or spells "US" for "U.S.", is no
    change.

    Example:
        >>> name_changed("Russia must leave Ukraine now", "russia must leave georgia now")
        True
        >>> name_changed("The U.S. will act, I'm sure", "the US will act, I am sure")
        False
    """
    return _missing_name(a_printed, b_printed) or _missing_name(b_printed, a_printed)


def _missing_name(one: str, other: str) -> bool:
    """Whether a name of `one` is nowhere in `other`: not as a word, nor spelt a little otherwise
    ("Harbor" / "Harbour"), nor as the initials of its words ("US" / "United States")."""
    words, names = _loose_words(other), printed_names(one)
    if names <= words:
        return False  # the common case, at once
    tokens = _tokens(other)
    initials = {"".join(t[:1] for t in tokens[i : i + n]) for n in (2, 3, 4) for i in range(len(tokens) - n + 1)}
    # and the words of a name that the other writes as its initials ("United States" / "US")
    mine = _tokens(one)
    spelt = {w for w in words if w.isalpha() and 2 <= len(w) <= 4}
    covered = {w for n in (2, 3, 4) for i in range(len(mine) - n + 1) if all(t in names for t in mine[i : i + n])
               and "".join(t[:1] for t in mine[i : i + n]) in spelt for w in mine[i : i + n]}
    for name in names - words - covered:
        if len(name) >= 5 and any(Indel.normalized_similarity(name, w) >= 0.8 for w in words if len(w) >= 5):
            continue
        if name.isalpha() and 2 <= len(name) <= 4 and name in initials:
            continue
        return True
    return False


def _month(text: str, printed: str) -> str:
    """`text` with "may" made "may_month" where the printed wording has "May" as a name."""
    if "may" not in text.split() or "May" not in _names_as_printed(printed):
        return text
    words, printed_words = text.split(), _PRINTED_WORD.findall(printed)
    if len(words) != len(printed_words):
        return text
    return " ".join("may_month" if w == "may" and p == "May" and i > 0 else w
                    for i, (w, p) in enumerate(zip(words, printed_words)))


def _names_as_printed(printed: str) -> set[str]:
    return {m.group().rstrip(".") for m in _NAME.finditer(printed)}


def _key(word: str) -> str:
    return fold(_APOSTROPHE.split(word, 1)[0]).replace(".", "").strip("-’'")


@lru_cache(maxsize=65536)
def _tokens(printed: str) -> tuple[str, ...]:
    return tuple(_key(w) for w in _TOKEN.findall(printed))


@lru_cache(maxsize=65536)
def _loose_words(printed: str) -> frozenset[str]:
    return frozenset(_tokens(printed))


def _words(text: str) -> list[str]:
    words = text.split()
    # "won t" -> "will t": the contraction's modal, and its "t" stays a negation; "we ll" -> "we will"
    return ["will" if w == "ll" else _CONTRACTED.get(w, w) if i + 1 < len(words) and words[i + 1] == "t" else w
            for i, w in enumerate(words)]


def _count(words: list[str], kind: set[str]) -> int:
    return sum(w in kind for w in words)


def _only(words: list[str], kind: set[str]) -> Counter:
    return Counter(w for w in words if w in kind)


def _numbers(words: list[str]) -> Counter:
    """The numbers in `words`, a number in words as its digits ("forty eight" = "48")."""
    found, i = Counter(), 0
    while i < len(words):
        w = words[i]
        if w.isdigit():
            found[w] += 1
        elif w in _NUMBER_WORDS:
            value = _NUMBER_WORDS[w]
            after = words[i + 1] if i + 1 < len(words) else ""
            if value.isdigit() and int(value) >= 20 and int(value) % 10 == 0 and _NUMBER_WORDS.get(after, "x").isdigit() \
                    and 0 < int(_NUMBER_WORDS[after]) < 10:
                value, i = str(int(value) + int(_NUMBER_WORDS[after])), i + 1
            found[value] += 1
        i += 1
    return found
