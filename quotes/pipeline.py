"""The engine: article → candidates → attribution → speakers → outlet → mentions.

`extract()` is the entry point for Python users, `extract_tables()` the one the CLI calls (files in,
both tables and the skipped-records report out). Each stage is a plain function in its own module.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from . import attribute as attribution
from . import focus, speakers
from .dedup import DedupOptions, deduplicate, normalize_quote
from .detect import filters, marks, syntax
from .errors import QuotesError
from .io import ReadReport, as_articles, read_articles
from .model import load_model
from .outlet import find_outlet
from .rules import RuleSet, load_rules
from .table import mentions_frame
from .types import Article, Candidate, Mention

DETECTORS = ("marks", "syntax")



@dataclass(frozen=True)
class Engine:
    """What extraction needs, loaded once: the rules and the spaCy pipeline (None: rule-based only)."""

    rules: RuleSet
    nlp: object | None
    detectors: tuple[str, ...] = DETECTORS
    # Drop titles, nicknames and scare quotes (see detect/filters.py); off only to measure the filter.
    speech_only: bool = True
    # Parse every paragraph, not only those the rules cannot settle (see focus.py); for measuring.
    parse_all: bool = False

    @classmethod
    def load(cls, model: str | None = None, detectors: Sequence[str] = DETECTORS, rules_dir=None) -> Engine:
        unknown = [d for d in detectors if d not in DETECTORS]
        if unknown or not detectors:
            raise QuotesError(f"unknown detectors {unknown or '(none)'}: choose from {', '.join(DETECTORS)}")
        return cls(load_rules(rules_dir), load_model(model), tuple(detectors))


def extract(articles, *, model: str | None = None, detectors: Sequence[str] = DETECTORS, rules_dir=None) -> pd.DataFrame:
    """Find the quotes in `articles` and return the mentions table (see `quotes.table.MENTIONS`).

    Args:
        articles: a string, a dict with a `text` field, an `Article`, a list of those, or a
            DataFrame with a `text` column (and optional `id`, `title`, `outlet`, `url`, `published`).
        model: the spaCy pipeline to load; None for the default, "none" for rule-based only.
        detectors: which detectors to run: "marks", "syntax" or both.
        rules_dir: a folder of rule files to use instead of the project's `rules/`.

    Example:
        >>> df = extract('“We will win,” said Jane Smith.', model="none")
        >>> df[["quote", "speaker"]].values.tolist()
        [['We will win,', 'Jane Smith']]
    """
    engine = Engine.load(model, detectors, rules_dir)
    return mentions_frame(extract_mentions(as_articles(articles), engine))


@dataclass
class Tables:
    """What a run over files gives: the mentions, the quotes table, and what reading skipped."""

    mentions: pd.DataFrame
    quotes: pd.DataFrame
    report: ReadReport


def extract_tables(
    paths: Iterable[str],
    *,
    model: str | None = None,
    detectors: Sequence[str] = DETECTORS,
    options: DedupOptions = DedupOptions(),
    strict: bool = False,
) -> Tables:
    """Read files (see `quotes.io.read_articles`), extract and deduplicate.

    Example:
        >>> tables = extract_tables(["data/seeds"], model="none")
        >>> tables.report.read, len(tables.quotes) < len(tables.mentions)
        (2, True)
    """
    engine = Engine.load(model, detectors)
    report = ReadReport()
    mentions = mentions_frame(extract_mentions(read_articles(paths, report, strict=strict), engine))
    quotes = deduplicate(mentions, options)
    return Tables(mentions, quotes, report)


def extract_mentions(articles: Iterable[Article], engine: Engine) -> Iterator[Mention]:
    """Mentions for each article in turn, parsing in batches when a pipeline is loaded."""
    if engine.nlp is None:
        for article in articles:
            yield from article_mentions(article, None, engine)
        return
    # Parse in batches; keep each Article beside its Doc.
    staged = ((_to_parse(a, engine), a) for a in articles)
    for doc, article in engine.nlp.pipe(staged, as_tuples=True, batch_size=16):
        yield from article_mentions(article, doc, engine)


def _to_parse(article: Article, engine: Engine) -> str:
    """The article as the parser should read it: whole, or only where the rules need help (focus.py)."""
    if engine.parse_all:
        return article.text
    text = article.text
    candidates = list(marks.find_quotes(text, engine.rules))
    keep = focus.windows(text, candidates, attribution.attribute(text, candidates, engine.rules), engine.rules)
    return focus.masked(text, keep)


def article_mentions(article: Article, doc, engine: Engine) -> list[Mention]:
    """All the quotes of one article, attributed, in text order."""
    text, rules = article.text, engine.rules
    candidates = _candidates(text, doc, engine)
    found = attribution.attribute(text, candidates, rules, doc)
    pairs = [
        (c, a) for c, a in zip(candidates, found) if not engine.speech_only or filters.is_speech(text, c, a, rules)
    ]
    kept = [c for c, _ in pairs]
    attributions = attribution.carry_over(text, kept, [a for _, a in pairs])
    spans = [(c.outer_start, c.outer_end) for c in candidates]
    names = speakers.resolve(text, attributions, rules, doc, spans)
    outlet = find_outlet(article, rules)
    mentions = []
    for cand, attr, speaker in zip(kept, attributions, names):
        mentions.append(
            Mention(
                article_id=article.id,
                quote=text[cand.start : cand.end],
                quote_start=cand.start,
                quote_end=cand.end,
                detector=cand.detector,
                confidence=round(cand.confidence * (1.0 if attr else 0.8), 3),
                speaker=speaker.name if speaker else None,
                speaker_mention=attr.speaker_mention if attr else None,
                speaker_start=attr.speaker_start if attr else None,
                speaker_end=attr.speaker_end if attr else None,
                speaker_type=speaker.type if speaker else "unknown",
                cue=attr.cue if attr else None,
                outlet=outlet,
                published=article.published,
            )
        )
    return _unrepeated(mentions)


def _unrepeated(mentions: list[Mention]) -> list[Mention]:
    """An article that repeats a quote (a pull quote, a recap) has one mention of it: the first."""
    seen, kept = set(), []
    for m in mentions:
        key = (normalize_quote(m.quote), m.speaker)
        if key not in seen:
            seen.add(key)
            kept.append(m)
    return kept


def _candidates(text: str, doc, engine: Engine) -> list[Candidate]:
    found = list(marks.find_quotes(text, engine.rules)) if "marks" in engine.detectors else []
    if "syntax" in engine.detectors and doc is not None:
        found = _merge(found, list(syntax.find_quotes(doc, engine.rules)))
    return sorted(found, key=lambda c: (c.start, c.end))


def _merge(by_marks: list[Candidate], by_syntax: list[Candidate]) -> list[Candidate]:
    """One candidate per quote: where both detectors found it, the marks' span with the parse's cue."""
    merged = list(by_marks)
    for cand in by_syntax:
        i = next((i for i, m in enumerate(merged) if m.start < cand.end and cand.start < m.end), None)
        if i is None:
            merged.append(cand)
        elif merged[i].detector == "marks":
            m = merged[i]
            merged[i] = replace(m, detector="marks+syntax", confidence=min(1.0, m.confidence + 0.05),
                                cue_start=cand.cue_start, cue_end=cand.cue_end)
    return merged
