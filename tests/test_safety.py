"""Nothing lost, nothing overwritten: outputs that are inputs, two runs on one output, the engine's own
files inside an input folder, a resumed run of other input, planted links, odd line breaks in cells,
huge fields, and signals. Each case is a command a user could type, and the behaviour it must have."""

import csv
import errno
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import quotes
import quotes.console
import quotes.types
from quotes.checkpoint import Checkpoint, RunLock
from quotes.cli import app
from quotes.errors import InputError, QuotesError
from quotes.output import read_quotes
from quotes.pipeline import extract_tables

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
SAID = "“We will win the vote on Friday,” said Jane Smith."


def run(*args, input=None):
    return runner.invoke(app, [*map(str, args), "--model", "none", "-q"], input=input)


def jsonl(path, *texts, prefix="a"):
    path.write_text("".join(json.dumps({"id": f"{prefix}{n}", "text": t}) + "\n" for n, t in enumerate(texts)), encoding="utf-8")
    return path


# Data lost or overwritten


@pytest.mark.parametrize("given", ["the file", "its folder"])
@pytest.mark.parametrize("option", ["-o", "--mentions", "--errors"])
def test_an_output_that_is_an_input_is_refused_before_the_run(tmp_path, option, given):
    (tmp_path / "news").mkdir()
    corpus = jsonl(tmp_path / "news" / "in.jsonl", SAID)
    before = corpus.read_bytes()
    extra = [] if option == "-o" else ["-o", tmp_path / "q.csv"]
    result = run("extract", corpus if given == "the file" else corpus.parent, *extra, option, corpus)
    assert result.exit_code == 1 and "also an input" in result.stderr
    assert corpus.read_bytes() == before


