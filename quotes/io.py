"""Input: read files, folders, globs and standard input into `Article`s: plain text, JSON Lines,
a JSON array, CSV and Parquet, compressed or not (`quotes.readers` reads each format's records).

Nothing is dropped silently: a record that cannot become an article is reported as `Skipped`
with its file, line and reason, so that input records = articles + skipped, always.
"""

from __future__ import annotations

import codecs
import io
import json
import lzma
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .dates import is_ambiguous, read_date
from .errors import InputError
from .files import COMPRESSIONS, KINDS, file_kind, glob_matches, input_files, resolved_paths
from .options import INPUT_FORMATS
from .readers import Item, csv_records, json_records, open_compressed, parquet_records
from .types import Article, Skipped

FIELDS = ("id", "title", "outlet", "url", "published")


@dataclass(frozen=True)
class Reading:
    """How to read the input.

    fields: the input's name for each of an article's fields ("text", "id", "title", "outlet",
        "url", "published") where it is not that name: {"text": "body", "published": "date"}.
    format: one of `options.INPUT_FORMATS`: "auto" (by each file's suffix; standard input by its
        first character: JSON Lines, a JSON array, Parquet, else one plain-text article), or the
        format every input is read as.

    Raises:
        InputError: an unknown field or format.
    """

    fields: Mapping[str, str] = field(default_factory=dict)
    format: str = "auto"

    def __post_init__(self):
        unknown = sorted(set(self.fields) - {"text", *FIELDS})
        if unknown:
            raise InputError(f"no article field {', '.join(map(repr, unknown))}: the fields are text, {', '.join(FIELDS)}")
        if self.format not in INPUT_FORMATS:
            raise InputError(f"unknown input format {self.format!r}: choose from {', '.join(INPUT_FORMATS)}")

    def name(self, field_name: str) -> str:
        """The input's name for an article field."""
        return self.fields.get(field_name) or field_name


@dataclass
class ReadReport:
    """How many articles were read, and which records were skipped and why; filled in while reading."""

    read: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # read, but not as given: "source: what was done"


def read_articles(
    paths: Iterable[str | Path], report: ReadReport | None = None, *, strict: bool = False, exclude: Iterable[str | Path] = (),
    reading: Reading = Reading(),
) -> Iterator[Article]:
    """Yield the articles in `paths` (files, folders, glob patterns such as "news/*.jsonl.gz", or
    "-" for standard input), in a stable order, read as `reading` says.

    Records that cannot be read are added to `report.skipped`; with `strict=True` the first one
    raises `InputError` instead. Article ids must be unique: a repeated id is skipped. In a folder,
    the engine's own files (`is_own_file`) and those in `exclude` (this run's outputs) are not input.

    Example:
        >>> from pathlib import Path
        >>> [a.id for a in read_articles([Path("data/samples")])][:1]
        ['csv-zoo']
    """
    report = report if report is not None else ReadReport()
    seen: set[str] = set()
    skip = resolved_paths(exclude)
    for path in paths:
        for article in _read_path(path, report, strict, skip, reading):
            if article.id in seen:
                _skip(report, strict, Skipped(article.source, f"duplicate article id {article.id!r}", article.id))
                continue
            seen.add(article.id)
            report.read += 1
            yield article


def _skip(report: ReadReport, strict: bool, skipped: Skipped) -> None:
    if strict:
        raise InputError(f"{skipped.source}: {skipped.reason}")
    report.skipped.append(skipped)


def _read_path(path: str | Path, report: ReadReport, strict: bool, exclude: frozenset[Path], reading: Reading) -> Iterator[Article]:
    if str(path) == "-":
        yield from _read_stdin(report, strict, reading)
        return
    path = Path(path)
    matches = glob_matches(path)  # a pattern the shell did not expand: quoted, or from a script
    if path.exists():
        files = input_files(path, exclude, report.notes)
    elif matches is not None:
        if not matches:
            _skip(report, strict, Skipped(str(path), "no file matches the pattern"))
        files = [f for match in matches for f in input_files(match, exclude, report.notes)]
    else:
        _skip(report, strict, Skipped(str(path), "no such file or folder"))
        return
    for file in files:
        yield from _read_file(file, report, strict, reading)


