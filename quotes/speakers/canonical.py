"""Canonical names: the fullest form of a name, within an article and across a corpus.

- Within an article a short form takes the fullest form the article uses for the same person
  ("Harris" → "Kamala Harris", "Lopez Obrador" → "Andrés Manuel López Obrador"): the nearest
  earlier full form, else the first later one.
- Across a corpus, `corpus_names` gives each name one display form.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..rules import RuleSet
from ..types import SpeakerType
from .names import WORD, Name, fold


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: its canonical name and type."""

    name: str
    type: SpeakerType


def canonical(cleaned: str, pos: int, names: list[Name], kind: SpeakerType) -> Speaker:
    """The fullest form of the same name in the article: nearest before `pos`, else first after."""
    key = fold(cleaned).split()
    if not key:
        return Speaker(cleaned, kind)
    fuller = [n for n in names if len(n.name) >= len(cleaned) and key[-1] in fold(n.name) and contains(fold(n.name).split(), key)]
    if not fuller:
        return Speaker(cleaned, kind)
    before = [n for n in fuller if n.end <= pos]
    pool = before if before else [n for n in fuller if n.start >= pos] or fuller
    ref = pool[-1] if before else pool[0]
    # Among forms of the chosen person, take the longest, then the one the article wrote first.
    same = [n for n in pool if contains(fold(n.name).split(), fold(ref.name).split())]
    best = max(same, key=lambda n: (len(fold(n.name).split()), not n.headline, -n.start))
    # no fuller form: the mention as the cue wrote it, not a headline's capitals ("Von der Leyen")
    name = cleaned if fold(best.name) == fold(cleaned) else best.name
    return Speaker(name, best.type if best.type != "unknown" else kind)


def contains(words: list[str], part: list[str]) -> bool:
    """Whether `part` stands in `words` as a run: ["kamala", "harris"] contains ["harris"].

    Example:
        >>> contains(["ursula", "von", "der", "leyen"], ["der", "leyen"]), contains(["ann", "lee"], ["lee", "ann"])
        (True, False)
    """
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def type_of_name(cleaned: str, names: list[Name], rules: RuleSet) -> SpeakerType:
    """Person if the article ever tags the name as a person (taggers waver), else what it tags it as."""
    key = fold(cleaned).split()
    kinds = {n.type for n in names if contains(fold(n.name).split(), key)}
    if "person" in kinds:
        return "person"
    if "organization" in kinds or (key and key[-1] in rules.organization_words_set):
        return "organization"
    return "person" if len(key) >= 2 else "unknown"


def corpus_names(names: Iterable[str]) -> dict[str, str]:
    """One canonical form for each speaker name across a corpus.

    - Forms that fold to the same words are one name; the display form keeps the accents, then is
      the most frequent ("Lopez Obrador" = "López Obrador").
    - A name whose words stand, in order, in exactly one longer name is that name ("Harris" =
      "Kamala Harris", "López Obrador" = "Andrés Manuel López Obrador"); in two or more it stays
      as it is ("Clinton" with both "Hillary Clinton" and "Bill Clinton").
    - An acronym of one longer name's initials is that name ("AMLO").
    Descriptions ("former official") are left alone.

    Example:
        >>> m = corpus_names(["Lopez Obrador", "Andrés Manuel López Obrador", "AMLO", "Harris", "Kamala Harris"])
        >>> m["Lopez Obrador"], m["AMLO"], m["Harris"]
        ('Andrés Manuel López Obrador', 'Andrés Manuel López Obrador', 'Kamala Harris')
    """
    counts = Counter(names)
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in counts:
        groups.setdefault(tuple(WORD.findall(fold(name))), []).append(name)
    display = {key: max(forms, key=lambda f: (_accents(f), counts[f], [-ord(c) for c in f])) for key, forms in groups.items()}
    by_word: dict[str, set[tuple[str, ...]]] = {}
    for key in groups:
        for word in key:
            by_word.setdefault(word, set()).add(key)
    initials = {}
    for key in groups:
        if len(key) >= 2:
            initials.setdefault("".join(w[0] for w in key), set()).add(key)
    target = {}
    for key, forms in groups.items():
        if not key or not forms[0][:1].isupper():
            target[key] = key
            continue
        longer = set.intersection(*(by_word[w] for w in key)) - {key}
        longer = {k for k in longer if len(k) > len(key) and contains(list(k), list(key))}
        if len(key) == 1 and forms[0].isupper() and not longer:
            longer = initials.get(key[0], set())
        # Keep only the fullest names: "Andrés Manuel López Obrador", not also "Manuel López Obrador".
        fullest = {k for k in longer if not any(o != k and contains(list(o), list(k)) for o in longer)}
        target[key] = next(iter(fullest)) if len(fullest) == 1 else key
    return {name: display[target[key]] for key, forms in groups.items() for name in forms}


def _accents(name: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFKD", name) if unicodedata.combining(ch))
