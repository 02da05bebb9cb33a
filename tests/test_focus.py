"""What the parser reads: the paragraphs the rules cannot settle, blanked elsewhere, offsets kept."""

import pytest

import quotes
from quotes.speakers import attribute
from quotes.detect.marks import find_quotes
from quotes.focus import masked, windows


def parse_ranges(text, rules, **options):
    cands = list(find_quotes(text, rules))
    return [text[s:e] for s, e in windows(text, cands, attribute(text, cands, rules), rules, **options)]


@pytest.mark.parametrize(
    "text, keep, expected",
    [
        ("One.\nTwo.", [(5, 9)], "    \nTwo."),
        ("One.\n\nTwo. Three.", [(0, 4), (11, 17)], "One.\n\n     Three."),
        ("Nothing kept.", [], "             "),
    ],
)
def test_masked_text_keeps_every_offset_and_line_break(text, keep, expected):
    assert masked(text, keep) == expected
    assert len(masked(text, keep)) == len(text)


def test_a_quote_the_patterns_name_needs_no_parse(rules):
    assert parse_ranges('"We will win," said Jane Smith.', rules) == []


def test_a_pronoun_quote_is_parsed_with_the_paragraph_before(rules):
    text = "Jane Smith spoke first.\nThe hall was full.\n“We will win,” she said."
    assert parse_ranges(text, rules) == ["The hall was full.\n“We will win,” she said."]


@pytest.mark.parametrize("text, parsed", [
    # a cue that names a description: its person is usually named in the paragraph before
    ("Ana Pike runs the mill.\n“We will stay open,” the director said.",
     ["Ana Pike runs the mill.\n“We will stay open,” the director said."]),
    # no cue at all: only its own paragraph
    ("Ana Pike runs the mill.\nOn the shop floor: “We will stay open.”", ["On the shop floor: “We will stay open.”"]),
    ("The vote is on Monday.\n“We are ready for it,” came the answer from the hall.",
     ["“We are ready for it,” came the answer from the hall."]),
    # … unless the paragraph before has a speech verb: the quote may go on from it
    ("Ivo Brandt said the ferry would keep running.\n\n“The timetable stays as it is.”",
     ["Ivo Brandt said the ferry would keep running.\n\n“The timetable stays as it is.”"]),
    # … but not where it goes on from a quote whose cue names its speaker (carry_over settles it):
    # then its own paragraph only where it names someone else, whom the parse must type
    ("“The ferry keeps running,” said Ivo Brandt.\n\n“The timetable stays as it is.”", []),
    ("“The ferry keeps running,” said Ivo Brandt.\n\n“The timetable stays.” It was built by Ada Kerr.",
     ["“The timetable stays.” It was built by Ada Kerr."]),
    ("“The ferry keeps running,” said Ivo Brandt.\n\n“The timetable stays.” Nobody objected.", []),
    # of the paragraph before, its last two sentences: where the person is named, if the parse is to
    # find them; an abbreviation's stop ends no sentence
    ("Ivo Brandt ran the ferry. Gulls followed it. Nobody minded.\n“It keeps running,” he said.",
     ["Gulls followed it. Nobody minded.\n“It keeps running,” he said."]),
    ("The ferry ran late. It was met by Sen. Ivo Brandt.\n“It keeps running,” he said.",
     ["The ferry ran late. It was met by Sen. Ivo Brandt.\n“It keeps running,” he said."]),
    # … nor where that cue names no one: the paragraph before is read for whom "he" means
    ("Ivo Brandt runs the ferry.\n“It keeps running,” he said.\n\n“The timetable stays as it is.”",
     ["Ivo Brandt runs the ferry.\n“It keeps running,” he said.\n\n“The timetable stays as it is.”"]),
])
def test_the_paragraph_before_is_parsed_where_it_may_name_the_speaker(rules, text, parsed):
    assert parse_ranges(text, rules) == parsed


def test_uncued_scope_parses_only_quotes_with_no_cue(rules):
    text = "Jane Smith spoke.\n“We will win,” she said.\nLater, in the hall: “We are ready.”"
    assert parse_ranges(text, rules, scope="uncued") == ["Later, in the hall: “We are ready.”"]


def test_all_scope_parses_everything(rules):
    text = '"We will win," said Jane Smith.'
    assert parse_ranges(text, rules, scope="all") == [text]


def test_the_middle_of_a_long_quote_is_not_parsed(rules):
    text = "“One two three four five six seven eight nine ten,” she said."
    assert parse_ranges(text, rules, edge_words=2) == ["“One two", "nine ten,” she said."]


@pytest.mark.model
@pytest.mark.parametrize("parse", ["focus", "uncued", "all"])
def test_offsets_point_into_the_original_text_whatever_is_parsed(parse):
    text = ("Mayor Dana Whitfield opened the centre on Monday.\n\n"
            "“It is hot, and it will be hotter,” she said, “but we are ready.”\n\n"
            "Council members, standing at the back, agreed: “The money is there.”")
    frame = quotes.extract(text, parse=parse)
    assert len(frame) == 3
    for row in frame.itertuples():
        assert text[row.quote_start : row.quote_end] == row.quote
        if row.speaker_mention is not None and row.speaker_mention is not quotes.table.pd.NA:
            assert text[row.speaker_start : row.speaker_end] == row.speaker_mention


@pytest.mark.model
def test_focus_and_all_find_the_same_speakers_on_the_seed_articles():
    from pathlib import Path

    from quotes.io import read_articles

    seeds = list(read_articles([Path(__file__).resolve().parent.parent / "data" / "seeds"]))
    focused, everything = quotes.extract(seeds, parse="focus"), quotes.extract(seeds, parse="all")
    assert focused["speaker"].tolist() == everything["speaker"].tolist()
