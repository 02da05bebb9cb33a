"""Which wordings are the same quote: the clustering behind deduplication (`quotes.dedup`).

Every distinct (speaker, words) wording is indexed by hashed word shingles (`shingle_words` words,
hashed with the speaker, so blocking is per speaker), and a wording is only compared with those that
share one of its `probes` lowest shingle hashes. A fragment's lowest shingles are shingles of the
longer quote too, so fragments are always found. Shingles shared by more than `max_bucket`
wordings ("the American people") are not used to block. Wordings are visited longest first and each
joins the first matching longer one, so every group is led by its fullest wording, and no two
wordings are compared twice.

A quote printed in pieces (over several paragraphs, or around its attribution) is one quote, but
a copy may cut or reword one piece and re-mark the others: `cluster_quotes` also compares each
piece on its own, and a piece that is the same quote as another quote's piece joins the two
quotes, unless a misquote lies between them.
"""

from __future__ import annotations

import itertools
import zlib
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from rapidfuzz.distance import Indel

from .alterations import PIECE_BREAK, alteration, kinds_in, opposed, what_changed

if TYPE_CHECKING:
    from .dedup import DedupOptions


def cluster_quotes(speakers: list[str], texts: list[str], printed: list[str], whole: np.ndarray, options: DedupOptions,
                   same_words: np.ndarray | None = None) -> tuple[np.ndarray, list[tuple[int, int, str]]]:
    """A group for each row, the same for rows that are one quote, and the pairs of groups
    (a, b, what changed) alike but for a negation, a number, a modal, a name or a word for its opposite.

    Args:
        speakers, texts: each row's normalised speaker and words.
        printed: each row's words as printed (for the names in them).
        whole: for each row, the row of the quote it is a piece of; its own for a whole quote. The
            pieces of a quote in pieces follow their quote as rows of their own.
        options: the `DedupOptions`.
        same_words: for each row, a number shared by rows whose words are the same quote whoever
            said them: a quote with no speaker joins the one named speaker's quote with its words
            (a copy whose attribution was lost, or only the copy's found), never one of two.

    Returns:
        for each row its group (an int), and the altered pairs between groups.

    Example:
        >>> from quotes.dedup import DedupOptions
        >>> speakers = ["ann lee"] * 4
        >>> texts = ["we will cut taxes this year and build roads next year", "we will cut taxes this year",
        ...          "and build roads next year", "we will truly cut taxes this year and build more roads next year"]
        >>> groups, _ = cluster_quotes(speakers, texts, texts, np.array([0, 0, 0, 3]), DedupOptions())
        >>> bool(groups[0] == groups[3])
        True
    """
    codes, unique = pd.factorize(pd.MultiIndex.from_arrays([speakers, texts]))
    unique = list(unique)  # tuples: indexing a MultiIndex one by one is slow
    # One printed form for each wording, chosen by content (the one in the most pieces), not by
    # which row came first: where its pieces end decides what counts as a cut.
    shown: dict[int, str] = {}
    for code, form in zip(codes.tolist(), printed):
        if code not in shown or (form.count(PIECE_BREAK), form) > (shown[code].count(PIECE_BREAK), shown[code]):
            shown[code] = form
    label, altered, also = cluster_wordings([s for s, _ in unique], [t for _, t in unique], options, np.bincount(codes),
                                            [shown[c] for c in range(len(unique))])
    groups = _Groups()
    # A misquoted piece keeps its quote apart from the quote whose piece it alters, too.
    quotes_of: dict[int, set[int]] = {}  # wording of a piece -> labels of the quotes it is a piece of
    pieces = np.flatnonzero(whole != np.arange(len(whole)))
    for r, w in zip(pieces.tolist(), whole[pieces].tolist()):
        quotes_of.setdefault(int(codes[r]), set()).add(int(label[codes[w]]))
    for i, j, _ in altered:
        groups.keep_apart(label[i], label[j])
        for a, b in itertools.product(quotes_of.get(i, {label[i]}), quotes_of.get(j, {label[j]})):
            groups.keep_apart(a, b)
    for i, j in also:
        groups.join(label[i], label[j])
    for a, b in _piece_links(texts, whole, label[codes], unique, codes, np.bincount(codes)[codes]):
        groups.join(a, b)
    if same_words is not None:
        matches = unnamed_matches(speakers, texts, same_words, options, printed)
        # for each quote without a speaker (its whole row's label), the quotes its words or pieces match
        targets: dict[int, set[int]] = {}
        for r, found in matches.items():
            if label[codes[r]] == codes[r]:  # its group's fullest wording speaks for the group
                targets.setdefault(int(label[codes[whole[r]]]), set()).update(int(label[codes[whole[t]]]) for t in found)
        for own in sorted(targets, key=lambda g: unique[g]):
            found = {groups.find(t) for t in targets[own]} - {groups.find(own)}
            if len(found) == 1:
                groups.join(own, found.pop())
    found = np.array([groups.find(label[c]) for c in codes.tolist()], dtype=np.int64)
    return found, [(groups.find(label[i]), groups.find(label[j]), kind) for i, j, kind in altered]


