"""Entities from the tagger (speakers/entities.py), which stand in for the entity recogniser except
with `--parse all`: which words make a name, and what kind of name it is."""

import pytest

from quotes.pipeline import Engine
from quotes.speakers.entities import tag_entities

pytestmark = pytest.mark.model


def entities(nlp, rules, text):
    with nlp.select_pipes(disable=["ner"]):
        doc = nlp(text)
    tag_entities(doc, rules)
    return [(e.text, e.label_) for e in doc.ents]


# (id, text, an entity expected)
FOUND = [
    ("first-name", "Marta Quiroga opened the new clinic on Friday.", ("Marta Quiroga", "PERSON")),
    ("title-before", "Governor Ilse Brandt signed the bill.", ("Ilse Brandt", "PERSON")),
    ("two-titles", "Foreign Minister Tomas Varga flew home.", ("Tomas Varga", "PERSON")),
    ("words-before-first-name", "Senate Majority Whip Oren Falk blocked the vote.", ("Oren Falk", "PERSON")),
    ("hyphenated-first-name", "Anne-Sophie Klee chairs the panel.", ("Anne-Sophie Klee", "PERSON")),
    ("hyphenated-surname", "Rosa Ortiz-Vela won the seat.", ("Rosa Ortiz-Vela", "PERSON")),
    ("particle", "The report was written by Ursula von der Leyen last year.", ("Ursula von der Leyen", "PERSON")),
    ("surname-subject", "Okonkwo rejected the offer.", ("Okonkwo", "PERSON")),
    ("organisation-word", "The Harbour Housing Association sued the city.", ("Harbour Housing Association", "ORG")),
    ("of-after-organisation", "The Ministry of Health published the figures.", ("Ministry of Health", "ORG")),
    ("two-ofs", "The Chamber of Commerce of Valdor objected.", ("Chamber of Commerce of Valdor", "ORG")),
    ("plural-group", "Democrats walked out of the chamber.", ("Democrats", "NORP")),
    ("place-after-in", "The floods hit farms in Tasmania overnight.", ("Tasmania", "GPE")),
    ("place-after-from", "Delegates from Montevideo arrived late.", ("Montevideo", "GPE")),
    ("named-after-a-person-but-no-person", "She spoke on The Lina Park Show about it.", ("Lina Park Show", "WORK_OF_ART")),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in FOUND], ids=[case[0] for case in FOUND])
def test_a_run_of_proper_nouns_is_a_name_of_its_kind(nlp, rules, text, expected):
    assert expected in entities(nlp, rules, text)


# (id, text, words that are no name, nor part of one)
NOT_NAMES = [
    ("weekday", "Marta Quiroga Tuesday said no.", "Tuesday"),
    ("month", "In March Ilse Brandt resigned.", "March"),
    ("title-alone", "The Prime Minister visited the port.", "Minister"),
    ("title-after-a-description", "A Labour MP voted against it.", "MP"),
    ("party-and-state", "Rep. Dana Holt, R-Ohio, voted against it.", "Ohio"),
    ("headline-verb", "Dana Holt Slams Harbour Plan In Fiery Speech", "Slams"),
]


@pytest.mark.parametrize("text, word", [case[1:] for case in NOT_NAMES], ids=[case[0] for case in NOT_NAMES])
def test_some_proper_nouns_are_no_name(nlp, rules, text, word):
    assert not any(word in name.split() for name, _ in entities(nlp, rules, text))


def test_the_recogniser_runs_only_when_everything_is_parsed(nlp):
    assert Engine.load(parse="focus").unused == ["ner"]
    assert Engine.load(parse="all").unused == []


def test_a_surname_that_is_also_a_title_stays_a_name(nlp, rules):
    found = entities(nlp, rules, "Colleen Bishop won. Bishop said the count was fair.")
    assert ("Bishop", "PERSON") in found
