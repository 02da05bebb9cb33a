"""The two output tables, declared once: column names, order, nullable dtypes and meaning.

`MENTIONS` is one row per quote occurrence in an article; `QUOTES` one row per quote. The README's
column reference is checked against these declarations by the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

import pandas as pd

from .errors import QuotesError
from .types import Mention

# name: (dtype, description)
MENTIONS: dict[str, tuple[str, str]] = {
    "article_id": ("string", "id of the article the quote appears in"),
    "quote_id": ("string", "id of the quote's row in the quotes table"),
    "quote": ("string", "the quoted words, exactly as in the article, without the quotation marks"),
    "quote_start": ("Int64", "character offset of the quote's first character in the article text"),
    "quote_end": ("Int64", "character offset just past the quote's last character"),
    "speaker": ("string", "canonical name of who said it; empty when no name is found or the choice is unsure"),
    "speaker_mention": ("string", "the speaker as written where the quote is attributed (\"he\", \"the Mexican president\")"),
    "speaker_start": ("Int64", "character offset of the speaker mention"),
    "speaker_end": ("Int64", "character offset just past the speaker mention"),
    "speaker_type": ("string", "person, organization or unknown"),
    "speaker_confidence": ("Float64", "0-1: how sure the speaker is; the speaker is empty below the threshold (default 0.5)"),
    "attribution": ("string", "what decided the speaker: pattern, parse, colon, according-to, appositive, carry-over, narrative, pronoun or description"),
    "cue": ("string", "the words that attribute the quote (\"said\", \"told reporters\", \"according to\")"),
    "outlet": ("string", "publication that carried the article: metadata, URL domain or wire credit"),
    "published": ("string", "the article's publication date as given"),
    "url": ("string", "the article's URL, as given"),
    "title": ("string", "the article's headline, as given"),
    "wire": ("string", "the news agency the article credits (a dateline \"(AP) —\", a closing credit, \"Reporting by …\"): a syndicated copy; empty for an outlet's own reporting"),
    "detector": ("string", "which detectors found the quote: marks, syntax or marks+syntax"),
    "confidence": ("Float64", "0-1; higher for closed quotation marks with an attributed speaker"),
    "part": ("Int64", "for a quote printed in pieces (interrupted by its attribution, or over several paragraphs), the piece's number from 1; the pieces share a quote_id. Empty for a quote in one piece"),
}

QUOTES: dict[str, tuple[str, str]] = {
    "quote_id": ("string", "stable id: the same input gives the same ids"),
    "quote": ("string", "the fullest wording of the quote (a quote printed in pieces: the pieces joined by a space)"),
    "speaker": ("string", "canonical name of who said it"),
    "speaker_type": ("string", "person, organization or unknown"),
    "n_mentions": ("Int64", "how many times the quote occurs in the input (a quote in pieces counts once)"),
    "n_articles": ("Int64", "how many articles carry it"),
    "article_ids": ("string", "the articles that carry it, separated by '; '"),
    "outlets": ("string", "the outlets that carried it, separated by '; '"),
    "first_published": ("string", "the earliest publication date among those articles, ISO 8601 with the time and zone where the input gives them; dates that cannot be read or are ambiguous (01/11/2025) take no part (the run notes them)"),
    "first_outlet": ("string", "the outlet of the article published first"),
    "first_article_id": ("string", "the id of the article published first (the smallest id among those published at the same moment)"),
    "variants": ("Int64", "how many distinct wordings were merged into the row"),
    "altered_from": ("string", "a possible misquote: the quote_id of the row, same speaker, whose wording this one matches but for a negation, a number, a modal, a name or a word for its opposite (the row carried by more articles, else published first); empty if none"),
    "alteration": ("string", "what differs from that row: negation, number, modal, name or antonym (a word for its opposite: risen / fallen), separated by '; '"),
}

# The answer of `quotes verify` / `quotes.verify`: one row per quote close to a claim, best first.
VERIFIED: dict[str, tuple[str, str]] = {
    "quote_id": ("string", "the quote's row in the quotes table"),
    "quote": ("string", "the wording closest to the claim"),
    "speaker": ("string", "who said it, as the quotes table has it"),
    "match": ("string", "exact; fragment (the claim is a stretch of the wording); reworded (similarity 0.8 or more); altered (alike, but a negation, number, modal or name differs); partial (the wording is a stretch of the claim: the rest of the claim did not appear); or close (less alike: shown, not found)"),
    "similarity": ("Float64", "0-1: how alike the claim and the wording are (of a long quote, the part most like the claim)"),
    "differences": ("string", "the wording's words the claim leaves out (missing: …) and the claim's words it lacks (added: …)"),
    "alteration": ("string", "for an altered wording: negation, number, modal, name or antonym (a word for its opposite: risen / fallen), separated by '; '"),
    "speaker_match": ("boolean", "whether the speaker is the one claimed (--speaker); empty when none is claimed"),
    "n_articles": ("Int64", "how many articles carry the quote"),
    "outlets": ("string", "the outlets that carried it, separated by '; '"),
    "article_ids": ("string", "the articles that carry it, separated by '; '"),
    "first_published": ("string", "when it was first published (see the quotes table)"),
    "first_outlet": ("string", "the outlet that published it first"),
    "first_article_id": ("string", "the article that published it first"),
    "mentions": ("string", "where each mention is: article:start-end, separated by '; ' (empty when only a quotes table was read)"),
    "altered_from": ("string", "when the quotes table marks this quote as a possible misquote: the quote_id of the row it seems altered from (see the quotes table)"),
}

# Columns that identify (ids, addresses, where a record was): written as they are in every format,
# never guarded against spreadsheet formulas (`output.neutralize_formulas`), so that joins hold.
IDENTIFIERS = frozenset({"article_id", "quote_id", "article_ids", "first_article_id", "altered_from", "url", "source"})

# The skipped-records report (`quotes extract --errors`): one row per input record not read.
SKIPPED: dict[str, tuple[str, str]] = {
    "source": ("string", "where the record was: a path, with the line or row number"),
    "article_id": ("string", "the record's id, where it had one"),
    "reason": ("string", "why it was not read"),
}


# Columns added since the first release, by table: a table written before lacks them, and is read
# with them empty.
LATER = {
    "mentions": ("part", "url", "title", "wire"),
    "quotes": ("first_outlet", "first_article_id", "altered_from", "alteration"),
}


def table_of(columns: Iterable[str]) -> str | None:
    """Which table ("mentions", "quotes" or "skipped") a set of column names is, allowing for the
    columns added since (`LATER`); None for any other.

    Example:
        >>> table_of(QUOTES), table_of(set(MENTIONS) - {"wire"}), table_of(["text", "id"])
        ('quotes', 'mentions', None)
    """
    columns = set(columns)
    for name, declared in (("mentions", MENTIONS), ("quotes", QUOTES), ("skipped", SKIPPED)):
        if set(declared) - set(LATER.get(name, ())) <= columns <= set(declared):
            return name
    return None


def with_later_columns(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """`frame` with the `LATER` columns of table `name` it lacks, empty."""
    declared = {"mentions": MENTIONS, "quotes": QUOTES}[name]
    missing = [c for c in LATER.get(name, ()) if c not in frame.columns]
    return frame.assign(**{c: pd.Series(pd.NA, index=frame.index, dtype=declared[c][0]) for c in missing}) if missing else frame


def schema(columns: dict[str, tuple[str, str]]) -> dict[str, str]:
    """Column name → pandas dtype."""
    return {name: dtype for name, (dtype, _) in columns.items()}


def empty_frame(columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """A frame with no rows and every declared column."""
    return pd.DataFrame({n: pd.Series(dtype=d) for n, d in schema(columns).items()})


def mentions_frame(mentions: Iterable[Mention]) -> pd.DataFrame:
    """The mentions table for `mentions`, in the declared column order and dtypes."""
    rows = [asdict(m) for m in mentions]
    if not rows:
        return empty_frame(MENTIONS)
    return conform(pd.DataFrame(rows), MENTIONS)


def mentions_table(columns: dict[str, list]) -> pd.DataFrame:
    """The mentions table from one list per `Mention` field (see `checkpoint.Checkpoint.columns`)."""
    frame = pd.DataFrame(columns)
    return empty_frame(MENTIONS) if frame.empty else conform(frame, MENTIONS)


def conform(frame: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """`frame` with exactly the declared columns, in order, cast to the declared dtypes; an empty
    text is null, as CSV can only write it, and a score has four decimal places, so that every
    format reads back the same.

    Example:
        >>> conform(pd.DataFrame({"cue": ["said", ""]}), {"cue": ("string", "")})["cue"].isna().tolist()
        [False, True]
    """
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise QuotesError(f"missing columns: {', '.join(missing)}")
    out = frame[list(columns)].astype(schema(columns)).reset_index(drop=True)
    for column, (dtype, _) in columns.items():
        if dtype == "string" and (out[column] == "").any():
            out[column] = out[column].mask(out[column] == "")
        elif dtype == "Float64":
            # 0-1 scores to four places: every format writes and reads them back exactly
            out[column] = out[column].round(4)
    return out