def test_an_output_that_is_an_input_through_a_link_is_refused(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    (tmp_path / "link.jsonl").symlink_to(corpus)
    before = corpus.read_bytes()
    result = run("extract", corpus, "-o", tmp_path / "link.jsonl")
    assert result.exit_code == 1 and "also an input" in result.stderr
    assert corpus.read_bytes() == before


def test_a_report_that_is_an_input_is_refused(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    (tmp_path / "page.html").symlink_to(corpus)  # a page's name, the corpus behind it
    before = corpus.read_bytes()
    result = runner.invoke(app, ["report", str(corpus), "-o", str(tmp_path / "page.html"), "--model", "none", "-q"])
    assert result.exit_code == 1 and "also an input" in result.stderr
    assert corpus.read_bytes() == before


def test_a_second_run_on_the_same_output_is_refused(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    out = tmp_path / "q.csv"
    with RunLock(out):  # as a first run holds it
        result = run("extract", corpus, "-o", out)
    assert result.exit_code == 1 and "another run is writing" in result.stderr
    assert not out.exists()
    assert run("extract", corpus, "-o", out).exit_code == 0  # once the first run has ended
    assert not Path(f"{out}.lock").exists()


@pytest.mark.parametrize("command", [
    ["extract", "{corpus}", "-o", "{tmp}/q.csv", "--mentions", "{tmp}/m.csv"],
    ["extract", "{corpus}", "-o", "{tmp}/other.csv", "--mentions", "{tmp}/q.csv"],
    ["extract", "{corpus}", "-o", "{tmp}/other.csv", "--errors", "{tmp}/q.csv"],
    ["report", "{corpus}", "-o", "{tmp}/q.html"],
], ids=["mentions", "as-mentions", "as-errors", "report"])
def test_every_output_a_running_run_writes_is_locked(tmp_path, command):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    with RunLock(tmp_path / "q.csv"), RunLock(tmp_path / "m.csv"), RunLock(tmp_path / "q.html"):
        result = run(*[part.format(corpus=corpus, tmp=tmp_path) for part in command])
    assert result.exit_code == 1 and "another run is writing" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


@pytest.mark.parametrize("outputs, message", [
    (["-o", "{tmp}/q.csv", "--mentions", "{tmp}/q.csv"], "two outputs of the run would be this one file"),
    (["-o", "{tmp}/q.csv", "--errors", "{tmp}/q.csv"], "two outputs of the run would be this one file"),
    (["-o", "{tmp}/q.csv", "--mentions", "{tmp}/m.csv", "--errors", "{tmp}/m.csv"], "two outputs of the run would be this one file"),
    # the names of runs' own files: a table there would replace this run's checkpoint or lock, or another run's
    (["-o", "{tmp}/q.csv", "--mentions", "{tmp}/q.csv.progress.jsonl"], "a name the engine keeps for its own files"),
    (["-o", "{tmp}/q.csv", "--errors", "{tmp}/q.csv.lock"], "a name the engine keeps for its own files"),
    (["-o", "{tmp}/other.csv.lock"], "a name the engine keeps for its own files"),
    (["-o", "{tmp}/other.csv.progress.jsonl"], "a name the engine keeps for its own files"),
])
def test_outputs_that_would_replace_each_other_or_a_runs_own_files_are_refused(tmp_path, outputs, message):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    result = run("extract", corpus, *[part.format(tmp=tmp_path) for part in outputs])
    assert result.exit_code == 1 and message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_a_file_an_input_folder_links_to_is_no_output(tmp_path):
    folder = tmp_path / "news" / "sub"
    folder.mkdir(parents=True)
    outside = jsonl(tmp_path / "outside.jsonl", SAID)
    (folder / "out.jsonl").symlink_to(outside)  # read as input through the folder
    before = outside.read_bytes()
    for target in (outside, folder / "out.jsonl"):
        result = run("extract", tmp_path / "news", "-o", target)
        assert result.exit_code == 1 and "also an input" in result.stderr
    assert outside.read_bytes() == before and (folder / "out.jsonl").is_symlink()


def test_closed_standard_output_is_one_line(monkeypatch):
    from quotes.output import write_table

    table = quotes.extract(SAID, model="none")
    monkeypatch.setattr(sys, "stdout", None)  # as after >&-
    with pytest.raises(QuotesError, match="standard output: cannot write: it is closed"):
        write_table(table, "-")


def test_standard_error_that_cannot_be_written_costs_no_output(tmp_path, monkeypatch):
    import quotes.cli

    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    real = quotes.cli.typer.echo

    def full(message=None, err=False, **kwargs):  # as 2>/dev/full
        if err:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(message, err=err, **kwargs)

    monkeypatch.setattr(quotes.cli.typer, "echo", full)
    result = runner.invoke(app, ["extract", str(corpus), "--model", "none", "-o", str(tmp_path / "q.csv")])
    assert result.exit_code == 0 and read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


def test_a_sigterm_whose_exception_was_lost_stops_the_run_at_the_next_article(monkeypatch):
    import quotes.cli

    monkeypatch.setattr(quotes.console, "_terminated", True)  # as if raised inside a finaliser, where Python drops it
    with pytest.raises(KeyboardInterrupt):
        quotes.cli.Progress(False)(0)


def test_a_lock_left_by_a_killed_run_does_not_block(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    out = tmp_path / "q.csv"
    Path(f"{out}.lock").write_text("99999999")  # no process holds it
    assert run("extract", corpus, "-o", out).exit_code == 0


def test_a_run_never_reads_back_a_checkpoint_another_run_put_in_its_place(tmp_path):
    path = tmp_path / "q.csv.progress.jsonl"
    mine = Checkpoint(path, {"options": {}})
    mine.add("a1", [])
    mine.close()
    other = Checkpoint(path, {"options": {}})  # a second run starts afresh: deletes and rewrites it
    other.add("b1", [])
    other.close()
    with pytest.raises(QuotesError, match="replaced by another run"):
        list(mine.columns())


def test_the_engines_own_files_in_an_input_folder_are_not_input(tmp_path):
    folder = tmp_path / "fold"
    folder.mkdir()
    jsonl(folder / "news.jsonl", SAID, "“Taxes will fall next year,” said Tom Hale.")
    args = ["extract", folder, "-o", folder / "quotes.csv", "--mentions", folder / "mentions.csv", "--errors", folder / "errors.csv"]
    first = run(*args)
    (folder / ".quotes.csv.x1.partial").write_text("text\nleft by a killed run\n")
    (folder / "quotes.csv.progress.jsonl").write_text('{"run": {}}\n')
    second = run(*args)
    assert first.exit_code == second.exit_code == 0, second.stderr
    assert "skipped" not in second.stderr
    assert len(read_quotes(folder / "quotes.csv")) == 2


@pytest.mark.parametrize("names", [
    ("quotes.csv", "mentions.csv", "errors.csv"),
    ("quotes.jsonl", "mentions.jsonl", "errors.csv"),
])
def test_tables_an_earlier_run_wrote_into_an_input_folder_are_named_not_read(tmp_path, names):
    folder = tmp_path / "fold"
    folder.mkdir()
    jsonl(folder / "news.jsonl", SAID, "“Taxes will fall next year,” said Tom Hale.")
    (folder / "broken.txt").write_bytes(b"\x00binary")  # so that the errors table has a row
    quotes_table, mentions_table, errors_table = (folder / name for name in names)
    run("extract", folder, "-o", quotes_table, "--mentions", mentions_table, "--errors", errors_table)
    result = run("extract", folder, "-o", tmp_path / "again.csv")  # other outputs: the earlier ones are in the folder
    assert [line for line in result.stderr.splitlines() if line.startswith("skipped ")] == [
        f"skipped {folder / 'broken.txt'}: a binary file, not text (a NUL byte at 0)"]
    assert f"not read, 3 tables written by quotes: {errors_table}" in result.stderr
    assert len(read_quotes(tmp_path / "again.csv")) == 2


def test_files_named_like_the_engines_own_are_named_not_read(tmp_path):
    folder = tmp_path / "fold"
    folder.mkdir()
    jsonl(folder / "news.jsonl", SAID)
    for name in ["week.progress.jsonl", "archive.lock", ".feed.jsonl.x1.partial"]:
        jsonl(folder / name, "“Not news,” said Tom Hale.")
    result = run("extract", folder, "-o", tmp_path / "q.csv")
    assert "not read, 3 files the engine writes (checkpoints, locks, tables being written)" in result.stderr
    assert read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


@pytest.mark.parametrize("name, content", [
    ("q.txt", "quote_id,quote,speaker,speaker_type,n_mentions,n_articles,article_ids,outlets,first_published,variants\r\n"),
    ("m.csv", '{"article_id": "a0"}\n'),  # JSON in a .csv: not a table, read as CSV and skipped for no text column
    ("deep.jsonl", "{" + '"a":[' * 100_000 + "\n"),  # nested past what the JSON parser follows
])
def test_an_odd_first_line_in_a_folder_never_stops_the_run(tmp_path, name, content):
    folder = tmp_path / "fold"
    folder.mkdir()
    jsonl(folder / "news.jsonl", SAID)
    (folder / name).write_text(content, encoding="utf-8")
    result = run("extract", folder, "-o", tmp_path / "q.csv")
    assert result.exit_code in (0, 3) and (result.exception is None or isinstance(result.exception, SystemExit)), result.output
    assert read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


def test_a_jsonl_file_of_blank_lines_is_noted(tmp_path):
    (tmp_path / "blank.jsonl").write_text("\n\n\n", encoding="utf-8")
    result = run("extract", tmp_path / "blank.jsonl", "-o", tmp_path / "q.csv")
    assert f"{tmp_path / 'blank.jsonl'}: no records, only blank lines" in result.stderr


def test_a_file_with_other_columns_is_still_input(tmp_path):
    folder = tmp_path / "fold"
    folder.mkdir()
    (folder / "news.csv").write_text(f"id,text,quote\nx1,\"{SAID}\",yes\n", encoding="utf-8")
    result = run("extract", folder, "-o", tmp_path / "q.csv")
    assert result.exit_code == 0 and read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


def test_resume_in_a_folder_that_holds_the_outputs_is_not_refused(tmp_path, interrupted_run):
    folder = tmp_path / "fold"
    folder.mkdir()
    said = ["Taxes will fall next year", "The bridge opens in May", "Our schools need more teachers",
            "Parks stay open all night", "Water prices are frozen", "Nobody can find a flat here"]
    jsonl(folder / "news.jsonl", *[f"“{words},” said Jane Smith." for words in said])
    out = folder / "quotes.csv"
    interrupted_run(folder, out, after=2)
    result = run("extract", folder, "-o", out, "--resume")
    assert result.exit_code == 0, result.stderr
    assert len(read_quotes(out)) == 6


def test_resume_from_standard_input_refuses_a_checkpoint_of_other_input(tmp_path, monkeypatch):
    checkpoint = tmp_path / "st.csv.progress.jsonl"
    first = jsonl(tmp_path / "a.jsonl", SAID, prefix="a")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(first.read_bytes())))
    extract_tables(["-"], model="none", checkpoint=checkpoint)  # as an interrupted run leaves it
    other = jsonl(tmp_path / "b.jsonl", "“Rates will stay,” said Ann Lee.", prefix="b")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(other.read_bytes())))
    with pytest.raises(QuotesError, match="written for other input"):
        extract_tables(["-"], model="none", checkpoint=checkpoint, resume=True)
    # the same ids with other words
    same_ids = jsonl(tmp_path / "c.jsonl", "“Rates will stay,” said Ann Lee.", prefix="a")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(same_ids.read_bytes())))
    with pytest.raises(QuotesError, match="differs"):
        extract_tables(["-"], model="none", checkpoint=checkpoint, resume=True)
    # and the same input resumes
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(first.read_bytes())))
    tables = extract_tables(["-"], model="none", checkpoint=checkpoint, resume=True)
    assert tables.quotes["speaker"].tolist() == ["Jane Smith"]