def _piece_links(texts: list[str], whole: np.ndarray, row_label: np.ndarray, unique, codes: np.ndarray,
                 printed_as: np.ndarray) -> list[tuple[int, int]]:
    """The pairs of quotes (as the labels of their whole rows) that their pieces make one: where
    pieces matched, and the words of the matching pieces make up half of each quote or more, or
    all of one of them (a copy that printed one piece in part). A copy that
    joins two of a speaker's quotes into one does not make them one quote. In an order set by
    content alone. `printed_as`: for each row, how many rows have its wording."""
    words = [t.count(" ") + 1 for t in texts]
    whole, keys = whole.tolist(), [unique[c] for c in codes.tolist()]
    members: dict[int, list[int]] = {}  # label -> rows in it
    for r, lab in enumerate(row_label.tolist()):
        members.setdefault(lab, []).append(r)
    matched: Counter = Counter()  # (quote, quote it matched) -> words of its pieces that match
    for rows in members.values():
        quotes = {whole[r] for r in rows}
        if len(quotes) < 2 or all(whole[r] == r for r in rows):
            continue  # one quote, or whole quotes only: the label already joins them
        # Each quote is linked to the label's anchor: the quote printed most often (a quote, not a
        # misquote of it that a copy's pieces are as alike to), then a whole quote in it, then the
        # longest piece's quote.
        anchor = whole[max(rows, key=lambda r: (printed_as[whole[r]], whole[r] == r, words[r], keys[r]))]
        for r in rows:
            if whole[r] != anchor:
                matched[(whole[r], anchor)] += words[r]
    links = set()
    for (quote, anchor), n in matched.items():
        # every word of the quote in a matching piece: a copy that printed a piece in part (a
        # short piece too short to match on its own, "before the election", keeps it apart)
        if (2 * n >= words[quote] and 2 * n >= words[anchor]) or n >= words[quote]:
            links.add((int(row_label[quote]), int(row_label[anchor])))
    return sorted(links, key=lambda pair: (unique[pair[0]], unique[pair[1]]))


def unnamed_matches(speakers: list[str], texts: list[str], same_words: np.ndarray, options: DedupOptions,
                    printed: list[str] | None = None) -> dict[int, set[int]]:
    """For each row with no speaker, the rows with one whose words are the same quote as its
    own, directly (equal, its words a fragment of five words or more of theirs, or alike without
    a change of meaning), not through a fragment both share; `same_words` (the words clustered
    with no speaker) says which rows to compare; `printed`, each row as printed, lets a changed
    name count as a change of meaning, as in `cluster_wordings`.

    Example:
        >>> from quotes.dedup import DedupOptions
        >>> unnamed_matches(["", "ann lee", "bo li"], ["we will win the vote in may", "we will win the vote in may and june",
        ...                  "taxes are far too high here"], np.array([1, 1, 2]), DedupOptions())
        {0: {1}}
    """
    # Each distinct text compared once: a quote syndicated a thousand times is one text here.
    by_group: dict[int, dict[str, list[int]]] = {}
    for r, speaker in enumerate(speakers):
        if speaker:
            by_group.setdefault(int(same_words[r]), {}).setdefault(texts[r], []).append(r)
    # (group, text) -> rows; copies of one text differ only in case, marks and spacing, which change no name
    answers: dict[tuple[int, str], set[int]] = {}
    found: dict[int, set[int]] = {}
    for r, speaker in enumerate(speakers):
        group = int(same_words[r])
        if speaker or group not in by_group:
            continue
        if (group, texts[r]) not in answers:
            alike = set()
            for text, rows in by_group[group].items():
                how = _same_quote(texts[r], text, options)
                # its words inside the named quote, not the named quote inside its words (a long
                # unnamed passage that quotes someone briefly is not theirs)
                inside = how == "contained" and len(texts[r]) <= len(text)
                if inside or (how == "similar" and _altered(r, rows[0], texts, printed) is None):
                    alike.update(rows)
            answers[(group, texts[r])] = alike
        if answers[(group, texts[r])]:
            found[r] = answers[(group, texts[r])]
    return found


