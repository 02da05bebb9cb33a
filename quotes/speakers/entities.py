"""Entities from the tagger, where the entity recogniser did not run.

en_core_web_sm's recogniser has a token encoder of its own: on the text the engine parses it costs
as much as the tagger and the parser together. The engine reads from it only the names of people,
organisations and places, and those the tagger mostly gives already: a name is a run of proper
nouns. What the recogniser adds is the kind of name, which comes here from the words and the parse,
the first rule that applies deciding:

- a run holding an organisation word ("Housing Association") is an organisation (ORG);
- one after "in", "near", "across" or "throughout" ("in Lagos") a place (GPE);
- one after "the" an organisation ("the Lee Group": people's names take no article), or the name
  of a work if it starts with a first name ("the Ann Lee Show"), unless it modifies a noun ("the
  Ann Lee campaign" still names her);
- one that starts with a first name ("Pia Sorel") a person (PERSON);
- a plural one ("Democrats") a group (NORP);
- one that is the subject of a verb a person (PERSON): "Moreno said"; any other an organisation,
  which mentions.py makes a person where another mention or a title says so.

Titles and roles before the name are not part of it ("Mayor Ines Ruiz"), nor are other words
before a first name ("Senate Majority Whip Ines Ruiz"), weekdays, and months that are no name
("Ruiz Tuesday", "in March Ines Ruiz"; not "Theresa May", "April Ryan"). Titles alone ("the Prime
Minister") and a party and state after a name (", R-Ohio,") are no name. In a headline, where every
word is a proper noun, a name that starts with a first name is that and the word after it ("Ines
Ruiz Slams Plan").
"""

from __future__ import annotations

from ..rules import RuleSet
from .layout import SMALL_WORDS
from .names import DETERMINERS, PARTICLES, first_name_gender, holds_organisation_word, is_modifier, is_title, name_span

# "from" and "at" also come before people and companies ("a statement from Okonkwo")
_PLACE_PREPOSITIONS = {"in", "near", "across", "throughout"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_PARTY_LETTERS = {"R", "D", "I"}
# a particle is a preposition or an article, or tagged as part of the name; not "do", "bar" as verbs
_PARTICLE_POS = {"ADP", "DET", "X", "PROPN", "PART", "NOUN"}
_HEADLINE_WINDOW = 30  # tokens each side of a name looked at to tell a headline


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
    for run in _runs(doc, rules):
        start, end = _trimmed(doc, *run, rules)
        if start < end:
            # the subject may be a title trimmed off the name: "Jo Cox MP spoke"
            subject = any(t.dep_ in _SUBJECTS for t in doc[run[0] : run[1]])
            spans.append(Span(doc, start, end, label=_kind(doc, start, end, rules, subject)))
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
            elif _joined(doc, j) and _proper(doc[j + 1]):
                j += 2
            elif doc[j].lower_ in ("of", "for") and any(t.lower_ in rules.organization_words_set for t in doc[i:j]) \
                    and j + 1 < n and _proper(doc[j + 1]):
                j += 2
            elif doc[j].lower_ in PARTICLES and doc[j].pos_ in _PARTICLE_POS:
                k = j
                while k < n and doc[k].lower_ in PARTICLES and doc[k].pos_ in _PARTICLE_POS:
                    k += 1
                if k + 1 < n and _joined(doc, k):  # "Bashar al-Assad"
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


def _joined(doc, i: int) -> bool:
    """Whether token `i` is a hyphen inside a word ("Ortiz-Vela"), with a token after it."""
    return doc[i].text == "-" and i + 1 < len(doc) and not doc[i - 1].whitespace_ and not doc[i].whitespace_


def _trimmed(doc, start: int, end: int, rules: RuleSet) -> tuple[int, int]:
    """The [start, end) of the name in a run of proper nouns (see the module's docstring), or
    (start, start) where the run is no name."""
    words = [t.text for t in doc[start:end]]
    folded = [w.casefold() for w in words]
    titles = [is_title(w.rstrip("."), rules) for w in folded]
    if all(titles) and not is_modifier(folded[-1].rstrip("."), rules) and (
            len(words) > 1 or (start and doc[start - 1].lower_ in DETERMINERS)):
        return start, start  # "the Prime Minister", "a Labour MP"; not "Deacon said", a surname
    if len(words) > 2 and words[0] in _PARTY_LETTERS and words[1] == "-" and start and doc[start - 1].text in ",(":
        return start, start  # ", R-Ohio,"
    if folded[0] == "the":
        return _trimmed(doc, start + 1, end, rules) if len(words) > 1 else (start, start)
    if len(words) > 2 and titles[-1] and words[-1].isupper():
        return _trimmed(doc, start, end - 1, rules)  # "Jo Cox MP"
    titled = [k for k, title in enumerate(titles[:-1]) if title]
    first = titled[-1] + 1 if titled else 0
    first, last = name_span(words, first, rules)
    if last - first > 2 and first_name_gender(" ".join(words[first:last])) and _in_headline(doc, start, end):
        # in a headline every word is a proper noun: "Ann Lee Sides With…" names Ann Lee
        last = _word_end(doc, _word_end(doc, start + first, start + last), start + last) - start
    return start + first, start + last


def _word_end(doc, i: int, end: int) -> int:
    """The token after the word that starts at token `i`, hyphens inside it included ("Anne-Marie")."""
    j = i + 1
    while j + 1 < end and _joined(doc, j):
        j += 2
    return j


def _in_headline(doc, start: int, end: int) -> bool:
    """Whether the name's sentence is set in title case, as far as `_HEADLINE_WINDOW` tokens each
    side: the sentence's bounds are looked for in that window only (Token.sent walks the whole
    sentence, and a run-on one can be the whole article)."""
    lo = start
    while lo > max(0, start - _HEADLINE_WINDOW) and not doc[lo].is_sent_start:
        lo -= 1
    hi = end
    while hi < min(len(doc), end + _HEADLINE_WINDOW) and not doc[hi].is_sent_start:
        hi += 1
    words = [t for t in doc[lo:hi] if t.is_alpha and t.lower_ not in SMALL_WORDS]
    return len(words) >= 4 and all(t.text[0].isupper() for t in words)


def _kind(doc, start: int, end: int, rules: RuleSet, subject: bool) -> str:
    """The entity label of the name at [start, end): the rules of the module's docstring, in order.
    `subject`: whether the name, or a title around it, is the subject of a verb."""
    name, root = doc[start:end].text, doc[start:end].root
    if holds_organisation_word(name, rules):
        return "ORG"
    if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPOSITIONS:
        return "GPE"
    if start and doc[start - 1].lower_ == "the" and root.dep_ != "compound":
        return "WORK_OF_ART" if first_name_gender(name) else "ORG"
    if first_name_gender(name) is not None:
        return "PERSON"
    if doc[end - 1].tag_ == "NNPS" or doc[end - 1].morph.get("Number") == ["Plur"]:
        return "NORP"
    return "PERSON" if subject else "ORG"
