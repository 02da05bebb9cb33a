"""Reference: what each speaker mention stands for in its article.

- A name ("Harris", "zoo director Ana Lima") is its own canonical form.
- Pronouns ("he", "she", "it") take the nearest person (or, for "it", organisation) named before.
- Descriptions ("the Mexican president", "the statement") take the name the article put next
  to the same words ("the Mexican president Andrés Manuel López Obrador"), or the fullest earlier
  phrase with the same head noun ("a US statement" → "US statement").
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from ..rules import RuleSet
from ..types import Attribution
from .canonical import Speaker, canonical, type_of_name
from .names import (
    DETERMINERS, WORD, Name, clean_name, fold, genders_by_surname, names_in, sentence_starts, surname_key, trailing_name,
)

# How far back (characters) a pronoun looks for a salient antecedent before settling for any name.
_PRONOUN_REACH = 1500
# How far (characters) a mention looks for the names it may stand for: see `_near`.
_REACH = 20_000
_REACH_NAMES = 200
# How sure each step of reference is (a factor of the speaker's confidence; see scoring.py).
_LONE_WORD = 0.7  # one capitalised word, named nowhere else in the article
_PRONOUN_CLOSE_SUBJECT = 0.9  # a subject in this sentence or the one before
_PRONOUN_CLOSE = 0.75  # a person in this sentence or the one before, not a subject
_PRONOUN_FAR_SUBJECT = 0.6  # the last subject further back
_PRONOUN_ANY = 0.4  # the last person named anywhere before
_RIVAL = 0.8  # another compatible person stands as close
_GENDER_UNKNOWN = 0.9  # nothing in the article tells the person's gender
_DESCRIPTION_AGREES = 0.85  # a name the article described with every word of the description
_DESCRIPTION_HEAD = 0.55  # a name described with the description's head noun only


@dataclass(frozen=True)
class Reference:
    """What one speaker mention stands for: a speaker, or None when it reaches no name.

    `via` says how: "name" (written in the mention), "appositive", "pronoun" or "description";
    `strength` (0-1) is how sure the step is, a factor of the speaker's confidence (`scoring.py`).
    """

    speaker: Speaker | None
    via: str
    strength: float


def resolve(
    text: str,
    attributions: Sequence[Attribution | None],
    rules: RuleSet,
    doc=None,
    quote_spans: Sequence[tuple[int, int]] = (),
) -> list[Reference | None]:
    """What each attribution's mention stands for, in one article (None stays None).

    `quote_spans` are the article's quotes: a name inside one is not what a later "he" refers to.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.types import Attribution
        >>> text = "Kamala Harris spoke. Later Harris said it."
        >>> a = Attribution("Harris", 27, 33, "said", "test")
        >>> resolve(text, [a], load_rules())[0].speaker.name
        'Kamala Harris'
    """
    names = [
        replace(n, quoted=True) if any(s <= n.start < e for s, e in quote_spans) else n
        for n in names_in(text, doc, rules)
    ]
    genders = genders_by_surname(text, names, rules)
    sentences = sentence_starts(text, rules)
    found: list[Reference | None] = []
    for a in attributions:
        ref = None if a is None else _resolve_one(a, _near(names, a.speaker_start), genders, sentences, rules)
        found.append(ref)
        speaker = ref.speaker if ref is not None else None
        if speaker is not None and speaker.type != "unknown":
            # A resolved speaker is a name the next mentions can resolve to, even if the tagger missed it.
            resolved = Name(a.speaker_start, a.speaker_end, speaker.name, speaker.type, (), salient=True)
            bisect.insort(names, resolved, key=lambda n: n.start)
    return found


def _near(names: list[Name], pos: int) -> list[Name]:
    """The names within `_REACH` characters and `_REACH_NAMES` names of `pos`: a whole news article,
    and a bound on the time a long or odd text takes (each mention looks at a window, not at every name)."""
    at = bisect.bisect_left(names, pos, key=lambda n: n.start)
    lo = max(bisect.bisect_left(names, pos - _REACH, key=lambda n: n.start), at - _REACH_NAMES)
    hi = min(bisect.bisect_right(names, pos + _REACH, key=lambda n: n.start), at + _REACH_NAMES)
    return names[lo:hi]


def _resolve_one(a: Attribution, names: list[Name], genders: dict[str, str], sentences: list[int], rules: RuleSet) -> Reference:
    mention = a.speaker_mention.strip()
    pronoun = rules.pronoun_forms.get(mention.casefold())
    if pronoun is not None:
        return _resolve_pronoun(pronoun, a.speaker_start, names, genders, sentences)
    # Only a name that ends the mention is its head: not "a senior Cruz adviser".
    tail = a.speaker_start + len(regex.sub(r"(?:['’]s?|[\s.,;:])+$", "", a.speaker_mention))
    inner = [n for n in names if n.type == "person" and a.speaker_start <= n.start and tail - 1 <= n.end <= tail + 1]
    name = trailing_name(mention, rules)
    if inner:  # "zoo director Ana Lima", "former FBI agent Timothy Gill"
        # The tagger may have caught only part of the name ("Lima"): keep the fuller written form.
        full = name if name and fold(inner[-1].name) in fold(name) else inner[-1].name
        return Reference(canonical(clean_name(full, rules), inner[-1].start, names, "person"), "name", 1.0)
    if name is None:  # headed by a common noun: "the Mexican president", "a spokeswoman"
        return _resolve_description(mention, a.speaker_start, names, rules)
    cleaned = clean_name(name, rules)
    speaker = canonical(cleaned, a.speaker_start, names, type_of_name(cleaned, names, rules))
    # One capitalised word that the article names nowhere else may be a sentence's first word ("When").
    known = len(speaker.name.split()) > 1 or any(fold(n.name) == fold(speaker.name) and n.start != a.speaker_start for n in names)
    return Reference(speaker, "name", 1.0 if known else _LONE_WORD)


def _resolve_pronoun(pronoun, pos: int, names: list[Name], genders: dict[str, str], sentences: list[int]) -> Reference:
    """The nearest compatible person in this sentence or the one before, preferring subjects; further back,
    the last subject within `_PRONOUN_REACH`, then any person, each less sure."""
    if pronoun.id not in ("he", "she", "it"):
        return Reference(None, "pronoun", 0.0)
    if pronoun.id == "it":
        orgs = [n for n in names if n.type == "organization" and n.end <= pos and not n.quoted]
        if not orgs:
            return Reference(None, "pronoun", 0.0)
        return Reference(canonical(orgs[-1].name, orgs[-1].start, names, "organization"), "pronoun", 0.6)
    wanted = {"he": "male", "she": "female"}[pronoun.id]
    people = [
        n for n in names
        # "unknown": names found without a tagger, when no pipeline is loaded
        if n.type in ("person", "unknown") and n.end <= pos and not n.quoted
        and genders.get(surname_key(n.name), wanted) == wanted
    ]
    if not people:
        return Reference(None, "pronoun", 0.0)
    here = bisect.bisect_right(sentences, pos) - 1
    window_start = sentences[max(0, here - 1)] if sentences else 0
    close = [n for n in people if n.start >= window_start]
    salient = [n for n in people if n.salient and n.end > pos - _PRONOUN_REACH]
    if close:
        subjects = [n for n in close if n.salient]
        ref = (subjects or close)[-1]
        strength = _PRONOUN_CLOSE_SUBJECT if subjects else _PRONOUN_CLOSE
        rivals = {surname_key(n.name) for n in (subjects or close)} - {surname_key(ref.name)}
    elif salient:
        ref, strength, rivals = salient[-1], _PRONOUN_FAR_SUBJECT, set()
    else:
        ref, strength, rivals = people[-1], _PRONOUN_ANY, set()
    if rivals:
        strength *= _RIVAL
    if surname_key(ref.name) not in genders:
        strength *= _GENDER_UNKNOWN
    return Reference(canonical(ref.name, ref.start, names, "person"), "pronoun", strength)


def _resolve_description(mention: str, pos: int, names: list[Name], rules: RuleSet) -> Reference:
    """The name the article described with the same words before; None where it described none."""
    words = [w.casefold() for w in WORD.findall(mention)]
    content = [w for w in words if w not in DETERMINERS]
    if not content:
        return Reference(None, "description", 0.0)
    head = content[-1]
    described_before = [n for n in names if n.start < pos and not n.quoted and head in n.descriptor]
    agreeing = [n for n in described_before if set(content) <= set(n.descriptor)]
    matches = agreeing or described_before
    if matches:
        ref = matches[-1]
        strength = _DESCRIPTION_AGREES if agreeing else _DESCRIPTION_HEAD
        return Reference(canonical(ref.name, ref.start, names, ref.type), "description", strength)
    return Reference(None, "description", 0.0)


