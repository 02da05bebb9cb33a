"""The engine: article → candidates → attribution → speakers → outlet → mentions.

`extract()` is the entry point for Python users, `extract_tables()` the one the CLI calls (files in,
both tables and the skipped-records report out). Each stage is a plain function in its own module.
"""

from __future__ import annotations

import tempfile
import threading
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import pandas as pd

from . import __version__, detect, focus
from .checkpoint import Checkpoint, describe, describe_run, digest
from .dedup import DedupOptions, deduplicate, normalize_quote
from .detect import filters
from .detect.wraps import unwrap
from .errors import InputError, QuotesError
from .io import Reading, ReadReport, as_articles, read_articles
from .model import component_batches, load_model, masked_doc_maker, one_blas_thread, parse_zone
from .options import SCOPES
from .outlet import find_outlet, find_wire
from .parallel import CHUNK, ordered_map
from .parts import as_given, part_bounds, shifted
from .rules import RuleSet, load_rules
from .speakers import Choice, attribute, carry_over, choose, narrative, prepare, resolve
from .speakers.entities import tag_entities
from .speakers.scoring import MIN_CONFIDENCE
from .table import mentions_frame, mentions_table
from .types import Article, Candidate, Mention

DETECTORS = detect.DETECTORS


@dataclass(frozen=True)
class Engine:
    """What extraction needs, loaded once: the rules and the spaCy pipeline (None: rule-based only)."""

    rules: RuleSet
    nlp: object | None
    detectors: tuple[str, ...] = DETECTORS
    model_name: str | None = None  # as asked for: what a worker process loads again
    rules_dir: str | None = None
    # Drop titles, nicknames and scare quotes (see detect/filters.py); off only to measure the filter.
    speech_only: bool = True
    # What to parse: see options.SCOPES and quotes.focus.
    parse: str = "focus"
    # Below this confidence a quote's speaker is left empty (see speakers/scoring.py).
    min_speaker_confidence: float = MIN_CONFIDENCE

    @classmethod
    def load(
        cls, model: str | None = None, detectors: Sequence[str] = DETECTORS, rules_dir=None, parse: str = "focus",
        min_speaker_confidence: float = MIN_CONFIDENCE,
    ) -> Engine:
        unknown = [d for d in detectors if d not in DETECTORS]
        if unknown or not detectors:
            raise QuotesError(f"unknown detectors {unknown or '(none)'}: choose from {', '.join(DETECTORS)}")
        if parse not in SCOPES:
            raise QuotesError(f"unknown parse scope {parse!r}: choose from {', '.join(SCOPES)}")
        rules_dir = str(rules_dir) if rules_dir else None
        if isinstance(min_speaker_confidence, bool) or not isinstance(min_speaker_confidence, (int, float)) \
                or not 0.0 <= min_speaker_confidence <= 1.0:
            raise QuotesError(f"the speaker threshold must be a number between 0 and 1, not {min_speaker_confidence!r}")
        rules = load_rules(rules_dir)
        return cls(rules, load_model(model), tuple(detectors), model, rules_dir, parse=parse,
                   min_speaker_confidence=min_speaker_confidence)

    def describe(self) -> str:
        """The pipeline's name and version, or "none"."""
        return f"{self.nlp.meta['name']} {self.nlp.meta['version']}" if self.nlp is not None else "none"

    @property
    def unused(self) -> list[str]:
        """The pipeline's components left out: its entity recogniser, but with `--parse all`. The
        entities come from the tagger instead (speakers/entities.py): the recogniser would be half
        of what parsing costs.

        Example:
            >>> Engine.load("none").unused
            []
        """
        return ["ner"] if self.parse != "all" and self.nlp is not None and "ner" in self.nlp.pipe_names else []

    def reload(self) -> Engine:
        """The same engine, loaded again (in a worker process)."""
        loaded = Engine.load(self.model_name, self.detectors, self.rules_dir, self.parse, self.min_speaker_confidence)
        return replace(loaded, speech_only=self.speech_only)

    def __getstate__(self):
        # A worker gets the recipe, not the loaded pipeline: see `reload`.
        return {**self.__dict__, "nlp": None, "rules": None}


