"""The record of finished articles that lets an interrupted run resume."""

from quotes.checkpoint import Checkpoint
from quotes.types import Mention


def mention(article_id, quote, speaker=None):
    return Mention(article_id, quote, 0, len(quote), "marks", 0.9, speaker=speaker)


def test_finished_articles_and_their_mentions_read_back(tmp_path):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.", "Jane Smith"), mention("a1", "No.")])
        checkpoint.add("a2", [])
    assert Checkpoint(path).done() == {"a1", "a2"}
    assert list(Checkpoint(path).mentions()) == [mention("a1", "Yes.", "Jane Smith"), mention("a1", "No.")]


def test_a_line_cut_short_by_a_killed_run_is_done_again(tmp_path):
    path = tmp_path / "run.progress.jsonl"
    with Checkpoint(path) as checkpoint:
        checkpoint.add("a1", [mention("a1", "Yes.")])
    with path.open("a", encoding="utf-8") as file:
        file.write('{"id": "a2", "mentions": [["a2", "Cut sh')
    assert Checkpoint(path).done() == {"a1"}
    with Checkpoint(path) as checkpoint:
        checkpoint.add("a2", [mention("a2", "Whole.")])
    assert Checkpoint(path).done() == {"a1", "a2"}
    assert [m.quote for m in Checkpoint(path).mentions()] == ["Yes.", "Whole."]


def test_a_missing_checkpoint_has_nothing_done(tmp_path):
    assert Checkpoint(tmp_path / "none.jsonl").done() == set()
