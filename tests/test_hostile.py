"""Hostile and odd articles: processed, never an exception, every span pointing into its text."""

import pytest

import quotes
import quotes.parts
import quotes.pipeline


def assert_spans_hold(text, frame):
    for row in frame.itertuples():
        assert text[row.quote_start : row.quote_end] == row.quote
        if isinstance(row.speaker_mention, str):
            assert text[row.speaker_start : row.speaker_end] == row.speaker_mention


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "word " * 20000,  # one long line, no punctuation
        '"' * 20000,  # nothing but quotation marks
        "“a " * 10000,  # thousands of unpaired marks
        "“" * 300 + "deep" + "”" * 300,  # deeply nested
        "«“„‹\"'" * 2000,  # every kind of mark, mixed
        "<p>“We are open,” said <a href='/x'>Jane Smith</a>.</p>\nSubscribe now\n" * 200,  # markup, boilerplate
        "“We will win,” said Jane Smith.\r\n\r\n“And soon,” she added.\r\n",  # Windows line endings
        "“Nos vemos,” dijo JesÃºs.",  # mojibake stays as given: offsets point into the text as it came
    ],
)
def test_odd_articles_are_processed(text):
    frame = quotes.extract(text, model="none")
    assert_spans_hold(text, frame)


def test_a_long_article_is_processed_in_parts_with_offsets_into_the_whole(monkeypatch):
    monkeypatch.setattr(quotes.pipeline, "PART_CHARS", 200)
    text = "\n".join(f"“Point number {i} stands,” said Jane Smith." for i in range(20))
    frame = quotes.extract(text, model="none")
    assert len(frame) == 20
    assert_spans_hold(text, frame)
    assert set(frame["speaker"]) == {"Jane Smith"}


@pytest.mark.model
def test_an_article_longer_than_the_parser_takes_is_processed():
    text = "“We will win,” said Jane Smith. The hall was full.\n" * 25000  # 1.25 million characters
    with pytest.warns(UserWarning, match="the parser reads at most the first 500,000"):
        frame = quotes.extract(text)
    assert len(frame) == 1 and frame["speaker"].tolist() == ["Jane Smith"]


@pytest.fixture
def parsed_parts(monkeypatch):
    """Small parts and a small parse budget; the list says, for each part processed, whether it was parsed."""
    monkeypatch.setattr(quotes.pipeline, "PART_CHARS", 200)
    monkeypatch.setattr(quotes.pipeline, "PARSE_CHARS", 600)
    parsed, real = [], quotes.pipeline.article_mentions
    monkeypatch.setattr(quotes.pipeline, "article_mentions",
                        lambda part, doc, engine, *memo: parsed.append(doc is not None) or real(part, doc, engine, *memo))
    return parsed


BUDGETED = "\n".join(f"“Point number {i} stands,” said Jane Smith." for i in range(20))  # 849 characters


@pytest.mark.model
def test_past_the_parse_budget_an_article_is_finished_rule_based(parsed_parts):
    with pytest.warns(UserWarning, match=f"{len(BUDGETED)} characters: the parser reads at most the first 600"):
        frame = quotes.extract(BUDGETED)
    within = [end <= 600 for _, end in quotes.parts.part_bounds(BUDGETED, 200)]
    assert True in within and False in within
    assert parsed_parts == sorted(within, reverse=True)  # the parts within 600 characters parsed, then the rest
    assert len(frame) == 20 and set(frame["speaker"]) == {"Jane Smith"}
    assert_spans_hold(BUDGETED, frame)


@pytest.mark.model
def test_the_command_line_notes_an_article_past_the_parse_budget(parsed_parts, tmp_path):
    path = tmp_path / "long.txt"
    path.write_text(BUDGETED, encoding="utf-8")
    tables = quotes.pipeline.extract_tables([str(path)])
    assert [n for n in tables.report.notes if "parser reads at most" in n] == [
        f"{path}: article 'long' has {len(BUDGETED)} characters: the parser reads at most the first 600, the rest was read rule-based"
    ]
    assert len(tables.mentions) == 20


@pytest.mark.model
def test_a_report_notes_an_article_past_the_parse_budget(parsed_parts, tmp_path):
    from quotes.report import write_report

    path = tmp_path / "long.txt"
    path.write_text(BUDGETED, encoding="utf-8")
    tables = write_report([str(path)], tmp_path / "r.html")
    assert [n for n in tables.report.notes if "parser reads at most the first 600" in n] == [
        f"{path}: article 'long' has {len(BUDGETED)} characters: the parser reads at most the first 600, the rest was read rule-based"
    ]
