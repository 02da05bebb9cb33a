"""Mentions: every person and organisation an article names, in order, with what describes them.

- Name mentions come from the tagger's entities where the parser read the text, else from runs of
  capitalised words split after their last title ("Mexican President Andres Manuel Lopez Obrador").
- Each carries the words that describe it ("the mexican president") and whether it is the subject
  of its sentence's main clause (what a later "he" most often means).
- Boilerplate gives no names; a title-case headline gives only first-name pairs (`layout.py`).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import replace

import regex

from ..deptree import children, doc_text
from ..rules import RuleSet
from ..types import SpeakerType
from .layout import boilerplate, merged, title_case, within
from .names import (
    DETERMINERS, FUNCTION_WORDS, HYPHENATED_PARTICLE, PARTICLES, ROLE_CHANGING, WORD, Name, clean_name, first_name_gender,
    first_named, fold, holds_organisation_word, hyphen_particle, is_modifier, is_title, longest_first, name_span, surname_key,
)

_PARTICLE = longest_first(PARTICLES)
# A name: capitalised words, with particles between them ("Ursula von der Leyen"); a word may start
# with a particle joined by a hyphen ("Bashar al-Assad", "al-Assad said").
_CAPITALISED = rf"(?:(?<![\p{{L}}\p{{M}}’'-]){HYPHENATED_PARTICLE})?\p{{Lu}}[\p{{L}}\p{{M}}’'.-]*"  # not "federal-State"
_NAME_RUN = regex.compile(rf"{_CAPITALISED}(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)*{_CAPITALISED}){{0,7}}")

_PERSON_LABELS = {"PERSON"}

_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}

_PLACE_LABELS = {"GPE", "NORP", "FAC"}

_SUBJECTS = {"nsubj", "nsubjpass"}


def names_in(text: str, doc, rules: RuleSet, skipped: list[tuple[int, int]] | None = None) -> list[Name]:
    """Every person or organisation name in the article, in order, with the words that describe it.

    Names in boilerplate (`skipped`, else `layout.boilerplate(text)`: "READ MORE: …", "(Photo: …)")
    are left out; in a headline set in title case ("Ferris Quade Slams Harbour Plan") only a first
    name and the word after it count.
    """
    if doc is not None and doc.has_annotation("ENT_IOB"):
        found = []
        for ent in doc.ents:
            if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
                continue
            kind: SpeakerType = "person" if ent.label_ in _PERSON_LABELS else "organization"
            name = clean_name(ent.text, rules)
            if not name:
                continue
            if kind == "person" and ent.start and doc[ent.start - 1].lower_ == "the" and not first_named(name, rules):
                kind = "organization"  # "the Clarion-Ledger": people's names take no article
            clause = _subject_clause(ent.root)
            salient = _main_subject(clause)
            # A first name outweighs the tagger's guess of a place: "Pia Sorel" (tagged GPE) is a person.
            place = ent.label_ in _PLACE_LABELS and not first_named(name, rules)
            found.append(Name(ent.start_char, ent.end_char, name, kind, _descriptor_tokens(doc, ent), salient,
                              place=place, reported=salient and _reported(clause)))
        by_text = _text_names(text, rules)  # once: for what the parser did not read, and what it missed
        parsed = doc_text(doc)
        found += _unparsed_names(text, parsed, by_text)
        found += _missed_people(text, parsed, doc, found, by_text)
        found = _fix_types(sorted(found, key=lambda n: n.start), rules)
    else:
        found = _text_names(text, rules)
    skipped = boilerplate(text) if skipped is None else skipped
    spans = merged(skipped)
    kept = [n for n in found if not within(spans, n.start)]
    return sorted(kept + _headline_names(text, skipped), key=lambda n: n.start)


def _headline_names(text: str, skipped: list[tuple[int, int]]) -> list[Name]:
    """In title-case headlines, a first name and the capitalised word after it ("Ferris Quade")."""
    found = []
    for start, end in skipped:
        if not title_case(text[start:end]):
            continue
        words = list(WORD.finditer(text, start, end))
        for a, b in zip(words, words[1:]):
            pair = f"{a.group()} {b.group()}"
            if b.group()[:1].isupper() and first_name_gender(pair) is not None:
                found.append(Name(a.start(), b.end(), pair, "person", (), headline=True))
    return found


def _subject_clause(token):
    """The verb of the clause whose subject the name is (through "the governor, Jan Brewer" and
    conjoined verbs), or None when the name is no subject."""
    if token.dep_ in ("appos", "compound"):
        token = token.head
    if token.dep_ not in _SUBJECTS:
        return None
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _main_subject(verb) -> bool:
    """Whether `_subject_clause` gave the sentence's main clause ("Opal Renner argued that Victor
    Hask…": Renner), or a clause a quote's sentence reports."""
    return verb is not None and (
        verb.dep_ == "ROOT" or (verb.dep_ in ("ccomp", "parataxis") and any(c.is_quote for c in verb.sent)))


