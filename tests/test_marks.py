import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quotes.detect.marks import find_quotes


def quotes_in(text, rules):
    return [text[c.start : c.end] for c in find_quotes(text, rules)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win," she said.', ["We will win,"]),
        ("“We will win,” she said.", ["We will win,"]),
        ("She said: «Nous gagnerons».", ["Nous gagnerons"]),
        ("Sie sagte: „Wir schaffen das“.", ["Wir schaffen das"]),
        ("Il a dit ‹ oui ›.", ["oui"]),
        ("彼は「はい」と言った。", ["はい"]),
        ("‘We will win,’ she said.", ["We will win,"]),
        ("''We will win,'' she said.", ["We will win,"]),
        ("``We will win,'' she said.", ["We will win,"]),
    ],
)
def test_pairs_marks_of_every_convention(text, expected, rules):
    assert quotes_in(text, rules) == expected


def test_mixes_typographic_and_straight_marks_in_one_article(rules):
    text = '“It is over,” he said. Later he added: "We lost."'
    assert quotes_in(text, rules) == ["It is over,", "We lost."]


def test_finds_a_partial_quote_inside_a_sentence(rules):
    text = 'The senator called the bill "a betrayal of working families" and left.'
    assert quotes_in(text, rules) == ["a betrayal of working families"]


@pytest.mark.parametrize("text", [
    '"The first paragraph ends open.\n\n"The second one too.\n\n"Only the third closes," she said.',
    "“The first paragraph ends open.\n\n“The second one too.\n\n“Only the third closes,” she said.",
    "«The first paragraph ends open.\n\n«The second one too.\n\n«Only the third closes,» she said.",
])
def test_a_quote_over_several_paragraphs_is_in_pieces_each_without_a_mark_or_a_break(rules, text):
    found = list(find_quotes(text, rules))
    assert [text[c.start : c.end] for c in found] == [
        "The first paragraph ends open.", "The second one too.", "Only the third closes,"]
    assert [c.follows for c in found] == [None, found[0].outer_start, found[1].outer_start]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We don’t know, she said. ‘Maybe,’ he said.", ["Maybe,"]),
        ("Music of the ’90s was loud. ‘Not really,’ he said.", ["Not really,"]),
        ("The Joneses’ house burned. ‘It was old,’ he said.", ["It was old,"]),
        ("The Jones' house burned. 'It was old,' he said.", ["It was old,"]),
        ("“I don’t think it’s over,” she said.", ["I don’t think it’s over,"]),
    ],
)
def test_apostrophes_are_not_quote_marks(text, expected, rules):
    assert quotes_in(text, rules) == expected


def test_nested_single_quotes_stay_inside_the_double_quote(rules):
    text = "“He told me ‘never again’ and left,” she said."
    assert quotes_in(text, rules) == ["He told me ‘never again’ and left,"]


def test_stray_mark_does_not_swallow_the_next_paragraphs(rules):
    text = 'He said "this is broken and never closed\n\nA new paragraph. "A real quote," she said.'
    found = quotes_in(text, rules)
    assert "A real quote," in found
    assert all("\n" not in q for q in found)


def test_unclosed_quote_ends_with_its_paragraph(rules):
    text = '“This quote is never closed but it is long enough\n\nNext paragraph.'
    [cand] = find_quotes(text, rules)
    assert text[cand.start : cand.end] == "This quote is never closed but it is long enough"
    assert not cand.closed and cand.confidence < 0.9


def test_offsets_exclude_the_marks(rules):
    text = 'She said "yes" twice.'
    [cand] = find_quotes(text, rules)
    assert (cand.start, cand.end, cand.outer_start, cand.outer_end) == (10, 13, 9, 14)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab ,."“”«»‘’\'\n', max_size=80))
def test_never_raises_and_spans_point_into_the_text(rules, text):
    for cand in find_quotes(text, rules):
        assert 0 <= cand.outer_start <= cand.start < cand.end <= cand.outer_end <= len(text)
        quote = text[cand.start : cand.end]
        assert quote == quote.strip() and quote
