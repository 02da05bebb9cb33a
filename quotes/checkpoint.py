"""What a run has finished, on disk as it goes, so an interrupted run loses nothing and can resume.

One JSON line per finished article: `{"id": ..., "mentions": [[field, ...], ...]}`, fields in the
order of `Mention`. Lines are written in input order and flushed every few seconds; a line cut
short by a killed process is ignored on reading, so that article is simply done again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import astuple, fields
from pathlib import Path

from .errors import QuotesError
from .types import Mention

_FIELDS = [f.name for f in fields(Mention)]


class Checkpoint:
    """Append finished articles to `path`; read back which are done and their mentions.

    Example:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "run.progress.jsonl"
        >>> with Checkpoint(path) as cp:
        ...     cp.add("a1", [Mention("a1", "Yes.", 1, 5, "marks", 0.9)])
        >>> sorted(Checkpoint(path).done()), [m.quote for m in Checkpoint(path).mentions()]
        (['a1'], ['Yes.'])
    """

    def __init__(self, path: str | Path, flush_seconds: float = 2.0):
        self.path = Path(path)
        self.flush_seconds = flush_seconds
        self._file = None
        self._flushed = time.monotonic()

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
                if self._file.tell() and not _ends_with_newline(self.path):
                    self._file.write("\n")  # close the line a killed run cut short
            self._file.write(json.dumps({"id": article_id, "mentions": rows}, ensure_ascii=False) + "\n")
            if time.monotonic() - self._flushed > self.flush_seconds:
                self._file.flush()
                self._flushed = time.monotonic()
        except OSError as exc:
            raise QuotesError(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def done(self) -> set[str]:
        """The ids of the articles already finished."""
        return {record["id"] for record in self._records()}

    def columns(self, rows: int = 50_000) -> Iterator[dict[str, list]]:
        """Every mention recorded, in blocks of about `rows`, as one list per `Mention` field: a
        table's worth of mentions without a Python object per row (a corpus can have millions)."""
        columns: dict[str, list] = {name: [] for name in _FIELDS}
        for record in self._records():
            for row in record["mentions"]:
                for values, value in zip(columns.values(), row):
                    values.append(value)
            if len(columns["article_id"]) >= rows:
                yield columns
                columns = {name: [] for name in _FIELDS}
        yield columns

    def mentions(self) -> Iterator[Mention]:
        """Every mention recorded, in the order written."""
        for record in self._records():
            for row in record["mentions"]:
                yield Mention(**dict(zip(_FIELDS, row)))

    def _records(self) -> Iterator[dict]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # the last line of a killed run: that article is done again
                yield record


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as raw:
        raw.seek(-1, 2)
        return raw.read(1) == b"\n"