def _reported(verb) -> bool:
    """Whether that clause is reported by another: "Hale" in "Earl said Hale has…"."""
    return verb is not None and verb.dep_ in ("ccomp", "parataxis")


def _missed_people(text: str, parsed: str, doc, found: list[Name], by_text: list[Name]) -> list[Name]:
    """People the tagger missed where it read: runs of capitalised words that start with a first
    name ("Opal Renner argued…"), and one word that is the surname of a person found ("Merz was
    defiant" after "Friedrich Merz"), outside every entity and every name already found."""
    taken = sorted([(e.start_char, e.end_char) for e in doc.ents] + [(n.start, n.end) for n in found])
    ends = list(itertools.accumulate((e for _, e in taken), max))  # the furthest end up to each span
    surnames = {surname_key(n.name) for n in found if n.type == "person" and len(n.name.split()) > 1}
    missed = []
    for n in by_text:
        before = bisect.bisect_left(taken, (n.end,)) - 1  # the spans that start before the name ends
        if parsed[n.start] != text[n.start] or (before >= 0 and ends[before] > n.start):
            continue
        if len(n.name.split()) == 1 and fold(n.name) in surnames:  # "Merz" after "Friedrich Merz"
            missed.append(replace(n, type="person"))
        elif n.type == "person" and len(n.name.split()) > 1:
            missed.append(n)
    return missed


def _unparsed_names(text: str, parsed: str, by_text: list[Name]) -> list[Name]:
    """Names in the paragraphs the parser did not read (see focus.py), found as in rule-based mode."""
    if parsed == text:
        return []
    return [n for n in by_text if parsed[n.start] != text[n.start]]


def _text_names(text: str, rules: RuleSet) -> list[Name]:
    """Names found without a tagger: runs of capitalised words, split after their last title or
    before a first name after an acronym, a role or an organisation's name, without weekdays and
    months that are a date (`names.name_span`).

    - "Mexican President Andres Manuel Lopez Obrador" is the person "Andres Manuel Lopez Obrador",
      described as "mexican president"; a run with an organisation word ("White House") is an
      organisation; other runs of two or more words are names of unknown type.
    - One capitalised word is a name only where it ends a longer name of the article ("Ayotte"
      after "Kelly Ayotte"): alone, it is as often a sentence's first word or a weekday.
    - A name that starts a sentence is taken for its subject: what a later "he" most often means.
    """
    runs = []
    for words in _capitalised_runs(text, rules):
        if len(words) == 1:  # most runs: a name only where it is a longer one's surname, seen below
            runs.append((words, 0, False))
            continue
        if len(words) > 2 and words[-1].group().isupper() and words[-1].group().casefold() in rules.title_forms:
            words = words[:-1]  # a title after the name: "Jo Cox MP"
        titles = [rules.title_forms.get(w.group().rstrip(".").casefold()) for w in words]
        titled = [i for i, title in enumerate(titles) if title is not None]
        first = titled[-1] + 1 if titled else 0
        title_of = len(words) - first >= 3 and _TITLE_OF.search(text, max(0, words[0].start() - 40), words[0].start())
        if title_of and is_title(title_of.group(1).casefold(), rules):
            first, titled = first + 1, [first]  # "Secretary of State John Kerry"
        first, last = name_span([w.group() for w in words], first, rules)
        if first < last:
            runs.append((words[:last], first, any(title is not None and not title.modifier for title in titles)))
    surnames = {fold(words[-1].group()) for words, first, _ in runs if len(words) - first >= 2}
    found = []
    for words, first, titled in runs:
        if len(words) == 1 and (fold(words[0].group()) not in surnames or name_span([words[0].group()], 0, rules)[1] == 0
                                or words[0].group().rstrip(".").casefold() in rules.title_forms):
            continue
        start, end = words[first].start(), words[-1].end()
        described = tuple(w.group().casefold().rstrip(".") for w in words[:first])
        descriptor = _descriptor_text(text, words[0].start()) + described
        name = clean_name(text[start:end], rules)
        found.append(Name(start, end, name, _text_name_type(name, descriptor, titled, rules), descriptor,
                           salient=_looks_like_subject(text, words[0].start())))
    return found


_TITLE_OF = regex.compile(r"(\p{L}+)\.?\s+of\s+$")


def _runs(text: str, rules: RuleSet) -> Iterator[tuple[int, int]]:
    """Spans of capitalised words; "of" or "for" joins two when the first holds an organisation word
    ("Ministry of Health", "Chamber of Commerce of Valdor")."""
    start = end = None
    joined_runs: list[str] = []  # since `start`
    for run in _NAME_RUN.finditer(text):
        # the organisation words are looked for only where "of" or "for" follows: most runs are one word
        joined = end is not None and text[end : run.start()] in (" of ", " for ") and any(
            w.casefold() in rules.organization_words_set for joined_run in joined_runs for w in joined_run.split())
        if not joined:
            if start is not None:
                yield start, end
            start, joined_runs = run.start(), []
        end = run.end()
        joined_runs.append(run.group())
    if start is not None:
        yield start, end


