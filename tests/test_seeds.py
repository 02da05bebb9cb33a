"""The two seed articles: real reports of one event, quoting one sentence in two wordings."""

from pathlib import Path

import pytest

import quotes
from quotes.io import read_articles

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


@pytest.fixture(scope="module")
def mentions():
    return quotes.extract(list(read_articles([SEEDS])))


@pytest.mark.model
def test_every_quote_of_the_first_article_goes_to_its_speaker(mentions):
    rows = mentions[mentions["article_id"] == "000_8aa83848c849b751"]
    assert rows["speaker"].tolist() == ["Andrés Manuel López Obrador", "Andrés Manuel López Obrador", "Kamala Harris"]
    assert rows["speaker_mention"].tolist()[:2] == ["the Mexican president", "the Mexican president"]


@pytest.mark.model
def test_second_article_quotes_the_statement_the_presidency_and_lopez_obrador(mentions):
    rows = mentions[mentions["article_id"] == "001_1763868abcd655a7"]
    # "the statement" and "the Mexican presidency" name no one: the words stay in speaker_mention only
    assert rows["speaker"].fillna("").tolist() == ["", "", "", "Andres Manuel Lopez Obrador"]
    assert rows["speaker_mention"].tolist()[:3] == ["the statement", "the statement", "the Mexican presidency"]
    assert set(rows["outlet"]) == {"Reuters"}


def test_rule_based_detector_finds_every_quote_without_a_model():
    frame = quotes.extract(list(read_articles([SEEDS])), model="none")
    assert frame.groupby("article_id").size().to_dict() == {"000_8aa83848c849b751": 3, "001_1763868abcd655a7": 4}
    assert frame["quote"].str.startswith("There is a willingness").sum() == 2