def test_an_output_that_is_a_link_is_written_through_it_and_stays_a_link(tmp_path):
    # /dev/stdout sent to a file is a link to it: renaming a new file onto the link would replace
    # the system's /dev/stdout with the table
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    (tmp_path / "shown.csv").write_text("old")
    (tmp_path / "q.csv").symlink_to(tmp_path / "shown.csv")
    assert run("extract", corpus, "-o", tmp_path / "q.csv").exit_code == 0
    assert (tmp_path / "q.csv").is_symlink()
    assert read_quotes(tmp_path / "shown.csv")["speaker"].tolist() == ["Jane Smith"]


def test_a_planted_link_at_a_temporary_name_redirects_nothing(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    for name in (".q.csv.partial", ".q.csv.tmp"):
        (tmp_path / name).symlink_to(victim)
    assert run("extract", corpus, "-o", tmp_path / "q.csv").exit_code == 0
    assert victim.read_text() == "keep me"
    assert len(read_quotes(tmp_path / "q.csv")) == 1


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_a_line_break_in_a_cell_splits_no_row_and_reads_back(tmp_path, brk):
    text = f"“We are fine{brk}=cmd|' /C calc'!A0 and we stay,” said Jane Smith."
    corpus = jsonl(tmp_path / "in.jsonl", text)
    out = tmp_path / "q.csv"
    assert run("extract", corpus, "-o", out, "--mentions", tmp_path / "m.csv").exit_code == 0
    expected = quotes.extract(text, model="none")["quote"].tolist()  # what the engine found, before any file
    assert any(brk in q for q in expected) or brk in ("\n", "\r\n")  # a single line break ends a paragraph
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) == 1 + len(expected)  # the header and one row a quote
    assert sorted(read_quotes(out)["quote"]) == sorted(expected)
    assert read_quotes(tmp_path / "m.csv")["quote"].tolist() == expected


