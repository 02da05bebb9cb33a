"""The spaCy pipeline component: `nlp.add_pipe("quotes")` puts each quote of a doc in `doc.spans["quotes"]`.

spaCy finds the factory through the `spacy_factories` entry point (pyproject.toml): a pipeline needs
no `import quotes`. The component runs the engine on the parse the pipeline has already made, so
it loads no second model; put it after the parser (and the NER, which finds the speakers' names).
On a doc with no dependency parse, as from `spacy.blank("en")`, it falls back to the rules alone:
quotation marks and the attribution patterns, as `quotes.extract(..., model="none")` does.

Each span, labelled "QUOTE", covers the quoted words without their marks, in text order, and has
`span._.speaker` (the canonical name, or None), `span._.speaker_mention` (as written), `span._.cue`,
`span._.speaker_type`, `span._.speaker_confidence`, `span._.attribution` (which rule decided the
speaker), `span._.confidence` and `span._.detector`: strings and numbers only, so a
`DocBin(store_user_data=True)` keeps them.

Example:
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("quotes")
    >>> doc = nlp('“We will win,” said Jane Smith.')
    >>> [(span.text, span._.speaker, span._.cue) for span in doc.spans["quotes"]]
    [('We will win,', 'Jane Smith', 'said')]
"""

# No `from __future__ import annotations`: spaCy validates the factory's arguments by their annotations.
from spacy.language import Language
from spacy.tokens import Doc, Span

from . import deptree
from .model import NO_MODEL
from .pipeline import DETECTORS, Engine, article_mentions
from .speakers.scoring import MIN_CONFIDENCE
from .types import Article, Mention

LABEL = "QUOTE"
# Mention field → span extension of the same name.
EXTENSIONS = ("speaker", "speaker_mention", "cue", "speaker_type", "speaker_confidence", "attribution", "confidence", "detector")

for _attr in EXTENSIONS:
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)


@Language.factory(
    "quotes",
    default_config={"detectors": list(DETECTORS), "rules_dir": None, "spans_key": "quotes",
                    "min_speaker_confidence": MIN_CONFIDENCE},
    assigns=["doc.spans", *(f"span._.{attr}" for attr in EXTENSIONS)],
    # Without a parser only the rules run; declared so that `nlp.analyze_pipes()` warns.
    requires=["token.dep"],
)
def make_quotes(
    nlp: Language, name: str, detectors: list[str], rules_dir: str | None, spans_key: str, min_speaker_confidence: float
) -> "QuoteFinder":
    """The "quotes" factory: `nlp.add_pipe("quotes", config={"detectors": ["marks"]})`.

    Args:
        detectors: "marks", "syntax" or both; "syntax" needs a parsed doc.
        rules_dir: a folder of rule files to use instead of the project's `rules/`.
        spans_key: the `doc.spans` key the quotes go to.
        min_speaker_confidence: a speaker less sure than this (0-1) is left None.

    Raises:
        QuotesError: an unknown detector, a threshold outside 0-1, or rule files that do not validate.
    """
    return QuoteFinder(name, detectors=detectors, rules_dir=rules_dir, spans_key=spans_key,
                       min_speaker_confidence=min_speaker_confidence)


class QuoteFinder:
    """Find, attribute and annotate the quotes of each doc (see the module docstring).

    Example:
        >>> import spacy
        >>> finder = QuoteFinder(detectors=["marks"])
        >>> [(m.quote, m.speaker) for m in finder.find(spacy.blank("en")("“No,” said Bob Jones."))]
        [('No,', 'Bob Jones')]
    """

    def __init__(self, name: str = "quotes", *, detectors=DETECTORS, rules_dir=None, spans_key: str = "quotes",
                 min_speaker_confidence: float = MIN_CONFIDENCE):
        self.name = name
        self.spans_key = spans_key
        # The rules, with no pipeline: the parse comes in with each doc.
        self.engine = Engine.load(NO_MODEL, tuple(detectors), rules_dir, parse="all",
                                  min_speaker_confidence=min_speaker_confidence)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Mention]:
        """The doc's quotes, attributed, in text order; by the rules alone if it is not parsed."""
        # speakers/parse.py and detect/syntax.py read sentences and dependency labels: no parse, no doc.
        parsed = doc if doc.has_annotation("DEP") else None
        try:
            return article_mentions(Article(id="doc", text=doc.text), parsed, self.engine)
        finally:
            deptree.forget(doc)  # the user's doc: nothing of ours left in its user_data

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        """One "QUOTE" span per mention in `doc.spans[spans_key]`, its fields in the span's extensions."""
        spans = []
        for mention in mentions:
            span = doc.char_span(mention.quote_start, mention.quote_end, label=LABEL, alignment_mode="expand")
            if span is None:
                continue  # no token in the range: nothing to annotate
            for attr in EXTENSIONS:
                setattr(span._, attr, getattr(mention, attr))
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def __reduce__(self):
        # The engine pickles without its rules (see Engine.__getstate__): rebuild from the recipe.
        return _rebuilt, (self.name, self.engine.detectors, self.engine.rules_dir, self.spans_key,
                          self.engine.min_speaker_confidence)


def _rebuilt(name, detectors, rules_dir, spans_key, min_speaker_confidence) -> QuoteFinder:
    return QuoteFinder(name, detectors=detectors, rules_dir=rules_dir, spans_key=spans_key,
                       min_speaker_confidence=min_speaker_confidence)
