import re

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import quotes
from quotes.errors import QuotesError
from quotes.output import format_of, read_quotes, write_table
from quotes.table import MENTIONS, QUOTES, schema

ARTICLES = [
    {"id": "007", "text": "“=SUM(A1) is not a plan,” said Jane Smith.\n\n“-10 degrees,\nand rising,” she added.",
     "outlet": "NA", "published": "2021-06-07"},
    {"id": "008", "text": "“Nos vemos,” dijo Jesús López. “@home,” said Jane Smith."},
]


@pytest.fixture(scope="module")
def tables():
    mentions = quotes.extract(ARTICLES, model="none")
    return {"quotes": quotes.deduplicate(mentions), "mentions": mentions}


@pytest.mark.parametrize("name", ["quotes", "mentions"])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_every_format_reads_back_as_written_with_the_declared_dtypes(tmp_path, tables, name, suffix):
    frame = tables[name]
    path = tmp_path / f"{name}{suffix}"
    write_table(frame, path)
    back = read_quotes(path)
    assert_frame_equal(back, frame)
    assert back.dtypes.astype(str).to_dict() == schema(QUOTES if name == "quotes" else MENTIONS)


def test_csv_guards_formulas_and_reading_back_takes_the_guard_off(tmp_path, tables):
    path = tmp_path / "mentions.csv"
    write_table(tables["mentions"], path)
    assert "'=SUM(A1)" in path.read_text(encoding="utf-8")
    assert read_quotes(path)["quote"].iloc[0].startswith("=SUM(A1)")


@pytest.mark.parametrize(
    "target, given, chosen",
    [("q.csv", None, "csv"), ("q.JSONL", None, "jsonl"), ("q.parquet", None, "parquet"), ("q.pq", None, "parquet"),
     ("q.out", None, "csv"), ("-", None, "csv"), ("q.csv", "parquet", "parquet")],
)
def test_the_format_comes_from_the_option_else_the_extension_else_csv(target, given, chosen):
    assert format_of(target, given) == chosen


def test_an_empty_table_round_trips(tmp_path):
    empty = quotes.deduplicate(quotes.extract("No quotes here.", model="none"))
    for suffix in (".csv", ".parquet"):
        write_table(empty, tmp_path / f"q{suffix}")
        assert_frame_equal(read_quotes(tmp_path / f"q{suffix}"), empty)


@pytest.mark.parametrize(
    "content, message",
    [("a,b\n1,2\n", "not a quotes or mentions table (columns: a, b)"), (None, "cannot read as csv")],
)
def test_a_file_that_is_not_a_table_is_a_clear_error(tmp_path, content, message):
    path = tmp_path / "other.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(QuotesError, match=re.escape(message)):
        read_quotes(path)


def test_parquet_is_not_written_to_standard_output(tables):
    with pytest.raises(QuotesError, match="Parquet is binary"):
        write_table(tables["quotes"], "-", format="parquet")


def test_an_unknown_format_is_an_error(tables, tmp_path):
    with pytest.raises(QuotesError, match="unknown format 'xml'"):
        write_table(tables["quotes"], tmp_path / "q.xml", format="xml")
