"""What a command says on the terminal: the progress bar, notes, skipped records, the summary line,
`Error: …` with its exit code, and a verify answer as a fact-checker reads it (`quotes.cli`
decides what to run; this module, how it is told)."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from .errors import QuotesError

if TYPE_CHECKING:
    from .io import ReadReport
    from .pipeline import Tables


def terminated() -> bool:
    """Whether SIGTERM came during the run (its exception may have been lost in a finaliser)."""
    return _terminated


def answer_text(answer, found: bool, speaker: str | None) -> str:
    """The answer as a fact-checker reads it: a verdict, then each wording, best first."""
    if answer.empty:
        return "not found: no quote close to the claim\n"
    best = answer.iloc[0]
    who = best["speaker"] if isinstance(best["speaker"], str) else "someone not named"
    if found:
        lines = [f"found: {best['match']}, by {who}"]
        if isinstance(best["altered_from"], str):
            # a fact-checker must not take a misquote's wording as what was said
            lines.append(f"caution: the corpus marks this wording as a possible misquote of {best['altered_from']}, "
                         "which more outlets carried (or earlier): compare the two")
    elif speaker and best["match"] in ("exact", "fragment", "reworded"):
        lines = [f"not found by {speaker}: the words were said by {who}"]
    else:
        lines = ["not found: " + {
            "altered": f"the closest wording differs in {best['alteration']}",
            "partial": "only part of the claim appeared",
            "close": "the closest wording is only close (or the claim has under five words)",
        }.get(best["match"], "no quote close to the claim")]
    for n, row in enumerate(answer.itertuples(index=False), 1):
        said = row.speaker if isinstance(row.speaker, str) else "(speaker not named)"
        lines.append(f"\n{n}. {row.match} ({row.similarity:.2f}) · {said} · {row.quote_id}")
        lines.append(f"   “{row.quote}”")
        for label, value in (("what differs", row.differences), ("altered", row.alteration), ("outlets", row.outlets),
                             ("first published", ", ".join(str(v) for v in (row.first_published, row.first_outlet, row.first_article_id) if isinstance(v, str)) or None),
                             ("articles", row.article_ids), ("where", row.mentions)):
            if isinstance(value, str) and value:
                lines.append(f"   {label}: {value if len(value) <= 300 else value[:300] + ' …'}")
    return "\n".join(lines) + "\n"


def nothing_read(report: ReadReport) -> str:
    reasons = by_reason(report.skipped)
    why = "; ".join(f"{reason} ({len(items):,} record{'s' * (len(items) != 1)}, as {items[0].source})"
                    for reason, items in list(reasons.items())[:3])
    return "no article was read, so nothing was written" + (f": {why}" if why else ": the input is empty")


def tell(message: str) -> None:
    """A line on standard error. One that cannot be written (2>/dev/full, 2>&-) is lost, not the run."""
    with suppress(OSError, ValueError, AttributeError):
        typer.echo(message, err=True)


class Terminated(KeyboardInterrupt):
    """SIGTERM (a `kill`, a service manager stopping the run), handled as Ctrl-C is."""


_terminated = False  # set by SIGTERM: checked after each article, should the signal's exception be lost


def _on_sigterm(signum, frame) -> None:
    global _terminated
    _terminated = True
    # Raised wherever the main thread is; if that is inside a finaliser (__del__), Python only
    # prints it, so the progress callback raises it again.
    raise Terminated()


@contextmanager
def exit_codes(checkpoint: Path | None = None) -> Iterator[None]:
    """A `QuotesError` becomes `Error: ...` and exit code 1; Ctrl-C exit code 130, SIGTERM 143."""
    global _terminated
    _terminated = False
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    except QuotesError as exc:
        tell(f"Error: {exc}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt as exc:
        kept = checkpoint is not None and checkpoint.exists()
        again = " (what was finished is kept: run again with --resume)" if kept else ""
        how = "terminated" if isinstance(exc, Terminated) else "interrupted"
        tell(f"\nError: {how}{again}")
        raise typer.Exit(143 if isinstance(exc, Terminated) else 130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def summary(tables: Tables, quiet: bool, errors: str | None = None) -> None:
    """Notes, skipped records and one summary line on standard error; exit code 3 if anything was skipped."""
    report, table = tables.report, tables.mentions
    show_notes(report.notes)
    show_skipped(report.skipped, errors)
    if not quiet:
        tell(f"{_count(report.read, 'article')} read ({table['article_id'].nunique()} with quotes), "
             f"{_count(len(table), 'mention')}, {_count(len(tables.quotes), 'quote')}, "
             f"{_count(table['speaker'].nunique(), 'speaker')}, {_count(len(report.skipped), 'record')} skipped")
    if report.skipped:
        raise typer.Exit(3)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def by_reason(skipped: list) -> dict[str, list]:
    reasons: dict[str, list] = {}
    for item in skipped:
        reasons.setdefault(item.reason, []).append(item)
    return reasons


def show_skipped(skipped: list, errors: str | None = None, most: int = 20) -> None:
    """The skipped records, the first `most` of each reason, then how many more (a file whose
    every record lacks its text field would fill the terminal)."""
    for reason, items in by_reason(skipped).items():
        for item in items[:most]:
            tell(f"skipped {item.source}: {reason}")
        if len(items) > most:
            where = f"all are in {errors}" if errors else "--errors FILE lists them all"
            tell(f"skipped {len(items) - most:,} more records for the same reason ({where})")


def show_notes(notes: list[str], most: int = 20) -> None:
    # A whole file in another encoding notes every line: the first few say enough.
    for note in notes[:most]:
        tell(f"note: {note}")
    if len(notes) > most:
        tell(f"note: ... and {len(notes) - most:,} more")


def errors_table(report: ReadReport):
    import pandas as pd

    from .table import SKIPPED, schema

    rows = [{"source": s.source, "article_id": s.article_id, "reason": s.reason} for s in report.skipped]
    return pd.DataFrame(rows, columns=list(SKIPPED)).astype(schema(SKIPPED))


class Progress:
    """A bar on standard error: articles done (of about how many), articles a second, mentions."""

    def __init__(self, enabled: bool, total: int | None = None):
        self.articles = self.mentions = 0
        self.start = time.monotonic()
        self._bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as Bar

            self._bar = Bar(BarColumn(), MofNCompleteColumn(), TextColumn("articles  {task.fields[rate]}/s"),
                            TimeRemainingColumn(), TextColumn("{task.fields[mentions]:,} mentions"),
                            console=Console(stderr=True), refresh_per_second=4)
            self._task = self._bar.add_task("extract", total=total, rate="0.0", mentions=0)

    @classmethod
    def for_run(cls, quiet: bool, inputs: list[str] | None, outputs: list[str | None] = ()) -> Progress:
        """A bar when standard error is a terminal and not `quiet`, out of the records in `inputs` if given."""
        from .files import count_records

        enabled = not quiet and sys.stderr is not None and sys.stderr.isatty()
        return cls(enabled, count_records(inputs, [o for o in outputs if o]) if enabled and inputs is not None else None)

    def __call__(self, mentions: int) -> None:
        if _terminated:
            raise Terminated()
        self.articles += 1
        self.mentions += mentions
        if self._bar is not None:
            rate = self.articles / max(time.monotonic() - self.start, 1e-9)
            self._bar.update(self._task, advance=1, rate=f"{rate:,.1f}", mentions=self.mentions)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
