"""The settings a run takes, shared by the command line and the library, and light to import (the
command line reads them to build its help, before any stage is loaded).

    DETECTORS   the quote detectors (`quotes.detect`)
    SCOPES      what the pipeline parses (`quotes.focus`)
    FORMATS     the table formats written (`quotes.output`)
    INPUT_FORMATS  how input is read (`quotes.io`)
    MIN_CONFIDENCE  below it a speaker is left empty (`quotes.speakers.scoring`)
    DedupOptions    how deduplication compares wordings (`quotes.dedup`)
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import InputError

DETECTORS = ("marks", "syntax")
SCOPES = ("all", "focus", "uncued")
FORMATS = ("csv", "jsonl", "parquet")
# How input is read: by each file's suffix ("auto"), or all as one format (`quotes.io.Reading`).
INPUT_FORMATS = ("auto", "jsonl", "json", "csv", "text", "parquet")
# Below this confidence the speaker is left empty (see the README's trade-off table).
MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class DedupOptions:
    """How similar is similar enough; the defaults are measured in the README.

    similarity: 0-1, the normalised Indel similarity of two wordings' folded words above which they
        are one quote (0.8 keeps "human trafficking and protection" = "human smuggling and the
        protection"; two sentences sharing only a phrase score far lower).
    min_fragment_words: a shorter quote inside a longer one joins it only with this many words.
    shingle_words, probes, max_bucket: the blocking index (see `quotes.matching`).
    corpus_names: make speakers canonical across the corpus, on evidence (`canonical_speakers`);
        False leaves each as its article names it.
    """

    similarity: float = 0.8
    min_fragment_words: int = 5
    shingle_words: int = 4
    probes: int = 4
    max_bucket: int = 200
    corpus_names: bool = True

    def __post_init__(self):
        if not isinstance(self.corpus_names, bool):
            raise InputError(f"corpus_names must be True or False, not {self.corpus_names!r}")
        if isinstance(self.similarity, bool) or not isinstance(self.similarity, (int, float)) or not 0 <= self.similarity <= 1:
            raise InputError(f"similarity must be a number between 0 and 1, not {self.similarity!r}")
        for name in ("min_fragment_words", "shingle_words", "probes", "max_bucket"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{name} must be a whole number of 1 or more, not {value!r}")
