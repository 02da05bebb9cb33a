"""Deduplication: one row of the quotes table per thing someone said, however many articles carried it.

Two mentions are the same quote when their speakers are the same person (names made canonical
across the corpus on evidence, see `canonical_speakers`), or one names no speaker and its words
are those of the one named speaker's quote they match, and their words are

- the same after folding case, accents, quotation marks, dashes, ellipses and spacing;
- a fragment of the other (at least `min_fragment_words` words, in order): it joins the longer
  quote's row, which keeps the fullest wording;
- or nearly the same (`similarity` ≥ the threshold, rapidfuzz's normalised Indel similarity on the
  folded words), as syndicated or translated copies are;
- but not when they differ in a negation, a number, a modal, a name or a word for its opposite (`quotes.alterations`).

A quote in pieces is one quote, and a piece the same as a piece of another joins the two.
Nothing is compared pair by pair across the corpus: see `quotes.matching`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
import regex

from .alterations import PIECE_BREAK
from .dates import read_date
from .errors import InputError
from .matching import cluster_quotes, cluster_wordings, unnamed_matches
from .options import DedupOptions
from .rules import load_rules
from .speakers import corpus_speakers, fold
from .speakers.corpus import type_votes
from .table import LATER, MENTIONS, QUOTES, conform, empty_frame

_WORDS = regex.compile(r"[\p{L}\p{N}]+")


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
    the part alone could merge names differently. `options.corpus_names=False` leaves every
    speaker as its article names it.

    Raises:
        InputError: `mentions` is not a DataFrame, lacks a column of the mentions table or repeats
            one, a row has no quote, or a quote or speaker is not text.

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will win the vote in May,” said Jane Smith.', '"We will win the vote in May," Smith said.'], model="none")
        >>> deduplicate(m)[["quote", "speaker", "n_articles"]].values.tolist()
        [['We will win the vote in May,', 'Jane Smith', 2]]
    """
    if not isinstance(options, DedupOptions):
        raise InputError(f"options must be a DedupOptions, not {type(options).__name__}")
    if not isinstance(mentions, pd.DataFrame):
        raise InputError(f"deduplicate takes the mentions table (a DataFrame, as quotes.extract gives), not {type(mentions).__name__}")
    for column in LATER["mentions"]:  # a table written before these columns were added
        if column not in mentions.columns:
            mentions[column] = pd.Series(pd.NA, index=mentions.index, dtype=MENTIONS[column][0])
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
    order = _text_order(mentions)
    if order is not None:  # a quote's pieces go together in text order, whatever the rows' order
        ordered = mentions.take(order).reset_index(drop=True)
        table = deduplicate(ordered, options, canonical_names=canonical_names)
        back = np.argsort(order)
        for column in ("quote_id", "speaker", "speaker_type"):
            mentions[column] = pd.Series(ordered[column].array.take(back), index=mentions.index)
        return table
    speakers, whole, of, rows = _speakers_and_quotes(mentions, options, canonical_names)
    mentions["speaker"] = speakers.astype(MENTIONS["speaker"][0])
    mentions["speaker_type"] = speaker_types(mentions).astype(MENTIONS["speaker_type"][0])
    whole = _with_speakers(whole, of, mentions)  # the speakers and types just set
    groups, altered = cluster_quotes(rows.speakers, rows.texts, rows.printed, rows.parent, options, rows.blind)
    del rows  # a corpus's words as Python strings: let them go before the table is made
    table, quote_ids = _quotes_table(whole, groups[: len(whole)], altered)
    mentions["quote_id"] = pd.Series(quote_ids[of], index=mentions.index, dtype=MENTIONS["quote_id"][0])
    return table


def _text_order(mentions: pd.DataFrame) -> np.ndarray | None:
    """The rows in text order (articles as they first come, each one's mentions by `quote_start`),
    or None when they are so already, or when no quote is in pieces (the only thing that reads
    the rows' order). A table sorted by anything else would join pieces of different quotes."""
    if not (mentions["part"].to_numpy(dtype="float64", na_value=np.nan) > 1).any():
        return None
    articles = pd.factorize(mentions["article_id"], use_na_sentinel=False)[0]
    starts = mentions["quote_start"].to_numpy(dtype="float64", na_value=-1)
    order = np.lexsort((np.arange(len(mentions)), starts, articles))
    return None if (order == np.arange(len(mentions))).all() else order


