import io
import json
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from quotes.cli import Progress, app
from quotes.output import read_quotes
from quotes.table import MENTIONS, QUOTES

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def test_extract_writes_the_quotes_table_and_the_mentions(tmp_path):
    result = run("extract", str(ROOT / "data"), "--model", "none", "-o", str(tmp_path / "q.csv"),
                 "--mentions", str(tmp_path / "m.csv"))
    assert result.exit_code == 0, result.output
    quotes_table = pd.read_csv(tmp_path / "q.csv")
    mentions = pd.read_csv(tmp_path / "m.csv")
    assert list(quotes_table.columns) == list(QUOTES) and list(mentions.columns) == list(MENTIONS)
    assert set(mentions["quote_id"]) == set(quotes_table["quote_id"])
    assert "no spaCy pipeline loaded" in result.stderr
    assert "7 articles read (7 with quotes)" in result.stderr


def test_dash_writes_csv_to_standard_output_and_reads_standard_input():
    record = {"id": "s1", "text": '"We will win," said Jane Smith.', "outlet": "Daily"}
    result = run("extract", "-", "--model", "none", "-o", "-", "-q", input=json.dumps(record) + "\n")
    assert result.exit_code == 0
    table = pd.read_csv(io.StringIO(result.stdout))
    assert table[["speaker", "outlets", "article_ids"]].values.tolist() == [["Jane Smith", "Daily", "s1"]]


def test_same_input_gives_the_same_quote_ids():
    first = run("extract", str(ROOT / "data" / "samples"), "--model", "none", "-q").stdout
    second = run("extract", str(ROOT / "data" / "samples"), "--model", "none", "-q").stdout
    assert first == second and "quote_id" in first


def test_a_missing_input_is_skipped_and_the_others_are_read(tmp_path):
    result = run("extract", "no/such/file.jsonl", str(ROOT / "data" / "samples"), "--model", "none",
                 "-o", str(tmp_path / "q.csv"))
    assert result.exit_code == 3
    assert "skipped no/such/file.jsonl: no such file or folder" in result.stderr
    assert "1 record skipped" in result.stderr and len(pd.read_csv(tmp_path / "q.csv")) > 0
    assert "Traceback" not in result.output


