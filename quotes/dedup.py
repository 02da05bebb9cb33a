"""Deduplication: one row of the quotes table per thing someone said, however many articles carried it.

Two mentions are the same quote when their speakers are the same person (names canonicalised
across the corpus, see `speakers.corpus_names`) and their words are

- the same after folding case, accents, quotation marks, dashes, ellipses and spacing;
- a fragment of the other (at least `min_fragment_words` words, in order): it joins the longer
  quote's row, which keeps the fullest wording;
- or nearly the same (`similarity` ≥ the threshold, rapidfuzz's normalised Indel similarity on the
  folded words), as syndicated or translated copies are.

Nothing is compared pair by pair across the corpus: every distinct wording is indexed by hashed
word shingles (`shingle_words` words, hashed with the speaker, so blocking is per speaker), and a
wording is only compared with those that share one of its `probes` lowest shingle hashes. A
fragment's lowest shingles are shingles of the longer quote too, so fragments are always found.
Shingles shared by more than `max_bucket` wordings ("the American people") are not used to block.
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import regex
from rapidfuzz.distance import Indel

from .speakers import corpus_names
from .table import MENTIONS, QUOTES, conform, empty_frame

_WORDS = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True)
class DedupOptions:
    """How similar is similar enough; the defaults are measured in the README.

    similarity: 0-1, the normalised Indel similarity of two wordings' folded words above which they
        are one quote (0.8 keeps "human trafficking and protection" = "human smuggling and the
        protection"; two sentences sharing only a phrase score far lower).
    min_fragment_words: a shorter quote inside a longer one joins it only with this many words.
    shingle_words, probes, max_bucket: the blocking index (see the module docstring).
    """

    similarity: float = 0.8
    min_fragment_words: int = 5
    shingle_words: int = 4
    probes: int = 4
    max_bucket: int = 200


def normalize_quote(quote: str) -> str:
    """The comparison key of a quote's words: folded case and accents, no punctuation.

    Example:
        >>> normalize_quote("“López Obrador — here…”")
        'lopez obrador here'
    """
    decomposed = unicodedata.normalize("NFKD", quote)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_WORDS.findall(plain))


def deduplicate(mentions: pd.DataFrame, options: DedupOptions = DedupOptions()) -> pd.DataFrame:
    """Group a mentions table into the quotes table (see `quotes.table.QUOTES`).

    Also sets, in `mentions`, `quote_id` (the row each mention belongs to) and `speaker` (the
    corpus-wide canonical name).

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will win,” said Jane Smith.', '"We will win," Smith said.'], model="none")
        >>> deduplicate(m)[["quote", "speaker", "n_articles"]].values.tolist()
        [['We will win,', 'Jane Smith', 2]]
    """
    if mentions.empty:
        mentions["quote_id"] = mentions["quote_id"].astype(MENTIONS["quote_id"][0])
        return empty_frame(QUOTES)
    canonical = mentions["speaker"].map(corpus_names(mentions["speaker"].dropna()), na_action="ignore")
    mentions["speaker"] = canonical.astype(MENTIONS["speaker"][0])
    speaker_keys = mentions["speaker"].fillna("").map(normalize_quote)
    wordings = pd.DataFrame({"speaker": speaker_keys, "text": mentions["quote"].map(normalize_quote)})
    # Each distinct (speaker, words) pair is clustered once, however many articles repeat it.
    codes, unique = pd.factorize(pd.MultiIndex.from_frame(wordings))
    cluster = _cluster([s for s, _ in unique], [t for _, t in unique], options)
    row_of = cluster[codes]
    return _quotes_table(mentions, row_of)


def _cluster(speakers: list[str], texts: list[str], options: DedupOptions) -> np.ndarray:
    """Cluster label (an index into `texts`) for each distinct wording."""
    parent = np.arange(len(texts))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(speakers, texts, options):
        if _same_quote(texts[i], texts[j], options):
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return np.array([find(i) for i in range(len(texts))])


def _shingles(speaker: str, text: str, width: int) -> list[int]:
    words = text.split()
    grams = [" ".join(words[k : k + width]) for k in range(max(1, len(words) - width + 1))]
    # crc32, not hash(): the same input must block (and so cluster) the same way in every run.
    return sorted({zlib.crc32(f"{speaker}\x1f{g}".encode()) for g in grams})


def _candidate_pairs(speakers: list[str], texts: list[str], options: DedupOptions) -> set[tuple[int, int]]:
    all_hashes, owners, probes = [], [], []
    for i, (speaker, text) in enumerate(zip(speakers, texts)):
        hashes = _shingles(speaker, text, options.shingle_words)
        all_hashes.extend(hashes)
        owners.extend([i] * len(hashes))
        probes.append(hashes[: options.probes])
    order = np.argsort(np.array(all_hashes, dtype=np.uint64), kind="stable")
    keys = np.array(all_hashes, dtype=np.uint64)[order]
    owner = np.array(owners, dtype=np.int64)[order]
    pairs: set[tuple[int, int]] = set()
    for i, hashes in enumerate(probes):
        for h in hashes:
            lo, hi = np.searchsorted(keys, h, "left"), np.searchsorted(keys, h, "right")
            if hi - lo > options.max_bucket:
                continue
            for j in owner[lo:hi]:
                if j != i:
                    pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def _same_quote(a: str, b: str, options: DedupOptions) -> bool:
    short, long = sorted((a, b), key=len)
    if len(short.split()) >= options.min_fragment_words and f" {short} " in f" {long} ":
        return True
    return Indel.normalized_similarity(a, b) >= options.similarity


def quote_id(speaker_key: str, text_key: str) -> str:
    """A stable id for a quote row: a hash of its speaker and fullest wording."""
    return "q" + hashlib.blake2b(f"{speaker_key}\x1f{text_key}".encode(), digest_size=6).hexdigest()


def _quotes_table(mentions: pd.DataFrame, row_of: np.ndarray) -> pd.DataFrame:
    frame = mentions.assign(_row=row_of, _len=mentions["quote"].str.len(), _date=_dates(mentions["published"]))
    rows, ids = [], {}
    for row, group in frame.groupby("_row", sort=False):
        # The fullest wording; ties go to the alphabetically first, so input order does not matter.
        fullest = group.sort_values(["_len", "quote"], ascending=[False, True]).iloc[0]
        qid = quote_id(normalize_quote(fullest["speaker"] or "") if pd.notna(fullest["speaker"]) else "",
                       normalize_quote(fullest["quote"]))
        ids[row] = qid
        dates = group["_date"].dropna()
        rows.append(
            {
                "quote_id": qid,
                "quote": fullest["quote"],
                "speaker": fullest["speaker"],
                "speaker_type": _most_common(group["speaker_type"]),
                "n_mentions": len(group),
                "n_articles": group["article_id"].nunique(),
                "article_ids": "; ".join(sorted(set(group["article_id"]))),
                "outlets": "; ".join(sorted(set(group["outlet"].dropna()))) or None,
                "first_published": dates.min().date().isoformat() if len(dates) else None,
                "variants": group["quote"].nunique(),
            }
        )
    mentions["quote_id"] = pd.Series([ids[r] for r in row_of], index=mentions.index, dtype=MENTIONS["quote_id"][0])
    table = pd.DataFrame(rows).sort_values(["n_articles", "quote_id"], ascending=[False, True])
    return conform(table, QUOTES)


def _dates(published: pd.Series) -> pd.Series:
    return pd.to_datetime(published, errors="coerce", utc=True, format="mixed")


def _most_common(values: pd.Series) -> str:
    counts = values.value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], v))[0]
