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
Wordings are visited longest first and each joins the first matching longer one, so every row is
led by its fullest wording, and no two wordings are compared twice.
"""

from __future__ import annotations

import hashlib
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd
import regex
from rapidfuzz.distance import Indel

from .alterations import alteration
from .errors import InputError
from .speakers import corpus_names, fold
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

    def __post_init__(self):
        if isinstance(self.similarity, bool) or not isinstance(self.similarity, (int, float)) or not 0 <= self.similarity <= 1:
            raise InputError(f"similarity must be a number between 0 and 1, not {self.similarity!r}")
        for name in ("min_fragment_words", "shingle_words", "probes", "max_bucket"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name} must be a whole number of 1 or more, not {value!r}")


def normalize_quote(quote: str) -> str:
    """The comparison key of a quote's words: folded case and accents, no punctuation.

    Example:
        >>> normalize_quote("“López Obrador — here…”")
        'lopez obrador here'
    """
    return " ".join(_WORDS.findall(fold(quote)))


def deduplicate(
    mentions: pd.DataFrame, options: DedupOptions = DedupOptions(), *, canonical_names: bool = True
) -> pd.DataFrame:
    """Group a mentions table into the quotes table (see `quotes.table.QUOTES`).

    Also sets, in `mentions`, `quote_id` (the row each mention belongs to), `speaker` (the
    corpus-wide canonical name) and `speaker_type` (one per speaker, see `speaker_types`).

    `canonical_names=False` takes the speakers as already canonical: for one part of a corpus whose
    names were made canonical over the whole corpus (see `quotes.cluster`), as recomputing them from
    the part alone could merge names differently.

    Raises:
        InputError: `mentions` is not a DataFrame, lacks a column of the mentions table or repeats
            one, a row has no quote, or a quote or speaker is not text.

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will win,” said Jane Smith.', '"We will win," Smith said.'], model="none")
        >>> deduplicate(m)[["quote", "speaker", "n_articles"]].values.tolist()
        [['We will win,', 'Jane Smith', 2]]
    """
    if not isinstance(options, DedupOptions):
        raise InputError(f"options must be a DedupOptions, not {type(options).__name__}")
    if not isinstance(mentions, pd.DataFrame):
        raise InputError(f"deduplicate takes the mentions table (a DataFrame, as quotes.extract gives), not {type(mentions).__name__}")
    if "part" not in mentions.columns:  # a table written before quotes in pieces were numbered
        mentions["part"] = pd.Series(pd.NA, index=mentions.index, dtype=MENTIONS["part"][0])
    missing = [c for c in MENTIONS if c not in mentions.columns]
    if missing:
        raise InputError(f"not a mentions table (see quotes.table.MENTIONS): no column {', '.join(missing)}")
    repeated = sorted(set(mentions.columns[mentions.columns.duplicated()]))
    if repeated:
        raise InputError(f"not a mentions table: it repeats the column {', '.join(map(str, repeated))}")
    for column in ("quote", "speaker", "article_id"):
        if pd.api.types.infer_dtype(mentions[column], skipna=True) not in ("string", "empty"):
            raise InputError(f"not a mentions table: its {column} column holds values that are not text")
    if mentions.empty:
        mentions["quote_id"] = mentions["quote_id"].astype(MENTIONS["quote_id"][0])
        return empty_frame(QUOTES)
    if mentions["quote"].isna().any():
        raise InputError(f"row {int(mentions['quote'].isna().to_numpy().argmax())} of the mentions has no quote")
    if canonical_names:
        canonical = mentions["speaker"].map(corpus_names(mentions["speaker"].dropna()), na_action="ignore")
        mentions["speaker"] = canonical.astype(MENTIONS["speaker"][0])
    mentions["speaker_type"] = speaker_types(mentions).astype(MENTIONS["speaker_type"][0])
    whole, of = _whole_quotes(mentions)
    speaker_keys = _normalized(whole["speaker"].fillna(""))
    wordings = pd.DataFrame({"speaker": speaker_keys, "text": _normalized(whole["quote"])})
    # Each distinct (speaker, words) pair is clustered once, however many articles repeat it.
    codes, unique = pd.factorize(pd.MultiIndex.from_frame(wordings))
    cluster, altered = _cluster([s for s, _ in unique], [t for _, t in unique], options, np.bincount(codes))
    table, quote_ids = _quotes_table(whole, cluster[codes], [(cluster[i], cluster[j], kind) for i, j, kind in altered])
    mentions["quote_id"] = pd.Series(quote_ids[of], index=mentions.index, dtype=MENTIONS["quote_id"][0])
    return table


def _whole_quotes(mentions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per quote occurrence, a quote in pieces (`part` 1, 2, …; piece n goes on from the
    last piece n - 1 before it in its article, whatever other quotes stand between) joined into
    one row with the pieces' words and the first speaker; and, for each mention, its row.

    Example:
        >>> m = pd.DataFrame({"article_id": ["a", "a", "a"], "quote": ["The economy,", "Yes.", "is fine."],
        ...                   "part": pd.array([1, None, 2], dtype="Int64"), "speaker": ["Ann Lee", "Bo Li", None]})
        >>> whole, of = _whole_quotes(m)
        >>> whole["quote"].tolist(), whole["speaker"].tolist(), of.tolist()
        (['The economy, is fine.', 'Yes.'], ['Ann Lee', 'Bo Li'], [0, 1, 0])
    """
    part = mentions["part"].to_numpy(dtype="float64", na_value=np.nan)
    if not (part > 1).any():
        return mentions, np.arange(len(mentions))
    head = np.arange(len(mentions))  # the row of each mention's first piece
    last: dict[tuple[str, float], int] = {}  # (article, piece number) -> the row of its latest such piece
    for i in np.flatnonzero(~np.isnan(part)):
        article = mentions["article_id"].iat[i]
        before = last.get((article, part[i] - 1)) if part[i] > 1 else None
        if before is not None:
            head[i] = head[before]
        last[(article, part[i])] = i
    firsts = np.flatnonzero(head == np.arange(len(mentions)))
    of = np.searchsorted(firsts, head)
    whole = mentions.iloc[firsts].reset_index(drop=True)
    whole["quote"] = mentions["quote"].groupby(of).agg(" ".join).to_numpy()
    whole["speaker"] = mentions["speaker"].groupby(of).first().reindex(range(len(whole))).to_numpy()
    return whole, of