def _capitalised_runs(text: str, rules: RuleSet) -> Iterator[list]:
    """Runs of capitalised words (as word matches), without a sentence's first function word
    ("But Hillary Clinton"), a dangling particle ("Florida de"), or a full stop inside ("Review. Williamson")."""
    for run_start, run_end in _runs(text, rules):
        part: list = []
        for word in WORD.finditer(text, run_start, run_end):
            token = word.group()
            if token.endswith(".") and len(token) > 3 and token.rstrip(".").casefold() not in rules.title_forms:
                part.append(WORD.match(text, word.start(), word.end() - 1))
                if trimmed := _trimmed(part, rules):
                    yield trimmed
                part = []
            else:
                part.append(word)
        if trimmed := _trimmed(part, rules):
            yield trimmed


def _trimmed(words: list, rules: RuleSet) -> list:
    # a sentence's first function word or speech verb is no part of the name: "But Ann Lee", "Said Ann Lee:"
    while words and (words[0].group().casefold() in FUNCTION_WORDS or words[0].group().casefold() in rules.speech_form_set):
        words = words[1:]
    while words and words[-1].group()[:1].islower() and not hyphen_particle(words[-1].group()):
        words = words[:-1]
    # a name in capitals runs on into its verb: "ANN LEE SAID", "JOHN SMITH TOLD REPORTERS" (in
    # capitals only: "Edward Said" is a name)
    for i in range(1, len(words)):
        word = words[i].group()
        if word.isupper() and word.casefold() in rules.speech_first_words:
            return words[:i]
    return words


def _looks_like_subject(text: str, start: int) -> bool:
    """A name that starts a sentence is taken for its subject: what a later "he" most often means.
    (A lower-case word after the name, as a sign of a verb, was measured and made things worse.)"""
    return bool(_SENTENCE_START.search(text[max(0, start - 3) : start]) or _AFTER_DATELINE.search(text[max(0, start - 50) : start]))


# What stands before a sentence's first word: the start of the text or a line, or a stop and a space.
_SENTENCE_START = regex.compile(r"(?:^|\n|[.!?][\"'”’“»›]?\s)\s*$")
_AFTER_DATELINE = regex.compile(r"(?:^|\n)\p{Lu}[\p{Lu}\p{M} ,.'-]{1,40}(?:\([^)\n]{1,30}\))?\s*(?:—|–|--)\s*$")


def _text_name_type(name: str, descriptor: tuple[str, ...], titled: bool, rules: RuleSet) -> SpeakerType:
    # "the mexican president Andrés Manuel López Obrador": a title before the run counts too.
    title = rules.title_forms.get(descriptor[-1]) if descriptor else None
    if titled or (title is not None and not title.modifier):
        return "person"
    if holds_organisation_word(name, rules):
        return "organization"
    return "person" if first_name_gender(name) is not None else "unknown"


def _fix_types(names: list[Name], rules: RuleSet) -> list[Name]:
    """The small tagger often calls a person an organisation or a place ("Priebus", "Alma Reyes"). A
    name is a person if another mention of it is tagged as one, a title describes it ("the GOP
    chairman", "nurse Alma Reyes"), or it starts with a first name and holds no organisation word."""
    people = {surname_key(n.name) for n in names if n.type == "person"}
    people |= {surname_key(n.name) for n in names if n.type != "person" and first_named(n.name, rules)}
    fixed = []
    for n in names:
        titled = any(is_title(w, rules) and w not in DETERMINERS and not is_modifier(w, rules) for w in n.descriptor)
        if n.type != "person" and not n.place and not n.name.isupper() and (surname_key(n.name) in people or titled):
            n = replace(n, type="person")
        fixed.append(n)
    return fixed


def _descriptor_tokens(doc, ent) -> tuple[str, ...]:
    """Words that describe the name: right before it ('the Mexican president') or in its
    appositive ('Hugh Hill, a doctor who treated him')."""
    words = []
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 5 and not doc[i].is_punct and (
        doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "DET") or doc[i].lower_ in ROLE_CHANGING
    ):
        words.append(doc[i].lower_)
        i -= 1
    words.reverse()
    words += [t.lower_ for t in ent if t.pos_ != "PROPN"]
    for child in children(ent.root):
        if child.dep_ == "appos" and child.i >= ent.end:
            words += [t.lower_ for t in child.subtree if t.dep_ not in ("relcl", "punct") and t.i <= child.i]
    if ent.root.dep_ == "appos" and ent.root.head.i < ent.start:  # "Britain's health secretary, Wes Streeting"
        head = ent.root.head
        words += [t.lower_ for t in head.subtree if t.i <= head.i and not t.is_punct and t.dep_ != "relcl"]
    return tuple(w.rstrip(".") for w in words)


def _descriptor_text(text: str, start: int) -> tuple[str, ...]:
    before = text[max(0, start - 50) : start]
    words = [w.casefold().rstrip(".") for w in WORD.findall(before.split("\n")[-1])]
    return tuple(words[-4:])
