"""Which files a run reads: a path itself, or a folder's files of the known types, without the
files the engine writes (checkpoints, locks, tables being written, and tables an earlier run
wrote there). What a folder holds and is not read is named in a note, one per kind."""

from __future__ import annotations

import csv
import glob
import json
import os
from collections.abc import Iterable
from pathlib import Path

# What a file holds, by its suffix (under a compression suffix, if any).
KINDS = {".txt": "text", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "csv",
         ".parquet": "parquet", ".parq": "parquet", ".pq": "parquet"}
COMPRESSIONS = {".gz": "gzip", ".bz2": "bz2", ".xz": "xz", ".zst": "zstd"}
SUFFIXES = tuple(KINDS)


def file_kind(path: str | Path) -> tuple[str | None, str | None]:
    """What a file holds ("text", "jsonl", "json", "csv", "parquet", or None when its suffix does
    not say) and how it is compressed ("gzip", "bz2", "xz", "zstd" or None), by its suffixes.

    Example:
        >>> file_kind("news/day1.jsonl.gz"), file_kind("feed.ndjson"), file_kind("notes.md")
        (('jsonl', 'gzip'), ('jsonl', None), (None, None))
    """
    suffixes = [s.lower() for s in Path(path).suffixes]
    compression = COMPRESSIONS.get(suffixes[-1]) if suffixes else None
    if compression:
        suffixes = suffixes[:-1]
    return (KINDS.get(suffixes[-1]) if suffixes else None), compression


def count_records(paths: Iterable[str | Path], exclude: Iterable[str | Path] = ()) -> int | None:
    """About how many records `read_articles(paths)` will read (each line of a JSONL file counts,
    blank or not), for a progress bar; None when standard input or a pipe is among them, as
    counting would use up what reading needs.

    Example:
        >>> count_records(["data/seeds"])
        2
    """
    total = 0
    for path in map(Path, paths):
        if str(path) == "-" or not path.exists() or not (path.is_dir() or path.is_file()):
            return None  # standard input, a pipe, or a glob pattern
        for file in input_files(path, exclude):
            count = _count(file)
            if count is None:
                return None
            total += count
    return total


def glob_matches(path: str | Path) -> list[Path] | None:
    """The paths a glob pattern matches (`**` too), sorted, when `path` is a pattern that names no
    existing file (quoted, so the shell did not expand it); None when it is not one.

    Example:
        >>> glob_matches("data/seeds/*.txt")[0].name, glob_matches("data/seeds")
        ('000_8aa83848c849b751.txt', None)
    """
    if Path(path).exists() or not any(c in str(path) for c in "*?["):
        return None
    return [Path(m) for m in sorted(glob.glob(str(path), recursive=True))]


def input_files(path: str | Path, exclude: Iterable[str | Path] = (), notes: list[str] | None = None) -> list[Path]:
    """The input files `path` names: itself, or a folder's regular files of the known types, sorted,
    without the engine's own files (`is_own_file`) and those in `exclude`.

    What a folder holds that is not read is named in `notes`, one note per kind: files of other
    types, links that lead nowhere or to a folder (not followed: a link can loop), what is not a
    regular file (a named pipe, a socket), and sub-folders that cannot be read.

    Example:
        >>> [p.name for p in input_files("data/seeds")]
        ['000_8aa83848c849b751.txt', '001_1763868abcd655a7.txt']
    """
    path = Path(path)
    if not path.is_dir():
        return [path]
    skip = exclude if isinstance(exclude, frozenset) else resolved_paths(exclude)
    found, unread = [], {}
    for entry in sorted(path.rglob("*")):
        if entry.is_symlink() and not entry.exists():
            unread.setdefault("links that lead nowhere", []).append(entry)
        elif entry.is_symlink() and entry.is_dir():
            unread.setdefault("links to folders, not followed", []).append(entry)
        elif entry.is_dir():
            if not os.access(entry, os.R_OK | os.X_OK):
                unread.setdefault("folders that cannot be read", []).append(entry)
        elif not entry.is_file():
            unread.setdefault("not regular files (a pipe, a socket, a device)", []).append(entry)
        elif entry.resolve() in skip:
            continue  # this run's own outputs
        elif is_own_file(entry):
            unread.setdefault("files the engine writes (checkpoints, locks, tables being written)", []).append(entry)
        elif file_kind(entry)[0] is None:
            unread.setdefault("files of other types", []).append(entry)
        elif own_table(entry) is not None:
            unread.setdefault("tables written by quotes", []).append(entry)
        else:
            found.append(entry)
    if notes is not None:
        for kind, entries in unread.items():
            names = ", ".join(str(e) for e in entries[:5]) + (f" and {len(entries) - 5:,} more" if len(entries) > 5 else "")
            notes.append(f"{path}: not read, {len(entries):,} {kind}: {names}")
    return found