def extract(
    articles,
    *,
    model: str | None = None,
    detectors: Sequence[str] = DETECTORS,
    rules_dir=None,
    parse: str = "focus",
    jobs: int = 1,
    min_speaker_confidence: float = MIN_CONFIDENCE,
) -> pd.DataFrame:
    """Find the quotes in `articles` and return the mentions table (see `quotes.table.MENTIONS`).

    Args:
        articles: a string, a dict with a `text` field, an `Article`, a list of those, or a
            DataFrame with a `text` column (and optional `id`, `title`, `outlet`, `url`, `published`).
        model: the spaCy pipeline to load; None for the default, "none" for rule-based only.
        detectors: which detectors to run: "marks", "syntax" or both.
        rules_dir: a folder of rule files to use instead of the project's `rules/`.
        parse: what the spaCy pipeline reads: "focus" (the paragraphs the rules cannot settle),
            "uncued" (fewer, faster) or "all" (every paragraph); see `quotes.focus`.
        jobs: worker processes.
        min_speaker_confidence: a speaker less sure than this (0-1) is left empty; see
            `quotes.speakers.scoring` and the README's trade-off table.

    Raises:
        InputError: `articles` are not of a kind listed above, or repeat an id; `jobs` is not a
            whole number of 1 or more.
        QuotesError: an unknown detector or parse scope, a threshold outside 0-1, or a model that
            cannot be loaded.

    Example:
        >>> df = extract('“We will win,” said Jane Smith.', model="none")
        >>> df[["quote", "speaker"]].values.tolist()
        [['We will win,', 'Jane Smith']]
    """
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise InputError(f"jobs must be a whole number of 1 or more, not {jobs!r}")
    engine = Engine.load(model, detectors, rules_dir, parse, min_speaker_confidence)
    return mentions_frame(extract_mentions(as_articles(articles), engine, jobs=jobs, note=warnings.warn))


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
    parse: str = "focus",
    jobs: int = 1,
    checkpoint: str | Path | None = None,
    resume: bool = False,
    progress: Callable[[int], None] | None = None,
    cluster: bool = False,
    scheduler: str | None = None,
    min_speaker_confidence: float = MIN_CONFIDENCE,
    exclude: Sequence[str | Path] = (),
    reading: Reading = Reading(),
) -> Tables:
    """Read files (see `quotes.io.read_articles`; `reading` says how), extract and deduplicate.

    `exclude`: files of an input folder that are not input (the run's own outputs).

    Articles stream through: the input and the parses are never held whole. Each finished
    article's mentions go to `checkpoint` (a temporary file if None) as they come, in input order;
    with `resume=True` the articles already there are not done again. `progress` is called with
    the number of mentions of each finished article.

    With `cluster=True` the run goes to a Dask cluster instead (`quotes.cluster.extract_on_cluster`):
    the one at the `scheduler` address, or a local one; `jobs`, `checkpoint` and `progress` then
    do not apply.

    Example:
        >>> tables = extract_tables(["data/seeds"], model="none")
        >>> tables.report.read, len(tables.quotes) < len(tables.mentions)
        (2, True)
    """
    if cluster:
        if reading != Reading():
            raise InputError("a Dask cluster reads JSONL and Parquet by their suffix and the usual field names: "
                             "--input-format and the --*-field options are for one machine")
        return _on_cluster(paths, scheduler=scheduler, model=model, detectors=detectors, options=options,
                           strict=strict, parse=parse, min_speaker_confidence=min_speaker_confidence)
    engine = Engine.load(model, detectors, parse=parse, min_speaker_confidence=min_speaker_confidence)
    report = ReadReport()
    # this run's outputs, checkpoint and locks: not input, and not worth a note
    exclude = [*exclude, *(f"{e}.lock" for e in exclude if str(e) != "-"), *([checkpoint] if checkpoint else [])]
    articles = read_articles(paths, report, strict=strict, exclude=exclude, reading=reading)
    run = describe_run(paths, exclude, version=__version__, model=engine.describe(), parse=engine.parse, detectors=engine.detectors,
                       min_speaker_confidence=engine.min_speaker_confidence, fields=dict(reading.fields), input_format=reading.format)
    with tempfile.TemporaryDirectory() as scratch:
        store = Checkpoint(checkpoint or Path(scratch) / "progress.jsonl", run, resume=resume)
        done = store.done()
        digests: dict[str, str] = {}  # of the articles on their way through the workers
        seen: set[str] = set()

        def todo() -> Iterator[Article]:
            # Articles are finished in input order: the input of a resumed run starts with those the
            # checkpoint holds, the same words under the same ids, or it is other input (from a pipe).
            for article in articles:
                fingerprint = digest(article.text)
                seen.add(article.id)
                if article.id in done and done[article.id] not in (None, fingerprint):  # None: written before digests
                    raise QuotesError(f"{describe(store.path)}: written for other input (article {article.id!r} differs): "
                                      "run without --resume")
                if article.id not in done:
                    if len(seen) <= len(done):
                        raise QuotesError(f"{describe(store.path)}: written for other input (it has no article "
                                          f"{article.id!r}): run without --resume")
                    digests[article.id] = fingerprint
                    yield article

        with store:
            for article_id, found in mentions_by_article(todo(), engine, jobs=jobs, note=report.notes.append):
                store.add(article_id, found, digests.pop(article_id, None))
                if progress is not None:
                    progress(len(found))
        if set(done) - seen:
            raise QuotesError(f"{describe(store.path)}: written for other input ({len(set(done) - seen):,} of its articles "
                              "are not in this one): run without --resume")
        mentions = pd.concat([mentions_table(block) for block in store.columns()], ignore_index=True)
    quotes = deduplicate(mentions, options)
    return Tables(mentions, quotes, report)


