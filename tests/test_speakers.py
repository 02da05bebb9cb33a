import pytest

import quotes
from quotes.speakers import clean_name, fold, resolve
from quotes.types import Attribution


@pytest.mark.parametrize(
    "mention, expected",
    [
        ("Sen. Elizabeth Warren", "Elizabeth Warren"),
        ("President Joe Biden's", "Joe Biden"),
        ("Dr. Hugh Hill", "Hugh Hill"),
        ("the White House", "White House"),
        ("Vice President Kamala Harris", "Kamala Harris"),
    ],
)
def test_titles_determiners_and_possessives_are_not_part_of_the_name(mention, expected, rules):
    assert clean_name(mention, rules) == expected


def test_accents_and_case_fold_for_comparison():
    assert fold("Andrés Manuel López Obrador") == fold("andres manuel lopez obrador")


def attribution(text, mention, occurrence=-1):
    starts = [i for i in range(len(text)) if text.startswith(mention, i)]
    start = starts[occurrence]
    return Attribution(mention, start, start + len(mention), "said", "test")


def test_short_form_takes_the_fullest_form_in_the_article(rules):
    text = "Kamala Harris spoke first. Later, Harris said more."
    [speaker] = resolve(text, [attribution(text, "Harris")], rules)
    assert speaker.name == "Kamala Harris"


def test_unaccented_form_resolves_to_the_full_accented_name(rules):
    text = "Andrés Manuel López Obrador spoke. Lopez Obrador said more."
    [speaker] = resolve(text, [attribution(text, "Lopez Obrador")], rules)
    assert speaker.name == "Andrés Manuel López Obrador"


def test_two_people_with_one_surname_stay_apart(rules):
    text = "Hillary Clinton spoke. Bill Clinton spoke. Clinton said more."
    [speaker] = resolve(text, [attribution(text, "Clinton")], rules)
    assert speaker.name == "Bill Clinton"  # the nearest full form before the mention


def test_description_resolves_to_the_name_the_article_gave_it(rules):
    text = "The Mexican president Andrés Manuel López Obrador spoke. Later the Mexican president said more."
    [speaker] = resolve(text, [attribution(text, "the Mexican president")], rules)
    assert speaker.name == "Andrés Manuel López Obrador"


def test_unresolvable_description_keeps_its_words(rules):
    text = "It was late. A former senior official said more."
    [speaker] = resolve(text, [attribution(text, "A former senior official")], rules)
    assert speaker.name == "former senior official"


def test_no_attribution_stays_none(rules):
    assert resolve("Text.", [None], rules) == [None]


@pytest.mark.model
def test_pronoun_resolves_to_the_person_named_before():
    text = 'Mayor Dana Whitfield opened the centre. "It is hot," she said.'
    assert quotes.extract(text)["speaker"].tolist() == ["Dana Whitfield"]


@pytest.mark.model
def test_pronoun_skips_people_named_inside_the_quote():
    text = 'Jane Smith spoke next. "I never met Tom Brown," she said.'
    assert quotes.extract(text)["speaker"].tolist() == ["Jane Smith"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, kind",
    [
        ('"We are ready," the White House said in a statement.', "organization"),
        ('"We are ready," Jane Smith said.', "person"),
        ('"We are ready," she said.', "person"),
    ],
)
def test_speaker_type(text, kind):
    assert quotes.extract(text)["speaker_type"].tolist() == [kind]