def test_text_in_another_encoding_is_read_with_a_note(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("\u201cS\u00ed,\u201d said Jes\u00fas Ram\u00edrez.".encode("cp1252"))
    result = run("extract", str(path), "--model", "none", "-o", "-")
    assert result.exit_code == 0
    assert f"note: {path}: not UTF-8 (byte 0): read as Windows-1252" in result.stderr
    assert pd.read_csv(io.StringIO(result.stdout))["speaker"].tolist() == ["Jesús Ramírez"]


def test_skipped_records_are_reported_and_exit_3(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"text": "Fine."}\n{oops\n', encoding="utf-8")
    result = run("extract", str(path), "--model", "none", "-o", str(tmp_path / "q.csv"),
                 "--errors", str(tmp_path / "errors.csv"))
    assert result.exit_code == 3
    assert f"skipped {path}:2: not JSON" in result.stderr
    errors = pd.read_csv(tmp_path / "errors.csv")
    assert errors["source"].tolist() == [f"{path}:2"]


def test_strict_stops_at_the_first_bad_record(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{oops\n{"text": "Fine."}\n', encoding="utf-8")
    result = run("extract", str(path), "--model", "none", "--strict")
    assert result.exit_code == 1 and "a.jsonl:1: not JSON" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--model", "no_such_pipeline_xyz"], "cannot load spaCy pipeline 'no_such_pipeline_xyz'"),
    ],
)
def test_bad_options_are_errors_with_exit_code_1(args, message):
    result = run("extract", str(ROOT / "data" / "seeds"), *args)
    assert result.exit_code == 1 and message in result.stderr


def test_unknown_option_is_a_usage_error_with_exit_code_2():
    assert run("extract", "x", "--frobnicate").exit_code == 2


def test_rule_based_detector_alone_runs_without_a_model(tmp_path):
    result = run("extract", str(ROOT / "data" / "seeds"), "--model", "none", "--detectors", "marks", "-q",
                 "--mentions", "-", "-o", str(tmp_path / "q.csv"))
    assert result.exit_code == 0
    assert set(pd.read_csv(io.StringIO(result.stdout))["detector"]) == {"marks"}


@pytest.mark.parametrize("command", [[], ["extract"], ["report"]])
def test_help_shows_an_example_that_the_readme_also_has(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    examples = [line.strip(" │") for line in result.stdout.splitlines()
                if line.strip(" │").startswith(("quotes extract ", "quotes report "))]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert examples and all(example in readme for example in examples)


def test_report_writes_one_html_page_and_the_summary(tmp_path):
    result = run("report", str(ROOT / "data"), "--model", "none", "-o", str(tmp_path / "report.html"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    # the council's two-paragraph quote is two marked pieces and one quote
    assert page.startswith("<!doctype html>") and page.count('<mark class="quote"') == 24
    assert "7 articles read (7 with quotes), 24 mentions, 22 quotes" in result.stderr


def test_report_skips_what_it_cannot_read_with_exit_code_3(tmp_path):
    result = run("report", "no/such.jsonl", str(ROOT / "data" / "seeds"), "--model", "none", "-q",
                 "-o", str(tmp_path / "report.html"))
    assert result.exit_code == 3 and "skipped no/such.jsonl: no such file or folder" in result.stderr
    assert "no/such.jsonl" in (tmp_path / "report.html").read_text(encoding="utf-8")


def write_corpus(path, copies):
    """The sample articles, each repeated `copies` times under a new id, as JSONL."""
    from quotes.io import read_articles

    articles = list(read_articles([ROOT / "data"]))
    with path.open("w", encoding="utf-8") as out:
        for i in range(copies):
            for a in articles:
                out.write(json.dumps({"id": f"{a.id}#{i}", "text": a.text, "outlet": a.outlet}) + "\n")
    return path


def test_output_is_the_same_byte_for_byte_whatever_the_jobs(tmp_path):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=10)  # 70 articles: more than one chunk
    outputs = []
    for jobs in ("1", "2"):
        out, mentions = tmp_path / f"q{jobs}.csv", tmp_path / f"m{jobs}.csv"
        result = run("extract", str(corpus), "--model", "none", "-j", jobs, "-q", "-o", str(out), "--mentions", str(mentions))
        assert result.exit_code == 0, result.output
        outputs.append((out.read_bytes(), mentions.read_bytes()))
    assert outputs[0] == outputs[1]


def test_a_finished_run_leaves_no_checkpoint(tmp_path):
    out = tmp_path / "q.csv"
    assert run("extract", str(ROOT / "data"), "--model", "none", "-q", "-o", str(out)).exit_code == 0
    assert out.exists() and not (tmp_path / "q.csv.progress.jsonl").exists()


def test_resume_keeps_what_an_interrupted_run_finished(tmp_path, interrupted_run):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=1)
    out = tmp_path / "q.csv"
    interrupted_run(corpus, out, after=2)
    checkpoint = tmp_path / "q.csv.progress.jsonl"
    # Mark what the first run finished, to see that the resumed run keeps it rather than redoing it.
    lines = checkpoint.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[1])
    first["mentions"][0][1] = "Kept from the first run."
    checkpoint.write_text("\n".join([lines[0], json.dumps(first), *lines[2:]]) + "\n", encoding="utf-8")

    resumed = run("extract", str(corpus), "--model", "none", "-q", "--resume", "-o", str(out), "--mentions", str(tmp_path / "m.csv"))
    assert resumed.exit_code == 0, resumed.output
    mentions = pd.read_csv(tmp_path / "m.csv")
    assert "Kept from the first run." in mentions["quote"].tolist()
    assert mentions["article_id"].nunique() == 7 and not checkpoint.exists()


def test_without_resume_an_interrupted_run_starts_again(tmp_path, interrupted_run):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=1)
    out = tmp_path / "q.csv"
    interrupted_run(corpus, out, after=2)
    fresh = run("extract", str(corpus), "--model", "none", "-q", "-o", str(out))
    assert fresh.exit_code == 0
    whole = run("extract", str(corpus), "--model", "none", "-q", "-o", "-")
    assert out.read_text(encoding="utf-8") == whole.stdout


def test_resume_refuses_a_checkpoint_of_other_options(tmp_path, interrupted_run):
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=1)
    out = tmp_path / "q.csv"
    interrupted_run(corpus, out, after=2)
    result = run("extract", str(corpus), "--model", "none", "--detectors", "marks", "-q", "--resume", "-o", str(out))
    assert result.exit_code == 1
    assert "from another run" in result.stderr