def _read_stdin(report: ReadReport, strict: bool, reading: Reading) -> Iterator[Article]:
    raw = getattr(sys.stdin, "buffer", None)  # absent when a caller swapped in a text stream
    if raw is None:
        yield from read_jsonl_lines(sys.stdin, "<stdin>", "stdin", report, strict, reading)
        return
    handle = io.BufferedReader(raw, _SNIFF) if not hasattr(raw, "peek") else raw
    kind = reading.format
    if kind == "auto":
        head = handle.peek(_SNIFF)[:_SNIFF]
        wide = _wide_encoding(head)
        # the first character, of UTF-16 or UTF-32 too
        start = (head.decode(wide, errors="ignore") if wide else head.decode("utf-8", errors="ignore")).lstrip("\ufeff \t\r\n").encode()
        kind = "parquet" if start.startswith(b"PAR1") else "json" if start.startswith(b"[") else \
            "jsonl" if start.startswith(b"{") or not start else "text"
        if kind == "text":
            report.notes.append("<stdin>: not JSON Lines: read as one plain-text article (--input-format says how else)")
    yield from _read_stream(handle, kind, "<stdin>", "stdin", report, strict, reading)


def _read_file(path: Path, report: ReadReport, strict: bool, reading: Reading) -> Iterator[Article]:
    kind, compression = file_kind(path)
    kind = kind if reading.format == "auto" else reading.format
    if kind is None:
        known = ", ".join(KINDS)
        _skip(report, strict, Skipped(str(path), f"unsupported file type {path.suffix or '(none)'!r}: use {known} (compressed "
                                                 f"too: {', '.join(COMPRESSIONS)}), or say how to read it with --input-format"))
        return
    name = path.name[: -len(path.suffix)] if compression else path.name
    try:
        with open_compressed(path, compression) as handle:
            yield from _read_stream(handle, kind, str(path), Path(name).stem, report, strict, reading,
                                    tab=name.lower().endswith(".tsv"))
    except (OSError, EOFError, lzma.LZMAError, ValueError) as exc:
        # a file that cannot be opened, or compressed data that ends or breaks part way
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        _skip(report, strict, Skipped(str(path), f"cannot read: {reason}"))


def _read_stream(handle, kind: str, where: str, stem: str, report: ReadReport, strict: bool, reading: Reading,
                 tab: bool = False) -> Iterator[Article]:
    """The articles of one input of a known kind, from its bytes."""
    if kind == "jsonl":
        yield from read_jsonl_file(handle, where, stem, report, strict, reading)
        return
    if kind == "parquet":
        data = handle if handle.seekable() else io.BytesIO(handle.read())  # Parquet's index is at its end
        yield from _articles(parquet_records(data, where, stem), report, strict, reading)
        return
    raw = handle.read()
    if not _is_text(raw, where, report, strict):
        return
    text, note = decode(raw)
    if note:
        report.notes.append(f"{where}: {note}")
    if kind == "csv":
        # line breaks inside a cell as written, as pandas.read_csv gives them: offsets hold against it
        records = csv_records(text, where, stem, report.notes, "\t" if tab else None, reading.name("text"))
        yield from _articles(records, report, strict, reading)
    elif kind == "json":
        yield from _articles(json_records(text, where, stem), report, strict, reading)
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")  # as Python's text mode reads line endings
        yield Article(id=stem, text=text, source=where)


def _articles(items: Iterable[Item], report: ReadReport, strict: bool, reading: Reading) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Skipped):
            _skip(report, strict, item)
            continue
        source, default_id, record = item
        article = _article(record, source, default_id, report, strict, reading)
        if article is not None:
            yield article


# How much of a file is looked at to tell text from binary, as `file` and git do.
_SNIFF = 8192
# UTF-32's marks first: UTF-32-LE's begins with UTF-16-LE's.
_BYTE_ORDER_MARKS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _wide_encoding(head: bytes) -> str | None:
    return next((encoding for bom, encoding in _BYTE_ORDER_MARKS if head.startswith(bom)), None)


def _is_text(head: bytes, where: str, report: ReadReport, strict: bool) -> bool:
    """False, with the file skipped, for a binary file: text in UTF-8 or a one-byte encoding has no
    NUL byte (UTF-16 and UTF-32 do, and announce themselves with a byte-order mark)."""
    if not head:
        report.notes.append(f"{where}: empty file")
    nul = head.find(0, 0, _SNIFF)
    if nul < 0 or _wide_encoding(head):
        return True
    _skip(report, strict, Skipped(where, f"a binary file, not text (a NUL byte at {nul})"))
    return False


