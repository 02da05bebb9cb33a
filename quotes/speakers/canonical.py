"""Canonical names: the fullest form of a name within an article.

- Within an article a short form takes the fullest form the article uses for the same person
  ("Harris" → "Kamala Harris", "Lopez Obrador" → "Andrés Manuel López Obrador"): the nearest
  earlier full form, else the first later one. A person's fuller form ends with the short one, or
  starts with it ("Christine" → "Christine Lagarde"), or, failing those, holds it with a second
  surname after it ("Maduro" → "Nicolás Maduro Moros"): "Washington" is not "The Washington
  Post", nor "Lee" the "Lee County Library".
- Across a corpus, see `corpus.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules import RuleSet
from ..types import SpeakerType
from .names import SUFFIXES, Name, first_name_gender, fold


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: its canonical name and type."""

    name: str
    type: SpeakerType


def canonical(cleaned: str, pos: int, names: list[Name], kind: SpeakerType) -> Speaker:
    """The fullest form of the same name in the article: nearest before `pos`, else first after.

    A fuller form is of the same kind (an organisation's for an organisation, another's for a
    person) and holds the short one where a name does (`_same_name`).
    """
    key = fold(cleaned).split()
    if not key:
        return Speaker(cleaned, kind)
    candidates = [
        (n, words) for n in names if len(n.name) >= len(cleaned) and key[-1] in fold(n.name)
        and contains(words := fold(n.name).split(), key) and (not n.headline or _headline_name(n.name, key, names))
        and (kind == "unknown" or (kind == "organization") == (n.type == "organization"))
    ]
    alike = [(n, words) for n, words in candidates if _same_name(words, key, n.type)]
    # a form that ends with it before one that starts with it, however near: "Washington" is Denzel
    # Washington, not the Washington Post; "Gorka" Sebastian Gorka, not a headline's "Gorka Slam"
    fuller = [n for n, words in alike if _ends_with(words, key)] or [n for n, _ in alike]
    # last: a surname inside a person's name, "Maduro" in "Nicolás Maduro Moros"
    fuller = fuller or [n for n, words in candidates if n.type == "person" and _inside(words, key)]
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


def _same_name(words: list[str], key: list[str], kind: SpeakerType) -> bool:
    """Whether the name `words` can be a fuller form of `key`: an organisation's that holds it
    anywhere ("Holt Motor Company" for "Holt", as an organisation); another that ends with it,
    suffixes aside ("Kamala Harris", "Martin Luther King Jr." for "King"), or starts with it (a first
    name, or a surname written first: "Shen Yi"). "Washington Post" or "Lee County Library" is no
    fuller form of a person's "Washington" or "Lee"."""
    return kind == "organization" or words[: len(key)] == key or _ends_with(words, key)


def _ends_with(words: list[str], key: list[str]) -> bool:
    """Whether `words` end with `key`, suffixes aside ("Donald Trump Jr." ends with "Trump" and
    with "Trump Jr.")."""
    if words[-len(key):] == key:
        return True
    while len(words) > len(key) and words[-1].rstrip(".") in SUFFIXES:
        words = words[:-1]
    return words[-len(key):] == key


def _inside(words: list[str], key: list[str]) -> bool:
    """Whether `key` stands inside a person's name with at most two words after it: a surname
    followed by a second one ("Nicolás Maduro Moros", "Andrés Manuel López Obrador")."""
    at = next((i for i in range(1, len(words) - len(key) + 1) if words[i : i + len(key)] == key), None)
    return at is not None and len(words) - at - len(key) <= 2


def _headline_name(name: str, key: list[str], names: list[Name]) -> bool:
    """Whether a headline's run of capitals is a fuller form of the name `key`: the article also
    writes it outside a headline, or it adds only a first name before ("Mike Pence" for "Pence",
    not "Mike Pence Calls", "Trump Tower Grill" or "McCain Challenger Kelli Ward")."""
    if any(not n.headline and fold(n.name) == fold(name) for n in names):
        return True
    words = fold(name).split()
    at = next((i for i in range(len(words) - len(key) + 1) if words[i : i + len(key)] == key), None)
    if at is None or at + len(key) != len(words):
        return False  # words after the name: a headline's verb or noun
    return at == 0 or first_name_gender(" ".join(name.split()[: at + 1])) is not None


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