def _on_cluster(paths, **options) -> Tables:
    try:
        import dask.distributed  # noqa: F401  (the cluster extra: imported where used, checked here)

        from .cluster import extract_on_cluster
    except ImportError as exc:
        raise QuotesError(f"a Dask cluster needs the cluster extra: pip install 'quotes[cluster]' ({exc})") from exc
    return extract_on_cluster(paths, **options)


def extract_mentions(articles: Iterable[Article], engine: Engine, *, jobs: int = 1,
                     note: Callable[[str], None] | None = None) -> Iterator[Mention]:
    """Mentions for each article in turn (see `mentions_by_article`)."""
    for _, found in mentions_by_article(articles, engine, jobs=jobs, note=note):
        yield from found


def mentions_by_article(articles: Iterable[Article], engine: Engine, *, jobs: int = 1,
                        note: Callable[[str], None] | None = None) -> Iterator[tuple[str, list[Mention]]]:
    """(article id, its mentions) for each article, in input order, over `jobs` processes.

    `note` is called with a line for each article longer than the parser reads (`PARSE_CHARS`).
    """
    if note is not None and engine.nlp is not None:
        articles = _noted(articles, note)
    ready = partial(prepare, engine.rules)  # compiled once, before the workers fork
    return ordered_map(_batch_mentions, engine, engine.reload, articles, jobs=jobs, ready=ready)


def _noted(articles: Iterable[Article], note: Callable[[str], None]) -> Iterator[Article]:
    for article in articles:
        if len(article.text) > PARSE_CHARS:
            where = f"{article.source}: " if article.source else ""
            note(f"{where}article {article.id!r} has {len(article.text):,} characters: the parser reads at most "
                 f"the first {PARSE_CHARS:,}, the rest was read rule-based")
        yield article


# An article longer than this is processed in parts of about this size, cut at paragraph breaks, so
# that time and memory stay bounded (speakers resolve within a part; see the README).
PART_CHARS = 100_000


# The parser reads an article's parts up to this many characters; the rest is read rule-based. Time
# per character is bounded (bench/fuzz.py --hostile), so this bounds the time one article can hold
# a worker, whatever it holds; a news article is a fraction of it.
PARSE_CHARS = 500_000
# Threads that extract with the parser take turns, a batch each (see _batch_mentions).
_PARSING = threading.RLock()


def _batch_mentions(engine: Engine, articles: list[Article]) -> list[tuple[str, list[Mention]]]:
    # The engine reads hard-wrapped lines joined (detect/wraps.py), one character for one: offsets
    # hold, and the quotes are cut from the text as given at the end.
    given = [a.text for a in articles]
    articles = [replace(a, text=unwrap(a.text)) for a in articles]
    # (article's position in the batch, offset of the part, the part as an article)
    parts = [(i, start, replace(a, text=a.text[start:end]))
             for i, a in enumerate(articles) for start, end in part_bounds(a.text, PART_CHARS)]
    found: list[list[Mention] | None] = [None] * len(parts)
    if engine.nlp is not None:
        memos: list[dict] = [{} for _ in parts]  # the patterns' answers, from the focus pass to the parsed one
        # One batch at a time in a process: what any thread makes while a zone is open goes with it.
        with _PARSING:
            # What outlives a batch is made before its memory zone: the words' lexemes, the matcher.
            prepare(engine.rules, engine.nlp.vocab)
            makers = [(masked_doc_maker(engine.nlp.tokenizer, _to_parse(part, engine, memos[k])), k)
                      for k, (_, start, part) in enumerate(parts) if start + len(part.text) <= PARSE_CHARS]
            # The Docs' own strings and lexemes go when the zone ends: the mentions made in it are plain data.
            with one_blas_thread(), parse_zone(engine.nlp):
                staged = ((make(), k) for make, k in makers)
                for doc, k in engine.nlp.pipe(staged, as_tuples=True, batch_size=CHUNK, disable=engine.unused,
                                              component_cfg=component_batches()):
                    if not doc.has_annotation("ENT_IOB") and doc.has_annotation("POS"):
                        tag_entities(doc, engine.rules)
                    found[k] = article_mentions(parts[k][2], doc, engine, memos[k])
                    memos[k] = {}  # done with: not kept until the batch ends
    found = [f if f is not None else article_mentions(part, None, engine) for f, (_, _, part) in zip(found, parts)]
    by_article: list[list[Mention]] = [[] for _ in articles]
    for (i, start, _), mentions in zip(parts, found):
        by_article[i] += [as_given(shifted(m, start), given[i], articles[i].text) for m in mentions]
    return [(a.id, by_article[i] if len(a.text) <= PART_CHARS else _unrepeated(by_article[i])) for i, a in enumerate(articles)]