def decode(raw: bytes) -> tuple[str, str | None]:
    """A whole file's bytes as text, and a note saying how when it was not plain UTF-8: UTF-16 and
    UTF-32 by their byte-order mark, anything else as `decode_line` decodes it.

    Example:
        >>> decode("“Sí”".encode("utf-16"))
        ('“Sí”', 'read as UTF-16 (it has a byte-order mark)')
    """
    wide = _wide_encoding(raw)
    if wide:
        return raw.decode(wide, errors="replace"), _wide_note(wide)
    return decode_line(raw)


def _wide_note(encoding: str) -> str:
    return f"read as {encoding.upper()} (it has a byte-order mark)"


def decode_line(raw: bytes) -> tuple[str, str | None]:
    """`raw` as text, and a note saying how when it was not UTF-8 (with or without a byte-order
    mark): as Windows-1252, the usual encoding of text that is not UTF-8 in English news, or, where
    that has no character for a byte, Latin-1 (which has one for every byte).

    Example:
        >>> decode_line("Jesús".encode("utf-8")), decode_line("Jesús".encode("latin-1"))
        (('Jesús', None), ('Jesús', 'not UTF-8 (byte 3): read as Windows-1252'))
    """
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        where = f"not UTF-8 (byte {exc.start - raw.startswith(codecs.BOM_UTF8) * 3})"
    try:
        return raw.decode("cp1252"), f"{where}: read as Windows-1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), f"{where}: read as Latin-1"


def read_jsonl_file(handle, where: str, stem: str, report: ReadReport, strict: bool = False,
                    reading: Reading | None = None) -> Iterator[Article]:
    """Articles from a JSONL file opened in binary, line by line, so that a file of any size streams
    through; UTF-16 and UTF-32 are read by their byte-order mark, and a binary file is skipped."""
    if not hasattr(handle, "peek"):
        handle = io.BufferedReader(handle, _SNIFF)
    head = handle.peek(_SNIFF)[:_SNIFF]  # a look, not a read: a pipe cannot go back
    if not _is_text(head, where, report, strict):
        return
    wide = _wide_encoding(head)
    if wide:
        report.notes.append(f"{where}: {_wide_note(wide)}")
        lines = io.TextIOWrapper(handle, encoding=wide, errors="replace")
        yield from read_jsonl_lines(lines, where, stem, report, strict, reading)
    else:
        yield from read_jsonl_bytes(handle, where, stem, report, strict, reading)


def read_jsonl_bytes(raw_lines: Iterable[bytes], where: str, stem: str, report: ReadReport, strict: bool = False,
                     reading: Reading | None = None) -> Iterator[Article]:
    """`read_jsonl_lines` over undecoded lines (a file opened in binary): only a line feed ends a line
    (a U+2028 inside a string does not), and a line that is not UTF-8 is decoded on its own (see
    `decode_line`), with a note.

    Example:
        >>> report = ReadReport()
        >>> [a.text for a in read_jsonl_bytes([b'{"text": "Hi."}\\n', b'{"text": "Jes\\xfas."}'], "x.jsonl", "x", report)]
        ['Hi.', 'Jesús.']
        >>> report.notes
        ['x.jsonl:2: not UTF-8 (byte 13): read as Windows-1252']
    """
    yield from read_jsonl_lines(_decoded(raw_lines, where, report), where, stem, report, strict, reading)


def _decoded(raw_lines: Iterable[bytes], where: str, report: ReadReport) -> Iterator[str]:
    for number, raw in enumerate(raw_lines, start=1):
        line, note = decode_line(raw)  # a byte-order mark is a file's, looked for once (read_jsonl_file)
        if note:
            report.notes.append(f"{where}:{number}: {note}")
        yield line