def speaker_types(mentions: pd.DataFrame) -> pd.Series:
    """One `speaker_type` per speaker, by a vote of its mentions that have one (person or organization).

    The tagger types each mention alone and the small one errs ("Christine Lagarde" an organisation
    in one article, "Lagarde" unknown in another); the majority of a speaker's typed mentions decides
    for all of them. A tie, or no typed mention, leaves each mention's own type.

    Args:
        mentions: a mentions table (columns `speaker`, `speaker_type`), speakers already canonical.

    Returns:
        the `speaker_type` column, aligned with `mentions`.

    Example:
        >>> m = pd.DataFrame({"speaker": ["Ann Lee", "Ann Lee", "Ann Lee", None],
        ...                   "speaker_type": ["person", "organization", "person", "unknown"]})
        >>> speaker_types(m).tolist()
        ['person', 'person', 'person', 'unknown']
    """
    types = mentions["speaker_type"]
    typed = mentions[mentions["speaker"].notna() & types.isin(["person", "organization"])]
    if typed.empty:
        return types
    counts = typed.groupby(["speaker", "speaker_type"], observed=True).size().unstack(fill_value=0)
    people, orgs = counts.get("person", 0), counts.get("organization", 0)
    vote = pd.Series(np.where(people > orgs, "person", "organization"), index=counts.index)[people != orgs]
    decided = vote.to_dict()
    return pd.Series([decided.get(speaker, own) for speaker, own in zip(mentions["speaker"], types)], index=types.index)


def _normalized(values: pd.Series) -> pd.Series:
    """`normalize_quote` of each value, computed once per distinct value."""
    distinct = values.unique()
    return values.map(dict(zip(distinct, map(normalize_quote, distinct))))


