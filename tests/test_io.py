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
    "name, content, message",
    [
        ("missing.txt", None, "no such file"),
        ("a.csv", "id,body\n1,x\n", "no 'text' column"),
        ("a.pdf", "x", "unsupported file type"),
    ],
)
def test_unreadable_input_raises_a_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        write(path, content)
    with pytest.raises(InputError, match=message):
        list(read_articles([path]))


def test_not_utf8_file_is_skipped_and_reported(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Jesús".encode("latin-1"))
    report = ReadReport()
    assert list(read_articles([path], report)) == []
    assert "not UTF-8" in report.skipped[0].reason


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
