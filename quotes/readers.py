"""Records out of each input format: CSV (any common delimiter), a JSON array, Parquet, and the
compressed forms of any of them. `quotes.io` turns each record into an `Article`.

Each reader yields `(source, default_id, record)` for a record, where `source` says where it was
("news.csv:12") and `default_id` is the article id when the record has none, or a `Skipped` for
what cannot be a record; what was read otherwise than as given goes in `notes`.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import lzma
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Union

from .types import Skipped

Item = Union[tuple[str, str, object], Skipped]
# The delimiters a spreadsheet export uses: a comma, or a semicolon where the comma is the decimal
# mark (most of Europe), a tab, a bar.
DELIMITERS = ",;\t|"
_SNIFF = 1 << 16


def open_compressed(path: Path, compression: str | None) -> BinaryIO:
    """The file's bytes, decompressed as its suffix says (gzip, bz2 and xz by the standard library,
    Zstandard by the `zstandard` package), for reading as a stream.

    Raises:
        OSError: the file cannot be opened.
    """
    if compression == "gzip":
        return gzip.open(path, "rb")
    if compression == "bz2":
        return bz2.open(path, "rb")
    if compression == "xz":
        return lzma.open(path, "rb")
    if compression == "zstd":
        import zstandard

        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
    return path.open("rb")


def csv_records(text: str, where: str, stem: str, notes: list[str], delimiter: str | None = None,
                text_column: str = "text") -> Iterator[Item]:
    """The rows of a CSV text under its header, as dicts. The delimiter is `delimiter` or, if None,
    sniffed from the header (a note says so when it is not a comma); a file with no `text_column`
    is one skipped record, not one per row. Line breaks
    inside a quoted cell are kept as written ("\\r\\n" stays "\\r\\n"), as pandas reads them, so
    that offsets into the text hold against `pandas.read_csv(path)["text"]`.

    Example:
        >>> notes = []
        >>> [r[2]["text"] for r in csv_records('id;text\\r\\n1;"Yes,\\r\\nno."\\r\\n', "x.csv", "x", notes)]
        ['Yes,\\r\\nno.']
        >>> notes
        ["x.csv: read as ';'-separated"]
    """
    if not text:
        return  # noted as an empty file
    if delimiter is None:
        delimiter = _sniffed(text)
        if delimiter != ",":
            notes.append(f"{where}: read as {delimiter!r}-separated")
    # An article of 20,000 words is one field: past the csv module's default limit of 131,072
    # characters, which would stop the run. (The whole text is in memory already.)
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    # Only line breaks end a row: str.splitlines would also cut at U+2028, a form feed and others.
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    fieldnames = reader.fieldnames or []
    if text_column not in fieldnames:
        columns = ", ".join(fieldnames) or "none"
        yield Skipped(where, f"no {text_column!r} column (columns: {columns}): say which holds the text with --text-field")
        return
    repeated = sorted({c for c in fieldnames if fieldnames.count(c) > 1})
    if repeated:
        notes.append(f"{where}: the header repeats {', '.join(map(repr, repeated))}: the last of each is read")
    _note_unclosed_quote(text, where, delimiter, notes)
    number = 0
    for number, row in enumerate(reader, start=1):
        source = f"{where}:{reader.line_num}"
        if None in row or any(v is None for v in row.values()):
            fields = sum(v is not None for k, v in row.items() if k is not None) + len(row.get(None, []))
            yield Skipped(source, f"row {number} after the header has {fields} fields, expected {len(fieldnames)}")
            continue
        yield source, f"{stem}:{number}", row
    if not number:
        notes.append(f"{where}: no rows under the header")


def _sniffed(text: str) -> str:
    """The delimiter that splits the header into the most columns (a comma when none splits it):
    the header is the one line sure to hold no free text, where a comma in an article would not
    fool the count as it fools `csv.Sniffer`."""
    header = text[:_SNIFF].split("\n", 1)[0]
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] > 1 else ","


def _note_unclosed_quote(text: str, where: str, delimiter: str, notes: list[str]) -> None:
    """A quoted field that is not closed where it should be takes the rows after it into its text,
    up to the next quotation mark or the end of the file: the csv module says nothing unless strict.
    Say where the quoting breaks, and how many rows are read from there on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        rows = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) - 1
        lines = text.count("\n") + (not text.endswith("\n")) - 1
        notes.append(f"{where}: the quoting breaks by line {reader.line_num} (a quoted field not closed where "
                     f"it should be): {rows:,} rows read from {lines:,} lines under the header, so a text may "
                     "hold the rows after it")


def json_records(text: str, where: str, stem: str) -> Iterator[Item]:
    """The records of a JSON file: an array of objects (each one record, `stem:N` counting from 1),
    or a single object.

    Example:
        >>> [r[:2] for r in json_records('[{"text": "Hi."}, {"text": "Yo."}]', "x.json", "x")]
        [('x.json[1]', 'x:1'), ('x.json[2]', 'x:2')]
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield Skipped(where, f"not JSON: {exc.msg} (line {exc.lineno}); JSON Lines files end in .jsonl")
        return
    except RecursionError:
        yield Skipped(where, "JSON nested deeper than can be read")
        return
    if isinstance(data, dict):
        yield where, stem, data
    elif isinstance(data, list):
        for number, record in enumerate(data, start=1):
            yield f"{where}[{number}]", f"{stem}:{number}", record
    else:
        yield Skipped(where, f"a JSON {type(data).__name__}, not an array of records")


def parquet_records(handle: BinaryIO, where: str, stem: str, batch_rows: int = 1024) -> Iterator[Item]:
    """The rows of a Parquet file as dicts, read a batch of rows at a time (a file of any size
    streams through); row N is `stem:N`.

    Example:
        >>> import io, pandas as pd
        >>> data = io.BytesIO(); pd.DataFrame({"text": ["Hi."]}).to_parquet(data)
        >>> [r[2]["text"] for r in parquet_records(io.BytesIO(data.getvalue()), "x.parquet", "x")]
        ['Hi.']
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        batches = pq.ParquetFile(handle).iter_batches(batch_size=batch_rows)
        number = 0
        for batch in batches:
            for record in batch.to_pylist():
                number += 1
                yield f"{where}:{number}", f"{stem}:{number}", record
    except (pa.ArrowException, OSError) as exc:
        yield Skipped(where, f"not a Parquet file that can be read: {str(exc).splitlines()[0]}")
