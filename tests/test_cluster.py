"""On a Dask cluster, the same tables and the same skipped records as on one machine."""

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

pytest.importorskip("dask.distributed")
pytest.importorskip("pyarrow")

from dask.distributed import Client, LocalCluster  # noqa: E402

from quotes.cluster import extract_on_cluster  # noqa: E402
from quotes.dedup import deduplicate  # noqa: E402
from quotes.errors import InputError  # noqa: E402
from quotes.pipeline import Tables, extract_tables  # noqa: E402
from quotes.table import MENTIONS, conform  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def client():
    # In-process workers start in about a second; worker processes are tried once, in the model test.
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        yield client


def records() -> list[dict]:
    """Every sample article once, with ids, plus its copy under another outlet, without ids."""
    texts = [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(DATA.glob("*/*.txt"))]
    texts += [json.loads(line) for line in (DATA / "samples" / "articles.jsonl").read_text().splitlines() if line]
    texts += list(csv.DictReader((DATA / "samples" / "articles.csv").open(encoding="utf-8")))
    copies = [{"text": r["text"], "outlet": "Copy Daily", "published": f"2021-04-0{n}"} for n, r in enumerate(texts, 1)]
    return texts + copies


def write_jsonl(path: Path, lines: list) -> str:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[str]:
    """Three JSONL files: a bad line, a record without text, ids repeated across and within files, syndicated copies."""
    folder, rows = tmp_path_factory.mktemp("corpus"), records()
    half = len(rows) // 2
    first = rows[:half] + ["{not json"]
    second = rows[half:] + [{"id": "no-text", "title": "Only a title"}]
    third = [
        {"id": rows[0]["id"], "text": "“A repeated id,” said Jane Roe."},
        {"text": "“Harris,” Harris said."},
        {"id": "twice", "text": "“Once,” said Jo Roe."},
        {"id": "twice", "text": "“Twice,” said Jo Roe."},
    ]
    return [write_jsonl(folder / f"{n}.jsonl", part) for n, part in enumerate([first, second, third])]


def assert_same(cluster: Tables, one: Tables) -> None:
    assert_frame_equal(cluster.mentions, one.mentions)
    assert_frame_equal(cluster.quotes, one.quotes)
    assert cluster.report == one.report


def test_jsonl_on_a_cluster_gives_the_one_machine_tables_and_skipped_records(client, corpus):
    one = extract_tables(corpus, model="none")
    cluster = extract_on_cluster(corpus, client=client, model="none")
    assert_same(cluster, one)
    reasons = [s.reason for s in cluster.report.skipped]
    assert reasons[0].startswith("not JSON")
    assert reasons[1:] == ["no 'text' field (its fields: id, title): say which holds the text with --text-field", f"duplicate article id {records()[0]['id']!r}",
                           "duplicate article id 'twice'"]
    lines = sum(len(Path(p).read_text().splitlines()) for p in corpus)
    assert cluster.report.read + len(cluster.report.skipped) == lines
    assert (cluster.quotes["n_articles"] > 1).any()  # copies in other files joined their originals' rows


def test_odd_bytes_are_read_line_by_line_as_on_one_machine(client, tmp_path):
    path = tmp_path / "odd.jsonl"
    separated = json.dumps({"text": "“One\u2028line,” said Jo Roe."}, ensure_ascii=False)
    latin = '{"text": "“Tres,” said Jesús Roe."}\n'.encode("cp1252")
    path.write_bytes(latin + separated.encode("utf-8") + b"\n" + '{"text": "“Two,” said Jo Roe."}\n'.encode("utf-8"))
    one = extract_tables([str(path)], model="none")
    assert_same(extract_on_cluster([str(path)], client=client, model="none"), one)
    assert one.mentions["article_id"].tolist() == ["odd:1", "odd:2", "odd:3"]
    assert one.mentions["speaker"].iloc[0] == "Jesús Roe" and one.report.skipped == []
    assert one.report.notes == [f"{path}:1: not UTF-8 (byte 10): read as Windows-1252"]


def test_a_line_that_is_not_utf8_is_decoded_in_a_block_as_on_one_machine(client, tmp_path):
    path = tmp_path / "odd.jsonl"
    path.write_bytes('{"id": "a", "text": "“Uno,” said Jo Roe."}\n'.encode("utf-8")
                     + '{"id": "b", "text": "“Tres,” said Jesús Roe."}\n'.encode("cp1252"))
    one = extract_tables([str(path)], model="none")
    blocks = extract_on_cluster([str(path)], client=client, model="none", blocksize=40)
    assert_frame_equal(blocks.mentions, one.mentions)
    assert blocks.report.notes == [f"{path}[block 1]:2: not UTF-8 (byte 21): read as Windows-1252"]


def test_a_glob_and_a_scheduler_address_read_the_same_files(client, corpus):
    one = extract_tables(corpus, model="none")
    address = client.scheduler.address
    assert_same(extract_on_cluster([str(Path(corpus[0]).parent / "*.jsonl")], scheduler=address, model="none"), one)