def test_a_csv_field_longer_than_the_csv_modules_limit_is_read(tmp_path):
    words = " ".join(["word"] * 30_000)  # about 150,000 characters in one cell
    path = tmp_path / "long.csv"
    pd.DataFrame({"id": ["long"], "text": [f"{words}. {SAID}"]}).to_csv(path, index=False)
    result = run("extract", path, "-o", tmp_path / "q.csv")
    assert result.exit_code == 0, result.stderr
    assert read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


# Faults and signals


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_for_the_mentions_is_one_line(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    result = run("extract", corpus, "-o", tmp_path / "q.csv", "--mentions", "/dev/full")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "Traceback" not in result.output


class _FillingFile:
    """A file on a disk that fills up after `room` characters: each write past it, and the close
    that would flush it, fail as a full disk does."""

    def __init__(self, room):
        self.room, self.size = room, 0

    def write(self, text):
        if self.size + len(text) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.size += len(text)
        return len(text)

    def tell(self):
        return self.size

    def flush(self):
        pass

    def close(self):
        if self.size >= self.room // 2:
            raise OSError(errno.ENOSPC, "No space left on device")


def test_a_disk_that_fills_during_the_run_is_one_line_and_nothing_looks_finished(tmp_path, monkeypatch):
    corpus = jsonl(tmp_path / "in.jsonl", *[f"“Point {n} stands,” said Jane Smith." for n in range(200)])
    real_open = Path.open
    monkeypatch.setattr(Path, "open", lambda self, mode="r", *args, **kwargs: _FillingFile(3000)
                        if self.name.endswith(".progress.jsonl") and "a" in mode else real_open(self, mode, *args, **kwargs))
    result = run("extract", corpus, "-o", tmp_path / "q.csv")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    checkpoint = tmp_path / "q.csv.progress.jsonl"  # named by the output the user gave
    assert result.stderr.strip().splitlines() == [f"Error: the checkpoint of -o {tmp_path / 'q.csv'} ({checkpoint}): cannot write: No space left on device"]
    assert not (tmp_path / "q.csv").exists() and not list(tmp_path.glob(".*.partial"))


@pytest.fixture
def read_only(tmp_path, monkeypatch):
    """A folder on a read-only file system: opening a file there to write fails with EROFS, whoever
    the user is (root writes past permissions, so they cannot stand in for it)."""
    folder = tmp_path / "ro"
    folder.mkdir()

    def inside(file):
        return isinstance(file, (str, os.PathLike)) and Path(file).resolve().is_relative_to(folder.resolve())

    def refuse(file):
        raise OSError(errno.EROFS, "Read-only file system", str(file))

    real_os_open, real_open = os.open, io.open
    monkeypatch.setattr(os, "open", lambda file, flags, *args, **kwargs: refuse(file)
                        if inside(file) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) else real_os_open(file, flags, *args, **kwargs))
    opener = (lambda file, mode="r", *args, **kwargs: refuse(file)
              if inside(file) and set(mode) & set("wax+") else real_open(file, mode, *args, **kwargs))
    monkeypatch.setattr(io, "open", opener)
    monkeypatch.setattr("builtins.open", opener)
    real_path_open = Path.open  # before 3.11, Path.open holds its own reference to io.open
    monkeypatch.setattr(Path, "open", lambda self, mode="r", *args, **kwargs: refuse(self)
                        if inside(self) and set(mode) & set("wax+") else real_path_open(self, mode, *args, **kwargs))
    return folder


