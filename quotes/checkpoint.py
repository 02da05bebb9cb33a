"""What a run has finished, on disk as it goes, so an interrupted run loses nothing and can resume.

The first line describes the run (its inputs, their sizes and times, and the options that change
results); then one JSON line per finished article: `{"id": ..., "mentions": [[field, ...], ...]}`,
fields in the order of `Mention`. Lines are written in input order and flushed every few seconds;
a line cut short by a killed process is ignored on reading, so that article is simply done again.
A run resumes only from a checkpoint of the same run: other inputs or options are an error.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import astuple, fields
from pathlib import Path

from .errors import QuotesError
from .types import Mention

_FIELDS = [f.name for f in fields(Mention)]


def describe_run(paths: Iterable[str | Path], **options) -> dict:
    """What makes two runs the same: each input file's path, size and modification time, and `options`.

    Example:
        >>> describe_run(["-"], parse="focus")
        {'inputs': [['-', None, None]], 'options': {'parse': 'focus'}}
    """
    inputs = []
    for path in map(Path, paths):
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            stat = file.stat() if file.exists() and str(file) != "-" else None
            inputs.append([str(file), stat and stat.st_size, stat and stat.st_mtime_ns])
    return {"inputs": inputs, "options": options}


class Checkpoint:
    """Append finished articles to `path`; read back which are done and their mentions.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "run.progress.jsonl"
        >>> with Checkpoint(path, {"options": {}}) as checkpoint:
        ...     checkpoint.add("a1", [Mention("a1", "Yes.", 1, 5, "marks", 0.9)])
        >>> resumed = Checkpoint(path, {"options": {}}, resume=True)
        >>> sorted(resumed.done()), [block["quote"] for block in resumed.columns()]
        (['a1'], [['Yes.']])
    """

    def __init__(self, path: str | Path, run: dict, *, resume: bool = False, flush_seconds: float = 2.0):
        """Start a checkpoint for `run` (see `describe_run`); with `resume`, go on with the one at `path`.

        Raises:
            QuotesError: `resume` and the checkpoint at `path` is from another run.
        """
        self.path = Path(path)
        self.run = json.loads(json.dumps(run))  # as it reads back: tuples become lists
        self.flush_seconds = flush_seconds
        self._file = None
        self._flushed = time.monotonic()
        if not resume:
            self.path.unlink(missing_ok=True)
        elif self.path.exists() and next(self._lines(), None) != {"run": self.run}:
            raise QuotesError(f"{self.path} is from another run (other input or options): run without --resume")

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, article_id: str, mentions: list[Mention]) -> None:
        """Record one finished article and its mentions.

        Raises:
            QuotesError: the file cannot be written (no such folder, a full disk).
        """
        rows = [list(astuple(m)) for m in mentions]
        try:
            if self._file is None:
                self._file = self.path.open("a", encoding="utf-8")
                if not self._file.tell():
                    self._write({"run": self.run})
                elif not _ends_with_newline(self.path):
                    self._file.write("\n")  # close the line a killed run cut short
            self._write({"id": article_id, "mentions": rows})
            if time.monotonic() - self._flushed > self.flush_seconds:
                self._file.flush()
                self._flushed = time.monotonic()
        except OSError as exc:
            raise QuotesError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def _write(self, record: dict) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def done(self) -> set[str]:
        """The ids of the articles already finished."""
        return {record["id"] for record in self._articles()}

    def columns(self, rows: int = 50_000) -> Iterator[dict[str, list]]:
        """Every mention recorded, in blocks of about `rows`, as one list per `Mention` field: a
        table's worth of mentions without a Python object per row (a corpus can have millions)."""
        columns: dict[str, list] = {name: [] for name in _FIELDS}
        for record in self._articles():
            for row in record["mentions"]:
                for values, value in zip(columns.values(), row):
                    values.append(value)
            if len(columns["article_id"]) >= rows:
                yield columns
                columns = {name: [] for name in _FIELDS}
        yield columns

    def _articles(self) -> Iterator[dict]:
        for record in self._lines():
            if isinstance(record.get("id"), str) and isinstance(record.get("mentions"), list):
                yield record

    def _lines(self) -> Iterator[dict]:
        if not self.path.exists():
            return
        with self.path.open("rb") as lines:
            for line in lines:
                try:
                    record = json.loads(line.decode("utf-8"))
                except ValueError:
                    continue  # the last line of a killed run, cut anywhere: that article is done again
                if isinstance(record, dict):
                    yield record


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as raw:
        raw.seek(-1, 2)
        return raw.read(1) == b"\n"
