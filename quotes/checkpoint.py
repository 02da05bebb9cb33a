"""What a run has finished, on disk as it goes, so an interrupted run loses nothing and can resume.

The first line describes the run (its inputs, their sizes and times, and the options that change
results); then one JSON line per finished article: `{"id": ..., "mentions": [[field, ...], ...]}`,
fields in the order of `Mention`. Lines are written in input order and flushed every few seconds;
a line cut short by a killed process is ignored on reading, so that article is simply done again.
A run resumes only from a checkpoint of the same run: other inputs or options are an error.
"""

from __future__ import annotations

import errno
import hashlib
import json
import operator
import os
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import suppress
from dataclasses import fields
from pathlib import Path

from .errors import QuotesError
from .files import input_files
from .types import Mention

_FIELDS = [f.name for f in fields(Mention)]
# A mention's values in field order; dataclasses.astuple deep-copies every value and took half the
# main process's time in a rule-based run.
_values = operator.attrgetter(*_FIELDS)


def describe_run(paths: Iterable[str | Path], exclude: Iterable[str | Path] = (), **options) -> dict:
    """What makes two runs the same: each input file's path, size and modification time, and `options`.
    The files are those `quotes.files.input_files` reads: not the run's own outputs and checkpoint.

    Example:
        >>> describe_run(["-"], parse="focus")
        {'inputs': [['-', None, None]], 'options': {'parse': 'focus'}}
    """
    inputs = []
    for path in map(Path, paths):
        for file in input_files(path, exclude):
            stat = file.stat() if file.exists() and str(file) != "-" else None
            inputs.append([str(file), stat and stat.st_size, stat and stat.st_mtime_ns])
    return {"inputs": inputs, "options": options}


def describe(path: str | Path) -> str:
    """A checkpoint as the user knows it: by the output it belongs to.

    Example:
        >>> describe("out/quotes.csv.progress.jsonl")
        'the checkpoint of -o out/quotes.csv (out/quotes.csv.progress.jsonl)'
    """
    path = str(path)
    if path.endswith(".progress.jsonl"):
        return f"the checkpoint of -o {path[: -len('.progress.jsonl')]} ({path})"
    return path