def test_an_output_that_is_a_folder_is_refused_before_the_run(tmp_path):
    out = tmp_path / "q.csv"
    out.mkdir()
    result = run("extract", str(ROOT / "data"), "--model", "none", "-q", "-o", str(out), "--mentions", str(tmp_path / "m.csv"))
    assert result.exit_code == 1
    assert "is a folder" in result.stderr and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.csv"]  # no checkpoint, no table: nothing ran


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path):
    result = run("extract", str(ROOT / "data"), "--model", "none", "-q", "-o", "/dev/full")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("args, listed", [
    (["--parse", "most"], "'most' is not one of 'all', 'focus', 'uncued'"),
    (["--detectors", "marks,telepathy"], "telepathy: choose one or more of marks, syntax"),
    (["--detectors", ","], "choose one or more of marks, syntax"),
    (["--input-format", "xml"], "'xml' is not one of 'auto', 'jsonl', 'json', 'csv', 'text', 'parquet'"),
])
def test_a_bad_choice_is_a_usage_error_that_lists_the_choices(args, listed):
    result = run("extract", str(ROOT / "data"), *args)
    assert result.exit_code == 2 and listed in " ".join(result.stderr.replace("│", " ").split())


def test_a_dask_cluster_gives_the_same_tables(tmp_path):
    pytest.importorskip("dask.distributed")
    corpus = write_corpus(tmp_path / "corpus.jsonl", copies=2)
    outputs = []
    for extra in ([], ["--scheduler", "local"]):
        out = tmp_path / f"q{len(extra)}.csv"
        result = run("extract", str(corpus), "--model", "none", "-q", "-o", str(out), *extra)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("quote", ["=SUM(A1:A9) for all", "+1 555", "-2 for the motion", "@everyone"])
def test_csv_cells_that_spreadsheets_would_run_are_neutralised(tmp_path, quote):
    record = {"id": "s1", "text": f'"{quote}," said Jane Smith.'}
    guarded = run("extract", "-", "--model", "none", "-q", input=json.dumps(record) + "\n")
    raw = run("extract", "-", "--model", "none", "-q", "--allow-formulas", input=json.dumps(record) + "\n")
    assert pd.read_csv(io.StringIO(guarded.stdout))["quote"].tolist() == [f"'{quote},"]
    assert pd.read_csv(io.StringIO(raw.stdout))["quote"].tolist() == [f"{quote},"]


@pytest.mark.parametrize(
    "options, message",
    [(["--scheduler", "local", "--jobs", "2"], "are for one machine"), (["--resume"], "needs -o FILE")],
)
def test_options_that_do_not_go_together_are_a_usage_error(options, message):
    result = run("extract", str(ROOT / "data"), "--model", "none", *options)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_each_output_takes_the_format_of_its_extension(tmp_path):
    result = run("extract", str(ROOT / "data" / "samples"), "--model", "none", "-q", "-o", str(tmp_path / "q.parquet"),
                 "--mentions", str(tmp_path / "m.jsonl"))
    assert result.exit_code == 0, result.output
    as_csv = run("extract", str(ROOT / "data" / "samples"), "--model", "none", "-q", "-o", str(tmp_path / "q.csv"),
                 "--mentions", str(tmp_path / "m.csv"))
    assert as_csv.exit_code == 0
    pd.testing.assert_frame_equal(read_quotes(tmp_path / "q.parquet"), read_quotes(tmp_path / "q.csv"))
    pd.testing.assert_frame_equal(read_quotes(tmp_path / "m.jsonl"), read_quotes(tmp_path / "m.csv"))