def read_jsonl_lines(lines: Iterable[str], where: str, stem: str, report: ReadReport, strict: bool = False,
                     reading: Reading | None = None) -> Iterator[Article]:
    """Articles from JSONL lines read from `where`; a record without an `id` gets `<stem>:<line number>`.

    Example:
        >>> report = ReadReport()
        >>> [a.id for a in read_jsonl_lines(['{"text": "Hi."}', 'oops'], "x.jsonl", "x", report)], report.skipped[0].reason
        (['x:1'], 'not JSON: Expecting value')
    """
    blank = number = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            blank += 1
            continue
        source = f"{where}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            _skip(report, strict, Skipped(source, f"not JSON: {exc.msg}"))
            continue
        except RecursionError:
            _skip(report, strict, Skipped(source, "JSON nested deeper than can be read"))
            continue
        article = _article(record, source, f"{stem}:{number}", report, strict, reading)
        if article is not None:
            yield article
    if number and blank == number:
        report.notes.append(f"{where}: no records, only blank lines")


def _article(record: object, source: str, default_id: str, report: ReadReport, strict: bool,
             reading: Reading | None = None) -> Article | None:
    name = (reading or _AS_GIVEN).name
    if not isinstance(record, dict):
        _skip(report, strict, Skipped(source, f"not an object with a {name('text')!r} field"))
        return None
    text = record.get(name("text"))
    given_id = record.get(name("id"))
    article_id = str(given_id) if given_id not in (None, "") else default_id
    if not isinstance(text, str):
        if name("text") not in record:
            fields = ", ".join(map(str, list(record)[:12])) + (", …" if len(record) > 12 else "") or "none"
            reason = f"no {name('text')!r} field (its fields: {fields}): say which holds the text with --text-field"
        else:
            reason = f"{name('text')!r} is {'null' if text is None else type(text).__name__}, not a string"
        _skip(report, strict, Skipped(source, reason, article_id))
        return None
    meta = {k: (str(record[name(k)]) if record.get(name(k)) not in (None, "") else None) for k in FIELDS[1:]}
    fields = {"id": article_id, "text": text, **meta}
    if any(v is not None and _SURROGATE.search(v) for v in fields.values()):
        # JSON allows "\ud800" alone, but no file can hold it: U+FFFD in its place, one character
        # for one, so that offsets hold
        report.notes.append(f"{source}: a lone surrogate (an escape like \\ud800 that is half a character) "
                            "replaced with U+FFFD")
        fields = {k: (_SURROGATE.sub("\ufffd", v) if v is not None else None) for k, v in fields.items()}
    published = fields["published"]
    if published is not None and read_date(published) is None:
        why = ("could be either day/month or month/day" if is_ambiguous(published) else "is not a date with a day")
        report.notes.append(f"{source}: published {published!r} {why}: it takes no part in first_published")
    return Article(source=source, **fields)


_SURROGATE = re.compile("[\ud800-\udfff]")
_AS_GIVEN = Reading()


def as_articles(items) -> Iterator[Article]:
    """Articles from what a Python caller has: strings, dicts, `Article`s, or a DataFrame with a `text` column.

    Example:
        >>> [a.id for a in as_articles(["One text.", {"id": "x", "text": "Two."}])]
        ['0', 'x']
    """
    if hasattr(items, "to_dict") and hasattr(items, "columns"):
        if "text" not in items.columns:
            raise InputError("the DataFrame has no 'text' column")
        items = items.to_dict("records")
    if isinstance(items, (bytes, bytearray)):
        raise InputError("got bytes: decode them to a string first (data.decode('utf-8'))")
    if isinstance(items, (str, dict, Article)):
        items = [items]
    try:
        items = iter(items)
    except TypeError:
        raise InputError("expected a string, a dict, an Article, a list of those or a DataFrame, "
                         f"got {type(items).__name__}") from None
    seen: set[str] = set()
    for article in _each_article(items):
        if article.id in seen:
            raise InputError(f"{article.source}: duplicate article id {article.id!r}")
        seen.add(article.id)
        yield article


def _each_article(items: Iterator) -> Iterator[Article]:
    for number, item in enumerate(items):
        if isinstance(item, Article):
            yield item
        elif isinstance(item, str):
            yield _article({"text": item}, f"item {number}", str(number), ReadReport(), strict=True)
        elif isinstance(item, dict):
            record = {k: (None if _is_missing(v) else v) for k, v in item.items()}
            article = _article(record, f"item {number}", str(number), ReadReport(), strict=True)
            yield article
        else:
            raise InputError(f"item {number}: expected a string, a dict or an Article, got {type(item).__name__}")


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)
