"""The same extraction on a Dask cluster: `extract_on_cluster()` gives what `pipeline.extract_tables()` gives.

What runs where, and what moves:

1. Workers read the input (one partition per JSONL or Parquet file, or per block of one) and extract
   the mentions; each worker process loads the engine once. The mentions stay on the workers.
2. The client gathers, per partition, only each record's article id and source, and the skipped
   records. Replayed in input order, they give the `ReadReport` and the repeated ids to skip, exactly
   as `io.read_articles` does (the first in input order wins).
3. The client gathers what naming speakers across the corpus reads of each mention (its article,
   speaker, how it was written, outlet, headline, URL, date and quote: about the size of the
   quotes) and makes the speakers canonical over the whole corpus, and finds the one named speaker
   whose quote each quote with no speaker may join (`dedup.partition_keys`); what changes goes
   back to the workers.
4. Mentions are shuffled by that speaker and each partition is deduplicated with
   `canonical_names=False`. A quote row never spans two named speakers and quote ids hash content
   only, so the rows are those of one machine.
5. Both tables are gathered to the client and put in the one-machine order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .dedup import NAME_EVIDENCE, DedupOptions, deduplicate, normalize_quote, partition_keys
from .errors import InputError, QuotesError
from .io import FIELDS, ReadReport, decode_line, read_jsonl_file, read_jsonl_lines
from .pipeline import DETECTORS, Engine, Tables, extract_mentions
from .speakers.scoring import MIN_CONFIDENCE
from .table import MENTIONS, QUOTES, conform, empty_frame, mentions_frame
from .types import Article, Skipped

if TYPE_CHECKING:
    from dask.distributed import Client

JSONL = (".jsonl",)
PARQUET = (".parquet", ".parq", ".pq")
# Read on one machine only: a cluster run says so rather than leave them out.
_LOCAL_ONLY = (".txt", ".csv")
# The stem given to records read in blocks, where line numbers are not known: they need their own id.
_NO_ID = "\x00no-id"

Item = Article | Skipped | str  # a record as read: an article, or why it could not be one; or a note
Ledger = list[Skipped | tuple[str, str] | str]  # a partition's records in order: skipped, (id, source) or a note
_ORDER = ["_part", "_seq"]
_META = empty_frame(MENTIONS).assign(_part=pd.Series(dtype="int64"), _seq=pd.Series(dtype="int64"))


def extract_on_cluster(
    paths: Iterable[str],
    *,
    scheduler: str | None = None,
    client: Client | None = None,
    model: str | None = None,
    detectors: Sequence[str] = DETECTORS,
    options: DedupOptions = DedupOptions(),
    strict: bool = False,
    parse: str = "focus",
    blocksize: int | str | None = None,
    min_speaker_confidence: float = MIN_CONFIDENCE,
) -> Tables:
    """Read, extract and deduplicate on a Dask cluster; the same tables as `pipeline.extract_tables`.

    Inputs are JSONL files (one article a line) and Parquet files (one a row), with a `text` field
    and optional `id`, `title`, `outlet`, `url`, `published`: local paths or any URL fsspec reads
    (`s3://…`, `gs://…`, with the credentials of the environment), globs, or folders (their `.jsonl`
    and `.parquet` files, recursively, in the order `read_articles` uses). A record without an `id`
    gets `<file stem>:<line number>`, or `<file stem>:<row number>` (1-based, within the file) for
    Parquet. With a `blocksize`, a file is read in blocks of about that many bytes (JSONL) or row
    groups (Parquet), so line and row numbers are not known: a record then needs an `id`, else it
    is skipped, and sources read `file[block 2]:15` (line 15 of the file's second block).

    What is gathered to the client: each record's id and source, the skipped records, the distinct
    speaker names with their counts, and at the end both tables (for writing them). Mentions are
    deduplicated on the workers, partitioned by speaker.

    The client lists the files and the workers read them, so both must reach them (a shared folder or
    a URL); skipped records name files by their full path or URL. Workers need `quotes` (and the spaCy
    pipeline named by `model`) installed. With no `client` and no `scheduler` a local cluster is
    started, one single-threaded worker process per core: in a script, call this under
    `if __name__ == "__main__":`, as for any Dask local cluster.

    Args:
        paths: files, folders, globs or URLs, in the order their articles should come.
        scheduler: the address of a running Dask scheduler, e.g. "tcp://10.0.0.5:8786".
        client: a `dask.distributed.Client` to use instead (it is left open).
        model, detectors, options, strict, parse: as for `pipeline.extract_tables`; with `strict=True` the
            first skipped record, in input order, raises `InputError` once every partition is read.
        blocksize: None for one partition per file, else bytes per partition (e.g. "64MiB").

    Returns:
        `Tables`: mentions and quotes exactly as `extract_tables` gives them, and the `ReadReport`.

    Example:
        >>> tables = extract_on_cluster(["news/*.jsonl"], scheduler="tcp://10.0.0.5:8786")  # doctest: +SKIP
        >>> tables.quotes.to_csv("quotes.csv", index=False)  # doctest: +SKIP
    """
    detectors = tuple(detectors)
    Engine.load("none", detectors, parse=parse, min_speaker_confidence=min_speaker_confidence)  # a bad option fails here
    inputs = _inputs(paths)
    if not inputs:
        mentions = mentions_frame([])
        return Tables(mentions, deduplicate(mentions, options), ReadReport())
    with _connect(client, scheduler) as connected:
        return _run(connected, inputs, (model, detectors, parse, min_speaker_confidence), options, strict, blocksize)


def _run(client: Client, inputs: list[tuple[str, str]], recipe: tuple, options, strict, blocksize) -> Tables:
    import dask.dataframe as dd
    from dask import delayed

    parts = _partitions(inputs, blocksize)
    pairs = [delayed(_extract_part, nout=2)(part, k, recipe) for k, part in enumerate(parts)]
    futures = client.compute([f for f, _ in pairs] + [ledger for _, ledger in pairs])
    frames, ledgers = futures[: len(pairs)], futures[len(pairs) :]
    report, repeated = _replay(client.gather(ledgers), strict)
    mentions = dd.from_delayed(frames, meta=_META, verify_meta=False)
    if repeated:
        mentions = mentions.map_partitions(_drop, frozenset(repeated), meta=_META)
    renamed = _renamed(client, mentions, options)
    keyed = mentions.map_partitions(_canonical, renamed, meta=_META.assign(_speaker=pd.Series(dtype="string")))
    by_speaker = keyed.shuffle("_speaker", npartitions=keyed.npartitions)
    results = [delayed(_deduplicate_part, nout=2)(p, options) for p in by_speaker.to_delayed()]
    gathered = client.gather(client.compute([part for pair in results for part in pair]))
    mentions = pd.concat(gathered[0::2]).sort_values(_ORDER)
    quotes = pd.concat(gathered[1::2]).sort_values(["n_articles", "quote_id"], ascending=[False, True])
    return Tables(conform(mentions, MENTIONS), conform(quotes, QUOTES), report)


@contextmanager
def _connect(client: Client | None, scheduler: str | None) -> Iterator[Client]:
    from dask.distributed import Client, LocalCluster
    from dask.system import CPU_COUNT  # the cores this process may use

    if client is not None:
        if scheduler is not None:
            raise QuotesError("give a Dask client or a scheduler address, not both")
        yield client
    elif scheduler is not None:
        try:
            own = Client(scheduler)
        except (OSError, ValueError) as exc:
            raise QuotesError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with own:
            yield own
    else:
        # Single-threaded workers: parsing holds the GIL, and one process per core parses in parallel.
        with LocalCluster(n_workers=CPU_COUNT, threads_per_worker=1) as cluster, Client(cluster) as own:
            yield own


# ----------------------------------------------------------------------------- inputs and partitions
def _inputs(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(location, kind) of each file to read, in the order `io.read_articles` would read them."""
    import fsspec

    files = []
    for path in paths:
        fs, _, found = fsspec.get_fs_token_paths(str(path))
        found = [p for p in found if fs.exists(p)]
        if not found:
            raise InputError(f"{path}: no such file or folder")
        for name in sorted(found, key=_path_order):
            local = "file" in fs.protocol
            in_folder = fs.isdir(name)
            members = sorted(fs.find(name), key=_path_order) if in_folder else [name]
            for member in members:
                kind = _kind(member, in_folder)
                if kind:
                    files.append((member if local else fs.unstrip_protocol(member), kind))
    return files


def _path_order(name: str) -> tuple[str, ...]:
    # Paths compare part by part, as `read_articles` sorts them ("a/b" before "a-b").
    return PurePosixPath(name).parts


def _kind(name: str, in_folder: bool) -> str | None:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in JSONL:
        return "jsonl"
    if suffix in PARQUET:
        return "parquet"
    if suffix in _LOCAL_ONLY:
        raise InputError(f"{name}: {suffix} files are read on one machine only; on a cluster use .jsonl or .parquet")
    if in_folder:
        return None  # as on one machine, a folder's other files (notes, _SUCCESS, _metadata) are not input
    raise InputError(f"{name}: unsupported file type {suffix or '(none)'!r}; on a cluster use .jsonl or .parquet")


def _partitions(inputs: list[tuple[str, str]], blocksize) -> list:
    """One delayed list of `Item`s per partition, in input order."""
    import dask.bag as db

    whole = [url for url, kind in inputs if kind == "jsonl"] if blocksize is None else []
    # One bag partition per whole JSONL file, so that line numbers (and default ids) are those of the file.
    files = db.from_sequence(whole, partition_size=1).map_partitions(_read_jsonl).to_delayed() if whole else []
    by_file = dict(zip(whole, files))
    parts = []
    for url, kind in inputs:
        if url in by_file:
            parts.append(by_file[url])
        elif kind == "jsonl":
            parts += _jsonl_blocks(url, blocksize)
        else:
            parts += _parquet_parts(url, blocksize)
    return parts


def _jsonl_blocks(url: str, blocksize) -> list:
    import dask.bag as db
    from dask import delayed

    # Undecodable bytes are kept (as surrogates) so that their line alone is decoded otherwise.
    blocks = db.read_text(url, blocksize=blocksize, encoding="utf-8-sig", errors="surrogateescape").to_delayed()
    return [delayed(_read_block)(lines, f"{url}[block {k}]") for k, lines in enumerate(blocks, 1)]


def _parquet_parts(url: str, blocksize) -> list:
    import dask.dataframe as dd
    from dask import delayed

    whole = blocksize is None
    frame = dd.read_parquet(url, split_row_groups=False if whole else "infer", blocksize=blocksize or "default")
    if "text" not in frame.columns:
        raise InputError(f"{url}: no 'text' column (columns: {', '.join(map(str, frame.columns)) or 'none'})")
    chunks = frame[[c for c in ("text", *FIELDS) if c in frame.columns]].to_delayed()
    if whole:  # one partition: row numbers are those of the file
        return [delayed(_read_rows)(chunk, url, _stem(url)) for chunk in chunks]
    return [delayed(_read_rows)(chunk, f"{url}[block {k}]", _NO_ID) for k, chunk in enumerate(chunks, 1)]


# ----------------------------------------------------------------------------- on the workers: reading
def _read_jsonl(urls: list[str]) -> list[Item]:
    """Whole JSONL files, read as `io.read_articles` reads them (`io.read_jsonl_file`)."""
    import fsspec

    items: list[Item] = []
    for url in urls:
        with fsspec.open(url, "rb") as file:
            items += _in_order(lambda report: read_jsonl_file(file, url, _stem(url), report), _stem(url))
    return items


def _read_block(lines: list[str], where: str) -> list[Item]:
    """A block of a JSONL file; a line that is not UTF-8 is decoded alone, as `io.decode_line` decodes it."""
    decoded, notes = [], []
    for number, line in enumerate(lines, 1):  # a new list: a task's input may be shared with others
        if _undecoded(line):
            line, note = decode_line(line.encode("utf-8", "surrogateescape"))
            notes.append(f"{where}:{number}: {note}")
        decoded.append(line)
    return notes + _in_order(lambda report: read_jsonl_lines(decoded, where, _NO_ID, report), _NO_ID)


def _undecoded(line: str) -> bool:
    return any("\udc80" <= char <= "\udcff" for char in line)


def _read_rows(frame: pd.DataFrame, where: str, stem: str) -> list[Item]:
    """Parquet rows as JSON lines, so that a row becomes an article by the very rules of a JSONL line."""
    lines = [json.dumps({k: _plain(v) for k, v in row.items()}, default=_jsonable) for row in frame.to_dict("records")]
    return _in_order(lambda report: read_jsonl_lines(lines, where, stem, report), stem)


def _plain(value):
    missing = value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    return None if missing else value


def _jsonable(value):
    """What json cannot write: dates as ISO 8601, numpy scalars as numbers, bytes as UTF-8 text."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _in_order(read: Callable[[ReadReport], Iterator[Article]], stem: str) -> list[Item]:
    """The articles `read(report)` yields, with the records it skipped kept in place among them."""
    report = ReadReport()
    items: list[Item] = []
    for article in read(report):
        items += report.notes + report.skipped  # noted or skipped while reading the lines before this article
        report.notes.clear()
        report.skipped.clear()
        items.append(article)
    items += report.notes + report.skipped
    return [_needs_id(item) for item in items] if stem == _NO_ID else items


def _needs_id(item: Item) -> Item:
    if isinstance(item, Article) and item.id.startswith(_NO_ID):
        return Skipped(item.source, "no 'id' field (a record read in blocks needs one)")
    if isinstance(item, Skipped) and (item.article_id or "").startswith(_NO_ID):
        return replace(item, article_id=None)
    return item


def _stem(url: str) -> str:
    return PurePosixPath(url).stem


# ----------------------------------------------------------------------------- on the workers: extraction
@lru_cache(maxsize=4)
def _engine(model: str | None, detectors: tuple[str, ...], parse: str, min_speaker_confidence: float) -> Engine:
    # Once per worker process: loading the spaCy pipeline takes seconds.
    return Engine.load(model, detectors, parse=parse, min_speaker_confidence=min_speaker_confidence)


def _extract_part(items: list[Item], part: int, recipe: tuple) -> tuple[pd.DataFrame, Ledger]:
    """The mentions of one partition (tagged with their order) and its ledger of records."""
    first: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Article):
            first.setdefault(item.id, item)  # a repeat within the partition is skipped by the replay
    notes: list[str] = []  # an article past the parse budget: on the client, a note like a reading one
    frame = mentions_frame(extract_mentions(first.values(), _engine(*recipe), note=notes.append))
    frame = frame.assign(_part=np.full(len(frame), part, dtype="int64"), _seq=np.arange(len(frame), dtype="int64"))
    ledger: Ledger = [(i.id, i.source) if isinstance(i, Article) else i for i in items] + notes
    return frame, ledger


# ----------------------------------------------------------------------------- on the client: the read report
def _replay(ledgers: list[Ledger], strict: bool) -> tuple[ReadReport, set[tuple[int, str]]]:
    """The `ReadReport` of `io.read_articles` over all partitions in order, and the (partition, id)
    pairs whose mentions repeat an article id first read in an earlier partition."""
    report, first_part, repeated = ReadReport(), {}, set()
    for part, ledger in enumerate(ledgers):
        for entry in ledger:
            if isinstance(entry, str):
                report.notes.append(entry)
                continue
            if isinstance(entry, tuple):
                article_id, source = entry
                if article_id not in first_part:
                    first_part[article_id] = part
                    report.read += 1
                    continue
                if first_part[article_id] != part:
                    repeated.add((part, article_id))
                entry = Skipped(source, f"duplicate article id {article_id!r}", article_id)
            if strict:
                raise InputError(f"{entry.source}: {entry.reason}")
            report.skipped.append(entry)
    return report, repeated


# ----------------------------------------------------------------------------- on the workers: deduplication
def _drop(frame: pd.DataFrame, repeated: frozenset[tuple[int, str]]) -> pd.DataFrame:
    keep = [(part, article) not in repeated for part, article in zip(frame["_part"], frame["article_id"])]
    return frame[keep]


def _renamed(client: Client, mentions, options: DedupOptions) -> dict[tuple[int, int], tuple[str | None, str]]:
    """For each mention ((partition, sequence)), its speaker and partition key (`partition_keys`)
    where they differ from its own speaker: both read the whole corpus's names and quotes, so what
    they read of each mention is gathered here."""
    columns = [*NAME_EVIDENCE, "quote", "part", *_ORDER]
    # On this client, not the default one.
    evidence = client.compute(mentions[columns]).result().sort_values(_ORDER).reset_index(drop=True)
    speakers, keys = partition_keys(evidence, options)
    before = evidence["speaker"].tolist()
    own = [normalize_quote(s) if isinstance(s, str) else "" for s in before]
    changed = np.array([(a if isinstance(a, str) else None) != (b if isinstance(b, str) else None) or k != o
                        for a, b, k, o in zip(speakers.tolist(), before, keys.tolist(), own)], dtype=bool)
    places = zip(evidence["_part"][changed].tolist(), evidence["_seq"][changed].tolist())
    return dict(zip(places, zip(speakers[changed].tolist(), keys[changed].tolist())))


def _canonical(frame: pd.DataFrame, renamed: dict[tuple[int, int], tuple[str | None, str]]) -> pd.DataFrame:
    """Corpus-wide speaker names, and the key that keeps in one partition each speaker's mentions
    and those with no speaker that may join its quotes."""
    places = list(zip(frame["_part"].tolist(), frame["_seq"].tolist()))
    names = [renamed[p][0] if p in renamed else name for p, name in zip(places, frame["speaker"])]
    speaker = pd.Series(names, index=frame.index, dtype=MENTIONS["speaker"][0])
    keys = [renamed[p][1] if p in renamed else (normalize_quote(name) if isinstance(name, str) else "")
            for p, name in zip(places, speaker)]
    return frame.assign(speaker=speaker, _speaker=pd.Series(keys, index=frame.index, dtype="string"))


def _deduplicate_part(frame: pd.DataFrame, options: DedupOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    mentions = frame.drop(columns="_speaker").reset_index(drop=True)
    quotes = deduplicate(mentions, options, canonical_names=False)  # also sets mentions["quote_id"]
    return mentions, quotes
