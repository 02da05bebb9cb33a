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
from dataclasses import replace

import regex

from ..rules import RuleSet
from ..types import Attribution, SpeakerType
from .canonical import Speaker, canonical, type_of_name
from .names import DETERMINERS, WORD, Name, clean_name, fold, genders_by_surname, names_in, surname_key, trailing_name

# How far back (characters) a pronoun looks for a salient antecedent before settling for any name.
_PRONOUN_REACH = 1500
# How far (characters) a mention looks for the names it may stand for: see `_near`.
_REACH = 20_000
_REACH_NAMES = 200


def resolve(
    text: str,
    attributions: Sequence[Attribution | None],
    rules: RuleSet,
    doc=None,
    quote_spans: Sequence[tuple[int, int]] = (),
) -> list[Speaker | None]:
    """Canonical name and type for each attribution of one article (None stays None).

    `quote_spans` are the article's quotes: a name inside one is not what a later "he" refers to.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.types import Attribution
        >>> text = "Kamala Harris spoke. Later Harris said it."
        >>> a = Attribution("Harris", 27, 33, "said", "test")
        >>> resolve(text, [a], load_rules())[0].name
        'Kamala Harris'
    """
    names = [
        replace(n, quoted=True) if any(s <= n.start < e for s, e in quote_spans) else n
        for n in names_in(text, doc, rules)
    ]
    genders = genders_by_surname(text, names, rules)
    speakers: list[Speaker | None] = []
    for a in attributions:
        speaker = None if a is None else _resolve_one(text, a, _near(names, a.speaker_start), genders, rules, doc)
        speakers.append(speaker)
        if speaker is not None and speaker.type != "unknown" and speaker.name[:1].isupper():
            # A resolved speaker is a name the next mentions can resolve to, even if the tagger missed it.
            resolved = Name(a.speaker_start, a.speaker_end, speaker.name, speaker.type, (), salient=True)
            bisect.insort(names, resolved, key=lambda n: n.start)
    return speakers


def _near(names: list[Name], pos: int) -> list[Name]:
    """The names within `_REACH` characters and `_REACH_NAMES` names of `pos`: a whole news article,
    and a bound on the time a long or odd text takes (each mention looks at a window, not at every name)."""
    at = bisect.bisect_left(names, pos, key=lambda n: n.start)
    lo = max(bisect.bisect_left(names, pos - _REACH, key=lambda n: n.start), at - _REACH_NAMES)
    hi = min(bisect.bisect_right(names, pos + _REACH, key=lambda n: n.start), at + _REACH_NAMES)
    return names[lo:hi]


def _resolve_one(text: str, a: Attribution, names: list[Name], genders: dict[str, str], rules: RuleSet, doc) -> Speaker:
    mention = a.speaker_mention.strip()
    pronoun = rules.pronoun_forms.get(mention.casefold())
    if pronoun is not None:
        return _resolve_pronoun(mention, pronoun, a.speaker_start, names, genders)
    # Only a name that ends the mention is its head: not "a senior Cruz adviser".
    tail = a.speaker_start + len(regex.sub(r"(?:['’]s?|[\s.,;:])+$", "", a.speaker_mention))
    inner = [n for n in names if n.type == "person" and a.speaker_start <= n.start and tail - 1 <= n.end <= tail + 1]
    name = trailing_name(mention, rules)
    if inner:  # "zoo director Ana Lima", "former FBI agent Timothy Gill"
        # The tagger may have caught only part of the name ("Lima"): keep the fuller written form.
        full = name if name and fold(inner[-1].name) in fold(name) else inner[-1].name
        return canonical(clean_name(full, rules), inner[-1].start, names, "person")
    if name is None:  # headed by a common noun: "the Mexican president", "a spokeswoman"
        return _resolve_description(mention, a.speaker_start, names, rules, doc)
    cleaned = clean_name(name, rules)
    return canonical(cleaned, a.speaker_start, names, type_of_name(cleaned, names, rules))


def _resolve_pronoun(mention: str, pronoun, pos: int, names: list[Name], genders: dict[str, str]) -> Speaker:
    if pronoun.id in ("he", "she"):
        wanted = {"he": "male", "she": "female"}[pronoun.id]
        people = [
            n for n in names
            # "unknown": names found without a tagger, when no pipeline is loaded
            if n.type in ("person", "unknown") and n.end <= pos and not n.quoted
            and genders.get(surname_key(n.name), wanted) == wanted
        ]
        salient = [n for n in people if n.salient and n.end > pos - _PRONOUN_REACH]
        if salient or people:
            ref = (salient or people)[-1]
            return canonical(ref.name, ref.start, names, "person")
        return Speaker(mention, "person")
    if pronoun.id == "it":
        orgs = [n for n in names if n.type == "organization" and n.end <= pos]
        if orgs:
            return canonical(orgs[-1].name, orgs[-1].start, names, "organization")
        return Speaker(mention, "organization")
    return Speaker(mention, "unknown")


def _resolve_description(mention: str, pos: int, names: list[Name], rules: RuleSet, doc) -> Speaker:
    words = [w.casefold() for w in WORD.findall(mention)]
    content = [w for w in words if w not in DETERMINERS]
    if not content:
        return Speaker(mention, "unknown")
    head = content[-1]
    described_before = [n for n in names if n.start < pos and not n.quoted and head in n.descriptor]
    matches = [n for n in described_before if set(content) <= set(n.descriptor)] or described_before
    if matches:
        ref = matches[-1]
        return canonical(ref.name, ref.start, names, ref.type)
    described = " ".join(w for w in WORD.findall(mention) if w.casefold() not in DETERMINERS)
    fuller = _fuller_phrase(doc, head, content, pos)
    kind: SpeakerType = "organization" if head in rules.organization_words_set else "unknown"
    if kind == "unknown" and any(w in rules.title_forms for w in content):
        kind = "person"
    return Speaker(fuller or described, kind)


def _fuller_phrase(doc, head: str, content: list[str], pos: int) -> str | None:
    """An earlier noun phrase with the same head and more words: 'a US statement' for 'the statement'."""
    if doc is None:
        return None
    best = None
    for chunk in doc.noun_chunks:
        if chunk.start_char >= pos:
            break
        words = [t.lower_ for t in chunk if t.lower_ not in DETERMINERS and not t.is_punct]
        if words and words[-1] == head and len(words) > len(content) and set(content) <= set(words):
            best = " ".join(t.text for t in chunk if t.lower_ not in DETERMINERS and not t.is_punct)
    return best


