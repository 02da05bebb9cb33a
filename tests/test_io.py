import re
import io
import json

import pytest

from quotes.errors import InputError
from quotes.io import ReadReport, as_articles, read_articles


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_txt_file_is_one_article_named_after_the_file(tmp_path):
    [article] = read_articles([write(tmp_path / "story.txt", "Text.")])
    assert (article.id, article.text, article.outlet) == ("story", "Text.", None)


def test_jsonl_reads_known_fields_and_ignores_others(tmp_path):
    record = {"id": "a1", "text": "T", "title": "Title", "outlet": "Daily", "url": "u", "published": "2021-04-07", "x": 1}
    [article] = read_articles([write(tmp_path / "a.jsonl", json.dumps(record) + "\n")])
    assert (article.id, article.title, article.outlet, article.url, article.published) == ("a1", "Title", "Daily", "u", "2021-04-07")


def test_missing_id_becomes_file_stem_and_line_number(tmp_path):
    path = write(tmp_path / "news.jsonl", '{"text": "one"}\n\n{"text": "two"}\n')
    assert [a.id for a in read_articles([path])] == ["news:1", "news:3"]


def test_csv_rows_become_articles(tmp_path):
    path = write(tmp_path / "news.csv", 'text,outlet\n"Hello, world",Daily\nBye,\n')
    articles = list(read_articles([path]))
    assert [(a.id, a.text, a.outlet) for a in articles] == [("news:1", "Hello, world", "Daily"), ("news:2", "Bye", None)]


def test_folder_is_read_recursively_in_a_stable_order(tmp_path):
    write(tmp_path / "b.txt", "B")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub" / "a.jsonl", '{"id": "j", "text": "J"}\n')
    write(tmp_path / "a.txt", "A")
    write(tmp_path / "notes.md", "ignored")
    assert [a.id for a in read_articles([tmp_path])] == ["a", "b", "j"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("{not json", "not JSON"),
        ('{"id": "x"}', "no 'text' field"),
        ('{"text": 5}', "'text' is int, not a string"),
        ("[1, 2]", "not an object"),
    ],
)
def test_bad_jsonl_line_is_skipped_with_its_reason(tmp_path, line, reason):
    path = write(tmp_path / "a.jsonl", line + '\n{"text": "fine"}\n')
    report = ReadReport()
    assert [a.text for a in read_articles([path], report)] == ["fine"]
    [skipped] = report.skipped
    assert skipped.source == f"{path}:1" and reason in skipped.reason


def test_strict_mode_stops_at_the_first_bad_record(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "x"}\n{"text": "fine"}\n')
    with pytest.raises(InputError, match="a.jsonl:1"):
        list(read_articles([path], strict=True))


def test_duplicate_ids_are_skipped_not_merged(tmp_path):
    path = write(tmp_path / "a.jsonl", '{"id": "x", "text": "one"}\n{"id": "x", "text": "two"}\n')
    report = ReadReport()
    assert [a.text for a in read_articles([path], report)] == ["one"]
    assert "duplicate" in report.skipped[0].reason