def _to_parse(article: Article, engine: Engine, memo: dict | None = None) -> str:
    """The article as the parser should read it: whole, or only where the rules need help (focus.py).
    `memo` keeps the patterns' answers for `article_mentions` (see `attribute`)."""
    if engine.parse == "all" or "marks" not in engine.detectors:
        return article.text  # without the marks detector the rules find no quotes to focus on
    text = article.text
    candidates = detect.by_marks(text, engine.rules, speech_only=engine.speech_only)
    attributions = attribute(text, candidates, engine.rules, memo=memo)
    return focus.masked(text, focus.windows(text, candidates, attributions, engine.rules, scope=engine.parse))


def article_mentions(article: Article, doc, engine: Engine, memo: dict | None = None) -> list[Mention]:
    """All the quotes of one article, attributed, in text order (`memo`: see `_to_parse`)."""
    text, rules = article.text, engine.rules
    candidates = detect.candidates(text, doc, rules, engine.detectors, speech_only=engine.speech_only)
    found = attribute(text, candidates, rules, doc, memo)
    pairs = [
        (c, a) for c, a in zip(candidates, found) if not engine.speech_only or filters.is_speech(text, c, a, rules)
    ]
    kept = [c for c, _ in pairs]
    numbers, heads = _pieces(kept)
    attributions = narrative(text, kept, carry_over(text, kept, [a for _, a in pairs], rules), doc)
    spans = [(c.outer_start, c.outer_end) for c in candidates]
    references = resolve(text, attributions, rules, doc, spans)
    choices = _one_speaker_a_quote(choose(attributions, references, min_confidence=engine.min_speaker_confidence), heads)
    outlet, wire = find_outlet(article, rules), find_wire(text, rules)
    mentions = []
    for cand, attr, choice, number in zip(kept, attributions, choices, numbers):
        mentions.append(
            Mention(
                article_id=article.id,
                quote=text[cand.start : cand.end],
                quote_start=cand.start,
                quote_end=cand.end,
                detector=cand.detector,
                confidence=round(cand.confidence * (1.0 if attr else 0.8), 3),
                speaker=choice.speaker,
                speaker_mention=attr.speaker_mention if attr else None,
                speaker_start=attr.speaker_start if attr else None,
                speaker_end=attr.speaker_end if attr else None,
                speaker_type=choice.type,
                cue=attr.cue if attr else None,
                outlet=outlet,
                published=article.published,
                speaker_confidence=choice.confidence,
                attribution=choice.rule,
                part=number,
                url=article.url,
                title=article.title,
                wire=wire,
            )
        )
    return _unrepeated(mentions)


def _pieces(kept: list[Candidate]) -> tuple[list[int | None], list[int]]:
    """Each kept candidate's number among the pieces of its quote, from 1 (see detect/pieces.py),
    None for a quote in one piece; and the position of its quote's first piece. A piece goes on
    from another only if that one was kept."""
    numbers: list[int | None] = [None] * len(kept)
    heads = list(range(len(kept)))
    at = {c.outer_start: i for i, c in enumerate(kept)}
    for i, cand in enumerate(kept):
        j = at.get(cand.follows) if cand.follows is not None else None
        if j is not None and j < i:
            numbers[j] = numbers[j] or 1
            numbers[i], heads[i] = numbers[j] + 1, heads[j]
    return numbers, heads


def _one_speaker_a_quote(choices: list[Choice], heads: list[int]) -> list[Choice]:
    """The pieces of one quote take the surest speaker any of them has: one quote, one speaker
    (the first piece may have no cue, the last its "she said")."""
    best: dict[int, Choice] = {}
    for choice, head in zip(choices, heads):
        if choice.speaker is not None and (head not in best or choice.confidence > best[head].confidence):
            best[head] = choice
    return [best.get(head, choice) for choice, head in zip(choices, heads)]


def _unrepeated(mentions: list[Mention]) -> list[Mention]:
    """An article that repeats a quote (a pull quote, a recap) has one mention of it: the first.
    The pieces of a quote in pieces all stay (a piece alone may repeat another quote's words)."""
    seen, kept = set(), []
    for m in mentions:
        key = (normalize_quote(m.quote), m.speaker)
        if m.part is not None or key not in seen:
            seen.add(key)
            kept.append(m)
    return kept
