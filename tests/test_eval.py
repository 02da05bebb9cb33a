"""Accuracy on a slice of the shared annotated corpus, when it is there (it is not in a user's clone)."""

import importlib.util
import itertools
import json

import pytest

import quotes
from conftest import SHARED

GOLD = SHARED / "eval" / "polnear_train_direct.jsonl"
SCORER = SHARED / "eval" / "score.py"
pytestmark = pytest.mark.skipif(not (GOLD.exists() and SCORER.exists()), reason="shared eval data not present")


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    lines = list(itertools.islice(GOLD.open(encoding="utf-8"), 0, 840, 12))  # every 12th article: 70
    gold_path = tmp_path_factory.mktemp("eval") / "gold.jsonl"
    gold_path.write_text("".join(lines), encoding="utf-8")
    records = [json.loads(line) for line in lines]
    mentions = quotes.extract([{"id": r["id"], "text": r["text"]} for r in records])
    pred_path = gold_path.with_name("pred.csv")
    mentions.to_csv(pred_path, index=False)
    return score.score(score.load_gold(str(gold_path)), score.load_pred(str(pred_path)))


@pytest.mark.model
def test_quote_detection_on_a_slice_of_the_eval_set(scored):
    # Full-set figures are in the README; this slice guards against regressions.
    assert scored["overlap"]["f1"] >= 0.93


@pytest.mark.model
def test_speaker_accuracy_on_a_slice_of_the_eval_set(scored):
    # About a tenth of the gold names on this slice are descriptions ("the senator"), which the
    # engine leaves empty by design: accuracy stays below the full-set figure.
    assert scored["speaker_accuracy"] >= 0.76


@pytest.mark.model
def test_named_speakers_are_right_on_a_slice_of_the_eval_set(scored):
    # A wrong name is worse than none: precision among the quotes given a name.
    assert scored["speaker_precision"] >= 0.90