@pytest.mark.parametrize("command, written", [
    (["extract", "{corpus}", "-o", "{ro}/q.csv"], []),
    # refused before the run: the lock beside each output cannot be created
    (["extract", "{corpus}", "-o", "{ok}/q.csv", "--mentions", "{ro}/m.csv"], []),
    (["extract", "{corpus}", "-o", "{ok}/q.csv", "--errors", "{ro}/e.csv"], []),
    (["report", "{corpus}", "-o", "{ro}/r.html"], []),
])
def test_a_read_only_file_system_is_one_line(tmp_path, read_only, command, written):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    ok = tmp_path / "ok"
    ok.mkdir()
    result = run(*[part.format(corpus=corpus, ro=read_only, ok=ok) for part in command])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("Read-only file system"), lines
    assert list(read_only.iterdir()) == []
    assert sorted(p.name for p in ok.iterdir()) == written


def _slow_run(tmp_path, *extra):
    """A `quotes extract` in its own process, on enough articles to be caught mid-run, with 2 workers."""
    corpus = jsonl(tmp_path / "in.jsonl", *[f"{SAID} " * 40 + f"Story {n}." for n in range(4000)])
    out = tmp_path / "q.csv"
    process = subprocess.Popen([sys.executable, "-m", "quotes", "extract", str(corpus), "-o", str(out), "--model", "none",
                                "--jobs", "2", "-q", *extra], stderr=subprocess.PIPE, text=True)
    checkpoint = Path(f"{out}.progress.jsonl")
    deadline = time.monotonic() + 60
    while not (checkpoint.exists() and checkpoint.stat().st_size > 10_000) and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, out


def _workers_of(pid):
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    process, out = _slow_run(tmp_path)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "terminated" in stderr and "--resume" in stderr and "Traceback" not in stderr
    assert Path(f"{out}.progress.jsonl").exists() and not out.exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    process, _ = _slow_run(tmp_path)
    workers = _workers_of(process.pid)
    assert workers, "the run should have started its workers"
    process.kill()
    process.wait(timeout=30)
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# Odd bytes