class _Groups:
    """Union-find over group labels, with pairs that must stay apart (a quote and its misquote)."""

    def __init__(self):
        self.parent: dict[int, int] = {}
        self.apart: dict[int, set[int]] = {}

    def find(self, x: int) -> int:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def keep_apart(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a != b:
            self.apart.setdefault(a, set()).add(b)
            self.apart.setdefault(b, set()).add(a)

    def join(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b or any(self.find(x) == b for x in self.apart.get(a, ())):
            return
        keep, gone = min(a, b), max(a, b)
        self.parent[gone] = keep
        self.apart.setdefault(keep, set()).update(self.apart.pop(gone, set()))


def cluster_wordings(speakers: list[str], texts: list[str], options: DedupOptions, weights: np.ndarray | None = None,
             printed: list[str] | None = None) -> tuple[np.ndarray, list[tuple[int, int, str]], list[tuple[int, int]]]:
    """A cluster label for each distinct wording; the pairs (i, j, what changed) of wordings
    alike but for a negation, a number, a modal or (given each wording as `printed`) a name
    (`quotes.alterations`): a possible misquote, kept apart; and the pairs (i, j) of a wording
    that joined one alike to it and a longer one that holds it word for word (where the two do
    not alter each other), whose clusters are one quote too (`cluster_quotes` joins them unless a
    misquote lies between).

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
    weighted = weights is not None
    weights = np.ones(len(texts), dtype=np.int64) if weights is None else weights
    mentions_in = Counter()  # mentions in each cluster so far
    altered: list[tuple[int, int, str]] = []
    also: list[tuple[int, int]] = []
    index = _ShingleIndex(speakers, texts, options)
    for i in order:
        # Candidates in canonical order too: the first match must not depend on the input order.
        longer = sorted({j for j in index.candidates(i) if rank[j] < rank[i]}, key=rank.__getitem__)
        match, hosts, first = None, [], len(altered)
        for k, j in enumerate(longer):
            how = _same_quote(texts[i], texts[j], options)
            kind = _altered(i, j, texts, printed) if how == "similar" else None
            if kind is not None:
                altered.append((i, j, kind))
            elif how == "contained":
                hosts.append(j)  # a fragment may lie in a quote and in a misquote of it: look on
            elif how is not None:
                match = j
                # A longer wording that holds it word for word is the same quote too (a copy that
                # reworded the fragment may come first): only a substring test, for speed.
                if texts[i].count(" ") + 1 >= options.min_fragment_words:
                    own = f" {texts[i]} "
                    hosts += [h for h in longer[k + 1 :] if own in f" {texts[h]} "]
                break
        # the quote with the most mentions, not a longer misquote of it; without weights, the longest
        host = max(hosts, key=lambda j: (mentions_in[label[j]] if weighted else 0, -rank[j])) if hosts else None
        if match is None:
            match = host
        elif host is not None and len({label[h] for h in hosts}) == 1 and _altered(match, host, texts, printed) is None:
            # the one it is alike to and the one that holds it are one quote, unless one alters the
            # other (which nothing else compares: they may be far less alike) or the holders are a
            # quote and a misquote of it
            also.append((i, host))
        if match is not None and _alters_a_member(i, label[match], longer, label, texts, printed, options, altered, first):
            match = None  # a misquote of a wording in that cluster (a longer excerpt both were alike to)
        label[i] = label[match] if match is not None else i
        mentions_in[label[i]] += int(weights[i])
    return label, altered, also


# How many other wordings of the cluster a wording is checked against before it joins it.
_MEMBERS_CHECKED = 10


def _alters_a_member(i: int, cluster: int, longer: list[int], label: np.ndarray, texts: list[str],
                     printed: list[str] | None, options: DedupOptions, altered: list, first: int) -> bool:
    """Whether wording i alters a wording of `cluster` among its candidates (adding the pair to
    `altered`, whose pairs from `first` on are wording i's): joining would put a misquote beside
    the quote it alters, through a third wording alike to both (an excerpt that leaves out the
    changed words)."""
    if any(label[b] == cluster for _, b, _ in altered[first:]):
        return True
    words = set(texts[i].split())
    for j in itertools.islice((j for j in longer if label[j] == cluster), _MEMBERS_CHECKED):
        # only a pair whose differing words hold a negation, a number, a modal or an opposite can
        # be a misquote (names aside): the rest are not compared, for speed
        other = set(texts[j].split())
        if not (kinds_in(list(words ^ other)) or opposed(words - other, other - words)):
            continue
        if _same_quote(texts[i], texts[j], options) == "similar":
            kind = _altered(i, j, texts, printed)
            if kind is not None:
                altered.append((i, j, kind))
                return True
    return False


def _altered(i: int, j: int, texts: list[str], printed: list[str] | None) -> str | None:
    if printed is None:
        return alteration(texts[i], texts[j])
    return what_changed(texts[i], printed[i], texts[j], printed[j])


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