def _cluster(speakers: list[str], texts: list[str], options: DedupOptions,
             weights: np.ndarray | None = None) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """A cluster label for each distinct wording, and the pairs (i, j, what changed) of wordings
    alike but for a negation, a number or a modal (`quotes.alterations`): a possible misquote,
    kept apart.

    Wordings are visited longest first, in an order that depends only on their content (so the
    input order never matters), and each joins the cluster of the first longer-or-equal wording
    among its blocking candidates that is the same quote; otherwise it starts a cluster. A fragment
    that several wordings hold word for word joins the cluster of the most mentions so far
    (`weights`: mentions of each wording): the quote, not a longer misquote of it.
    """
    order = sorted(range(len(texts)), key=lambda i: (-len(texts[i]), speakers[i], texts[i]))
    rank = np.empty(len(texts), dtype=np.int64)
    rank[order] = np.arange(len(texts))
    label = np.full(len(texts), -1, dtype=np.int64)
    weights = np.ones(len(texts), dtype=np.int64) if weights is None else weights
    mentions_in = Counter()  # mentions in each cluster so far
    altered: list[tuple[int, int, str]] = []
    index = _ShingleIndex(speakers, texts, options)
    for i in order:
        # Candidates in canonical order too: the first match must not depend on the input order.
        longer = sorted({j for j in index.candidates(i) if rank[j] < rank[i]}, key=rank.__getitem__)
        match, hosts = None, []
        for j in longer:
            how = _same_quote(texts[i], texts[j], options)
            kind = alteration(texts[i], texts[j]) if how == "similar" else None
            if kind is not None:
                altered.append((i, j, kind))
            elif how == "contained":
                hosts.append(j)  # a fragment may lie in a quote and in a misquote of it: look on
            elif how is not None:
                match = j
                break
        if match is None and hosts:
            match = max(hosts, key=lambda j: (mentions_in[label[j]], -rank[j]))
        label[i] = label[match] if match is not None else i
        mentions_in[label[i]] += int(weights[i])
    return label, altered


class _ShingleIndex:
    """Word shingles of every wording, hashed with its speaker, sorted for lookup with numpy."""

    def __init__(self, speakers: list[str], texts: list[str], options: DedupOptions):
        hashes, owners, probes, probe_owner = [], [], [], []
        for i, (speaker, text) in enumerate(zip(speakers, texts)):
            own = _shingles(speaker, text, options.shingle_words)
            hashes.extend(own)
            owners.extend([i] * len(own))
            probes.extend(own[: options.probes])
            probe_owner.extend([i] * min(len(own), options.probes))
        keys = np.array(hashes, dtype=np.uint32)
        order = np.argsort(keys, kind="stable")
        keys, self.owner = keys[order], np.array(owners, dtype=np.int64)[order]
        # Every bucket lookup at once: [lo, hi) of each probe in the sorted keys.
        probe_keys = np.array(probes, dtype=np.uint32)
        lo, hi = np.searchsorted(keys, probe_keys, "left"), np.searchsorted(keys, probe_keys, "right")
        small = (hi - lo) <= options.max_bucket
        self.buckets: list[list[tuple[int, int]]] = [[] for _ in texts]
        for i, a, b in zip(np.array(probe_owner)[small].tolist(), lo[small].tolist(), hi[small].tolist()):
            self.buckets[i].append((a, b))

    def candidates(self, i: int):
        """Wordings sharing one of wording i's probe shingles, bucket by bucket."""
        for lo, hi in self.buckets[i]:
            yield from self.owner[lo:hi].tolist()


def _shingles(speaker: str, text: str, width: int) -> list[int]:
    words = text.split()
    grams = [" ".join(words[k : k + width]) for k in range(max(1, len(words) - width + 1))]
    # crc32, not hash(): the same input must block (and so cluster) the same way in every run.
    return sorted({zlib.crc32(f"{speaker}\x1f{g}".encode()) for g in grams})


