"""Deduplication: one row of the quotes table per quote, listing every article that carried it.

For now two mentions are the same quote when their words match after folding case, accents,
quotation marks, dashes and spacing, and their speakers match after the same folding.
"""

from __future__ import annotations

import hashlib
import unicodedata

import pandas as pd
import regex

from .table import MENTIONS, QUOTES, conform, empty_frame

_WORDS = regex.compile(r"[\p{L}\p{N}]+")


def normalize_quote(quote: str) -> str:
    """The comparison key of a quote's words: folded case and accents, no punctuation.

    Example:
        >>> normalize_quote("“López Obrador — here…”")
        'lopez obrador here'
    """
    decomposed = unicodedata.normalize("NFKD", quote)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_WORDS.findall(plain))


def quote_id(key: str, speaker_key: str) -> str:
    """A stable id for a quote: a hash of its normalised words and speaker."""
    return "q" + hashlib.blake2b(f"{speaker_key}\x1f{key}".encode(), digest_size=6).hexdigest()


def deduplicate(mentions: pd.DataFrame) -> pd.DataFrame:
    """Group a mentions table into the quotes table (see `quotes.table.QUOTES`).

    Sets `quote_id` on `mentions` in place, so each mention points at its row.

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will win,” said Jane Smith.', '"We will win," said Jane Smith.'], model="none")
        >>> deduplicate(m)[["quote", "n_articles"]].values.tolist()
        [['We will win,', 2]]
    """
    if mentions.empty:
        return empty_frame(QUOTES)
    keys = mentions["quote"].map(normalize_quote)
    speakers = mentions["speaker"].fillna("").map(normalize_quote)
    mentions["quote_id"] = [quote_id(k, s) for k, s in zip(keys, speakers)]
    mentions["quote_id"] = mentions["quote_id"].astype(MENTIONS["quote_id"][0])
    rows = []
    for qid, group in mentions.groupby("quote_id", sort=False):
        fullest = group.loc[group["quote"].str.len().idxmax()]
        dates = group["published"].dropna()
        rows.append(
            {
                "quote_id": qid,
                "quote": fullest["quote"],
                "speaker": fullest["speaker"],
                "speaker_type": fullest["speaker_type"],
                "n_mentions": len(group),
                "n_articles": group["article_id"].nunique(),
                "article_ids": "; ".join(dict.fromkeys(group["article_id"])),
                "outlets": "; ".join(dict.fromkeys(group["outlet"].dropna())) or None,
                "first_published": min(dates) if len(dates) else None,
                "variants": group["quote"].nunique(),
            }
        )
    return conform(pd.DataFrame(rows), QUOTES)
