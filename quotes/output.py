"""Output: the tables as CSV, JSONL or Parquet, written atomically, and read back with their dtypes.

The three formats hold the same columns (see `quotes.table`). Writing goes to a temporary file
beside the target, renamed when complete, so an interrupted run never leaves a half-written file
that looks finished.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from typing import TextIO
from contextlib import suppress
from pathlib import Path

import pandas as pd

from .errors import QuotesError
from .options import FORMATS
from .files import glob_matches, input_files, is_own_file, own_table
from .table import IDENTIFIERS, MENTIONS, QUOTES, conform, empty_frame, schema, table_of, with_later_columns

_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".parquet": "parquet", ".parq": "parquet", ".pq": "parquet"}
# What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def format_of(target: str | Path, given: str | None = None) -> str:
    """The format to write `target` in: `given`, else its extension's; CSV for standard output and
    a name with no extension.

    Raises:
        QuotesError: an unknown format, or an extension of none of them (`-o quotes.xlsx` is not
            written as CSV under a name that says otherwise).

    Example:
        >>> format_of("quotes.parquet"), format_of("-"), format_of("q.txt", "jsonl")
        ('parquet', 'csv', 'jsonl')
    """
    if given is not None:
        if given not in FORMATS:
            raise QuotesError(f"unknown format {given!r}: choose from {', '.join(FORMATS)}")
        return given
    suffix = Path(str(target)).suffix.lower()
    if str(target) == "-" or not suffix:
        return "csv"
    if suffix not in _SUFFIXES:
        raise QuotesError(f"{target}: the engine writes .csv, .jsonl (or .json: JSON Lines too), .parquet (.parq, .pq) "
                          f"and, with -o, .db or .sqlite for SQLite; not {suffix}; or say the format with --format")
    return _SUFFIXES[suffix]


def check_targets(inputs: Iterable[str | Path], targets: Iterable[str | Path | None],
                  own: Iterable[str | Path | None] = ()) -> None:
    """Refuse, before a run, an output that would replace an input or another output, or cannot be a file.

    - A target that is an input file named on the command line, also through a link, would replace
      the corpus with the table; so would a file of an input folder that is news (a file of a
      type the engine reads that is not a table it wrote: those a rerun may replace).
    - Two targets that are one file (`-o q.csv --mentions q.csv`), or a target that is one of the
      run's `own` files (its checkpoint, its locks), would keep only the last written; a target
      named like any run's own files (`*.lock`, `*.progress.jsonl`) could replace another run's.
    - A target that is an existing folder could only fail at the end of the run.

    Raises:
        QuotesError: naming the target and the input.

    Example:
        >>> check_targets(["news.jsonl"], ["news.jsonl"])
        Traceback (most recent call last):
        ...
        quotes.errors.QuotesError: news.jsonl: this output is also an input of the run; write it elsewhere
    """
    named = [Path(p) for p in inputs if str(p) != "-"]
    # a glob the engine expands names its files too: none of them may be overwritten
    named += [match for p in named for match in glob_matches(p) or ()]
    seen: list[Path] = [Path(p) for p in own if p is not None]
    given: dict[Path, list[Path]] = {}  # the files each input folder gives, walked once, when needed
    for target in targets:
        if target is None or str(target) == "-":
            continue
        path = Path(target)
        if path.is_dir():
            raise QuotesError(f"{target}: is a folder; name a file to write the table to")
        if is_own_file(path):
            raise QuotesError(f"{target}: a name the engine keeps for its own files (a run's lock or checkpoint, "
                              "or a table being written); choose another")
        if any(_same_file(path, other) for other in seen):
            raise QuotesError(f"{target}: two outputs of the run would be this one file (beside -o FILE a run "
                              "also writes FILE.progress.jsonl and FILE.lock); give each its own name")
        seen.append(path)
        for source in named:
            if source.is_dir() and path.exists() and source not in given:
                given[source] = input_files(source)
            if _same_file(path, source) or _news_in(path, given.get(source, [])):
                raise QuotesError(f"{target}: this output is also an input of the run; write it elsewhere")


def _news_in(path: Path, files: list[Path]) -> bool:
    """Whether `path` is, or a link leads to, one of an input folder's `files` (links followed),
    and not a table the engine wrote there."""
    return any(_same_file(path, news) for news in files) and own_table(path) is None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_table(frame: pd.DataFrame, target: str | Path, *, format: str | None = None, guard_formulas: bool = True) -> None:
    """Write `frame` to `target` ("-" for standard output) as CSV, JSONL or Parquet (see `format_of`).

    In CSV, with `guard_formulas`, a cell that a spreadsheet would run as a formula gets a leading
    `'` (see `neutralize_formulas`); JSONL and Parquet are not opened by spreadsheets and keep
    every cell as it is.

    Raises:
        QuotesError: the file cannot be written, or Parquet is asked for on standard output.
    """
    chosen = format_of(target, format)
    if chosen == "csv" and guard_formulas:
        frame = neutralize_formulas(frame)
    if str(target) == "-":
        if chosen == "parquet":
            raise QuotesError("Parquet is binary: write it to a file (-o FILE.parquet)")
        write_stdout(lambda out: _WRITERS[chosen](frame, out))
        return
    write_atomically(target, lambda path: _WRITERS[chosen](frame, path))


# What a notebook or datasette looks rows up by.
_SQLITE_INDEXES = {"quotes": ("quote_id", "speaker"), "mentions": ("quote_id", "article_id", "speaker"),
                   "skipped": ("article_id",)}


def write_sqlite(target: str | Path, **tables: pd.DataFrame) -> None:
    """Write each table (`quotes=…, mentions=…, skipped=…`) into one SQLite file under its name,
    with an index on the columns rows are looked up by (`quote_id`, `article_id`, `speaker`),
    ready for datasette, `sqlite3` or `pandas.read_sql`. The file is replaced whole (written
    beside it, then renamed). pandas writes the rows, the standard library's sqlite3 the file.

    Raises:
        QuotesError: the file cannot be written, or `target` is standard output.

    Example:
        >>> import sqlite3, tempfile
        >>> target = Path(tempfile.mkdtemp()) / "quotes.db"
        >>> write_sqlite(target, quotes=pd.DataFrame({"quote_id": ["q1"], "speaker": ["Jo Roe"]}))
        >>> sqlite3.connect(target).execute("select speaker from quotes").fetchall()
        [('Jo Roe',)]
    """
    import sqlite3
    from contextlib import closing

    if str(target) == "-":
        raise QuotesError("SQLite is a file: write it to one (-o FILE.db)")

    def write(path: Path) -> None:
        path.unlink(missing_ok=True)  # sqlite3 would open the empty temporary file as a database: it is one
        try:
            with closing(sqlite3.connect(path)) as db:
                for name, frame in tables.items():
                    frame.to_sql(name, db, index=False)
                    for column in _SQLITE_INDEXES.get(name, ()):
                        if column in frame.columns:
                            db.execute(f'CREATE INDEX "{name}_{column}" ON "{name}" ("{column}")')
                db.commit()
        except sqlite3.Error as exc:
            raise OSError(f"SQLite: {exc}") from exc

    write_atomically(target, write)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_stdout(write: Callable[[TextIO], None]) -> None:
    """Call `write` on standard output and flush it.

    Raises:
        QuotesError: standard output cannot be written: a full disk behind the redirection, a
            reader that has gone (`| head`).
    """
    if sys.stdout is None:  # closed by the shell: >&-
        raise QuotesError("standard output: cannot write: it is closed")
    try:
        write(sys.stdout)
        sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        if isinstance(exc, BrokenPipeError):
            raise ReaderGone("standard output: the reader has gone (| head)") from exc
        raise QuotesError(f"standard output: cannot write: {exc.strerror or exc}") from exc


class ReaderGone(QuotesError):
    """Standard output's reader stopped reading (`| head`): not an error of the run."""