def _same_quote(a: str, b: str, options: DedupOptions) -> str | None:
    """"contained" (a fragment of the other, word for word), "similar", or None."""
    short, long = sorted((a, b), key=len)
    if len(short.split()) >= options.min_fragment_words and f" {short} " in f" {long} ":
        return "contained"
    return "similar" if Indel.normalized_similarity(a, b) >= options.similarity else None


def quote_id(speaker_key: str, text_key: str) -> str:
    """A stable id for a quote row: a hash of its speaker and fullest wording."""
    return "q" + hashlib.blake2b(f"{speaker_key}\x1f{text_key}".encode(), digest_size=6).hexdigest()


def _link_alterations(table: pd.DataFrame, altered: list[tuple[int, int, str]]) -> None:
    """Set `altered_from` and `alteration` on the rows a pair links: the row carried by fewer
    articles (else published later, else the later quote_id) seems altered from the other."""
    table["altered_from"] = pd.Series(pd.NA, index=table.index, dtype="string")
    table["alteration"] = pd.Series(pd.NA, index=table.index, dtype="string")
    for a, b, kind in altered:
        if a == b:
            continue  # already one row through other wordings
        key = lambda r: (-table.at[r, "n_articles"], table.at[r, "first_published"] or "", table.at[r, "quote_id"])  # noqa: E731
        original, copy = sorted((a, b), key=key)
        if pd.isna(table.at[copy, "altered_from"]):
            table.at[copy, "altered_from"] = table.at[original, "quote_id"]
            table.at[copy, "alteration"] = kind


def _quotes_table(mentions: pd.DataFrame, row_of: np.ndarray, altered: list[tuple[int, int, str]] = ()
                  ) -> tuple[pd.DataFrame, np.ndarray]:
    """The quotes table of `mentions` (whole quotes) clustered into rows `row_of`, and each one's
    quote_id. `altered`: pairs of rows alike but for what changed, linked in `altered_from`."""
    # Only the columns the table needs: a corpus's mentions are copied once here, not all fifteen columns.
    needed = ["quote", "speaker", "speaker_type", "article_id", "outlet"]
    frame = mentions[needed].assign(_row=row_of, _len=mentions["quote"].str.len(), _date=_dates(mentions["published"]))
    # The fullest wording leads each row; ties go to the alphabetically first wording, then speaker,
    # so that the input's order never matters.
    leaders = frame.sort_values(["_row", "_len", "quote", "speaker"], ascending=[True, False, True, True],
                                na_position="last").groupby("_row").head(1)
    leaders = leaders.set_index("_row")
    groups = frame.groupby("_row")
    joined = lambda values: "; ".join(sorted(set(values.dropna()))) or None  # noqa: E731
    table = pd.DataFrame(
        {
            "quote": leaders["quote"],
            "speaker": leaders["speaker"],
            "speaker_type": groups["speaker_type"].agg(_most_common),
            "n_mentions": groups.size(),
            "n_articles": groups["article_id"].nunique(),
            "article_ids": groups["article_id"].agg(joined),
            "outlets": groups["outlet"].agg(joined),
            "first_published": groups["_date"].min().map(lambda d: d.date().isoformat() if pd.notna(d) else None),
            "variants": groups["quote"].nunique(),
        }
    )
    table["quote_id"] = [
        quote_id(normalize_quote(speaker) if isinstance(speaker, str) else "", normalize_quote(quote))
        for quote, speaker in zip(table["quote"], table["speaker"])
    ]
    _link_alterations(table, altered)
    quote_ids = table["quote_id"].reindex(row_of).to_numpy()
    table = table.sort_values(["n_articles", "quote_id"], ascending=[False, True])
    return conform(table, QUOTES), quote_ids


def _dates(published: pd.Series) -> pd.Series:
    return pd.to_datetime(published, errors="coerce", utc=True, format="mixed")


def _most_common(values: pd.Series, default: str = "unknown") -> str:
    counts = values.value_counts()
    return min(counts.index, key=lambda v: (-counts[v], v), default=default)
