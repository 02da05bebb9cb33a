"""Scoring: each quote's speaker as a scored choice, or none.

A quote's speaker rests on two steps, each with an explicit strength:

- the source, how the text ties a mention to the quote (`SOURCES`): a pattern over the words
  next to the quote (“…,” said X), the subject of a speech verb in the parse, a clause that
  introduces the quote with a colon, carry-over from the quote before, or the subject of the
  narrative sentence just before a quote with no cue;
- the reference, how the mention reaches a name (`reference.Reference`): written in the mention
  (1.0), or a pronoun's or description's antecedent, scored on distance in sentences, syntactic
  role (subjects first), gender agreement and rival names as close.

The confidence is their product. The speaker is the best candidate's name when its confidence
reaches `min_confidence`, else empty: a wrong name is worse than none. The default threshold and
the source strengths come from the trade-off table that `bench/evaluate.py` prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..options import MIN_CONFIDENCE
from ..types import Attribution, SpeakerType
from .reference import Reference

# How sure each source is that its mention is the speaker, measured as the share of right names
# among quotes so attributed on the annotated corpus (bench/evaluate.py), rounded down.
SOURCES = {
    "pattern": 0.97,
    "according-to": 0.95,
    "parse": 0.92,
    "colon": 0.85,
    "narrative": 0.7,
}
# A quote that continues the one before keeps its speaker, a little less sure than the quote
# that named it (not less and less along a run of quotes).
CARRY_OVER = 0.95


@dataclass(frozen=True)
class Choice:
    """The speaker chosen for one quote.

    `speaker` is a name or None; `confidence` (0-1) is the best candidate's score, None where no
    candidate reached a name; `rule` says what decided: pattern, parse, colon, according-to,
    appositive, carry-over, narrative, pronoun or description.
    """

    speaker: str | None
    type: SpeakerType
    confidence: float | None
    rule: str | None


def choose(
    attributions: Sequence[Attribution | None],
    references: Sequence[Reference | None],
    *,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Choice]:
    """One choice per quote of an article, in text order, from its attribution and what it refers to.

    Args:
        attributions: each quote's attribution (None where the text gives none).
        references: what each attribution's mention stands for (`reference.resolve`).
        min_confidence: the speaker is left empty below this score (0-1).

    Example:
        >>> from quotes.speakers.canonical import Speaker
        >>> a = Attribution("he", 30, 32, "said", "pattern:quote-comma-speaker-verb")
        >>> [c.speaker for c in choose([a], [Reference(Speaker("Ben Ode", "person"), "pronoun", 0.9)])]
        ['Ben Ode']
        >>> [c.speaker for c in choose([a], [Reference(Speaker("Ben Ode", "person"), "pronoun", 0.4)])]
        [None]
    """
    choices: list[Choice] = []
    cued = 0.0  # the score of the last quote with a cue of its own: what carry-over continues
    for attribution, ref in zip(attributions, references):
        if attribution is None or ref is None or ref.speaker is None:
            choices.append(Choice(None, "unknown", None, _rule(attribution, ref) if attribution else None))
            cued = 0.0
            continue
        if attribution.method == "carry-over":
            # The same for every quote of a run: a long interview stays with its speaker.
            score, rule = cued * CARRY_OVER, "carry-over"
        else:
            score, rule = SOURCES[source(attribution)] * ref.strength, _rule(attribution, ref)
            cued = score
        named = ref.speaker.name if score >= min_confidence else None
        choices.append(Choice(named, ref.speaker.type if named else "unknown", round(score, 3), rule))
    return choices


def source(attribution: Attribution) -> str:
    """The kind of evidence an attribution rests on, one of `SOURCES` or "carry-over".

    Example:
        >>> source(Attribution("Ana Ruiz", 0, 8, "said", "pattern:quote-comma-speaker-verb"))
        'pattern'
    """
    method = attribution.method
    if method in ("carry-over", "narrative"):
        return method
    if method.endswith(("colon", "colon-quote")):
        return "colon"
    if "according-to" in method:
        return "according-to"
    return method.split(":")[0]


def _rule(attribution: Attribution, ref: Reference | None) -> str:
    if ref is not None and ref.via != "name":
        return ref.via
    return source(attribution)