def test_format_jsonl_writes_json_lines_to_standard_output():
    result = run("extract", str(ROOT / "data" / "samples"), "--model", "none", "-q", "--format", "jsonl")
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and list(rows[0]) == list(QUOTES)


@pytest.mark.parametrize(
    "args, message",
    [(["--format", "xml"], "'xml' is not one of 'csv', 'jsonl', 'parquet', 'sqlite'"),
     (["-o", "quotes.xlsx"], "the engine writes .csv, .jsonl (or .json: JSON Lines too), .parquet (.parq, .pq) and, with -o, .db or .sqlite for SQLite; not .xlsx"),
     (["--mentions", "m.db"], "m.db: SQLite goes in -o, where it holds the mentions and skipped records too"),
     (["--mentions", "m.txt"], "not .txt; or say the format with --format"),
     (["--format", "sqlite"], "SQLite is binary: write it to a file"),
     (["--format", "parquet"], "Parquet is binary: write it to a file"),
     (["--format", "parquet", "-o", "q.parquet", "--mentions", "-"], "Parquet is binary: write it to a file"),
     (["--mentions", "-"], "only one of -o, --mentions and --errors can be -"),
     (["-o", "no/such/folder/q.csv"], "no folder 'no/such/folder'")],
)
def test_a_format_that_cannot_be_written_is_a_usage_error(args, message):
    result = run("extract", str(ROOT / "data" / "samples"), "--model", "none", *args)
    assert result.exit_code == 2 and message in " ".join(result.stderr.replace("│", " ").split())


@pytest.mark.parametrize("enabled, shown", [(True, "3/3 articles"), (False, "")])
def test_the_progress_bar_counts_articles_and_mentions_when_enabled(monkeypatch, enabled, shown):
    monkeypatch.setattr("sys.stderr", io.StringIO())
    with Progress(enabled, total=3) as progress:
        for mentions in (2, 0, 1):
            progress(mentions)
    written = sys.stderr.getvalue()
    assert (progress.articles, progress.mentions) == (3, 3)
    assert (shown in written if enabled else written == "") and ("3 mentions" in written) == enabled


def test_report_refuses_a_folder_that_does_not_exist_before_the_run():
    result = run("report", str(ROOT / "data"), "--model", "none", "-o", "no/such/folder/r.html")
    assert result.exit_code == 2 and "no folder 'no/such/folder'" in result.stderr


def test_the_readme_command_line_examples_run_as_written(tmp_path):
    import os
    import re
    import subprocess

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("Examples (also in `quotes --help`):", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    (tmp_path / "data").symlink_to(ROOT / "data")  # as from the repository's root, writing into tmp_path
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in block.strip().splitlines():
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert not re.search(r"Traceback|Error:", done.stderr), (command, done.stderr[-2000:])
    assert (tmp_path / "quotes.db").stat().st_size > 0 and (tmp_path / "report.html").read_text().startswith("<!doctype html>")


def test_the_summary_counts_one_article_in_the_singular(tmp_path):
    (tmp_path / "one.txt").write_text("“We will win,” said Jane Smith.")
    result = runner.invoke(app, ["extract", str(tmp_path / "one.txt"), "-o", str(tmp_path / "q.csv"), "--model", "none"])
    assert result.exit_code == 0
    assert "1 article read (1 with quotes), 1 mention, 1 quote, 1 speaker, 0 records skipped" in result.stderr


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_model_name_is_a_usage_error_not_the_default(name):
    # as from an unset shell variable: --model "$MODEL"
    result = run("extract", str(ROOT / "data" / "samples"), "--model", name)
    assert result.exit_code == 2 and "empty: name an installed spaCy pipeline" in " ".join(result.stderr.replace("│", " ").split())
