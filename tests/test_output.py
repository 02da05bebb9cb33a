import re

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import quotes
from quotes.errors import QuotesError
from quotes.output import format_of, read_quotes, write_table
from quotes.table import MENTIONS, QUOTES, empty_frame, schema

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
     ("q.parq", None, "parquet"), ("quotes", None, "csv"), ("-", None, "csv"), ("q.csv", "parquet", "parquet"),
     ("q.out", "jsonl", "jsonl")],
)
def test_the_format_comes_from_the_option_else_the_extension_else_csv(target, given, chosen):
    assert format_of(target, given) == chosen


@pytest.mark.parametrize("target", ["quotes.xlsx", "q.out", "report.html"])
def test_an_extension_of_no_format_is_refused_not_written_as_csv(target):
    with pytest.raises(QuotesError, match="or say the format with --format"):
        format_of(target)


@pytest.mark.parametrize("quote", ["=SUM(1)", "'=SUM(1)", "''+1", "'quoted'", "-", "plain"])
def test_the_csv_formula_guard_comes_off_exactly(tmp_path, tables, quote):
    frame = tables["quotes"].head(1).assign(quote=pd.array([quote], dtype="string"))
    write_table(frame, tmp_path / "q.csv")
    assert read_quotes(tmp_path / "q.csv")["quote"].tolist() == [quote]


@pytest.mark.parametrize("name, columns", [("quotes", QUOTES), ("mentions", MENTIONS)])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_an_empty_table_round_trips(tmp_path, name, columns, suffix):
    empty = empty_frame(columns)
    write_table(empty, tmp_path / f"t{suffix}")
    assert_frame_equal(read_quotes(tmp_path / f"t{suffix}", table=name), empty)


def test_an_empty_jsonl_file_needs_to_be_told_which_table_it_is(tmp_path):
    write_table(empty_frame(MENTIONS), tmp_path / "m.jsonl")
    with pytest.raises(QuotesError, match="pass table='quotes' or 'mentions'"):
        read_quotes(tmp_path / "m.jsonl")


def test_a_value_of_the_wrong_type_is_a_clear_error(tmp_path, tables):
    path = tmp_path / "q.jsonl"
    write_table(tables["quotes"], path)
    path.write_text(path.read_text(encoding="utf-8").replace('"n_mentions":1', '"n_mentions":"many"'), encoding="utf-8")
    with pytest.raises(QuotesError, match="cannot read as jsonl"):
        read_quotes(path)


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


def test_every_format_reads_back_the_same_table_nulls_and_numbers_included(tmp_path):
    from quotes.table import conform

    mentions = quotes.extract(["“We will win the vote,” said Ana Pike.", "He spoke: “Nothing works here at all.”"],
                              model="none")
    mentions.loc[0, "cue"] = ""                    # an empty text is null in every format
    mentions.loc[0, "speaker_confidence"] = 1 / 3  # a score of many places
    mentions = conform(mentions, MENTIONS)
    assert pd.isna(mentions.loc[0, "cue"]) and mentions.loc[0, "speaker_confidence"] == 0.3333
    for suffix in ("csv", "jsonl", "parquet"):
        write_table(mentions, tmp_path / f"m.{suffix}")
        assert_frame_equal(read_quotes(tmp_path / f"m.{suffix}"), mentions, check_exact=True)
