"""The record of finished articles that lets an interrupted run resume."""

import pytest

from quotes.checkpoint import Checkpoint, describe_run
from quotes.errors import QuotesError
from quotes.types import Mention

RUN = {"inputs": [["news.jsonl", 10, 1]], "options": {"parse": "focus"}}


def mention(article_id, quote, speaker=None):
    return Mention(article_id, quote, 0, len(quote), "marks", 0.9, speaker=speaker)


def quotes_in(checkpoint):
    return [quote for block in checkpoint.columns() for quote in block["quote"]]


def test_finished_articles_and_their_mentions_read_back(tmp_path):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path, RUN) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.", "Jane Smith"), mention("a1", "No.")])
        checkpoint.add("a2", [])
    resumed = Checkpoint(path, RUN, resume=True)
    assert set(resumed.done()) == {"a1", "a2"}
    [block] = resumed.columns()
    assert block["quote"] == ["Yes.", "No."] and block["speaker"] == ["Jane Smith", None]


@pytest.mark.parametrize("cut", ['{"id": "a2", "mentions": [["a2", "Cut sh', '{"id": "a2", "mentions": [["a2", "“Cu'])
def test_a_line_cut_short_by_a_killed_run_is_done_again(tmp_path, cut):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path, RUN) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.")])
    # A kill can cut a line anywhere, inside a multi-byte character too.
    with path.open("ab") as file:
        file.write(cut.encode("utf-8")[:-1])
    resumed = Checkpoint(path, RUN, resume=True)
    assert set(resumed.done()) == {"a1"}
    with resumed:
        resumed.add("a2", [mention("a2", "Whole.")])
    assert set(Checkpoint(path, RUN, resume=True).done()) == {"a1", "a2"}
    assert quotes_in(Checkpoint(path, RUN, resume=True)) == ["Yes.", "Whole."]


def test_a_checkpoint_of_another_run_is_not_resumed(tmp_path):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path, RUN) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.")])
    with pytest.raises(QuotesError, match="from another run"):
        Checkpoint(path, {**RUN, "options": {"parse": "all"}}, resume=True)


def test_without_resume_an_old_checkpoint_is_discarded(tmp_path):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path, RUN) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.")])
    assert Checkpoint(path, RUN).done() == {}


def test_a_changed_input_file_is_another_run(tmp_path):
    news = tmp_path / "news.jsonl"
    news.write_text('{"text": "One."}\n', encoding="utf-8")
    before = describe_run([news])
    news.write_text('{"text": "One."}\n{"text": "Two."}\n', encoding="utf-8")
    assert describe_run([news]) != before