def _speakers_and_quotes(mentions: pd.DataFrame, options: DedupOptions, canonical_names: bool = True):
    """The speakers deduplication uses (canonical across the corpus unless told not to), the whole
    quotes (`_whole_quotes`) by them, and the rows to cluster (`_rows`)."""
    whole, of = _whole_quotes(mentions)
    rows = _rows(mentions, whole, of, options)
    if canonical_names and options.corpus_names:
        speakers = canonical_speakers(mentions, options, rows.blind[: len(whole)][of]).astype(MENTIONS["speaker"][0])
        whole = _with_speakers(whole, of, mentions.assign(speaker=speakers))
        rows.speakers = _normalized(whole["speaker"].fillna(""))
        rows.speakers += [rows.speakers[w] for w in rows.parent[len(whole):].tolist()]
    else:
        speakers = mentions["speaker"]
    return speakers, whole, of, rows


@dataclass
class _Rows:
    """What `matching.cluster_quotes` clusters: each whole quote, then each piece of a quote in
    pieces long enough to tell a quote by (with its whole quote's speaker); and for each, the
    group of the words whoever said them (`_same_words`). A corpus has as many rows as quotes:
    the numbers are arrays, and equal words are one string."""

    speakers: list[str]
    texts: list[str]
    printed: list[str]
    parent: np.ndarray
    blind: np.ndarray


def _rows(mentions: pd.DataFrame, whole: pd.DataFrame, of: np.ndarray, options: DedupOptions) -> _Rows:
    pieces = np.flatnonzero(mentions["part"].notna().to_numpy())
    printed = whole["quote"].tolist()
    if len(whole) < len(mentions):  # where a piece ends, for `alterations.what_changed`
        printed = _joined_pieces(mentions["quote"], of, PIECE_BREAK).tolist()
    speakers, texts, parent = _normalized(whole["speaker"].fillna("")), _normalized(whole["quote"]), []
    for k, text in zip(pieces.tolist(), _normalized(mentions["quote"].iloc[pieces])):
        if text.count(" ") + 1 >= options.min_fragment_words:
            speakers.append(speakers[of[k]])
            texts.append(text)
            printed.append(mentions["quote"].iat[k])
            parent.append(int(of[k]))
    parent = np.concatenate([np.arange(len(whole)), np.array(parent, dtype=np.int64)])
    return _Rows(speakers, texts, printed, parent, _same_words(texts, options))


def partition_keys(mentions: pd.DataFrame, options: DedupOptions = DedupOptions()) -> tuple[pd.Series, pd.Series]:
    """The speakers `deduplicate` gives `mentions`, and for each mention the key of the speaker
    whose rows it may join: its own speaker's, or for a quote with no speaker the one named
    speaker whose quote has its words, else "". A corpus split by this key deduplicates part by
    part (`canonical_names=False`) as it does whole (`quotes.cluster`).

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will win the vote in May,” said Ann Lee.', '“We will win the vote in May,” said Bo Li.'],
        ...                    model="none")
        >>> m.loc[1, "speaker"] = None  # as if the second article's attribution were lost
        >>> partition_keys(m)[1].tolist()
        ['ann lee', 'ann lee']
    """
    speakers, whole, of, rows = _speakers_and_quotes(mentions, options)
    keys = rows.speakers[: len(whole)]
    joins: dict[int, set[str]] = {}
    for r, found in unnamed_matches(rows.speakers, rows.texts, rows.blind, options, rows.printed).items():
        joins.setdefault(int(rows.parent[r]), set()).update(rows.speakers[t] for t in found)
    for w, named in joins.items():
        if len(named) == 1:
            keys[w] = next(iter(named))
    return speakers, pd.Series(np.array(keys, dtype=object)[of], index=mentions.index)


def canonical_speakers(mentions: pd.DataFrame, options: DedupOptions = DedupOptions(),
                       same_words: np.ndarray | None = None) -> pd.Series:
    """Each mention's speaker made canonical across the corpus, on evidence only (see
    `quotes.speakers.corpus`): a short form takes a fuller name only from an article linked to
    its own, such as one that carries the same quote, whoever it credits.

    Args:
        mentions: a mentions table (columns of `quotes.table.MENTIONS`; url and title may be absent).
        options: what counts as the same quote.
        same_words: for each mention, the number `_same_words` gives its quote, if known.

    Returns:
        the `speaker` column, aligned with `mentions`.

    Example:
        >>> import quotes
        >>> m = quotes.extract(['“We will pass the bill this week,” said Speaker Mike Johnson.',
        ...                     '“We will pass the bill this week,” Johnson said.', '“No,” Johnson said.'], model="none")
        >>> canonical_speakers(m).tolist()
        ['Mike Johnson', 'Mike Johnson', 'Johnson']
    """
    if same_words is None:
        whole, of = _whole_quotes(mentions)
        same_words = _same_words(_normalized(whole["quote"]), options)[of]
    return corpus_speakers(mentions.reindex(columns=[*NAME_EVIDENCE]), same_words, load_rules())