def _silence_stdout() -> None:
    """Point standard output at /dev/null, so that Python's flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no file descriptor (a test's captured stream)
        pass


def write_atomically(target: str | Path, write: Callable[[Path], None]) -> None:
    """Call `write` on a temporary path beside `target`, then rename it to `target`. A device, a
    pipe or a link (/dev/stdout, a link to a file) is written in place, through the link: renaming
    onto it would replace it (with /dev/stdout sent to a file, the system's own /dev/stdout).

    Raises:
        QuotesError: the file cannot be written.
    """
    path = Path(target)
    direct = path.is_symlink() or (path.exists() and not path.is_file())
    try:
        if direct:
            partial = path
        else:
            # Created anew with a random name (O_EXCL): a link planted under a predictable name
            # cannot redirect the write to another file.
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
            os.close(handle)
            partial = Path(name)
            partial.chmod(0o666 & ~_umask())  # mkstemp's 0600 would hide the table from the user's group
    except OSError as exc:
        raise QuotesError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    try:
        write(partial)
        if not direct:
            os.replace(partial, path)
    except OSError as exc:
        raise QuotesError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        if not direct:
            with suppress(OSError):  # a second error (a file system gone read-only) would hide the first
                partial.unlink(missing_ok=True)  # after an error or Ctrl-C; gone anyway once renamed


_WRITERS = {
    # RFC 4180's CRLF: the csv module then quotes every cell that holds a CR or an LF, not only an
    # LF, so that a bare CR in a quote splits no row (and no spreadsheet runs what follows it).
    "csv": lambda frame, to: frame.to_csv(to, index=False, lineterminator="\r\n"),
    "jsonl": lambda frame, to: frame.to_json(to, orient="records", lines=True, force_ascii=False),
    "parquet": lambda frame, to: frame.to_parquet(to, index=False),
}


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with every free-text cell that a spreadsheet would run as a formula (one that starts
    with = + - @, a tab or a carriage return) prefixed with `'`. Ids, URLs and sources
    (`table.IDENTIFIERS`) are left as they are: a program that joins on them reads them back as
    written.

    A cell that already starts with `'` before a formula's first character gets one more, so that
    `_restore_formulas` takes off exactly what was added.

    Example:
        >>> frame = pd.DataFrame({"article_id": ["-x1"], "quote": ["=HYPERLINK(1)"], "title": ["'=x"]})
        >>> neutralize_formulas(frame).values.tolist()
        [['-x1', "'=HYPERLINK(1)", "''=x"]]
    """
    return _each_text_column(frame, lambda values: values.where(~_formula_like(values), "'" + values))


def _restore_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """The inverse of `neutralize_formulas`."""
    return _each_text_column(frame, lambda values: values.where(~(_formula_like(values) & values.str.startswith("'", na=False)), values.str[1:]))


def _formula_like(values: pd.Series) -> pd.Series:
    return values.str.lstrip("'").str.startswith(_FORMULA_START, na=False)


def _each_text_column(frame: pd.DataFrame, change: Callable[[pd.Series], pd.Series]) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if column in IDENTIFIERS:
            continue
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = change(out[column])
    return out


def read_quotes(path: str | Path, *, format: str | None = None, table: str | None = None) -> pd.DataFrame:
    """Read a quotes or mentions table written by `quotes` (CSV, JSONL or Parquet) back into a
    DataFrame with the declared columns and dtypes (see `quotes.table`). In CSV, the `'` that
    guarded a cell against spreadsheet formulas is taken off again.

    `table` ("quotes" or "mentions") says which table to expect; by default the columns tell,
    except in a JSONL file with no rows, which has no columns to tell by.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "quotes.jsonl"
        >>> from quotes import deduplicate, extract
        >>> write_table(deduplicate(extract("“Yes,” said Jo Roe.", model="none")), target)
        >>> read_quotes(target)[["quote", "speaker", "n_articles"]].values.tolist()
        [['Yes,', 'Jo Roe', 1]]

    Raises:
        QuotesError: the file cannot be read, or its columns or values are not those of the table.
    """
    chosen = format_of(path, format)
    expected = _TABLES.get(table) if table is not None else None
    if table is not None and expected is None:
        raise QuotesError(f"unknown table {table!r}: choose from {', '.join(_TABLES)}")
    try:
        if chosen == "csv":
            declared = expected or _table_of(pd.read_csv(path, nrows=0).columns, path)
            # Read as declared: an id of digits keeps its leading zeros, and "NA" stays a name.
            frame = pd.read_csv(path, dtype=schema(declared), keep_default_na=False, na_values=[""])
            return _conform(_restore_formulas(frame), declared)
        frame = pd.read_json(path, lines=True, dtype=False) if chosen == "jsonl" else pd.read_parquet(path)
        if frame.empty and frame.columns.empty and expected is None:
            raise QuotesError(f"{path}: no rows, so no columns to tell the table by: pass table='quotes' or 'mentions'")
        if frame.columns.empty:
            return empty_frame(expected)
        return _conform(frame, expected or _table_of(frame.columns, path))
    except (OSError, ValueError, TypeError) as exc:  # pyarrow's errors are ValueErrors too
        raise QuotesError(f"{path}: cannot read as {chosen}: {exc}") from exc


_TABLES = {"quotes": QUOTES, "mentions": MENTIONS}


def _conform(frame: pd.DataFrame, declared: dict) -> pd.DataFrame:
    """`frame` as the declared table, with the columns added since it was written empty."""
    name = next(n for n, d in _TABLES.items() if d is declared)
    return conform(with_later_columns(frame, name), declared)


def _table_of(columns, path) -> dict[str, tuple[str, str]]:
    name = table_of(columns)
    if name not in _TABLES:
        raise QuotesError(f"{path}: not a quotes or mentions table (columns: {', '.join(map(str, columns)) or 'none'})")
    return _TABLES[name]