@pytest.mark.parametrize("field", ["id", "text", "outlet"])
def test_a_lone_surrogate_is_replaced_with_a_note_and_the_run_goes_on(tmp_path, field):
    record = {"id": "s1", "text": "“We will win \ud800 the vote,” said Jane Smith.", "outlet": "Daily"}
    record[field] = record[field] + "\udc00"
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps({"id": "s2", "text": SAID}) + "\n", encoding="utf-8")
    result = run("extract", path, "-o", tmp_path / "q.csv", "--mentions", tmp_path / "m.csv")
    assert result.exit_code == 0, result.output
    assert "lone surrogate" in result.stderr
    mentions = read_quotes(tmp_path / "m.csv")
    column = {"id": "article_id", "text": "quote", "outlet": "outlet"}[field]
    assert len(mentions) == 2 and "\ufffd" in "".join(mentions[column].fillna("").astype(str))
    report = runner.invoke(app, ["report", str(path), "-o", str(tmp_path / "r.html"), "--model", "none", "-q"])
    assert report.exit_code == 0, report.output


def test_a_lone_surrogate_in_a_python_string_keeps_the_offsets():
    text = "“We will win \ud800 the vote,” said Jane Smith."
    row = quotes.extract(text, model="none").iloc[0]
    assert text.replace("\ud800", "\ufffd")[row["quote_start"] : row["quote_end"]] == row["quote"]


# The Python API answers bad arguments as the command line does


@pytest.mark.parametrize(
    "articles, message",
    [
        (None, "got NoneType"),
        (b"\xe2\x80\x9cWe will win,\xe2\x80\x9d said Jo Roe.", "decode them"),
        (42, "got int"),
        ([SAID, 3], "got int"),
        (pd.DataFrame({"id": ["a", "a"], "text": [SAID, SAID]}), "duplicate article id 'a'"),
        (pd.DataFrame({"body": [SAID]}), "no 'text' column"),
    ],
)
def test_bad_articles_are_an_input_error(articles, message):
    with pytest.raises(InputError, match=message):
        quotes.extract(articles, model="none")


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame(), "not a mentions table"),
        (pd.DataFrame({"quote": ["We will win."]}), "no column article_id"),
    ],
)
def test_deduplicate_answers_a_frame_that_is_no_mentions_table(frame, message):
    with pytest.raises(InputError, match=message):
        quotes.deduplicate(frame)


MENTIONS_OF_ONE = quotes.extract("“We will win,” said Jane Smith.", model="none")


@pytest.mark.parametrize("given, message", [
    (None, "not NoneType"),
    ([1, 2], "not list"),
    ("x", "not str"),
    (MENTIONS_OF_ONE.to_dict(), "not dict"),
    (MENTIONS_OF_ONE.assign(quote=1), "quote column holds values that are not text"),
    (MENTIONS_OF_ONE.assign(speaker=5), "speaker column holds values that are not text"),
    (pd.concat([MENTIONS_OF_ONE, MENTIONS_OF_ONE[["quote"]]], axis=1), "repeats the column quote"),
], ids=["none", "list", "str", "dict", "int-quote", "int-speaker", "repeated-column"])
def test_deduplicate_answers_what_is_not_a_mentions_table_with_an_input_error(given, message):
    given = given.copy() if isinstance(given, pd.DataFrame) else given
    with pytest.raises(InputError, match=message):
        quotes.deduplicate(given)


@pytest.mark.parametrize("options, message", [
    ({"similarity": 5}, "similarity must be a number between 0 and 1"),
    ({"similarity": "high"}, "similarity must be a number between 0 and 1"),
    ({"probes": 0}, "probes must be a whole number of 1 or more"),
])
def test_dedup_options_out_of_range_are_an_input_error(options, message):
    with pytest.raises(InputError, match=message):
        quotes.DedupOptions(**options)


@pytest.mark.parametrize("jobs", ["2", 0, -1, 1.5, True])
def test_jobs_that_are_not_a_count_are_an_input_error(jobs):
    with pytest.raises(InputError, match="jobs must be a whole number"):
        quotes.extract("“We will win,” said Jane Smith.", model="none", jobs=jobs)


def test_deduplicate_answers_a_missing_quote():
    mentions = quotes.extract(SAID, model="none")
    mentions["quote"] = pd.array([None], dtype="string")
    with pytest.raises(InputError, match="has no quote"):
        quotes.deduplicate(mentions)