def is_own_file(path: str | Path) -> bool:
    """Whether a file in an input folder is one the engine writes: a run's checkpoint
    (`*.progress.jsonl`), its lock (`*.lock`) or a table being written (`.*.partial`).

    Example:
        >>> is_own_file("out/quotes.csv.progress.jsonl"), is_own_file("news/day1.jsonl")
        (True, False)
    """
    name = Path(path).name
    return name.endswith((".progress.jsonl", ".lock")) or (name.startswith(".") and name.endswith(".partial"))


def own_table(path: str | Path) -> str | None:
    """Which of the engine's tables a CSV, JSONL or Parquet file is, by its header, its first
    record's fields or its schema ("mentions", "quotes" or "skipped"), or None: an earlier run's
    output in an input folder is not news.

    Example:
        >>> own_table("data/seeds/000_8aa83848c849b751.txt") is None
        True
    """
    from .table import table_of

    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
        if head.startswith(b"PAR1"):
            import pyarrow.parquet as pq

            return table_of(set(pq.read_schema(path).names))
    except (OSError, ValueError):  # ValueError: pyarrow's errors, a broken Parquet file
        return None  # reading it will say why
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", "replace").strip()
    # by content, whatever the name says: "-o q.txt --format csv" writes a CSV table
    try:
        columns = set(next(csv.reader([first]), []))
    except csv.Error:  # a bare carriage return, a binary file: not a table of ours
        return None
    if first.startswith("{"):
        try:
            record = json.loads(first)
        except (ValueError, RecursionError):  # not JSON, or nested past what the parser follows
            return None
        columns = set(record) if isinstance(record, dict) else set()
    return table_of(columns)


def table_kind(path: str | Path) -> str | None:
    """"quotes" or "mentions" for a CSV, JSONL or Parquet file that holds one of the engine's
    tables, or at least the columns a quote is looked up by (a quotes table has quote_id and
    quote, a mentions table quote_start too: a table written before some columns were added, or
    cut down), else None: news, a folder, or what cannot be read.

    Example:
        >>> table_kind("data/samples/articles.csv") is None
        True
    """
    import pandas as pd

    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file() or suffix not in (".csv", ".jsonl", ".parquet", ".parq", ".pq"):
        return None
    try:
        if suffix in (".csv", ".jsonl"):
            own = own_table(path)
            if own in ("quotes", "mentions"):
                return own
            columns = set(pd.read_csv(path, nrows=0).columns if suffix == ".csv"
                          else pd.read_json(path, lines=True, nrows=1).columns)
        else:
            import pyarrow.parquet as pq

            columns = set(pq.read_schema(path).names)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if {"quote_id", "quote"} <= columns:
        return "mentions" if "quote_start" in columns else "quotes"
    return None


def resolved_paths(paths: Iterable[str | Path]) -> frozenset[Path]:
    return frozenset(Path(p).resolve() for p in paths if p is not None and str(p) != "-")


def _count(path: Path) -> int | None:
    kind, compression = file_kind(path)
    if kind == "text":
        return 1
    if compression or kind == "json":
        return None  # known only by reading it all
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if kind == "csv":  # a quoted field may hold line breaks: count rows, not lines
            csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size + 1))
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        with path.open("rb") as handle:
            newlines, last = 0, b"\n"
            while chunk := handle.read(1 << 20):
                newlines, last = newlines + chunk.count(b"\n"), chunk[-1:]
            return newlines + (last != b"\n")
    except (OSError, ValueError, csv.Error):  # ValueError: pyarrow's errors
        return 0  # reading it will say why
