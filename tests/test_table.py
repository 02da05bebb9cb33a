import re
from pathlib import Path

import pandas as pd

import quotes
from quotes.table import MENTIONS, QUOTES, VERIFIED, empty_frame

README = Path(__file__).resolve().parent.parent / "README.md"


def test_empty_result_still_has_every_column():
    frame = quotes.extract(["No quotes in this text."], model="none")
    assert list(frame.columns) == list(MENTIONS)
    assert frame.empty
    assert quotes.deduplicate(frame).columns.tolist() == list(QUOTES)


def test_mentions_have_the_declared_dtypes():
    frame = quotes.extract(['"We will win," said Jane Smith.'], model="none")
    assert {c: str(t) for c, t in frame.dtypes.items()} == {c: d for c, (d, _) in MENTIONS.items()}


def test_a_table_built_from_columns_matches_one_built_from_records():
    from dataclasses import astuple, fields

    from quotes.table import mentions_frame, mentions_table
    from quotes.types import Mention

    found = [Mention("a1", "Yes.", 1, 5, "marks", 0.9, speaker="Jane Smith"), Mention("a1", "No.", 9, 12, "marks", 0.7)]
    columns = {f.name: [astuple(m)[i] for m in found] for i, f in enumerate(fields(Mention))}
    pd.testing.assert_frame_equal(mentions_table(columns), mentions_frame(found))
    assert list(mentions_table({f.name: [] for f in fields(Mention)}).columns) == list(MENTIONS)


def test_empty_frame_uses_nullable_dtypes():
    assert str(empty_frame(MENTIONS)["quote_start"].dtype) == "Int64"


def documented_columns(heading):
    section = README.read_text(encoding="utf-8").split(heading, 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.M)


def test_readme_documents_every_mentions_column_in_order():
    assert documented_columns("### Mentions table") == list(MENTIONS)


def test_readme_documents_every_quotes_column_in_order():
    assert documented_columns("### Quotes table") == list(QUOTES)


def test_readme_documents_every_verify_column_in_order():
    assert documented_columns("### Verify answer") == list(VERIFIED)


def test_offsets_point_into_the_text():
    text = 'Intro.\n\n“It’s done,” the mayor said. She added: "Go home."'
    frame = quotes.extract([text], model="none")
    for row in frame.itertuples():
        assert text[row.quote_start : row.quote_end] == row.quote
        if not pd.isna(row.speaker_start):
            assert text[row.speaker_start : row.speaker_end] == row.speaker_mention
