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


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        # a short form takes the fullest form in the article
        ("Kamala Harris spoke first. Later, Harris said more.", "Harris", "Kamala Harris"),
        ("Andrés Manuel López Obrador spoke. Lopez Obrador said more.", "Lopez Obrador", "Andrés Manuel López Obrador"),
        # two people with one surname stay apart: the nearest full form before the mention
        ("Hillary Clinton spoke. Bill Clinton spoke. Clinton said more.", "Clinton", "Bill Clinton"),
        # a description takes the name the article gave it
        (
            "The Mexican president Andrés Manuel López Obrador spoke. Later the Mexican president said more.",
            "the Mexican president",
            "Andrés Manuel López Obrador",
        ),
        # a description the article gives no name for reaches no one
        ("It was late. A former senior official said more.", "A former senior official", None),
    ],
)
def test_mention_resolves_to_a_canonical_name(text, mention, expected, rules):
    [ref] = resolve(text, [attribution(text, mention)], rules)
    assert (ref.speaker.name if ref.speaker else None) == expected


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
        # no one to refer to: no speaker, so no type
        ('"We are ready," she said.', "unknown"),
    ],
)
def test_speaker_type(text, kind):
    assert quotes.extract(text)["speaker_type"].tolist() == [kind]


@pytest.mark.parametrize(
    "text, pronoun, expected",
    [
        # a title inside a run of capitals ends the description and starts the name
        ("Mexican President Andres Manuel Lopez Obrador arrived. Later he said more.", "he", "Andres Manuel Lopez Obrador"),
        # a sentence's first function word is not part of the name
        ("But Hillary Clinton arrived. Later she said more.", "she", "Hillary Clinton"),
        # a full stop ends a name: "Review. Kevin Williamson" is two runs
        ("He writes for National Review. Kevin Williamson arrived. Later he said more.", "he", "Kevin Williamson"),
        # one capitalised word is a name when it is the surname of a longer one
        ("Kelly Ayotte won. The race was close. Ayotte thanked voters. She said more.", "She", "Kelly Ayotte"),
        # alone, it is as often a weekday or a sentence's first word: the pronoun reaches no one
        ("On Tuesday, voters came. He said more.", "He", None),
    ],
)
def test_pronouns_resolve_to_names_found_without_a_pipeline(text, pronoun, expected, rules):
    [ref] = resolve(text, [attribution(text, pronoun)], rules)
    assert (ref.speaker.name if ref.speaker else None) == expected


# (id, short form, kind wanted, names the article gives before it, the canonical name)
CANONICAL = [
    ("company-not-its-founder", "Dell", "organization", [("Michael Dell", "person"), ("Dell", "organization")], "Dell"),
    ("founder-not-his-company", "Holt", "person", [("Maria Holt", "person"), ("Holt Motor Company", "organization")], "Maria Holt"),
    ("newspaper-not-a-person", "Kendal", "unknown", [("Idris Kendal", "person"), ("Kendal Gazette", "unknown")], "Idris Kendal"),
    ("suffix-on-both", "Trump Jr.", "person", [("Donald Trump Jr.", "person")], "Donald Trump Jr."),
    ("second-surname", "Maduro", "person", [("Nicolás Maduro Moros", "person")], "Nicolás Maduro Moros"),
    ("first-name-first", "Christine", "person", [("Christine Lagarde", "person")], "Christine Lagarde"),
]


@pytest.mark.parametrize("short, kind, given, expected", [c[1:] for c in CANONICAL], ids=[c[0] for c in CANONICAL])
def test_a_short_form_takes_a_fuller_form_of_the_same_kind(short, kind, given, expected):
    from quotes.speakers.canonical import canonical
    from quotes.speakers.names import Name

    names = [Name(i * 40, i * 40 + len(name), name, kind_, ()) for i, (name, kind_) in enumerate(given)]
    assert canonical(short, 1000, names, kind).name == expected


@pytest.mark.parametrize("words, span", [
    (["Editor-in-Chief", "Lionel", "Varga"], (1, 3)),  # two titles joined: a role
    (["Attorney-General", "Ruth", "Lee"], (1, 3)),
    (["King-Smith", "Ruth", "Lee"], (0, 3)),  # a title joined to a surname: no role
    (["Baron-Cohen", "Ruth", "Lee"], (0, 3)),
    (["Ohio’s", "Ruth", "Lee"], (1, 3)),  # after an owner
    (["Lena", "Ortiz’s", "Ruth", "Lee"], (2, 4)),
    (["Bank", "of", "Ohio’s", "Ruth", "Lee"], (3, 5)),
    (["Ohio’s", "Capitol", "Building"], (0, 3)),  # no first name after the owner
    (["Harbour", "Dock", "Workers", "Secretary-Treasurer", "Lena", "Ortiz"], (4, 6)),  # after joined titles
])
def test_name_span_starts_after_a_role_or_an_owner(words, span, rules):
    from quotes.speakers.names import name_span

    assert name_span(words, 0, rules) == span


def test_first_names_read_as_the_library_reads_them():
    # names.py reads gender-guesser's data file whole, with the library's own line reader
    import gender_guesser.detector

    from quotes.speakers.names import _first_names

    ours, theirs = _first_names().names, gender_guesser.detector.Detector(case_sensitive=False).names
    assert len(ours) > 40_000
    assert ours == theirs


@pytest.mark.parametrize("words", [["Mayor", "Ines", "Ruiz"], ["Theresa", "May"]])
def test_name_span_reads_a_list_or_a_tuple_alike(words, rules):
    from quotes.speakers.names import name_span

    assert name_span(words, 0, rules) == name_span(tuple(words), 0, rules) == name_span(list(words), 0, rules)


@pytest.mark.parametrize("text, name", [
    ("Officials at the Ministry of Health of Ukraine said the plan works.", "Ministry of Health of Ukraine"),
    ("The Chamber of Commerce for Valdor Province backed it.", "Chamber of Commerce for Valdor Province"),
])
def test_of_or_for_joins_names_after_an_organisation_word_anywhere_before(text, name, rules):
    from quotes.speakers.mentions import names_in

    assert [(n.name, n.type) for n in names_in(text, None, rules)] == [(name, "organization")]
