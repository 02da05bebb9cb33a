"""Entities from the tagger, where the entity recogniser did not run.

en_core_web_sm's recogniser has a token encoder of its own: on the text the engine parses it costs
as much as the tagger and the parser together. The engine reads from it only the names of people,
organisations and places, and those the tagger mostly gives already: a name is a run of proper
nouns. What the recogniser adds is the kind of name, which comes here from the words and the parse:

- a run holding an organisation word ("Housing Association") is an organisation (ORG);
- a plural one ("Democrats") a group (NORP);
- one that starts with a first name ("Pia Sorel") a person (PERSON);
- one after "in", "from", "near"… ("in Lagos") a place (GPE);
- one after "the" an organisation ("the Lee Group": people's names take no article), or the name
  of a work if it starts with a first name ("the Ann Lee Show");
- one that is the subject of a verb a person (PERSON): "Moreno said"; any other an organisation,
  which mentions.py makes a person where another mention or a title says so.

A title or role before the name is not part of it ("Mayor Ines Ruiz"), nor are other words before a
first name ("Senate Majority Whip Ines Ruiz"), nor weekdays and months
("Ruiz Tuesday"); a party and state after a name ("R-Ohio") is no name.
"""

from __future__ import annotations

import calendar

from ..rules import RuleSet
from .layout import SMALL_WORDS
from .names import DETERMINERS, PARTICLES, first_name_gender, fold, is_modifier, is_title

_CALENDAR = {w.casefold() for w in (*calendar.day_name, *calendar.month_name, *calendar.month_abbr) if w}
_PLACE_PREPOSITIONS = {"in", "from", "near", "across", "throughout", "outside", "inside", "around", "at"}
_SUBJECTS = {"nsubj", "nsubjpass"}


def tag_entities(doc, rules: RuleSet) -> None:
    """Set `doc.ents` to the names in its runs of proper nouns (see the module's docstring).

    `doc`: a spaCy Doc with parts of speech and a dependency parse, and no entities set.

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> from quotes.rules import load_rules
        >>> words = ["Mayor", "Ines", "Ruiz", "spoke", "in", "Lagos", "."]
        >>> doc = Doc(spacy.blank("en").vocab, words=words,
        ...           pos=["PROPN", "PROPN", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"],
        ...           heads=[2, 2, 3, 3, 3, 4, 3], deps=["compound", "compound", "nsubj", "ROOT", "prep", "pobj", "punct"])
        >>> tag_entities(doc, load_rules())
        >>> [(e.text, e.label_) for e in doc.ents]
        [('Ines Ruiz', 'PERSON'), ('Lagos', 'GPE')]
    """
    from spacy.tokens import Span

    spans = []
    for start, end in _runs(doc, rules):
        start, end = _trimmed(doc, start, end, rules)
        if start < end:
            spans.append(Span(doc, start, end, label=_kind(doc, start, end, rules)))
    doc.set_ents(spans, default="outside")


def _runs(doc, rules: RuleSet) -> list[tuple[int, int]]:
    """[start, end) token ranges of proper nouns in a row, through hyphens inside a word
    ("Anne-Marie"), particles between names ("Ursula von der Leyen") and "of" or "for" after an
    organisation word ("Bank of Canada")."""
    from spacy.attrs import POS
    from spacy.parts_of_speech import PROPN

    runs, n, end = [], len(doc), 0
    for i in (doc.to_array(POS) == PROPN).nonzero()[0].tolist():  # not a Python call per token
        if i < end or not _proper(doc[i]):
            continue
        j = i + 1
        while j < n:
            if _proper(doc[j]):
                j += 1
            elif doc[j].text == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_ and j + 1 < n and _proper(doc[j + 1]):
                j += 2
            elif doc[j].lower_ in ("of", "for") and any(t.lower_ in rules.organization_words_set for t in doc[i:j]) \
                    and j + 1 < n and _proper(doc[j + 1]):
                j += 2
            elif doc[j].lower_ in PARTICLES:
                k = j
                while k < n and doc[k].lower_ in PARTICLES:
                    k += 1
                if k == n or not _proper(doc[k]):
                    break
                j = k + 1
            else:
                break
        runs.append((i, j))
        end = j
    return runs


def _proper(token) -> bool:
    return token.pos_ == "PROPN" and token.text[:1].isupper()


def _trimmed(doc, start: int, end: int, rules: RuleSet) -> tuple[int, int]:
    """The run without the titles and roles before the name, nor weekdays and months at its ends;
    (start, start) for titles alone after a determiner ("the Prime Minister"; not "a Democrat",
    nor "Deacon said", a surname) or a party and state ("R-Ohio")."""
    words = [t.text for t in doc[start:end]]
    folded = [w.rstrip(".").casefold() for w in words]
    if (len(words) > 2 and len(words[0]) == 1 and words[1] == "-") \
            or (start and doc[start - 1].lower_ in DETERMINERS and all(is_title(w, rules) for w in folded)
                and not is_modifier(folded[-1], rules)):
        return start, start
    if words[0].casefold() == "the":
        return _trimmed(doc, start + 1, end, rules) if len(words) > 1 else (start, start)
    titled = [k for k, w in enumerate(folded[:-1]) if is_title(w, rules)]
    first = titled[-1] + 1 if titled else 0
    if first_name_gender(" ".join(words[first:])) is None:
        # "Senate Majority Whip Ann Lee": a name that starts with a first name after other words
        first = next((k for k in range(first + 1, len(words) - 1)
                      if words[k] != "-" and first_name_gender(" ".join(words[k:]), definite=True)), first)
    while first < len(words) and words[first].rstrip(".").casefold() in _CALENDAR:
        first += 1
    last = len(words)
    while last > first and words[last - 1].rstrip(".").casefold() in _CALENDAR:
        last -= 1
    if last - first > 2 and _title_cased(doc[start].sent) and first_name_gender(" ".join(words[first:last])):
        last = first + 2  # in a headline every word is a proper noun: "Ann Lee Sides With…" names Ann Lee
    return start + first, start + last


def _organisation(name: str, rules: RuleSet) -> bool:
    return any(w in rules.organization_words_set for w in fold(name).split())


def _title_cased(sentence) -> bool:
    words = [t for t in sentence if t.is_alpha and t.lower_ not in SMALL_WORDS]
    return len(words) >= 4 and all(t.text[0].isupper() for t in words)


def _kind(doc, start: int, end: int, rules: RuleSet) -> str:
    name = doc[start:end].text
    if start and doc[start - 1].lower_ == "the" and doc[start:end].root.dep_ != "compound":
        # people's names take no article: "the Lee Group", and a work named after one, "the Ann
        # Lee Show", is neither person nor organisation; "the Ann Lee campaign" still names her
        return "WORK_OF_ART" if first_name_gender(name) and not _organisation(name, rules) else "ORG"
    if _organisation(name, rules):
        return "ORG"
    if doc[end - 1].tag_ == "NNPS" or doc[end - 1].morph.get("Number") == ["Plur"]:
        return "NORP"
    if first_name_gender(name) is not None:
        return "PERSON"
    root = doc[start:end].root
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
        return "GPE"
    if any(t.dep_ in _SUBJECTS for t in doc[start:end]):
        return "PERSON"
    return "ORG"
