"""The records that flow between stages. Offsets always point into `Article.text` as given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SpeakerType = Literal["person", "organization", "unknown"]
Detector = Literal["marks", "syntax"]


@dataclass(frozen=True)
class Article:
    """One input article. `id` is unique within a run."""

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    source: str = ""  # where it was read from, e.g. "news.jsonl:12", for messages


@dataclass(frozen=True)
class Skipped:
    """An input record that could not become an article, and why."""

    source: str
    reason: str
    article_id: str | None = None


@dataclass(frozen=True)
class Candidate:
    """A stretch of quoted words found by a detector.

    `start`/`end` exclude the quotation marks; `outer_start`/`outer_end` include them
    (equal to start/end where a detector saw no marks).
    """

    start: int
    end: int
    outer_start: int
    outer_end: int
    detector: Detector
    confidence: float
    closed: bool = True
    # set by the dependency detector: the speech verb it found the quote under
    cue_start: int | None = None
    cue_end: int | None = None
    # a piece that goes on with another: the `outer_start` of the piece before it, over a paragraph
    # break or the attribution that interrupts it ('“The economy,” she said, “is in far better shape.”')
    follows: int | None = None


@dataclass(frozen=True)
class Attribution:
    """Who said a candidate quote, as written in the text, and the cue that says so."""

    speaker_mention: str
    speaker_start: int
    speaker_end: int
    cue: str
    method: str  # which rule found it, e.g. "parse:nsubj", "pattern:quote-comma-speaker-verb", "carry-over"


@dataclass
class Mention:
    """One quote occurrence in one article, with its speaker and outlet: a row of the mentions table."""

    article_id: str
    quote: str
    quote_start: int
    quote_end: int
    detector: str
    confidence: float
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: SpeakerType = "unknown"
    cue: str | None = None
    outlet: str | None = None
    published: str | None = None
    quote_id: str | None = None
    speaker_confidence: float | None = None
    attribution: str | None = None
    part: int | None = None
    url: str | None = None
    title: str | None = None
    wire: str | None = None