def test_standard_output_that_cannot_be_written_is_one_line_and_the_files_are_written(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    mentions = tmp_path / "m.csv"
    process = subprocess.run(f"{sys.executable} -m quotes extract {corpus} --model none -q --mentions {mentions} | head -c 1",
                             shell=True, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in process.stderr
    assert read_quotes(mentions)["speaker"].tolist() == ["Jane Smith"]
    if Path("/dev/full").exists():
        full = subprocess.run([sys.executable, "-m", "quotes", "extract", str(corpus), "--model", "none", "-q",
                               "--mentions", str(mentions)], stdout=open("/dev/full", "w"), stderr=subprocess.PIPE,
                              text=True, timeout=120)
        assert full.returncode == 1
        assert full.stderr.strip() == "Error: standard output: cannot write: No space left on device"


def test_tables_are_written_with_the_usual_permissions(tmp_path):
    corpus = jsonl(tmp_path / "in.jsonl", SAID)
    assert run("extract", corpus, "-o", tmp_path / "q.csv").exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    assert (tmp_path / "q.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_what_a_folder_holds_that_is_not_read_is_named(tmp_path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    jsonl(folder / "day1.jsonl", SAID)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    (folder / "gone.jsonl").symlink_to(tmp_path / "nowhere.jsonl")
    (folder / "sub" / "loop").symlink_to(folder)
    os.mkfifo(folder / "feed.jsonl")
    result = run("extract", folder, "-o", tmp_path / "q.csv")
    assert result.exit_code == 0, result.output
    for kind, name in [("files of other types", "scan.pdf"), ("links that lead nowhere", "gone.jsonl"),
                       ("links to folders, not followed", "loop"), ("not regular files", "feed.jsonl")]:
        assert any(kind in line and name in line for line in result.stderr.splitlines()), kind
    assert read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


def test_a_folder_that_cannot_be_read_is_named(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    (folder / "locked").mkdir(parents=True)
    jsonl(folder / "day1.jsonl", SAID)
    real_access = os.access
    # root reads every folder: pretend, for this one, that the permissions hold
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p).name == "locked" else real_access(p, mode))
    result = run("extract", folder, "-o", tmp_path / "q.csv")
    assert result.exit_code == 0 and "folders that cannot be read" in result.stderr and "locked" in result.stderr


# Order


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_tables_do_not_depend_on_the_order_of_the_articles(rng):
    from quotes.io import read_articles

    articles = list(read_articles([ROOT / "data"]))
    # one quote whose speaker is written two ways that make one row: which form leads must not depend on order
    articles += [quotes.types.Article("x1", "“We need a real debate on guns,” said Martin O'Malley."),
                 quotes.types.Article("x2", "“We need a real debate on guns,” said Martin O’Malley.")]
    shuffled = articles[:]
    rng.shuffle(shuffled)

    def table(items):
        found = quotes.deduplicate(quotes.extract(items, model="none"))
        return sorted(found[["quote_id", "quote", "speaker", "n_mentions", "article_ids"]].astype(str).itertuples(index=False))

    assert table(shuffled) == table(articles)


def test_an_unclosed_quoted_csv_field_is_named_with_the_rows_counted(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,text\na1,"“We will win the vote,” said Jane Smith."\na2,"“Taxes will fall,” said Tom Hale.\n'
                    "a3,The council met.\na4,Nothing else.\n", encoding="utf-8")
    result = run("extract", path, "-o", tmp_path / "q.csv")
    assert "quoting breaks by line 5" in result.stderr and "2 rows read from 4 lines" in result.stderr


def test_a_repeated_csv_column_is_named(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text('id,text,text\na1,draft,"“We will win the vote,” said Jane Smith."\n', encoding="utf-8")
    result = run("extract", path, "-o", tmp_path / "q.csv")
    assert result.exit_code == 0 and "the header repeats 'text': the last of each is read" in result.stderr
    assert read_quotes(tmp_path / "q.csv")["speaker"].tolist() == ["Jane Smith"]


def test_a_checkpoint_written_before_tokens_and_digests_still_resumes(tmp_path, interrupted_run):
    corpus = jsonl(tmp_path / "in.jsonl", SAID, "“Taxes will fall next year,” said Tom Hale.")
    out = tmp_path / "q.csv"
    interrupted_run(corpus, out, after=1)
    path = Path(f"{out}.progress.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    lines[0].pop("token")  # as the earlier format wrote them
    for record in lines[1:]:
        record.pop("digest")
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run("extract", corpus, "-o", out, "--resume")
    assert result.exit_code == 0, result.stderr
    assert sorted(read_quotes(out)["speaker"]) == ["Jane Smith", "Tom Hale"]
