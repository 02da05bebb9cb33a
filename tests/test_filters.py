import pytest

from quotes.detect.filters import is_speech
from quotes.detect.marks import find_quotes
from quotes.types import Attribution

CUE = Attribution("she", 0, 3, "said", "test")


def only_candidate(text, rules):
    [cand] = find_quotes(text, rules)
    return cand


@pytest.mark.parametrize(
    "text",
    [
        'She was on "Meet the Press" on Sunday.',
        'Critics call him a "cougar" now.',
        'The plan, dubbed "Safe Streets First" by its backers, passed.',
        "He spoke on NBC’s “Today” programme.",
        'He read the book "The Art of the Deal" twice.',
        '<tweet author="realDonaldTrump and friends of his">',
    ],
)
def test_titles_nicknames_and_scare_quotes_are_not_speech(text, rules):
    assert not is_speech(text, only_candidate(text, rules), None, rules)


@pytest.mark.parametrize(
    "text",
    [
        'They are "not going to get away with this," the mayor warned.',
        '"We have nothing to hide and we will prove it."',
    ],
)
def test_sentences_in_marks_are_speech(text, rules):
    assert is_speech(text, only_candidate(text, rules), None, rules)


def test_a_short_quote_with_a_cue_is_speech(rules):
    text = '"No," she said.'
    assert is_speech(text, only_candidate(text, rules), CUE, rules)


def test_a_naming_word_wins_over_a_cue(rules):
    text = 'The cub, nicknamed "Bao" by keepers, said the director.'
    assert not is_speech(text, only_candidate(text, rules), CUE, rules)


def test_the_threshold_is_a_parameter(rules):
    text = 'He wants "more jobs now" for everyone.'
    cand = only_candidate(text, rules)
    assert not is_speech(text, cand, None, rules)
    assert is_speech(text, cand, None, rules, max_short_words=2)