def test_ragged_csv_row_is_skipped(tmp_path):
    path = write(tmp_path / "a.csv", "id,text\n1,fine\n2,too,many\n")
    report = ReadReport()
    assert [a.id for a in read_articles([path], report)] == ["1"]
    assert "fields" in report.skipped[0].reason


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("missing.txt", None, "no such file or folder"),
        ("a.csv", b"id,body\n1,x\n", "no 'text' column (columns: id, body): say which holds the text with --text-field"),
        ("a.pdf", b"%PDF-1.7", "unsupported file type '.pdf': use .txt, .jsonl, .ndjson, .json, .csv, .tsv, .parquet, .parq, .pq (compressed too: .gz, .bz2, .xz, .zst), or say how to read it with --input-format"),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a binary file, not text (a NUL byte at 8)"),
        ("a.jsonl", b"\x1f\x8b\x08\x00\x00\x00", "a binary file, not text (a NUL byte at 3)"),
    ],
)
def test_a_file_that_cannot_be_read_is_skipped_and_the_rest_is_read(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    report = ReadReport()
    assert [a.id for a in read_articles([path, write(tmp_path / "fine.txt", "Fine.")], report)] == ["fine"]
    assert [(s.source, s.reason) for s in report.skipped] == [(str(path), reason)]
    with pytest.raises(InputError, match=re.escape(reason)):
        list(read_articles([path], strict=True))


def test_a_file_the_system_refuses_is_skipped_with_the_reason(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "Secret.")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", refuse)
    report = ReadReport()
    assert list(read_articles([path], report)) == []
    assert report.skipped[0].reason == "cannot read: Permission denied"


@pytest.mark.parametrize(
    "raw, text, note",
    [
        ("Jesús dijo".encode("utf-8"), "Jesús dijo", None),
        (b"\xef\xbb\xbf\xe2\x80\x9cYes\xe2\x80\x9d", "“Yes”", None),
        ("Jesús dijo".encode("latin-1"), "Jesús dijo", "not UTF-8 (byte 3): read as Windows-1252"),
        ("“Yes,” he said".encode("cp1252"), "“Yes,” he said", "not UTF-8 (byte 0): read as Windows-1252"),
        (b"A\x81B", "A\x81B", "not UTF-8 (byte 1): read as Latin-1"),  # 0x81 has no Windows-1252 character
        ("“Sí”\r\n".encode("utf-16"), "“Sí”\n", "read as UTF-16 (it has a byte-order mark)"),
        ("“Sí”".encode("utf-32"), "“Sí”", "read as UTF-32 (it has a byte-order mark)"),
    ],
)
def test_text_that_is_not_utf8_is_decoded_with_a_note_not_dropped(tmp_path, raw, text, note):
    path = tmp_path / "story.txt"
    path.write_bytes(raw)
    report = ReadReport()
    [article] = read_articles([path], report)
    assert article.text == text and report.skipped == []
    assert report.notes == ([f"{path}: {note}"] if note else [])


def test_a_jsonl_line_that_is_not_utf8_is_decoded_alone(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"text": "Fine."}\n{"text": "Jes\xfas."}\n')
    report = ReadReport()
    assert [a.text for a in read_articles([path], report)] == ["Fine.", "Jesús."]
    assert report.notes == [f"{path}:2: not UTF-8 (byte 13): read as Windows-1252"]


def test_a_utf16_jsonl_file_is_read_line_by_line(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes('{"text": "Uno."}\r\n{"text": "Dos."}\r\n'.encode("utf-16"))
    report = ReadReport()
    assert [(a.id, a.text) for a in read_articles([path], report)] == [("a:1", "Uno."), ("a:2", "Dos.")]
    assert report.notes == [f"{path}: read as UTF-16 (it has a byte-order mark)"]


@pytest.mark.parametrize("name, articles", [("empty.txt", 1), ("empty.jsonl", 0), ("empty.csv", 0)])
def test_an_empty_file_is_noted(tmp_path, name, articles):
    path = write(tmp_path / name, "")
    report = ReadReport()
    assert len(list(read_articles([path], report))) == articles
    assert report.notes == [f"{path}: empty file"] and report.skipped == []


def test_dash_reads_jsonl_from_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"id": "s", "text": "From stdin."}\n'))
    assert [a.id for a in read_articles(["-"])] == ["s"]


def test_python_callers_pass_strings_dicts_or_frames():
    import pandas as pd

    assert [a.id for a in as_articles(["x", {"id": "b", "text": "y"}])] == ["0", "b"]
    frame = pd.DataFrame({"text": ["x", "y"], "outlet": ["A", None]})
    assert [a.outlet for a in as_articles(frame)] == ["A", None]
    with pytest.raises(InputError, match="no 'text' column"):
        list(as_articles(pd.DataFrame({"body": ["x"]})))


def test_utf16_on_standard_input_is_read_by_its_byte_order_mark(monkeypatch):
    data = '{"text": "Uno."}\n{"text": "Dos."}\n'.encode("utf-16")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    report = ReadReport()
    assert [a.text for a in read_articles(["-"], report)] == ["Uno.", "Dos."]
    assert report.notes == ["<stdin>: read as UTF-16 (it has a byte-order mark)"]


def test_a_named_pipe_streams_and_is_not_counted_ahead(tmp_path):
    import os
    import threading

    from quotes.files import count_records

    pipe = tmp_path / "live.jsonl"
    os.mkfifo(pipe)
    assert count_records([pipe]) is None  # counting would use up what reading needs
    writer = threading.Thread(target=lambda: pipe.write_bytes(b'{"id": "p", "text": "Piped."}\n'))
    writer.start()
    assert [a.id for a in read_articles([pipe])] == ["p"]
    writer.join()


@pytest.mark.parametrize("separator", ["\u2028", "\x0c", "\x85", "\x1c"])
def test_a_csv_row_ends_only_at_a_line_break(tmp_path, separator):
    path = write(tmp_path / "a.csv", f"id,text\na,Page one{separator}page two.\nb,Fine.\n")
    report = ReadReport()
    assert [(a.id, a.text) for a in read_articles([path], report)] == [("a", f"Page one{separator}page two."), ("b", "Fine.")]
    assert report.skipped == []


@pytest.mark.parametrize("row, fields", [("a", 1), ("a,b,c", 3)])
def test_a_ragged_row_says_how_many_fields_it_has(tmp_path, row, fields):
    path = write(tmp_path / "a.csv", f"id,text\n{row}\n")
    report = ReadReport()
    assert list(read_articles([path], report)) == []
    assert report.skipped[0].reason == f"row 1 after the header has {fields} fields, expected 2"


def test_a_csv_with_a_header_and_no_rows_is_noted(tmp_path):
    path = write(tmp_path / "a.csv", "id,text\n")
    report = ReadReport()
    assert list(read_articles([path], report)) == [] and report.notes == [f"{path}: no rows under the header"]
