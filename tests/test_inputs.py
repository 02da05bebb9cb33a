"""What newsrooms have reads as it is: every input format, compressed or not, globs, other field
names, spreadsheet CSV, plain text on standard input; and the messages a run gives about it."""

import bz2
import gzip
import io
import json
import lzma
import sqlite3
import subprocess
import sys

import pandas as pd
import pytest
import zstandard
from typer.testing import CliRunner

from quotes.cli import app
from quotes.io import ReadReport, Reading, read_articles
from quotes.output import read_quotes

runner = CliRunner()
SAID = ["“The new bridge will open in June,” said Ana Pike.", "“We cannot wait any longer,” Tom Hale told reporters.",
        "“Prices will fall next year,” said Ines Moreau."]
RECORDS = [{"id": f"a{n}", "text": text, "outlet": "Ledger"} for n, text in enumerate(SAID)]


def run(*args, input=None):
    return runner.invoke(app, [str(a) for a in args], input=input)


def jsonl(records) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def parquet(records) -> bytes:
    data = io.BytesIO()
    pd.DataFrame(records).to_parquet(data)
    return data.getvalue()


COMPRESS = {"": lambda b: b, ".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress,
            ".zst": zstandard.ZstdCompressor().compress}
WRITE = {".jsonl": jsonl, ".ndjson": jsonl, ".json": lambda r: json.dumps(r).encode(), ".parquet": parquet,
         ".csv": lambda r: pd.DataFrame(r).to_csv(index=False).encode(),
         ".tsv": lambda r: pd.DataFrame(r).to_csv(index=False, sep="\t").encode()}


@pytest.mark.parametrize("compression", list(COMPRESS))
@pytest.mark.parametrize("suffix", list(WRITE))
def test_every_format_compressed_or_not_gives_the_same_articles(tmp_path, suffix, compression):
    path = tmp_path / f"news{suffix}{compression}"
    path.write_bytes(COMPRESS[compression](WRITE[suffix](RECORDS)))
    report = ReadReport()
    articles = list(read_articles([path], report))
    assert [(a.id, a.text, a.outlet) for a in articles] == [(r["id"], r["text"], r["outlet"]) for r in RECORDS]
    assert report.skipped == []


def test_a_plain_text_file_compressed_is_one_article_named_by_the_file(tmp_path):
    (tmp_path / "budget.txt.gz").write_bytes(gzip.compress(SAID[0].encode()))
    [article] = read_articles([tmp_path / "budget.txt.gz"])
    assert (article.id, article.text) == ("budget", SAID[0])


def test_a_quoted_glob_is_expanded_by_the_engine(tmp_path):
    for day in (1, 2):
        (tmp_path / f"day{day}.jsonl.gz").write_bytes(gzip.compress(jsonl([{"id": f"d{day}", "text": SAID[day]}])))
    (tmp_path / "notes.md").write_text("not news")
    report = ReadReport()
    assert [a.id for a in read_articles([tmp_path / "day*.jsonl.gz"], report)] == ["d1", "d2"]
    list(read_articles([tmp_path / "week*.jsonl"], report))
    assert report.skipped[-1].reason == "no file matches the pattern"


@pytest.mark.parametrize("fields, record", [
    ({"text": "body"}, {"id": "x", "body": SAID[0]}),
    ({"text": "content", "id": "uid", "outlet": "source", "url": "link", "published": "date", "title": "headline"},
     {"uid": "x", "content": SAID[0], "source": "Ledger", "link": "https://ledger.example/b",
      "date": "2025-03-04", "headline": "Bridge opens"}),
])
def test_other_field_names_are_read_as_told(tmp_path, fields, record):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl([record]))
    [article] = read_articles([path], reading=Reading(fields))
    assert (article.id, article.text) == ("x", SAID[0])
    assert article.outlet == record.get("source") and article.published == record.get("date")