def test_parquet_rows_are_read_like_jsonl_lines(client, tmp_path):
    rows = records()[:6] + [{"id": "no-text", "text": None}]
    rows[1] = {k: v for k, v in rows[1].items() if k != "id"}  # gets "<stem>:<row number>"
    frame = pd.DataFrame(rows, columns=["id", "text", "title", "outlet", "url", "published"])
    (tmp_path / "pq").mkdir()
    frame.iloc[:4].to_parquet(tmp_path / "pq" / "news.parquet", row_group_size=2)
    frame.iloc[4:].to_parquet(tmp_path / "pq" / "more.parquet")
    # The same rows as JSONL files with the same stems, in the folder's order, for one machine.
    (tmp_path / "jsonl").mkdir()
    as_jsonl = [write_jsonl(tmp_path / "jsonl" / "more.jsonl", rows[4:]),
                write_jsonl(tmp_path / "jsonl" / "news.jsonl", rows[:4])]
    one = extract_tables(as_jsonl, model="none")
    cluster = extract_on_cluster([tmp_path / "pq"], client=client, model="none")
    assert_frame_equal(cluster.mentions, one.mentions)
    assert_frame_equal(cluster.quotes, one.quotes)
    assert "news:2" in set(cluster.mentions["article_id"])
    assert cluster.report.read == one.report.read == 6
    [skipped] = cluster.report.skipped
    assert (skipped.source, skipped.reason) == (f"{tmp_path / 'pq' / 'more.parquet'}:3", "'text' is null, not a string")


def test_in_blocks_records_need_an_id(client, tmp_path):
    rows = [r for r in records() if "id" in r]
    jsonl = write_jsonl(tmp_path / "news.jsonl", rows + [{"text": "“No id,” said Jane Roe."}])
    one = extract_tables([write_jsonl(tmp_path / "expected.jsonl", rows)], model="none")
    cluster = extract_on_cluster([jsonl], client=client, model="none", blocksize=2_000)
    assert_frame_equal(cluster.mentions, one.mentions)
    assert_frame_equal(cluster.quotes, one.quotes)
    [skipped] = cluster.report.skipped
    assert skipped.source.startswith(f"{jsonl}[block ") and skipped.reason.startswith("no 'id' field")
    assert int(skipped.source.split("block ")[1].split("]")[0]) > 1  # the file was read in several blocks


def test_strict_raises_the_first_skipped_record_as_one_machine_does(client, corpus):
    with pytest.raises(InputError) as expected:
        extract_tables(corpus, model="none", strict=True)
    with pytest.raises(InputError, match="not JSON") as raised:
        extract_on_cluster(corpus, client=client, model="none", strict=True)
    assert str(raised.value) == str(expected.value)


def test_no_input_gives_empty_tables(client):
    assert_same(extract_on_cluster([], client=client), extract_tables([], model="none"))


def test_inputs_a_cluster_cannot_read_are_errors_not_silence(tmp_path):
    (tmp_path / "notes.txt").write_text("Text.")
    with pytest.raises(InputError, match="read on one machine only"):
        extract_on_cluster([tmp_path], model="none")
    with pytest.raises(InputError, match="no such file"):
        extract_on_cluster([tmp_path / "missing.jsonl"], model="none")


def test_a_partition_keeps_the_names_made_canonical_over_the_corpus():
    # Names made canonical over the corpus are final in a partition: with canonical_names=False a
    # partition never merges "Clinton" into "Hillary Clinton" on what it alone holds (here the two
    # carry the same quote, which over a corpus without another Clinton would merge them).
    row = {"quote": "We will win this race together", "quote_start": 0, "quote_end": 30, "detector": "marks",
           "confidence": 0.9, "speaker_type": "person"}
    rows = [{**row, "article_id": "a1", "speaker": "Clinton"},
            {**row, "article_id": "a2", "speaker": "Hillary Clinton"}]
    part = conform(pd.DataFrame(rows).reindex(columns=list(MENTIONS)), MENTIONS)
    assert len(deduplicate(part.copy(), canonical_names=False)) == 2
    assert len(deduplicate(part.copy())) == 1


@pytest.mark.model
def test_with_the_parser_on_worker_processes(corpus):
    one = extract_tables(corpus)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        assert_same(extract_on_cluster(corpus, client=client), one)


def test_a_copy_that_lost_its_attribution_joins_the_named_quote_on_a_cluster_too(client, tmp_path):
    said = "We will widen the harbour road before the winter storms come"
    lines = [{"id": "named", "text": f"“{said},” said Ann Lee, the harbour master."},
             {"id": "lost", "text": f"The notice was short.\n\n“{said}.”"},
             {"id": "short", "text": "“Short form,” Lee said."},
             {"id": "full", "text": f"“{said},” Lee told the council."}]
    path = write_jsonl(tmp_path / "news.jsonl", lines)
    one = extract_tables([path], model="none")
    assert one.quotes["n_articles"].iloc[0] == 3 and one.quotes["speaker"].iloc[0] == "Ann Lee"
    assert_same(extract_on_cluster([path], client=client, model="none"), one)
