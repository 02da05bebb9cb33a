"""The command line: a thin layer over the library. Errors become `Error: ...` and exit code 1."""

from __future__ import annotations

import logging
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .dedup import DedupOptions
from .errors import QuotesError
from .files import count_records
from .io import ReadReport
from .model import NO_MODEL, default_model
from .checkpoint import RunLock
from .output import FORMATS, check_targets, write_stdout, write_table
from .parallel import default_jobs
from .pipeline import DETECTORS, Tables, extract_tables
from .speakers.scoring import MIN_CONFIDENCE

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find who said what in news articles, and where it was published.\n\n"
    "Examples:\n\n"
    "  quotes extract data/ -o quotes.csv --mentions mentions.csv\n\n"
    "  quotes report data/ -o report.html",
)

# Options both commands take.
Inputs = Annotated[list[str], typer.Argument(help=".txt, .jsonl or .csv files, folders, or - for JSONL on standard input.")]
Model = Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline to load; 'none' for rule-based only. Default: en_core_web_sm if installed, else its re-upload.")]
Detectors = Annotated[str, typer.Option("--detectors", help="Comma-separated: marks, syntax.")]
Similarity = Annotated[float, typer.Option("--similarity", min=0.0, max=1.0, help="How alike two wordings must be (0-1) to be one quote.")]
CorpusNames = Annotated[bool, typer.Option(
    "--corpus-names/--no-corpus-names",
    help="Give a short name (Johnson) the fuller one (Mike Johnson) a linked article gives it, where nothing contradicts it; off: each speaker as its article names it.")]
Strict = Annotated[bool, typer.Option("--strict", help="Stop at the first bad input record.")]
Parse = Annotated[str, typer.Option("--parse", help="What the pipeline parses: focus (the paragraphs the rules cannot settle), uncued (faster, less accurate) or all.")]
Jobs = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes. Default: all cores.")]
MinConfidence = Annotated[float, typer.Option(
    "--min-speaker-confidence", min=0.0, max=1.0,
    help="Leave the speaker empty when the engine is less sure than this (0-1); see the README's trade-off table.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on standard error.")]


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    """Quote attribution for news."""


@app.command()
def extract(
    inputs: Inputs,
    output: Annotated[str, typer.Option("-o", "--output", help="Quotes table; - for standard output.")] = "-",
    mentions: Annotated[Optional[str], typer.Option("--mentions", help="Also write one row per quote occurrence.")] = None,
    errors: Annotated[Optional[str], typer.Option("--errors", help="Write the skipped input records and why.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", help=f"{', '.join(FORMATS)}. Default: from each file's extension (.csv, .jsonl, .parquet), else csv.")] = None,
    model: Model = None,
    detectors: Detectors = ",".join(DETECTORS),
    similarity: Similarity = DedupOptions.similarity,
    corpus_names: CorpusNames = DedupOptions.corpus_names,
    strict: Strict = False,
    parse: Parse = "focus",
    min_speaker_confidence: MinConfidence = MIN_CONFIDENCE,
    jobs: Jobs = None,
    resume: Annotated[bool, typer.Option("--resume", help="Go on from where an interrupted run with the same -o stopped.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Run on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local'. JSONL and Parquet inputs.")] = None,
    allow_formulas: Annotated[bool, typer.Option("--allow-formulas", help="Write CSV cells starting with = + - @, a tab or a carriage return as they are; by default they get a leading ' so that spreadsheets do not run them.")] = False,
    quiet: Quiet = False,
) -> None:
    """Extract quotes, speakers and outlets; write the quotes table (CSV, JSONL or Parquet).

    Examples:

      quotes extract data/ -o quotes.csv --mentions mentions.csv

      quotes extract news.jsonl -o quotes.parquet --errors skipped.csv --jobs 4
    """
    _check_outputs([output, mentions, errors], format)
    if resume and output == "-":
        raise typer.BadParameter("needs -o FILE: the run's checkpoint is FILE.progress.jsonl", param_hint="--resume")
    if scheduler and (resume or jobs is not None):
        raise typer.BadParameter("--resume and --jobs are for one machine; a Dask cluster has its own workers",
                                 param_hint="--scheduler")
    checkpoint = Path(f"{output}.progress.jsonl") if output != "-" and not scheduler else None
    targets = [output, mentions, errors]
    _note_model(model, quiet)
    with _exit_codes(checkpoint), _locked(inputs, targets, checkpoint):
        # Dask logs each shuffle at warning level: noise on the terminal of a normal run.
        logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
        with Progress.for_run(quiet, None if scheduler else inputs, targets) as progress:
            tables = extract_tables(inputs, model=model, detectors=_detectors(detectors),
                                    options=DedupOptions(similarity=similarity, corpus_names=corpus_names), strict=strict, parse=parse,
                                    min_speaker_confidence=min_speaker_confidence, jobs=jobs or default_jobs(), checkpoint=checkpoint, resume=resume,
                                    progress=progress, scheduler=None if scheduler == "local" else scheduler,
                                    cluster=scheduler is not None, exclude=[t for t in targets if t])
        if _terminated:
            raise _Terminated()  # its first raising was lost in a finaliser after the last article
        # Each output is written even when another cannot be (standard output closed by `| head`).
        outputs = [(tables.quotes, output), (tables.mentions, mentions)]
        outputs += [(_errors_table(tables.report), errors)] if errors else []
        failed = []
        for frame, target in outputs:
            if target:
                try:
                    write_table(frame, target, format=format, guard_formulas=not allow_formulas)
                except QuotesError as exc:
                    failed.append(exc)
        if failed:
            raise QuotesError("; ".join(map(str, failed)))
        if checkpoint is not None:
            with suppress(OSError):  # every output is complete: nothing left to resume, and one left is harmless
                checkpoint.unlink(missing_ok=True)
    _summary(tables, quiet)