def test_a_missing_text_field_names_the_fields_the_record_has_and_the_option(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl([{"id": "x", "body": SAID[0], "headline": "Bridge"}]))
    report = ReadReport()
    assert list(read_articles([path], report)) == []
    assert report.skipped[0].reason == "no 'text' field (its fields: id, body, headline): say which holds the text with --text-field"


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_the_csv_delimiter_is_the_one_that_splits_the_header(tmp_path, delimiter):
    # the text holds commas and semicolons: only the header tells the delimiter
    text = "“Yes, we will; and soon,” said Ana Pike."
    path = tmp_path / "export.csv"
    pd.DataFrame({"id": ["x"], "text": [text], "outlet": ["Ledger"]}).to_csv(path, sep=delimiter, index=False)
    [article] = read_articles([path])
    assert (article.id, article.text, article.outlet) == ("x", text, "Ledger")


def test_csv_cells_keep_their_line_endings_so_offsets_hold_against_pandas(tmp_path):
    texts = ["First line.\r\n“We will build it,” said Ana Pike.",
             "One.\r\n\r\n“Not now,” Tom Hale said.\r\n“We will come back in the spring,” he added."]
    path = tmp_path / "windows.csv"
    pd.DataFrame({"id": ["a", "b"], "text": texts}).to_csv(path, index=False, lineterminator="\r\n")
    result = run("extract", path, "--model", "none", "-q", "-o", tmp_path / "q.csv", "--mentions", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    given = pd.read_csv(path).set_index("id")["text"]
    mentions = read_quotes(tmp_path / "m.csv")
    assert len(mentions) >= 3
    for m in mentions.itertuples():
        assert given[m.article_id][m.quote_start:m.quote_end] == m.quote


@pytest.mark.parametrize("given, kind", [
    (SAID[0].encode(), "one plain-text article"),
    (jsonl(RECORDS), "jsonl"),
    (json.dumps(RECORDS).encode(), "json"),
    (parquet(RECORDS), "parquet"),
])
def test_standard_input_is_read_by_its_first_character(given, kind):
    result = runner.invoke(app, ["extract", "-", "--model", "none", "-q"], input=given)
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    if kind == "one plain-text article":
        assert table["article_ids"].tolist() == ["stdin"] and "read as one plain-text article" in result.stderr
    else:
        assert sorted(table["article_ids"]) == ["a0", "a1", "a2"]


def test_input_format_reads_every_input_as_it_says(tmp_path):
    path = tmp_path / "wire.log"
    path.write_text(SAID[0], encoding="utf-8")
    assert run("extract", path, "--model", "none", "-q").exit_code == 1  # .log: no format of its own, nothing read
    result = run("extract", path, "--model", "none", "-q", "--input-format", "text")
    assert result.exit_code == 0 and "Ana Pike" in result.stdout


def test_skipped_records_are_listed_twenty_of_a_reason_then_counted(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl([{"id": f"x{n}", "body": SAID[0]} for n in range(45)] + RECORDS))
    result = run("extract", path, "--model", "none", "-o", tmp_path / "q.csv", "--errors", tmp_path / "e.csv")
    assert result.exit_code == 3
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(lines) == 21 and lines[-1] == f"skipped 25 more records for the same reason (all are in {tmp_path / 'e.csv'})"
    assert len(pd.read_csv(tmp_path / "e.csv")) == 45


@pytest.mark.parametrize("content", [b"", jsonl([{"id": "x", "body": SAID[0]}])])
def test_nothing_read_is_an_error_and_no_table_is_written(tmp_path, content):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(content)
    result = run("extract", path, "--model", "none", "-o", tmp_path / "q.csv", "--mentions", tmp_path / "m.csv")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: no article was read, so nothing was written")
    assert not (tmp_path / "q.csv").exists() and not (tmp_path / "m.csv").exists()


def test_sqlite_output_holds_both_tables_and_the_skipped_records_with_indexes(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl(RECORDS) + b"{oops\n")
    result = run("extract", path, "--model", "none", "-q", "-o", tmp_path / "quotes.db")
    assert result.exit_code == 3
    db = sqlite3.connect(tmp_path / "quotes.db")
    assert [n for (n,) in db.execute("select name from sqlite_master where type = 'table' order by name")] == \
        ["mentions", "quotes", "skipped"]
    indexes = {n for (n,) in db.execute("select name from sqlite_master where type = 'index'")}
    assert {"quotes_quote_id", "mentions_quote_id", "mentions_article_id", "mentions_speaker"} <= indexes
    speakers = sorted(s for (s,) in db.execute("select speaker from quotes"))
    assert speakers == ["Ana Pike", "Ines Moreau", "Tom Hale"]
    assert db.execute("select count(*) from mentions where quote_id in (select quote_id from quotes)").fetchone() == (3,)


def test_the_formula_guard_changes_free_text_but_never_ids(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(jsonl([{"id": "-x1", "text": "“=SUM(A1) is the answer,” said Ana Pike.", "title": "+Budget"}]))
    result = run("extract", path, "--model", "none", "-q", "-o", tmp_path / "q.csv", "--mentions", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    mentions = pd.read_csv(tmp_path / "m.csv", dtype=str)
    assert mentions.loc[0, "article_id"] == "-x1" and mentions.loc[0, "quote"].startswith("'=SUM")
    assert mentions.loc[0, "title"] == "'+Budget"
    assert pd.read_csv(tmp_path / "q.csv", dtype=str).loc[0, "article_ids"] == "-x1"


def test_a_reader_that_goes_away_still_gets_the_other_files_written(tmp_path):
    # a real pipe, closed after the first line, as `| head -1` closes it
    corpus = tmp_path / "feed.jsonl"
    corpus.write_bytes(jsonl([{"id": f"a{n}", "text": f"“Item {n} will be on sale,” said Ana Pike."} for n in range(4000)])
                       + b"{oops\n")
    command = [sys.executable, "-c", "from quotes.cli import app; app(prog_name='quotes')", "extract", str(corpus),
               "--model", "none", "-q", "-o", "-",
               "--mentions", str(tmp_path / "m.csv"), "--errors", str(tmp_path / "e.csv")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    # no error about the pipe; the skipped record is still told, with its exit code
    assert process.wait(timeout=120) == 3 and "Error" not in stderr and "Traceback" not in stderr
    assert "skipped" in stderr and len(pd.read_csv(tmp_path / "m.csv")) == 4000 and len(pd.read_csv(tmp_path / "e.csv")) == 1


def test_an_interrupted_runs_checkpoint_is_mentioned_and_resume_says_what_it_skips(tmp_path):
    from quotes.checkpoint import Checkpoint, describe_run

    corpus = tmp_path / "feed.jsonl"
    corpus.write_bytes(jsonl(RECORDS))
    out = tmp_path / "q.csv"
    with Checkpoint(f"{out}.progress.jsonl", describe_run([corpus])) as checkpoint:
        checkpoint.add("a0", [])
    result = run("extract", corpus, "--model", "none", "-o", out)
    assert f"an interrupted run with -o {out} left 1 of 3 articles done: add --resume to continue" in result.stderr
    with Checkpoint(f"{out}.progress.jsonl", describe_run([corpus])) as checkpoint:
        checkpoint.add("a0", [])
    result = run("extract", corpus, "--model", "none", "-o", out, "--resume")
    assert "resuming: 1 of 3 articles were done by the interrupted run, and are not done again" in result.stderr


def test_the_help_imports_no_stage():
    code = "import sys, quotes.cli; print(sorted(m for m in ('pandas', 'spacy', 'numpy') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


@pytest.mark.parametrize("command, usage", [("extract", "quotes extract [OPTIONS] INPUT..."),
                                            ("verify", "quotes verify [OPTIONS] CLAIM INPUT...")])
def test_the_help_shows_plain_names_not_types(command, usage):
    result = runner.invoke(app, [command, "--help"], prog_name="quotes", env={"COLUMNS": "160"})
    assert usage in result.stdout
    assert "<bool>" not in result.stdout and "<str>" not in result.stdout and "<list" not in result.stdout
    assert "<all|focus|uncued>" in result.stdout


def test_an_output_that_a_quoted_glob_names_as_input_is_refused(tmp_path):
    for day in (1, 2):
        (tmp_path / f"day{day}.jsonl").write_bytes(jsonl([{"id": f"d{day}", "text": SAID[day]}]))
    before = (tmp_path / "day1.jsonl").read_bytes()
    result = run("extract", tmp_path / "day*.jsonl", "--model", "none", "-o", tmp_path / "day1.jsonl")
    assert result.exit_code == 1 and "this output is also an input" in result.stderr
    assert (tmp_path / "day1.jsonl").read_bytes() == before
