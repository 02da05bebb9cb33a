"""Speakers: who said each quote, as a name or not at all.

The modules follow the order in which a quote's speaker is decided:

    patterns.py    the attribution patterns of the rules, filled in and compiled
    cues.py        the speaker mention and cue the text gives (patterns; parse.py with a parser)
    candidates.py  evidence without a cue of its own: carry-over from the quote before, the
                   subject of the narrative sentence before a quote with no cue
    layout.py      where sentences start, and which lines are boilerplate (headlines, credits)
    names.py       what a name is (particles, suffixes, titles, first names), a mention cleaned to one
    entities.py    names and their kind from the tagger, where the entity recogniser did not run
    mentions.py    the names an article holds, with their type, description and role
    reference.py   what a mention stands for: a name, a pronoun's or a description's antecedent
    canonical.py   the fullest form of a name in an article
    corpus.py      one name across a corpus's articles, on evidence only
    scoring.py     each quote's speaker as a scored choice, left empty when unsure
"""

from .candidates import carry_over, narrative
from .canonical import Speaker
from .corpus import corpus_names, corpus_speakers
from .cues import attribute, is_named
from .patterns import compiled_patterns
from .names import DETERMINERS, clean_name, first_name_gender, fold
from .parse import matcher, paragraph_bounds
from .reference import Reference, resolve
from .scoring import Choice, choose



def prepare(rules, vocab=None) -> None:
    """Compile the attribution patterns (or read them from their cache) and load the first-name data
    now, so that worker processes forked afterwards share them instead of each building its own.
    (A run in one process builds each when it first needs it.) With a spaCy `vocab`, build the
    parse's matcher too, outside any memory zone: its strings must outlive one."""
    for pattern in compiled_patterns(rules):
        pattern.compiled  # noqa: B018  (compiled on first use: now, before the fork)
    first_name_gender("Ann Lee")
    if vocab is not None:
        matcher(rules, vocab)


__all__ = [
    "DETERMINERS", "Choice", "Reference", "Speaker", "attribute", "carry_over", "choose", "clean_name", "corpus_names",
    "corpus_speakers",
    "fold", "is_named", "narrative", "paragraph_bounds", "prepare", "resolve",
]
