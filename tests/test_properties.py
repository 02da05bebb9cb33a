"""Properties over generated input: extraction never raises, every span points into its article,
and every input record is accounted for (read or skipped)."""

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from quotes.io import ReadReport, decode_line, read_articles
from quotes.pipeline import Engine, extract_mentions, extract_tables
from quotes.types import Article

MARKS = list("\"'“”‘’«»„‚‹›「」『』") + ["''", "``", "—", ": ", ", "]
WORDS = ["said", "says", "told", "he", "she", "Jane Smith", "the president", "Sen.", "U.S.", "Reuters",
         "according to", "we", "will", "win", "the", "vote", "Jesús", "López", "🙂", "\u2028", "\u00a0", "\x00",
         "\ufeff"]
GAPS = [" ", " ", "\n", "\n\n", ". ", "\r\n", ", "]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(" ".join)
# A quotation: an opening mark, words, maybe punctuation, a closing mark (of any kind: mismatches too).
quoted = st.tuples(st.sampled_from(MARKS[:16]), words, st.sampled_from(["", ",", ".", "?"]), st.sampled_from(MARKS[:16])).map("".join)
# Text made mostly of what the detectors react to: quotations, marks, newlines, speech verbs, names, odd Unicode.
articles = st.lists(
    st.one_of(quoted, words, st.sampled_from(MARKS), st.sampled_from(GAPS), st.text(max_size=5)),
    max_size=40,
).map("".join)


def spans_hold(article: Article, mentions) -> None:
    for mention in mentions:
        assert article.text[mention.quote_start : mention.quote_end] == mention.quote
        if mention.speaker_mention is not None:
            assert article.text[mention.speaker_start : mention.speaker_end] == mention.speaker_mention


@settings(max_examples=400, deadline=None)
@given(text=articles)
def test_rule_based_extraction_never_raises_and_spans_point_into_the_text(text):
    article = Article("a", text, "generated")
    spans_hold(article, list(extract_mentions([article], Engine.load("none"))))


@pytest.mark.model
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=articles, parse=st.sampled_from(["focus", "all"]))
def test_extraction_with_the_model_never_raises_and_spans_point_into_the_text(text, parse):
    article = Article("a", text, "generated")
    spans_hold(article, list(extract_mentions([article], Engine.load(None, parse=parse))))


# JSONL lines, good and bad: each must end up read or skipped, never lost.
records = st.one_of(
    st.fixed_dictionaries({"text": articles}, optional={"id": st.sampled_from(["a", "b", "c", ""])}),
    st.fixed_dictionaries({"text": st.one_of(st.none(), st.integers(), st.lists(st.text(max_size=3)))}),
    st.just([1, 2]),
).map(lambda record: json.dumps(record).encode("utf-8"))
lines = st.one_of(records, st.binary(max_size=30).filter(lambda raw: b"\n" not in raw and b"\r" not in raw))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw_lines=st.lists(lines, max_size=20))
def test_every_jsonl_line_is_read_or_skipped(tmp_path, raw_lines):
    file = b"".join(raw + b"\n" for raw in raw_lines)
    # A NUL byte or a byte-order mark makes it a binary or a UTF-16 file: tested in test_io.
    assume(b"\x00" not in file and not file.startswith((b"\xff\xfe", b"\xfe\xff")))
    path = tmp_path / "news.jsonl"
    path.write_bytes(file)
    report = ReadReport()
    read = list(read_articles([path], report))
    non_blank = sum(1 for raw in raw_lines if decode_line(raw)[0].strip())
    assert report.read == len(read) and report.read + len(report.skipped) == non_blank


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw_lines=st.lists(records, min_size=1, max_size=12))
def test_the_tables_account_for_every_record(tmp_path, raw_lines):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"\n".join(raw_lines))
    tables = extract_tables([path], model="none")
    assert tables.report.read + len(tables.report.skipped) == len(raw_lines)
    assert set(tables.mentions["quote_id"]) == set(tables.quotes["quote_id"])
