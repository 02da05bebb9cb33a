"""Entities from the tagger (speakers/entities.py), which stand in for the entity recogniser except
with `--parse all`: which words make a name, and what kind of name it is."""

from dataclasses import replace

import pytest

from quotes.pipeline import Engine, _batch_mentions, extract
from quotes.speakers.entities import tag_entities
from quotes.types import Article

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
    ("title-after", "Jo Cox MP spoke first in the debate.", ("Jo Cox", "PERSON")),
    ("acronym-before-first-name", "On Sunday the NBC Oren Falk interview aired.", ("Oren Falk", "PERSON")),
    ("organisation-before-first-name", "Senate Majority Whip Oren Falk blocked the vote.", ("Oren Falk", "PERSON")),
    ("role-before-first-name", "Economist Oren Falk blocked the vote.", ("Oren Falk", "PERSON")),
    ("first-word-unknown-to-the-name-data", "Bola Ahmed Tinubu signed the budget.", ("Bola Ahmed Tinubu", "PERSON")),
    ("hyphenated-first-name", "Anne-Sophie Klee chairs the panel.", ("Anne-Sophie Klee", "PERSON")),
    ("hyphenated-surname", "Rosa Ortiz-Vela won the seat.", ("Rosa Ortiz-Vela", "PERSON")),
    ("particles", "The report was written by Ursula von der Leyen last year.", ("Ursula von der Leyen", "PERSON")),
    ("hyphenated-particle", "Troops loyal to Bashar al-Assad retreated.", ("Bashar al-Assad", "PERSON")),
    ("month-as-surname", "Theresa May met the French president.", ("Theresa May", "PERSON")),
    ("month-as-first-name", "April Ryan asked the first question.", ("April Ryan", "PERSON")),
    ("short-month-as-first-name", "Jan Brewer vetoed the measure.", ("Jan Brewer", "PERSON")),
    ("surname-subject", "Okonkwo rejected the offer.", ("Okonkwo", "PERSON")),
    ("name-before-a-noun", "Staff of the Ann Lee campaign quit.", ("Ann Lee", "PERSON")),
    ("organisation-word", "The Harbour Housing Association sued the city.", ("Harbour Housing Association", "ORG")),
    ("of-after-organisation", "The Ministry of Health published the figures.", ("Ministry of Health", "ORG")),
    ("two-ofs", "The Chamber of Commerce of Valdor objected.", ("Chamber of Commerce of Valdor", "ORG")),
    ("company-with-a-letter", "Shares of T-Mobile rose on the news.", ("T-Mobile", "ORG")),
    ("plural-group", "Democrats walked out of the chamber.", ("Democrats", "NORP")),
    ("place-after-in", "The floods hit farms in Tasmania overnight.", ("Tasmania", "GPE")),
    ("place-after-across", "Protests spread across Montevideo overnight.", ("Montevideo", "GPE")),
    ("show-named-after-a-person", "She spoke on The Lina Park Show about it.", ("Lina Park Show", "WORK_OF_ART")),
    ("headline", "Dana Holt Slams Harbour Plan In Fiery Speech", ("Dana Holt", "PERSON")),
    ("headline-hyphenated-name", "Anne-Marie Holt Slams Harbour Plan In Fiery Speech", ("Anne-Marie Holt", "PERSON")),
]


@pytest.mark.parametrize("text, expected", [case[1:] for case in FOUND], ids=[case[0] for case in FOUND])
def test_a_run_of_proper_nouns_is_a_name_of_its_kind(nlp, rules, text, expected):
    assert expected in entities(nlp, rules, text)


# (id, text, a word that is no name nor part of one, the name next to it)
NOT_NAMES = [
    ("weekday", "Marta Quiroga Tuesday said no.", "Tuesday", "Marta Quiroga"),
    ("month-before-a-name", "In March Ilse Brandt resigned.", "March", "Ilse Brandt"),
    ("title-alone", "The Prime Minister met Ilse Brandt at the port.", "Minister", "Ilse Brandt"),
    ("title-alone-without-article", "Prime Minister said Ilse Brandt would go.", "Minister", "Ilse Brandt"),
    ("title-after-a-description", "A Labour MP named Ilse Brandt voted against it.", "MP", "Ilse Brandt"),
    ("party-and-state", "Rep. Dana Holt, R-Ohio, voted against it.", "Ohio", "Dana Holt"),
    ("headline-verb", "Dana Holt Slams Harbour Plan In Fiery Speech", "Slams", "Dana Holt"),
]


@pytest.mark.parametrize("text, word, name", [case[1:] for case in NOT_NAMES], ids=[case[0] for case in NOT_NAMES])
def test_some_proper_nouns_are_no_name(nlp, rules, text, word, name):
    found = [text for text, _ in entities(nlp, rules, text)]
    assert name in found
    assert not any(word in tokens.replace("-", " ").split() for tokens in found)


# (id, text, a name that stays apart from the name before it)
APART = [
    ("place-of-a-person", "Vera Smith of Boston said so.", "Vera Smith"),
    ("spaced-dash", "Vera Smith - Boston's mayor - said so.", "Vera Smith"),
    ("two-names-in-a-list", "Vera Smith, Boston and Lima signed.", "Vera Smith"),
]


@pytest.mark.parametrize("text, name", [case[1:] for case in APART], ids=[case[0] for case in APART])
def test_a_name_is_not_joined_to_the_next(nlp, rules, text, name):
    assert name in [text for text, _ in entities(nlp, rules, text)]


@pytest.mark.parametrize("text", ["Reporters heard it from Okonkwo on Friday.", "The grant came from Okonkwo and Partners."])
def test_after_from_a_name_is_no_place(nlp, rules, text):
    assert not any(label == "GPE" for name, label in entities(nlp, rules, text) if "Okonkwo" in name)


@pytest.mark.parametrize("text", ["", "   \n\n   ", "no names here at all."])
def test_a_text_without_names_has_no_entities(nlp, rules, text):
    assert entities(nlp, rules, text) == []


def test_a_surname_that_is_also_a_title_stays_a_name(nlp, rules):
    found = entities(nlp, rules, "Colleen Bishop won. Bishop said the count was fair.")
    assert ("Bishop", "PERSON") in found


class Spy:
    """A pipeline that records the components each call leaves out."""

    def __init__(self, nlp):
        self.nlp, self.disabled = nlp, []

    def __getattr__(self, name):  # all else is the pipeline's own: its tokenizer, vocab, memory zone…
        return getattr(self.nlp, name)

    def pipe(self, texts, **options):
        self.disabled.append(options.get("disable", []))
        return self.nlp.pipe(texts, **options)


@pytest.mark.parametrize("parse, left_out", [("focus", ["ner"]), ("uncued", ["ner"]), ("all", [])])
def test_the_recogniser_runs_only_when_everything_is_parsed(nlp, parse, left_out):
    spy = Spy(nlp)
    engine = replace(Engine.load(parse=parse), nlp=spy)
    _batch_mentions(engine, [Article(id="a", text="Ann Lee won.\n“We did it,” she said.")])
    assert spy.disabled == [left_out]


@pytest.mark.parametrize("parse", ["focus", "all"])
def test_both_ways_of_finding_names_give_the_speaker(nlp, parse):
    text = "Marta Quiroga opened the new clinic on Friday.\n\n“It is a good day for the town,” she said."
    assert extract([text], parse=parse)["speaker"].tolist() == ["Marta Quiroga"]
