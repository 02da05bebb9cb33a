"""The command line: a thin layer over the library. Errors become `Error: ...` and exit code 1;
a bad option is a usage error, exit code 2.

Only what the help needs is imported here: each command imports its stages when it runs, so that
`quotes --help` answers at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from typer.core import TyperCommand, TyperGroup

from . import __version__
from .errors import QuotesError
from .console import (Progress, Terminated, answer_text, errors_table, exit_codes, nothing_read, show_notes,
                      show_skipped, summary, tell, terminated)
from .options import DETECTORS, FORMATS, INPUT_FORMATS, MIN_CONFIDENCE, SCOPES, DedupOptions

if TYPE_CHECKING:
    from .io import Reading
    from .pipeline import Tables


class _Command(TyperCommand):
    """Usage as `quotes extract [OPTIONS] INPUT...`, and arguments in the help without a type
    (typer writes `{INPUT}...` and `<list[str]>`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.param_type_name == "argument":
                param.display_type_rich = lambda ctx: None

    def get_help_option(self, ctx):
        return _untyped(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = (param.metavar or param.name.upper()) + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces


def _untyped(option):
    if option is not None:
        option.metavar = ""  # a flag takes no value: no <bool> beside it
    return option


class _Group(TyperGroup):
    def get_help_option(self, ctx):
        return _untyped(super().get_help_option(ctx))


app = typer.Typer(
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
    no_args_is_help=True,
    help="Find who said what in news articles, and where it was published.\n\n"
    "Examples:\n\n"
    "  quotes extract data/ -o quotes.csv --mentions mentions.csv\n\n"
    "  quotes report data/ -o report.html",
)


def _choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """An option's choices, as typer checks and lists them."""
    return Enum(name, {v: v for v in values}, type=str)


TableFormat = _choices("TableFormat", (*FORMATS, "sqlite"))
Scope = _choices("Scope", SCOPES)
InputFormat = _choices("InputFormat", INPUT_FORMATS)

# Options more than one command takes.
Inputs = Annotated[list[str], typer.Argument(
    metavar="INPUT", show_default=False,
    help="Files (.txt, .jsonl, .ndjson, .json, .csv, .tsv, .parquet; also compressed: .gz, .bz2, .xz, .zst), "
         "folders, glob patterns in quotes ('news/*.jsonl.gz'), or - for standard input.")]
def _model(given: str | None) -> str | None:
    # an empty name (an unset shell variable: --model "$MODEL") would load the default unseen
    if given is not None and not given.strip():
        raise typer.BadParameter("empty: name an installed spaCy pipeline, or none for rule-based only")
    return given


Model = Annotated[Optional[str], typer.Option("--model", metavar="NAME", callback=_model, help="spaCy pipeline to load; 'none' for rule-based only. Default: en_core_web_sm if installed, else its re-upload.")]


def _detectors(given: str) -> str:
    chosen = [d.strip() for d in given.split(",") if d.strip()]
    unknown = [d for d in chosen if d not in DETECTORS]
    if unknown or not chosen:
        raise typer.BadParameter(f"{', '.join(unknown) or '(none)'}: choose one or more of {', '.join(DETECTORS)}, comma-separated")
    return ",".join(chosen)


Detectors = Annotated[str, typer.Option("--detectors", metavar="LIST", callback=_detectors, help=f"Comma-separated, from: {', '.join(DETECTORS)}.")]
Similarity = Annotated[float, typer.Option("--similarity", metavar="0-1", min=0.0, max=1.0, help="How alike two wordings must be to be one quote.")]
CorpusNames = Annotated[bool, typer.Option(
    "--corpus-names/--no-corpus-names", metavar="",
    help="Give a short name (Johnson) the fuller one (Mike Johnson) a linked article gives it, where nothing contradicts it; off: each speaker as its article names it.")]
Strict = Annotated[bool, typer.Option("--strict", metavar="", help="Stop at the first bad input record.")]
Parse = Annotated[Scope, typer.Option("--parse", help="What the pipeline parses: focus (the paragraphs the rules cannot settle), uncued (faster, less accurate) or all.")]
Jobs = Annotated[Optional[int], typer.Option("--jobs", "-j", metavar="N", min=1, help="Worker processes. Default: all cores.")]
MinConfidence = Annotated[float, typer.Option(
    "--min-speaker-confidence", metavar="0-1", min=0.0, max=1.0,
    help="Leave the speaker empty when the engine is less sure than this; see the README's trade-off table.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", metavar="", help="No progress or summary on standard error.")]
ReadAs = Annotated[InputFormat, typer.Option(
    "--input-format", help="Read every input as this format; auto: by each file's suffix, and standard input by its first character (JSON Lines, a JSON array, Parquet, else one plain-text article).")]


def _field(option: str, what: str):
    return Annotated[Optional[str], typer.Option(option, metavar="NAME", help=f"The input's field (or column) holding {what}.", rich_help_panel="Input fields")]


TextField = _field("--text-field", "the article's text. Default: text")
IdField = _field("--id-field", "the article's id. Default: id")
TitleField = _field("--title-field", "the headline. Default: title")
OutletField = _field("--outlet-field", "the outlet's name. Default: outlet")
UrlField = _field("--url-field", "the article's address. Default: url")
DateField = _field("--date-field", "the publication date. Default: published")


def _reading(input_format: Enum, **fields: str | None) -> Reading:
    from .io import Reading

    return Reading({name: value for name, value in fields.items() if value}, input_format.value)


def _version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", metavar="", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    """Quote attribution for news."""


@app.command(cls=_Command)
def extract(
    inputs: Inputs,
    output: Annotated[str, typer.Option("-o", "--output", metavar="FILE", help="The quotes table (.csv, .jsonl, .parquet; .db or .sqlite: quotes, mentions and skipped records in one SQLite file); - for standard output.")] = "-",
    mentions: Annotated[Optional[str], typer.Option("--mentions", metavar="FILE", help="Also write one row per quote occurrence.")] = None,
    errors: Annotated[Optional[str], typer.Option("--errors", metavar="FILE", help="Write the skipped input records and why.")] = None,
    format: Annotated[Optional[TableFormat], typer.Option("--format", "-f", help="Default: from each file's extension, else csv.")] = None,
    model: Model = None,
    detectors: Detectors = ",".join(DETECTORS),
    similarity: Similarity = DedupOptions.similarity,
    corpus_names: CorpusNames = DedupOptions.corpus_names,
    strict: Strict = False,
    parse: Parse = Scope.focus,
    min_speaker_confidence: MinConfidence = MIN_CONFIDENCE,
    jobs: Jobs = None,
    resume: Annotated[bool, typer.Option("--resume", metavar="", help="Go on from where an interrupted run with the same -o stopped.")] = False,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", metavar="ADDRESS", help="Run on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local'. JSONL and Parquet inputs.")] = None,
    allow_formulas: Annotated[bool, typer.Option("--allow-formulas", metavar="", help="In CSV, write the free-text cells (quote, speaker, title, …) that start with = + - @, a tab or a carriage return as they are; by default they get a leading ' so that spreadsheets do not run them. Ids are never changed.")] = False,
    input_format: ReadAs = InputFormat.auto,
    text_field: TextField = None,
    id_field: IdField = None,
    title_field: TitleField = None,
    outlet_field: OutletField = None,
    url_field: UrlField = None,
    date_field: DateField = None,
    quiet: Quiet = False,
) -> None:
    """Extract quotes, speakers and outlets; write the quotes table (CSV, JSONL, Parquet or SQLite).

    Examples:

      quotes extract data/ -o quotes.csv --mentions mentions.csv

      quotes extract news.jsonl.gz -o quotes.db

      quotes extract 'data/samples/*.txt' -o quotes.parquet --errors skipped.csv --jobs 2
    """
    from .parallel import default_jobs
    from .pipeline import extract_tables

    reading = _reading(input_format, text=text_field, id=id_field, title=title_field, outlet=outlet_field,
                       url=url_field, published=date_field)
    format_name = format.value if format else None
    sqlite = _is_sqlite(output, format_name)
    _check_outputs({"-o/--output": output, "--mentions": mentions, "--errors": errors}, format_name)
    if resume and output == "-":
        raise typer.BadParameter("needs -o FILE: the run's checkpoint is FILE.progress.jsonl", param_hint="--resume")
    if scheduler and (resume or jobs is not None):
        raise typer.BadParameter("--resume and --jobs are for one machine; a Dask cluster has its own workers",
                                 param_hint="--scheduler")
    checkpoint = Path(f"{output}.progress.jsonl") if output != "-" and not scheduler else None
    targets = [output, mentions, errors]
    _note_model(model, quiet)
    with exit_codes(checkpoint), _locked(inputs, targets, checkpoint):
        if checkpoint is not None:
            _note_checkpoint(checkpoint, output, inputs, resume, quiet)
        import logging

        # Dask logs each shuffle at warning level: noise on the terminal of a normal run.
        logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)
        with Progress.for_run(quiet, None if scheduler else inputs, targets) as progress:
            tables = extract_tables(inputs, model=model, detectors=detectors.split(","),
                                    options=DedupOptions(similarity=similarity, corpus_names=corpus_names), strict=strict,
                                    parse=parse.value, min_speaker_confidence=min_speaker_confidence, jobs=jobs or default_jobs(),
                                    checkpoint=checkpoint, resume=resume, progress=progress,
                                    scheduler=None if scheduler == "local" else scheduler, cluster=scheduler is not None,
                                    exclude=[t for t in targets if t], reading=reading)
        if terminated():
            raise Terminated()  # its first raising was lost in a finaliser after the last article
        _write_outputs(tables, output, mentions, errors, format_name, sqlite, guard_formulas=not allow_formulas)
        if checkpoint is not None:
            with suppress(OSError):  # every output is complete: nothing left to resume, and one left is harmless
                checkpoint.unlink(missing_ok=True)
    summary(tables, quiet, errors)


def _write_outputs(tables: Tables, output: str, mentions: str | None, errors: str | None, format: str | None,
                   sqlite: bool, guard_formulas: bool) -> None:
    """Each output, even when another cannot be written (standard output closed by `| head`: the
    files are written, and the run ends as it would, with no error about the pipe). Nothing is written when no article was read: an
    empty table is no answer, and a scheduled job would ship it."""
    from .output import ReaderGone, write_sqlite, write_table

    if tables.report.read == 0:
        show_notes(tables.report.notes)
        show_skipped(tables.report.skipped, errors)
        if errors:
            write_table(errors_table(tables.report), errors, guard_formulas=guard_formulas)
        raise QuotesError(nothing_read(tables.report))
    outputs = [(tables.mentions, mentions), (errors_table(tables.report), errors) if errors else (None, None)]
    if sqlite:
        write_sqlite(output, quotes=tables.quotes, mentions=tables.mentions, skipped=errors_table(tables.report))
    else:
        outputs.insert(0, (tables.quotes, output))
    failed = []
    for frame, target in outputs:
        if target:
            try:
                write_table(frame, target, format=None if format == "sqlite" else format, guard_formulas=guard_formulas)
            except ReaderGone:
                pass  # the reader has what it wanted; the summary and skipped records still go to standard error
            except QuotesError as exc:
                failed.append(exc)
    if failed:
        raise QuotesError("; ".join(map(str, failed)))


def _is_sqlite(output: str, format: str | None) -> bool:
    return format == "sqlite" or (format is None and Path(output).suffix.lower() in (".db", ".sqlite", ".sqlite3"))


@app.command(cls=_Command)
def report(
    inputs: Inputs,
    output: Annotated[str, typer.Option("-o", "--output", metavar="FILE", help="The HTML page (.html); - for standard output.")] = "report.html",
    title: Annotated[str, typer.Option("--title", metavar="TEXT", help="The page's heading and title.")] = "Quotes",
    model: Model = None,
    detectors: Detectors = ",".join(DETECTORS),
    similarity: Similarity = DedupOptions.similarity,
    corpus_names: CorpusNames = DedupOptions.corpus_names,
    strict: Strict = False,
    parse: Parse = Scope.focus,
    min_speaker_confidence: MinConfidence = MIN_CONFIDENCE,
    jobs: Jobs = None,
    input_format: ReadAs = InputFormat.auto,
    text_field: TextField = None,
    id_field: IdField = None,
    title_field: TitleField = None,
    outlet_field: OutletField = None,
    url_field: UrlField = None,
    date_field: DateField = None,
    quiet: Quiet = False,
) -> None:
    """Write one self-contained HTML page: each article with its quotes and speakers marked, the
    quotes table linking to every article that carried each quote, and indexes by speaker and outlet.

    Examples:

      quotes report data/ -o report.html

      quotes report data/samples/articles.jsonl --model none -o - > report.html
    """
    from .parallel import default_jobs
    from .report import write_report  # the page's template is only needed here

    reading = _reading(input_format, text=text_field, id=id_field, title=title_field, outlet=outlet_field,
                       url=url_field, published=date_field)
    if output != "-" and Path(output).suffix.lower() not in (".html", ".htm"):
        raise typer.BadParameter(f"{output}: the report is an HTML page: name it .html", param_hint="-o/--output")
    _check_outputs({"-o/--output": output}, None, tables=False)
    _note_model(model, quiet)
    with exit_codes(), _locked(inputs, [output]), Progress.for_run(quiet, inputs, [output]) as progress:
        tables = write_report(inputs, output, model=model, detectors=detectors.split(","),
                              options=DedupOptions(similarity=similarity, corpus_names=corpus_names), strict=strict,
                              parse=parse.value, min_speaker_confidence=min_speaker_confidence, jobs=jobs or default_jobs(),
                              progress=progress, reading=reading, title=title)
    summary(tables, quiet)


@app.command(cls=_Command)
def verify(
    claim: Annotated[str, typer.Argument(metavar="CLAIM", show_default=False, help="The quote as claimed, in quotes on the command line.")],
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", show_default=False, help="News to read (as for extract), or tables a run wrote: quotes and/or mentions (CSV, JSONL, Parquet).")],
    speaker: Annotated[Optional[str], typer.Option("--speaker", metavar="NAME", help="Who is said to have said it: only their quotes make it found.")] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="The most wordings to show.")] = 5,
    min_similarity: Annotated[float, typer.Option("--min-similarity", metavar="0-1", min=0.0, max=1.0, help="How alike (word for word) a wording must be to be shown.")] = 0.6,
    output: Annotated[Optional[str], typer.Option("-o", "--output", metavar="FILE", help="Also write the answer as a table (CSV, JSONL or Parquet).")] = None,
    model: Model = None,
    parse: Parse = Scope.focus,
    jobs: Jobs = None,
    input_format: ReadAs = InputFormat.auto,
    text_field: TextField = None,
    id_field: IdField = None,
    title_field: TitleField = None,
    outlet_field: OutletField = None,
    url_field: UrlField = None,
    date_field: DateField = None,
    quiet: Quiet = False,
) -> None:
    """Where a claimed quote appeared: the closest wordings, who said them, where and when first,
    and what differs from the claim. Exit code 0 when found (the same words, a fragment or a
    rewording, by --speaker if given), 1 when not (nothing close, or only a wording that a negation,
    number, modal or name alters), 4 on an error.

    Examples:

      quotes verify "We need two more weeks" quotes.csv mentions.csv

      quotes verify "We are asking everyone to check on their neighbours" --speaker "Dana Whitfield" data/samples --model none
    """
    from .claims import is_found, verify_files  # the index is only needed here
    from .output import check_targets, write_stdout, write_table
    from .parallel import default_jobs

    try:
        reading = _reading(input_format, text=text_field, id=id_field, title=title_field, outlet=outlet_field,
                           url=url_field, published=date_field)
        _check_outputs({"-o/--output": output}, None)
        with exit_codes():
            check_targets(inputs, [output])  # the answer never overwrites an input
            answer, report = verify_files(claim, inputs, speaker=speaker, limit=limit, min_similarity=min_similarity,
                                          model=model, parse=parse.value, jobs=jobs or default_jobs(), reading=reading)
            show_notes(report.notes)
            show_skipped(report.skipped)
            if output:
                write_table(answer, output)
            found = is_found(answer)
            if output != "-":  # the table alone on standard output, to pipe
                write_stdout(lambda out: out.write(answer_text(answer, found, speaker)))
    except typer.Exit as exc:  # an error: 4, as 1 says "not found"
        raise typer.Exit(4 if exc.exit_code == 1 else exc.exit_code) from None
    raise typer.Exit(0 if found else 1)


@contextmanager
def _locked(inputs: list[str], targets: list[str | None], checkpoint: Path | None = None) -> Iterator[None]:
    """Check the outputs against the inputs and each other, then hold a lock beside each file
    output (FILE.lock): a second run on any of them is refused while this one runs."""
    from .checkpoint import RunLock
    from .output import check_targets

    files = list(dict.fromkeys(t for t in targets if t not in (None, "-")))
    check_targets(inputs, targets, own=[checkpoint, *(f"{t}.lock" for t in files)])
    with ExitStack() as locks:
        for target in files:
            locks.enter_context(RunLock(target))
        yield


def _check_outputs(targets: dict[str, str | None], format: str | None, tables: bool = True) -> None:
    """Refuse, before a long run, what could only fail at its end: an output (given by the option
    that names it) in a folder that does not exist, or, for `tables`, in a format the engine does
    not write."""
    from .files import is_own_file
    from .output import format_of

    for option, target in targets.items():
        if target in (None, "-"):
            continue
        if not Path(target).parent.is_dir():
            raise typer.BadParameter(f"no folder {str(Path(target).parent)!r} for {target}", param_hint=option)
        if not tables or is_own_file(target):
            continue  # `check_targets` refuses the names of the engine's own files, saying why
        if option != "-o/--output" and _is_sqlite(target, None):
            raise typer.BadParameter(f"{target}: SQLite goes in -o, where it holds the mentions and skipped records too",
                                     param_hint=option)
        if option != "-o/--output" or not _is_sqlite(target, format):
            try:
                format_of(target, None if format == "sqlite" else format)
            except QuotesError as exc:
                raise typer.BadParameter(str(exc), param_hint=option) from None
    to_stdout = [t for t in targets.values() if t == "-"]
    if len(to_stdout) > 1:
        raise typer.BadParameter("only one of -o, --mentions and --errors can be - (standard output)")
    if to_stdout and format in ("parquet", "sqlite"):
        raise typer.BadParameter(f"{'Parquet' if format == 'parquet' else 'SQLite'} is binary: write it to a file",
                                 param_hint="--format")


def _note_checkpoint(checkpoint: Path, output: str, inputs: list[str], resume: bool, quiet: bool) -> None:
    """Say what an interrupted run left: with --resume, how many articles are not done again;
    without, that they could be."""
    from .checkpoint import articles_done
    from .files import count_records

    done = articles_done(checkpoint)
    if not done or quiet:
        return
    total = count_records(inputs, [output, str(checkpoint)])
    of = f" of {total:,}" if total else ""
    if resume:
        if not total or done <= total:  # more done than there is: another input's, which the run refuses
            tell(f"resuming: {done:,}{of} articles were done by the interrupted run, and are not done again")
    else:
        tell(f"note: an interrupted run with -o {output} left {done:,}{of} articles done: add --resume to "
              "continue from there (this run starts over)")


def _note_model(model: str | None, quiet: bool) -> None:
    from .model import NO_MODEL, default_model

    if not quiet and (model == NO_MODEL or (model is None and default_model() is None)):
        tell("note: no spaCy pipeline loaded: rule-based detection and attribution only")