def articles_done(path: str | Path) -> int:
    """How many articles a run's checkpoint holds (one line each, after the run's own line); 0 when
    there is none.

    Example:
        >>> articles_done("no-such-run.csv.progress.jsonl")
        0
    """
    try:
        with Path(path).open("rb") as handle:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    except OSError:
        return 0
    return max(lines - 1, 0)


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
        # as it reads back (tuples become lists), with the layout of its rows: a checkpoint written
        # by a version whose mentions had other fields is another run's
        self.run = json.loads(json.dumps({**run, "fields": _FIELDS}))
        self.flush_seconds = flush_seconds
        # Written in the first line and checked on every reading: a run never reads back a
        # checkpoint that another run put in its place.
        self.token = uuid.uuid4().hex
        self._file = None
        self._flushed = time.monotonic()
        if not resume:
            self.path.unlink(missing_ok=True)
        elif self.path.exists():
            header = next(self._lines(), None) or {}
            if header.get("run") != self.run:
                raise QuotesError(f"{describe(self.path)} is from another run (other input or options): run without --resume")
            self.token = header.get("token")  # None in a checkpoint written before tokens: still ours

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        try:
            self.close()
        except QuotesError:
            if exc_type is None:
                raise  # else the error on its way (a full disk, Ctrl-C) is the one to tell

    def add(self, article_id: str, mentions: list[Mention], digest: str | None = None) -> None:
        """Record one finished article and its mentions; `digest` (see `digest`) lets a resumed run
        check that the article it skips is the same.

        Raises:
            QuotesError: the file cannot be written (no such folder, a full disk).
        """
        rows = [list(_values(m)) for m in mentions]
        try:
            if self._file is None:
                self._file = self.path.open("a", encoding="utf-8")
                if not self._file.tell():
                    self._write({"run": self.run, "token": self.token})
                elif not _ends_with_newline(self.path):
                    self._file.write("\n")  # close the line a killed run cut short
            self._write({"id": article_id, "digest": digest, "mentions": rows})
            if time.monotonic() - self._flushed > self.flush_seconds:
                self._file.flush()
                self._flushed = time.monotonic()
        except OSError as exc:
            raise QuotesError(f"{describe(self.path)}: cannot write: {exc.strerror or exc}") from exc

    def _write(self, record: dict) -> None:
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Write out what is buffered.

        Raises:
            QuotesError: the file cannot be written (a full disk).
        """
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError as exc:
                raise QuotesError(f"{describe(self.path)}: cannot write: {exc.strerror or exc}") from exc

    def done(self) -> dict[str, str | None]:
        """The articles already finished: id → digest of the article as it was read."""
        return {record["id"]: record.get("digest") for record in self._articles()}

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
        lines = self._lines()
        header = next(lines, None)
        if header is not None and header.get("token") != self.token:
            raise QuotesError(f"{describe(self.path)} was replaced by another run's checkpoint while this one ran: run again")
        for record in lines:
            if isinstance(record.get("id"), str) and isinstance(record.get("mentions"), list):
                yield record

    def _lines(self) -> Iterator[dict]:
        if not self.path.exists():
            return
        with self.path.open("rb") as lines:
            for line in lines:
                try:
                    record = json.loads(line.decode("utf-8"))
                except (ValueError, RecursionError):
                    continue  # the last line of a killed run, cut anywhere: that article is done again
                if isinstance(record, dict):
                    yield record


def digest(text: str) -> str:
    """A short fingerprint of an article's text, to tell on resuming that it is the same article.

    Example:
        >>> digest("We will win.") == digest("We will win."), digest("a") == digest("b")
        (True, False)
    """
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as raw:
        raw.seek(-1, 2)
        return raw.read(1) == b"\n"


class RunLock:
    """A lock next to a run's output (`FILE.lock`), held while the run lasts: a second run on the same
    output is refused rather than deleting the first one's checkpoint. The operating system releases
    it when the process ends, however it ends (`kill -9` too), so a lock left behind never blocks.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "quotes.csv"
        >>> with RunLock(target):
        ...     RunLock(target).acquire()
        Traceback (most recent call last):
        ...
        quotes.errors.QuotesError: another run is writing ...quotes.csv (pid ...); wait for it to end
    """

    def __init__(self, target: str | Path):
        self.path = Path(f"{target}.lock")
        self._file = None

    def acquire(self) -> RunLock:
        """Take the lock.

        Raises:
            QuotesError: another live process holds it, or it cannot be created.
        """
        try:
            import fcntl
        except ImportError:  # no flock (Windows): runs are not guarded against each other there
            return self
        try:
            handle = self.path.open("a+")
        except OSError as exc:
            raise QuotesError(f"{self.path}: cannot create the run's lock: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            target = str(self.path)[: -len(".lock")]
            raise QuotesError(f"another run is writing {target} (pid {holder}); wait for it to end") from None
        if not self.path.exists() or os.stat(self.path).st_ino != os.fstat(handle.fileno()).st_ino:
            handle.close()  # the run before removed the file as we took it: take the new one
            return self.acquire()
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
        except OSError as exc:  # a full disk: the lock holds all the same, it only cannot say whose
            with suppress(OSError):
                handle.truncate(0)
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                handle.close()
                raise QuotesError(f"{self.path}: cannot write the run's lock: {exc.strerror or exc}") from exc
        self._file = handle
        return self

    def release(self) -> None:
        if self._file is not None:
            with suppress(OSError):  # a lock left behind blocks nothing (see acquire); the run's own error matters
                self.path.unlink(missing_ok=True)  # while still held: no other run is between the two steps
            with suppress(OSError):
                self._file.close()
            self._file = None

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