@app.command()
def report(
    inputs: Inputs,
    output: Annotated[str, typer.Option("-o", "--output", help="The HTML page; - for standard output.")] = "report.html",
    model: Model = None,
    detectors: Detectors = ",".join(DETECTORS),
    similarity: Similarity = DedupOptions.similarity,
    corpus_names: CorpusNames = DedupOptions.corpus_names,
    strict: Strict = False,
    parse: Parse = "focus",
    min_speaker_confidence: MinConfidence = MIN_CONFIDENCE,
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Write one self-contained HTML page: each article with its quotes and speakers marked, the
    quotes table linking to every article that carried each quote, and indexes by speaker and outlet.

    Examples:

      quotes report data/ -o report.html

      quotes report news.jsonl --model none -o - > report.html
    """
    from .report import write_report  # the page's template is only needed here

    _check_outputs([output], None)
    _note_model(model, quiet)
    with _exit_codes(), _locked(inputs, [output]), Progress.for_run(quiet, inputs, [output]) as progress:
        tables = write_report(inputs, output, model=model, detectors=_detectors(detectors),
                              options=DedupOptions(similarity=similarity, corpus_names=corpus_names), strict=strict, parse=parse,
                              min_speaker_confidence=min_speaker_confidence, jobs=jobs or default_jobs(), progress=progress)
    _summary(tables, quiet)


@app.command()
def verify(
    claim: Annotated[str, typer.Argument(help="The quote as claimed, in quotes on the command line.")],
    inputs: Annotated[list[str], typer.Argument(help="News to read (as for extract), or tables a run wrote: quotes and/or mentions (CSV, JSONL, Parquet).")],
    speaker: Annotated[Optional[str], typer.Option("--speaker", help="Who is said to have said it: only their quotes make it found.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="The most wordings to show.")] = 5,
    min_similarity: Annotated[float, typer.Option("--min-similarity", min=0.0, max=1.0, help="How alike (0-1, word for word) a wording must be to be shown.")] = 0.6,
    output: Annotated[Optional[str], typer.Option("-o", "--output", help="Also write the answer as a table (CSV, JSONL or Parquet).")] = None,
    model: Model = None,
    parse: Parse = "focus",
    jobs: Jobs = None,
    quiet: Quiet = False,
) -> None:
    """Where a claimed quote appeared: the closest wordings, who said them, where and when first,
    and what differs from the claim. Exit code 0 when found (the same words, a fragment or a
    rewording, by --speaker if given), 1 when not (nothing close, or only a wording that a negation,
    number, modal or name alters), 4 on an error.

    Examples:

      quotes verify "the ceasefire will not hold" quotes.csv mentions.csv

      quotes verify "We will pass the bill" --speaker "Mike Johnson" news.jsonl
    """
    from .verify import is_found, verify_files  # the index is only needed here

    _check_outputs([output], None)
    try:
        with _exit_codes():
            check_targets(inputs, [output])  # the answer never overwrites an input
            answer, report = verify_files(claim, inputs, speaker=speaker, limit=limit, min_similarity=min_similarity,
                                          model=model, parse=parse, jobs=jobs or default_jobs())
            _show_notes(report.notes)
            for skipped in report.skipped:
                _tell(f"skipped {skipped.source}: {skipped.reason}")
            if output:
                write_table(answer, output)
            found = is_found(answer)
            if output != "-":  # the table alone on standard output, to pipe
                write_stdout(lambda out: out.write(_answer_text(answer, found, speaker)))
    except typer.Exit as exc:  # an error: 4, as 1 says "not found"
        raise typer.Exit(4 if exc.exit_code == 1 else exc.exit_code) from None
    raise typer.Exit(0 if found else 1)


def _answer_text(answer, found: bool, speaker: str | None) -> str:
    """The answer as a fact-checker reads it: a verdict, then each wording, best first."""
    if answer.empty:
        return "not found: no quote close to the claim\n"
    best = answer.iloc[0]
    who = best["speaker"] if isinstance(best["speaker"], str) else "someone not named"
    if found:
        lines = [f"found: {best['match']}, by {who}"]
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


@contextmanager
def _locked(inputs: list[str], targets: list[str | None], checkpoint: Path | None = None) -> Iterator[None]:
    """Check the outputs against the inputs and each other, then hold a lock beside each file
    output (FILE.lock): a second run on any of them is refused while this one runs."""
    files = list(dict.fromkeys(t for t in targets if t not in (None, "-")))
    check_targets(inputs, targets, own=[checkpoint, *(f"{t}.lock" for t in files)])
    with ExitStack() as locks:
        for target in files:
            locks.enter_context(RunLock(target))
        yield


def _check_outputs(targets: list[str | None], format: str | None) -> None:
    """Refuse, before a long run, what could only fail at its end."""
    if format not in (None, *FORMATS):
        raise typer.BadParameter(f"{format!r}: choose from {', '.join(FORMATS)}", param_hint="--format")
    for target in targets:
        if target not in (None, "-") and not Path(target).parent.is_dir():
            raise typer.BadParameter(f"no folder {str(Path(target).parent)!r} for {target}")
    to_stdout = [t for t in targets if t == "-"]
    if len(to_stdout) > 1:
        raise typer.BadParameter("only one of -o, --mentions and --errors can be - (standard output)")
    if to_stdout and format == "parquet":
        raise typer.BadParameter("Parquet is binary: write it to a file (FILE.parquet)", param_hint="--format")


def _detectors(given: str) -> list[str]:
    return [d.strip() for d in given.split(",") if d.strip()]


def _tell(message: str) -> None:
    """A line on standard error. One that cannot be written (2>/dev/full, 2>&-) is lost, not the run."""
    with suppress(OSError, ValueError, AttributeError):
        typer.echo(message, err=True)


def _note_model(model: str | None, quiet: bool) -> None:
    if not quiet and (model == NO_MODEL or (model is None and default_model() is None)):
        _tell("note: no spaCy pipeline loaded: rule-based detection and attribution only")


class _Terminated(KeyboardInterrupt):
    """SIGTERM (a `kill`, a service manager stopping the run), handled as Ctrl-C is."""


_terminated = False  # set by SIGTERM: checked after each article, should the signal's exception be lost


def _on_sigterm(signum, frame) -> None:
    global _terminated
    _terminated = True
    # Raised wherever the main thread is; if that is inside a finaliser (__del__), Python only
    # prints it, so the progress callback raises it again.
    raise _Terminated()


@contextmanager
def _exit_codes(checkpoint: Path | None = None) -> Iterator[None]:
    """A `QuotesError` becomes `Error: ...` and exit code 1; Ctrl-C exit code 130, SIGTERM 143."""
    global _terminated
    _terminated = False
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    except QuotesError as exc:
        _tell(f"Error: {exc}")
        raise typer.Exit(1) from None
    except KeyboardInterrupt as exc:
        kept = checkpoint is not None and checkpoint.exists()
        again = " (what was finished is kept: run again with --resume)" if kept else ""
        how = "terminated" if isinstance(exc, _Terminated) else "interrupted"
        _tell(f"\nError: {how}{again}")
        raise typer.Exit(143 if isinstance(exc, _Terminated) else 130) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _summary(tables: Tables, quiet: bool) -> None:
    """Notes, skipped records and one summary line on standard error; exit code 3 if anything was skipped."""
    report, table = tables.report, tables.mentions
    _show_notes(report.notes)
    for skipped in report.skipped:
        _tell(f"skipped {skipped.source}: {skipped.reason}")
    if not quiet:
        _tell(f"{report.read} articles read ({table['article_id'].nunique()} with quotes), "
              f"{len(table)} mentions, {len(tables.quotes)} quotes, "
              f"{table['speaker'].nunique()} speakers, {len(report.skipped)} records skipped")
    if report.skipped:
        raise typer.Exit(3)


def _show_notes(notes: list[str], most: int = 20) -> None:
    # A whole file in another encoding notes every line: the first few say enough.
    for note in notes[:most]:
        _tell(f"note: {note}")
    if len(notes) > most:
        _tell(f"note: ... and {len(notes) - most:,} more")


def _errors_table(report: ReadReport):
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
        enabled = not quiet and sys.stderr is not None and sys.stderr.isatty()
        return cls(enabled, count_records(inputs, [o for o in outputs if o]) if enabled and inputs is not None else None)

    def __call__(self, mentions: int) -> None:
        if _terminated:
            raise _Terminated()
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
