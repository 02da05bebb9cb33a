"""Verify a claimed quote: where it appeared, in which wording, said by whom, and what differs.

A fact-checker has a quote as someone claims it ("the minister said the ceasefire will not hold")
and wants the wordings the corpus printed that are closest to it. `QuoteIndex` indexes every
wording of a quotes or mentions table by its words (postings kept as numpy arrays, built with
pyarrow); a claim is compared only with the wordings that share the most of its rarer words, so an
answer from a million quotes takes milliseconds rather than a scan. Each close wording is then
classed:

- exact: the same words (after the folding of `dedup.normalize_quote`);
- fragment: the claim is a stretch of the wording, word for word (the claim cut short), of five
  words or more;
- partial: the wording is a stretch of the claim: only part of the claim appeared (what it adds
  may change its meaning: "we will not" around a printed "win the vote"; a claim pasted with its
  attribution, "…,” she said.");
- reworded: alike (rapidfuzz's Indel similarity over words ≥ 0.8, as deduplication's, or the claim
  as alike to a stretch of a longer quote), with no change of meaning found;
- close: less alike, down to `min_similarity`, or a claim under five words inside a quote:
  shown, not found;
- altered: alike, but a negation, a number, a modal, a name or a word for its opposite differs (`quotes.alterations`):
  the claim may be a misquote of it.

A claim is *found* when a wording is exact, a fragment or reworded (by the claimed speaker, if
one is given); a close, partial or altered wording alone is not the claim.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import numpy as np
import pandas as pd
import regex
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel

from .alterations import kinds_in, what_changed
from .dedup import DedupOptions, _normalized, normalize_quote
from .errors import InputError, QuotesError
from .io import ReadReport
from .rules import load_rules
from .speakers.canonical import contains
from .speakers.names import first_name_gender, trailing_name
from .speakers.corpus import key_of
from .table import VERIFIED, conform, empty_frame

FOUND = ("exact", "fragment", "reworded")
# A shorter stretch ("the ceasefire") is in too many quotes to say the claim appeared: as dedup.
_FRAGMENT_WORDS = DedupOptions().min_fragment_words
# Double marks only: a single one is as often an apostrophe ("the city’s own study").
_MARKED = regex.compile(r'[“"«„]([^“”"«»„]+)[”"»“]')
# As alike as two wordings deduplication makes one quote: below, a wording is only close.
_REWORDED = DedupOptions().similarity
# A claim that holds a printed wording and this many words more ("… respect it fully") rewords
# it; more than that, or a negation, a number or a modal among them, is a claim the wording does
# not bear out.
_EXTRA_WORDS = 2


class QuoteIndex:
    """The wordings of a quotes table, or of a mentions table and the quotes table made from it,
    indexed by their words.

    Args:
        quotes: the quotes table (`quotes.table.QUOTES`).
        mentions: optionally the mentions table it was made from: then every wording is indexed,
            not only each row's fullest, and answers give each mention's article and offsets.

    Raises:
        InputError: a table lacks the columns of its kind.

    Example:
        >>> import quotes
        >>> m = quotes.extract("“The ceasefire will hold if both sides respect it,” said Ann Lee.", model="none")
        >>> index = QuoteIndex(quotes.deduplicate(m), m)
        >>> index.search("the ceasefire will not hold")[["match", "alteration"]].values.tolist()
        [['altered', 'negation']]
    """

    def __init__(self, quotes: pd.DataFrame, mentions: pd.DataFrame | None = None):
        needs = {"quotes": ("quote_id", "quote", "speaker"),
                 "mentions": ("article_id", "quote_id", "quote", "speaker", "quote_start", "quote_end")}
        for frame, kind in ((quotes, "quotes"), (mentions, "mentions")):
            if frame is None and kind == "mentions":
                continue
            if not isinstance(frame, pd.DataFrame):
                raise InputError(f"a {kind} table is a DataFrame, not {type(frame).__name__}")
            missing = [c for c in needs[kind] if c not in frame.columns]
            if missing:
                raise InputError(f"not a {kind} table (see quotes.table.{kind.upper()}): no column {', '.join(missing)}")
            if pd.api.types.infer_dtype(frame["quote"], skipna=True) not in ("string", "empty"):
                raise InputError(f"not a {kind} table: its quote column holds values that are not text")
        # Tables of runs that overlap repeat rows: each quote once.
        quotes = quotes.dropna(subset=["quote_id"]).drop_duplicates("quote_id")
        self.quotes = quotes.set_index("quote_id", drop=False)
        # Every wording: the quotes table's, and the mentions' (which need not come from the same run).
        columns = ["quote_id", "quote", "speaker"]
        source = quotes[columns] if mentions is None else pd.concat([quotes[columns], mentions[columns]])
        wordings = source.dropna(subset=["quote_id", "quote"]).drop_duplicates(["quote_id", "quote"])
        # Plain lists: a claim reads a few hundred wordings one by one, too slow through pandas.
        self.quote_ids, self.originals = wordings["quote_id"].tolist(), wordings["quote"].tolist()
        self.speakers = [s if isinstance(s, str) else None for s in wordings["speaker"]]
        self.where = _where(mentions) if mentions is not None else None
        texts = _normalized(wordings["quote"])
        self.texts = texts
        import pyarrow as pa  # only here: importing quotes stays light
        import pyarrow.compute as pc

        words = pc.split_pattern(pa.array(texts, type=pa.large_string()), " ")
        owner = pc.list_parent_indices(words).to_numpy()
        encoded = pc.dictionary_encode(pc.list_flatten(words))
        ids = encoded.indices.to_numpy()
        self.vocabulary = {w: i for i, w in enumerate(encoded.dictionary.to_pylist())}
        order = np.argsort(ids, kind="stable")
        self.postings = owner[order].astype(np.int64)
        self.starts = np.searchsorted(ids[order], np.arange(len(self.vocabulary) + 1))
        # Word pairs too: a claim of common words ("and I don't have a great") is told by its pairs.
        same = owner[1:] == owner[:-1]
        pairs = ids[:-1][same].astype(np.int64) * len(self.vocabulary) + ids[1:][same]
        order = np.argsort(pairs, kind="stable")
        self.pairs, self.pair_owner = pairs[order], owner[:-1][same][order].astype(np.int64)

    def __len__(self) -> int:
        return len(self.texts)

    def search(self, claim: str, *, speaker: str | None = None, limit: int = 10, min_similarity: float = 0.6,
               candidates: int = 100) -> pd.DataFrame:
        """The wordings closest to `claim`, best first: a frame of `quotes.table.VERIFIED`.

        Args:
            claim: the quote as claimed, with or without quotation marks.
            speaker: who is said to have said it; its rows come first, and only they can make it found.
            limit: the most rows to return.
            min_similarity: 0-1: below this a wording is not close.
            candidates: how many of the wordings sharing the most words are compared.

        Raises:
            InputError: the claim has no words, or an option is out of range.
        """
        if not isinstance(claim, str) or (speaker is not None and not isinstance(speaker, str)):
            raise InputError("the claim and the speaker are text")
        # A claim pasted with its attribution ('“We will win,” she said.'): the words in the marks,
        # where they are most of it (not a word in scare quotes: 'He said “no” to the deal').
        words = normalize_quote(claim).split()
        marked = _MARKED.search(claim)
        inside = normalize_quote(marked.group(1)).split() if marked else []
        if 2 * len(inside) >= len(words):
            words = inside
        if not words:
            raise InputError("the claim has no words to look for")
        if speaker is not None and not key_of(speaker):
            raise InputError("the speaker has no name in it")
        numbers = (min_similarity, limit, candidates)
        if any(isinstance(n, bool) or not isinstance(n, (int, float)) for n in numbers) or not 0 <= min_similarity <= 1 \
                or not isinstance(limit, int) or not isinstance(candidates, int) or limit < 1 or candidates < 1:
            raise InputError("min_similarity is a number 0-1, and limit and candidates whole numbers of 1 or more")
        claim_text = " ".join(words)
        rows = self._candidates(words, candidates)
        # Ranked first by characters, all at once (rapidfuzz, in C++); then the closest compared word by word.
        texts = [self.texts[r] for r in rows]
        rough = np.maximum(process.cdist([claim_text], texts, scorer=Indel.normalized_similarity)[0],
                           process.cdist([claim_text], texts, scorer=fuzz.partial_ratio)[0] / 100) if texts else np.array([])
        closest = [int(rows[k]) for k in np.argsort(-rough, kind="stable")[: max(limit * 4, 20)]]
        found = [f for f in (self._compare(claim_text, claim, r, min_similarity) for r in closest) if f is not None]
        if not found:
            return empty_frame(VERIFIED)
        frame = pd.DataFrame(found)
        # The quote's speaker, as its row has it (a wording whose article named no one may be in
        # the row of the one speaker whose words they are).
        rows = self.quotes["speaker"].reindex(frame["quote_id"]).to_numpy()
        frame["speaker"] = [r if isinstance(r, str) else w for r, w in zip(rows, frame["speaker"])]
        frame["speaker_match"] = _speaker_matches(frame["speaker"], speaker)
        # word for word before alike: a wording the claim holds whole says more than a misquote of it
        rank = frame["match"].map({"exact": 0, "fragment": 1, "reworded": 2, "partial": 3, "altered": 4, "close": 5})
        frame = frame.assign(_mine=~frame["speaker_match"].fillna(True).astype(bool), _rank=rank)
        frame = frame.sort_values(["_mine", "_rank", "similarity", "quote_id"], ascending=[True, True, False, True])
        # One row per quote: its closest wording.
        frame = frame.drop_duplicates("quote_id").head(limit)
        table = self.quotes.reindex(frame["quote_id"])
        for column in ("n_articles", "outlets", "article_ids", "first_published", "first_outlet", "first_article_id", "altered_from"):
            frame[column] = table[column].to_numpy() if column in table.columns else None
        frame["mentions"] = [self.where.get(q) for q in frame["quote_id"]] if self.where is not None else None
        return conform(frame, VERIFIED)

    def _candidates(self, words: list[str], most: int) -> np.ndarray:
        """The wordings that share the most of the claim's words and word pairs, rare ones
        weighing more (1 / log2(2 + how many wordings have it))."""
        ids = [self.vocabulary.get(w, -1) for w in words]
        spans = [(self.starts[i], self.starts[i + 1], self.postings) for i in dict.fromkeys(ids) if i >= 0]
        keys = np.array([a * len(self.vocabulary) + b for a, b in dict.fromkeys(zip(ids, ids[1:])) if a >= 0 and b >= 0], dtype=np.int64)
        lo, hi = np.searchsorted(self.pairs, keys, "left"), np.searchsorted(self.pairs, keys, "right")
        spans += [(a, b, self.pair_owner) for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        # What more than 5% of the wordings have ("the", "we") finds too many: left out when at
        # least two rarer words or pairs find the wording.
        rare = [span for span in spans if span[1] - span[0] <= max(1000, len(self) // 20)]
        chosen = rare if len(rare) >= 2 else spans
        if not chosen:
            return np.array([], dtype=np.int64)
        hits = np.concatenate([postings[a:b] for a, b, postings in chosen])
        weights = np.concatenate([np.full(b - a, 1.0 / np.log2(2 + b - a)) for a, b, _ in chosen])
        score = np.bincount(hits, weights=weights, minlength=len(self))
        top = np.flatnonzero(score)
        if len(top) > most:
            top = top[np.argpartition(-score[top], most - 1)[:most]]
        return top

    def _compare(self, claim: str, original: str, row: int, min_similarity: float) -> dict | None:
        text = self.texts[row]
        if claim == text:
            match, similarity, changed = "exact", 1.0, None
        elif f" {claim} " in f" {text} ":
            # too few words to tell a quote by: shown, not found
            match = "fragment" if claim.count(" ") + 1 >= _FRAGMENT_WORDS else "close"
            similarity, changed = 1.0, None
        elif f" {text} " in f" {claim} ":
            # the wording is part of the claim: what the claim adds did not appear with it, unless
            # it adds little (a word or two: "… respect it fully"), when the claim rewords it
            similarity, changed = _similarity(claim.split(), text.split()), None
            match = "partial"
            extra = claim.count(" ") - text.count(" ")
            if extra <= _EXTRA_WORDS and not _says_more(claim, text):
                match = "reworded"
        else:
            similarity = _similarity(claim.split(), text.split())
            if similarity < min_similarity:
                return None
            changed = what_changed(claim, original, text, self.originals[row])
            match = "altered" if changed else "reworded" if similarity >= _REWORDED else "close"
        return {"quote_id": self.quote_ids[row], "quote": self.originals[row], "speaker": self.speakers[row],
                "match": match, "similarity": round(similarity, 3), "differences": _differences(claim, text),
                "alteration": changed}


def _says_more(claim: str, text: str) -> bool:
    """Whether the words a claim adds around a wording it holds change what it says: a negation,
    a number or a modal among them."""
    start = f" {claim} ".index(f" {text} ")
    return bool(kinds_in((claim[:start] + " " + claim[start + len(text):]).split()))


def verify(claim: str, table: pd.DataFrame | QuoteIndex, *, mentions: pd.DataFrame | None = None,
           speaker: str | None = None, limit: int = 10, min_similarity: float = 0.6) -> pd.DataFrame:
    """Where a claimed quote appeared: the closest wordings in `table`, best first (see the module
    docstring for how each is classed).

    Args:
        claim: the quote as claimed.
        table: a quotes table, a mentions table (deduplicated here), or a `QuoteIndex` built once
            for many claims.
        mentions: the mentions table behind a quotes table, for articles and offsets.
        speaker, limit, min_similarity: see `QuoteIndex.search`.

    Returns:
        a frame of `quotes.table.VERIFIED` columns, one row per quote; the claim is found when a
        row's `match` is exact, fragment or reworded (and its `speaker_match` is not False).

    Raises:
        InputError: `table` is not one of those, or the claim has no words.

    Example:
        >>> import quotes
        >>> m = quotes.extract(["“Inflation will fall to 2% by the end of next year,” said Ann Lee."], model="none")
        >>> verify("inflation will fall to 3% by the end of next year", m)[["speaker", "match", "alteration"]].values.tolist()
        [['Ann Lee', 'altered', 'number']]
    """
    if not isinstance(table, (QuoteIndex, pd.DataFrame)):
        raise InputError(f"verify looks in a quotes or mentions table or a QuoteIndex, not {type(table).__name__}")
    if not isinstance(table, QuoteIndex):
        if "quote_start" in table.columns:  # a mentions table
            from .dedup import deduplicate

            mentions = table.copy()
            table = QuoteIndex(deduplicate(mentions), mentions)
        else:
            table = QuoteIndex(table, mentions)
    return table.search(claim, speaker=speaker, limit=limit, min_similarity=min_similarity)


def verify_files(claim: str, paths: list[str], *, speaker: str | None = None, limit: int = 10,
                 min_similarity: float = 0.6, **extract: object) -> tuple[pd.DataFrame, ReadReport]:
    """`verify` over files: tables a run wrote (a quotes table, a mentions table, or both; CSV,
    JSONL or Parquet, told by their columns; one written before some columns were added, or cut
    to `quote_id`, `quote` and `speaker`, is read too), or news to extract first (`extract` goes
    to `quotes.pipeline.extract_tables`). Returns the answer and a report of what was read.

    Raises:
        InputError, QuotesError: a file cannot be read; tables and news are mixed; no article.

    Example:
        >>> answer, _ = verify_files("We will win the vote", ["data/samples"], model="none")
        >>> is_found(answer)
        False
    """
    from .files import table_kind
    from .pipeline import extract_tables

    kinds = [table_kind(p) for p in paths]
    if any(kinds):
        others = [p for p, k in zip(paths, kinds) if not k]
        if others:
            missing = [p for p in others if not Path(p).exists()]
            raise InputError(f"{missing[0]}: no such file or folder" if missing else
                             f"give either tables a run wrote or news to read, not both: {', '.join(map(str, others))} "
                             "is not a quotes or mentions table")
        report = ReadReport()
        tables = {kind: pd.concat([_read_table(p, kind) for p, k in zip(paths, kinds) if k == kind], ignore_index=True)
                  for kind in set(kinds)}
        quotes, mentions = tables.get("quotes"), tables.get("mentions")
        if quotes is None:
            return verify(claim, mentions, speaker=speaker, limit=limit, min_similarity=min_similarity), report
        if mentions is not None:
            stray = set(mentions["quote_id"].dropna()) - set(quotes["quote_id"].dropna())
            if stray:
                report.notes.append(f"{len(stray):,} quote ids of the mentions are not in the quotes table: "
                                    "are the two tables from one run?")
        index = QuoteIndex(quotes, mentions)
        return index.search(claim, speaker=speaker, limit=limit, min_similarity=min_similarity), report
    tables = extract_tables(paths, **extract)
    if tables.report.read == 0:
        why = "; ".join(f"{k.source}: {k.reason}" for k in tables.report.skipped[:3])
        raise InputError("no article was read from the input" + (f" ({why})" if why else ": nothing to look in"))
    index = QuoteIndex(tables.quotes, tables.mentions)
    return index.search(claim, speaker=speaker, limit=limit, min_similarity=min_similarity), tables.report


def _read_table(path, kind: str) -> pd.DataFrame:
    """A table as `output.read_quotes` reads it, or, for one with fewer columns, as it is, with
    the others empty."""
    from .output import format_of, read_quotes
    from .table import MENTIONS, QUOTES

    try:
        return read_quotes(path, table=kind)
    except QuotesError:
        declared = QUOTES if kind == "quotes" else MENTIONS
        chosen = format_of(path)
        try:
            frame = (pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""]) if chosen == "csv"
                     else pd.read_json(path, lines=True, dtype=False) if chosen == "jsonl" else pd.read_parquet(path))
            return frame.reindex(columns=list(declared)).astype({"quote_id": "string", "quote": "string", "speaker": "string"})
        except (OSError, ValueError, TypeError) as exc:
            raise InputError(f"{path}: cannot read as {chosen}: {exc}") from exc


def is_found(answer: pd.DataFrame) -> bool:
    """Whether `verify`'s answer finds the claim: a wording exact, a fragment or reworded, by the
    claimed speaker when one was given."""
    return bool((answer["match"].isin(FOUND) & answer["speaker_match"].fillna(True).astype(bool)).any())



def _similarity(a: list[str], b: list[str]) -> float:
    """How alike two wordings are, word for word (rapidfuzz's normalised Indel similarity over
    words); a wording of five words or more is compared with the stretch of the longer one most
    like it, as a claim that is part of a long quote is alike to that part, not to the whole."""
    whole = Indel.normalized_similarity(a, b)
    short, long = sorted((a, b), key=len)
    if len(short) < 5 or len(short) == len(long):
        return whole
    n = len(short)
    return max(whole, max(Indel.normalized_similarity(short, long[i : i + n]) for i in range(len(long) - n + 1)))


def _where(mentions: pd.DataFrame) -> dict[str, str]:
    """quote_id → "article:start-end; …" of its mentions."""
    found = mentions.dropna(subset=["quote_id"]).drop_duplicates(["article_id", "quote_start", "quote_end"])
    places = found["article_id"].astype(str) + ":" + found["quote_start"].astype(str) + "-" + found["quote_end"].astype(str)
    return places.groupby(found["quote_id"].to_numpy()).agg("; ".join).to_dict()


def _differences(claim: str, text: str) -> str | None:
    """The words the claim leaves out of the wording and those it adds: "missing: …; added: …"."""
    a, b = claim.split(), text.split()
    missing, added = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("replace", "delete"):
            added.append(" ".join(a[i1:i2]))
        if op in ("replace", "insert"):
            missing.append(" ".join(b[j1:j2]))
    parts = ([f"missing: {' … '.join(missing)}"] if missing else []) + ([f"added: {' … '.join(added)}"] if added else [])
    return "; ".join(parts) or None


def _speaker_matches(speakers: pd.Series, claimed: str | None) -> pd.Series:
    """Whether each speaker is the claimed one (its name holds the claimed name's words: "Mike
    Johnson" for "Johnson", not "Johnson" for "Mike Johnson"); NA where no speaker is claimed,
    False for a quote no one is named for.

    Example:
        >>> _speaker_matches(pd.Series(["Mike Johnson", None]), "Johnson").tolist()
        [True, False]
    """
    if not claimed or not key_of(claimed):
        return pd.Series(pd.NA, index=speakers.index, dtype="boolean")
    # The name without its titles: "Defence Minister Ana Ruiz" is Ana Ruiz; a title that says a
    # gender ("Mr. Ortiz") must fit the first name (not Maria Ortiz).
    rules = load_rules()
    want = list(key_of(trailing_name(claimed, rules) or claimed))
    title = rules.title_forms.get(claimed.split()[0].rstrip(".").casefold()) if claimed.split() else None
    gender = title.gender if title is not None else None

    def matches(name) -> bool:
        # the quote's speaker at least as fully named as the claim: "Mike Johnson" is a claimed
        # "Johnson", but a row of "Johnson" is not surely a claimed "Mike Johnson"
        have = list(key_of(name)) if isinstance(name, str) else []
        if gender and first_name_gender(name) not in (None, gender):
            return False
        return bool(have) and contains(have, want)

    return pd.Series([matches(s) for s in speakers], index=speakers.index, dtype="boolean")
