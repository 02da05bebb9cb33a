"""Hard-wrapped text: a line break inside a paragraph only wraps a line; a quote runs on across it."""

import pytest

import quotes
from quotes.detect.wraps import unwrap


def wrap(text, width=60):
    """Greedy wrapping, a space turned into a line break: offsets stay those of `text`."""
    chars, column, space = list(text), 0, None
    for i, char in enumerate(chars):
        if char == "\n":
            column, space = 0, None
            continue
        space = i if char == " " else space
        column += 1
        if column > width and space is not None:
            chars[space], column, space = "\n", i - space, None
    return "".join(chars)


PARAGRAPHS = [
    "The county board met on Tuesday night to settle the budget for the coming year, and the vote "
    "was closer than anyone in the room had expected.",
    "“We cannot keep the pool open all summer on the money we have left, and the libraries will "
    "have to close on Sundays,” said Marta Olsen, who chairs the board.",
    "Residents who spoke at the meeting were not persuaded. “Every year they find money for new "
    "offices and none for the things people use,” said Paul Brandt, a retired teacher.",
    "The board will vote again in March.",
]


@pytest.mark.parametrize("text, joined", [
    ("“We will appeal the ruling\nbecause the court got it wrong,” Ana Ruiz said.",
     "“We will appeal the ruling because the court got it wrong,” Ana Ruiz said."),
    ("The mayor said the plan would\ngo ahead in spring.", "The mayor said the plan would go ahead in spring."),
    ("Budget Passes After Long Night\nThe council voted on Tuesday.", None),  # a headline
    ("Eggs\nMilk\nFlour\nSugar\nButter\nSalt", None),  # a list
    ("He spoke for an hour.\n“We are done,” he said.", None),  # a sentence, then a new paragraph
    ("The items were:\n- Apples from the valley\n- Pears from the coast", None),
])
def test_a_line_break_is_a_wrap_only_where_the_layout_says_so(text, joined):
    assert unwrap(text) == (joined if joined is not None else text)
    assert len(unwrap(text)) == len(text)


@pytest.mark.parametrize("separator", ["\n\n", "\n"], ids=["blank-lines", "line-breaks"])
@pytest.mark.parametrize("width", [50, 60, 72, 80])
def test_wrapped_paragraphs_give_the_quotes_of_the_unwrapped_text(separator, width):
    text = separator.join(PARAGRAPHS)
    plain = quotes.extract(text, model="none")
    wrapped = wrap(text, width)
    assert wrapped != text
    found = quotes.extract(wrapped, model="none")
    assert found[["quote_start", "quote_end", "speaker"]].values.tolist() == plain[["quote_start", "quote_end", "speaker"]].values.tolist()
    assert set(found["speaker"]) == {"Marta Olsen", "Paul Brandt"}
    for row in found.itertuples():  # offsets into the text as given, with its line breaks
        assert wrapped[row.quote_start : row.quote_end] == row.quote


@pytest.mark.parametrize("text, speaker", [
    ("“We will appeal the ruling\nbecause the court got it wrong,” Ana Ruiz said.", "Ana Ruiz"),
    ("“The bridge will be finished\nbefore the end of the year,” said Tom Hale.", "Tom Hale"),
    ("Lena Park said:\n“Our members voted to strike\nand they will not go back\nuntil the offer improves.”", "Lena Park"),
])
def test_a_quote_wrapped_inside_a_paragraph_is_one_quote_with_its_speaker(text, speaker):
    found = quotes.extract(text, model="none")
    assert len(found) == 1 and found["speaker"].tolist() == [speaker]
    assert "\n" in found["quote"][0] and text[found["quote_start"][0] : found["quote_end"][0]] == found["quote"][0]


def test_news_whose_paragraphs_are_single_lines_is_not_unwrapped():
    text = "\n".join(p for p in PARAGRAPHS)  # long lines: each one a paragraph
    assert unwrap(text) == text
