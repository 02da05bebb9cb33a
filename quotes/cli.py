"""The command line: a thin layer over the library. Errors become `Error: ...` and exit code 1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .dedup import DedupOptions
from .errors import QuotesError
from .io import ReadReport
from .model import NO_MODEL, default_model
from .pipeline import DETECTORS, extract_tables

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find who said what in news articles, and where it was published.\n\n"
    "Example:  quotes extract data/ -o quotes.csv --mentions mentions.csv",
)


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
    inputs: Annotated[list[str], typer.Argument(help=".txt, .jsonl or .csv files, folders, or - for JSONL on standard input.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Quotes table (CSV); - for standard output.")] = "-",
    mentions: Annotated[Optional[str], typer.Option("--mentions", help="Also write one row per quote occurrence (CSV).")] = None,
    errors: Annotated[Optional[str], typer.Option("--errors", help="Write the skipped input records and why (CSV).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline to load; 'none' for rule-based only. Default: en_core_web_sm if installed, else its re-upload.")] = None,
    detectors: Annotated[str, typer.Option("--detectors", help="Comma-separated: marks, syntax.")] = ",".join(DETECTORS),
    similarity: Annotated[float, typer.Option("--similarity", min=0.0, max=1.0, help="How alike two wordings must be (0-1) to be one quote.")] = DedupOptions.similarity,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad input record.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on standard error.")] = False,
) -> None:
    """Extract quotes, speakers and outlets; write the quotes table as CSV.

    Example:  quotes extract data/ -o quotes.csv --mentions mentions.csv
    """
    try:
        chosen = [d.strip() for d in detectors.split(",") if d.strip()]
        if model == NO_MODEL or (model is None and default_model() is None):
            if not quiet:
                typer.echo("note: no spaCy pipeline loaded: rule-based detection and attribution only", err=True)
        tables = extract_tables(inputs, model=model, detectors=chosen, options=DedupOptions(similarity=similarity), strict=strict)
        _write(tables.quotes, output)
        if mentions:
            _write(tables.mentions, mentions)
        if errors:
            _write_errors(tables.report, errors)
    except QuotesError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(1) from None
    report, table = tables.report, tables.mentions
    for skipped in report.skipped:
        typer.echo(f"skipped {skipped.source}: {skipped.reason}", err=True)
    if not quiet:
        typer.echo(
            f"{report.read} articles read ({table['article_id'].nunique()} with quotes), "
            f"{len(table)} mentions, {len(tables.quotes)} quotes, "
            f"{table['speaker'].nunique()} speakers, {len(report.skipped)} records skipped",
            err=True,
        )
    if report.skipped:
        raise typer.Exit(3)


def _write(frame, target: str) -> None:
    if target == "-":
        frame.to_csv(sys.stdout, index=False)
        return
    try:
        frame.to_csv(Path(target), index=False)
    except OSError as exc:
        raise QuotesError(f"{target}: cannot write: {exc.strerror or exc}") from exc


def _write_errors(report: ReadReport, target: str) -> None:
    import pandas as pd

    rows = [{"source": s.source, "article_id": s.article_id, "reason": s.reason} for s in report.skipped]
    _write(pd.DataFrame(rows, columns=["source", "article_id", "reason"]), target)