def _same_words(texts: list[str], options: DedupOptions) -> np.ndarray:
    """For each quote's normalised words, a number shared by the quotes that are the same whoever
    said them (clustered with no speaker to block on). A short quote ("No comment.") is anyone's:
    it gets a number of its own."""
    codes, distinct = pd.factorize(pd.Series(texts, dtype=object))
    # A fragment that a quote and a misquote of it both hold goes with the one more often printed.
    label, _, _ = cluster_wordings([""] * len(distinct), list(distinct), options, np.bincount(codes))
    short = np.array([len(t.split()) < options.min_fragment_words for t in distinct], dtype=bool)
    return np.where(short[codes], -1 - np.arange(len(codes)), label[codes])


# What corpus_speakers reads of a mention.
NAME_EVIDENCE = ("article_id", "speaker", "speaker_mention", "speaker_type", "outlet", "title", "url", "published")


# What deduplication reads of a whole quote (`_rows`, `_quotes_table`).
_WHOLE_COLUMNS = ("article_id", "quote", "speaker", "speaker_type", "outlet", "published")


def _whole_quotes(mentions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """One row per quote occurrence, a quote in pieces (`part` 1, 2, …; piece n goes on from the
    last piece n - 1 before it in its article, whatever other quotes stand between) joined into
    one row with the pieces' words and the first speaker; and, for each mention, its row. With
    no quote in pieces that is `mentions` itself, else a new frame of `_WHOLE_COLUMNS` only.

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
    # only the columns deduplication reads: a corpus's mentions are copied here, three times a run
    columns = [mentions.columns.get_loc(c) for c in _WHOLE_COLUMNS if c in mentions.columns]
    whole = mentions.iloc[firsts, columns].reset_index(drop=True)
    whole["quote"] = _joined_pieces(mentions["quote"], of, " ")
    whole["speaker"] = mentions["speaker"].groupby(of).first().reindex(range(len(whole))).to_numpy()
    return whole, of


def _with_speakers(whole: pd.DataFrame, of: np.ndarray, mentions: pd.DataFrame) -> pd.DataFrame:
    """`whole` (from `_whole_quotes(mentions)`) with the speakers and speaker types `mentions` has
    now: the rows stay, only the two columns are read again, so a corpus is not copied once more."""
    if len(whole) == len(mentions):  # no quote in pieces: one row per mention, in order
        return mentions
    firsts = np.unique(of, return_index=True)[1]
    whole = whole.assign(speaker=mentions["speaker"].groupby(of).first().reindex(range(len(whole))).to_numpy())
    if "speaker_type" in mentions:  # partition_keys reads none
        whole["speaker_type"] = mentions["speaker_type"].to_numpy()[firsts]
    return whole


def _joined_pieces(values: pd.Series, of: np.ndarray, sep: str) -> pd.Series:
    """For each whole quote, its mentions' `values` joined by `sep` in their order: what
    `values.groupby(of).agg(sep.join)` gives, with Python strings made only for the quotes in
    pieces, not for the many in one. `of` numbers the quotes 0, 1, … with none missed, as
    `_whole_quotes` does."""
    firsts = np.unique(of, return_index=True)[1]
    joined = values.iloc[firsts].reset_index(drop=True)
    if not isinstance(joined.dtype, pd.StringDtype):  # a category or any other kind takes no new words
        joined = joined.astype(object)
    later = np.flatnonzero(firsts[of] != np.arange(len(of))).tolist()
    if later:
        texts = {w: values.iat[firsts[w]] for w in of[later].tolist()}
        for i in later:
            texts[of[i]] += sep + values.iat[i]
        joined.iloc[list(texts)] = list(texts.values())
    return joined


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
    decided = type_votes(mentions["speaker"], types)
    return pd.Series([decided.get(speaker, own) for speaker, own in zip(mentions["speaker"], types)], index=types.index)


def _normalized(values: pd.Series) -> list[str]:
    """`normalize_quote` of each value, computed once per distinct value; equal values share one string."""
    codes, distinct = pd.factorize(values, use_na_sentinel=False)  # a missing value fails in normalize_quote
    normal = [normalize_quote(v) for v in distinct]
    return [normal[c] for c in codes.tolist()]


def quote_id(speaker_key: str, text_key: str) -> str:
    """A stable id for a quote row: a hash of its speaker and fullest wording."""
    return "q" + hashlib.blake2b(f"{speaker_key}\x1f{text_key}".encode(), digest_size=6).hexdigest()


def _link_alterations(table: pd.DataFrame, altered: list[tuple[int, int, str]]) -> None:
    """Set `altered_from` and `alteration` on the rows a pair links: the row carried by fewer
    articles (else published later, else the later quote_id) seems altered from the other; a row
    linked to several, from the one carried by the most (a quote, not another misquote of it)."""
    rank = dict(zip(table.index, zip(-table["n_articles"].to_numpy(), table["_first"], table["quote_id"])))
    ids = dict(zip(table.index, table["quote_id"]))
    links: dict = {}  # the copy's row -> (the original's quote_id, what changed, the original's row)
    for a, b, kind in altered:
        # a == b: already one row through other wordings; a group of pieces alone is no row
        if a != b and a in rank and b in rank:
            original, copy = sorted((a, b), key=rank.__getitem__)
            if copy not in links or rank[original] < rank[links[copy][2]]:
                links[copy] = (ids[original], kind, original)
    table["altered_from"] = pd.Series({r: v[0] for r, v in links.items()}, dtype="string").reindex(table.index)
    table["alteration"] = pd.Series({r: v[1] for r, v in links.items()}, dtype="string").reindex(table.index)


def _quotes_table(mentions: pd.DataFrame, row_of: np.ndarray, altered: list[tuple[int, int, str]] = ()
                  ) -> tuple[pd.DataFrame, np.ndarray]:
    """The quotes table of `mentions` (whole quotes) clustered into rows `row_of`, and each one's
    quote_id. `altered`: pairs of rows alike but for what changed, linked in `altered_from`."""
    # Only the columns the table needs: a corpus's mentions are copied once here, not all twenty-one columns.
    needed = ["quote", "speaker", "speaker_type", "article_id", "outlet"]
    when, iso = _dates(mentions["published"])
    frame = mentions[needed].assign(_row=row_of, _len=mentions["quote"].str.len(), _when=when, _iso=iso,
                                    _unnamed=mentions["speaker"].isna())
    # The fullest wording with a speaker leads each row (a copy that lost its attribution never
    # takes the name from it); ties go to the alphabetically first wording, then speaker, so
    # that the input's order never matters.
    leaders = frame.sort_values(["_row", "_unnamed", "_len", "quote", "speaker"], ascending=[True, True, False, True, True],
                                na_position="last").groupby("_row").head(1)
    leaders = leaders.set_index("_row")
    groups = frame.groupby("_row")
    # The first publication: the earliest readable date, then the smallest article id.
    first = frame[frame["_when"].notna()].sort_values(["_row", "_when", "article_id"]).groupby("_row").head(1)
    first = first.set_index("_row").reindex(leaders.index)
    table = pd.DataFrame(
        {
            "quote": leaders["quote"],
            "speaker": leaders["speaker"],
            "speaker_type": _most_common(frame["_row"], frame["speaker_type"]),
            "n_mentions": groups.size(),
            "n_articles": groups["article_id"].nunique(),
            "article_ids": _joined(frame["_row"], frame["article_id"]),
            "outlets": _joined(frame["_row"], frame["outlet"]),
            "first_published": first["_iso"],
            "first_outlet": first["outlet"],
            "first_article_id": first["article_id"],
            "_first": first["_when"].fillna(pd.Timestamp.max.tz_localize("UTC").as_unit(first["_when"].dt.unit)),
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


def _dates(published: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each date's instant (UTC, NaT where unreadable or ambiguous, see `quotes.dates`) and its ISO
    8601 form, each distinct date read once."""
    read = {value: read_date(value) for value in published.dropna().unique()}
    when = published.map(lambda v: read[v].instant if read.get(v) else None, na_action="ignore")
    iso = published.map(lambda v: read[v].iso if read.get(v) else None, na_action="ignore")
    return pd.to_datetime(when, utc=True), iso


def _joined(rows: pd.Series, values: pd.Series) -> pd.Series:
    """For each row, its distinct values sorted and joined by "; " (None if it has none), with
    one sort of the whole column rather than one per row."""
    pairs = pd.DataFrame({"row": rows.to_numpy(), "value": values.astype(object).to_numpy()}).dropna().drop_duplicates()
    pairs = pairs.sort_values(["row", "value"])
    out: dict[int, list[str]] = {}
    for row, value in zip(pairs["row"].tolist(), pairs["value"].tolist()):
        out.setdefault(row, []).append(value)
    return pd.Series({row: "; ".join(v) for row, v in out.items()}, dtype=object).reindex(pd.unique(rows)).sort_index()


def _most_common(rows: pd.Series, values: pd.Series, default: str = "unknown") -> pd.Series:
    """For each row, its most common value, ties to the first in alphabetical order."""
    counts = pd.DataFrame({"row": rows.to_numpy(), "value": values.fillna(default).astype(object).to_numpy()})
    counts = counts.groupby(["row", "value"]).size().reset_index(name="n").sort_values(["row", "n", "value"], ascending=[True, False, True])
    return counts.drop_duplicates("row").set_index("row")["value"].sort_index()
