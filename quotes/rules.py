"""Load and validate the rule files under `rules/` into one immutable `RuleSet`.

Every record is checked (unknown keys, types, unique ids, quotation marks that really are
quotation marks, spaCy Matcher patterns); all problems are collected and raised together as one
`RuleError` whose lines read ``rules/speech_verbs.jsonl:7 [say]: forms: field required``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .deptree import children
from .errors import RuleError

if TYPE_CHECKING:
    from spacy.tokens import Token

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
_PACKAGED_RULES_DIR = Path(__file__).resolve().parent / "rules"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(min_length=1)
    note: str | None = None


class SpeechVerb(_Record):
    lemma: str = Field(min_length=1)
    forms: tuple[str, ...] = Field(min_length=1)


class QuoteMark(_Record):
    open: str = Field(min_length=1, max_length=2)
    close: str = Field(min_length=1, max_length=2)
    level: Literal["double", "single"]

    @field_validator("open", "close")
    @classmethod
    def _is_quotation_mark(cls, mark: str) -> str:
        # The grave accent is no quotation mark in Unicode, but ASCII texts use `` as one.
        if not regex.fullmatch(r"[\p{Quotation_Mark}\p{Pi}\p{Pf}`]{1,2}", mark):
            raise ValueError(f"{mark!r} is not a Unicode quotation mark")
        return mark


class AttributionPattern(_Record):
    side: Literal["before", "after"]
    pattern: str
    # When set, the pattern applies only to a quote that opens its sentence, holds three words or
    # more, and ends with one of these characters, inside its marks or right after them: “…,”
    # remembered Roy Verley / ‘…’, remembered Roy Verley (the sentence goes on), but not “The
    # Apprentice” starred Trump, “Stop!” Officers fired, or In “Who Framed Roger Rabbit?” Bob Hoskins starred.
    quote_ends: str | None = Field(default=None, min_length=1)

    @field_validator("pattern")
    @classmethod
    def _has_groups(cls, pattern: str) -> str:
        if "(?P<speaker>" not in pattern:
            raise ValueError("pattern needs a (?P<speaker>...) group")
        unknown = sorted(set(regex.findall(r"(?<!\\[pPN])\{[A-Z][A-Z_]+\}", pattern)) - {"{VERB}", "{SPEAKER}"})
        if unknown:
            raise ValueError(f"unknown placeholder {', '.join(unknown)}: use {{VERB}} or {{SPEAKER}}")
        # Compiled now with stand-ins as full of brackets as what they stand for, not when first
        # searched (the patterns compile then, see speakers/patterns.py).
        stand_ins = {"{VERB}": r"(?:said|told)\b", "{SPEAKER}": r"(?:[A-Z][\w’'-]+(?:\s+[A-Z]\w+)?)"}
        try:
            regex.compile(regex.sub(r"\{VERB\}|\{SPEAKER\}", lambda m: stand_ins[m.group()], pattern))
        except regex.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return pattern


class MatcherPattern(_Record):
    label: Literal["ACCORDING_TO", "MEDIUM"]
    pattern: list[dict]

    @field_validator("pattern")
    @classmethod
    def _valid_token_pattern(cls, pattern: list[dict]) -> list[dict]:
        from spacy.schemas import validate_token_pattern

        problems = validate_token_pattern(pattern)
        if problems:
            raise ValueError("; ".join(problems))
        return pattern


class Outlet(_Record):
    name: str = Field(min_length=1)
    domains: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()  # how a wire is credited in a dateline or a closing line: "AP"
    signatures: tuple[str, ...] = ()  # how its copy signs off: "Reporting by"


class Title(_Record):
    forms: tuple[str, ...] = Field(min_length=1)
    gender: Literal["male", "female"] | None = None
    # A word that stands before another title, not before a name ("Former", "Vice"): alone, it
    # does not make the next name a person's.
    modifier: bool = False


class Pronoun(_Record):
    forms: tuple[str, ...] = Field(min_length=1)
    gender: Literal["male", "female", "neuter"] | None = None
    number: Literal["singular", "plural"]


class OrganizationWord(_Record):
    word: str = Field(min_length=1)


class Antonym(_Record):
    """Two words of opposite meaning, each with its written forms ("rose", "risen"): a wording that
    prints one where the other printed the other is a misquote (`quotes.alterations`)."""

    one: list[str] = Field(min_length=1)
    other: list[str] = Field(min_length=1)

    @field_validator("one", "other")
    @classmethod
    def _lower_case_words(cls, forms: list[str]) -> list[str]:
        bad = [f for f in forms if not regex.fullmatch(r"\p{Ll}+", f)]
        if bad:
            raise ValueError(f"forms must be single lower-case words: {bad}")
        return forms


class RoleWord(_Record):
    word: str = Field(min_length=1)


class NonQuoteCue(_Record):
    before: str = Field(min_length=1)
    # Only before a quote in title case: a work's title ('a memoir, “The Long Road Home,”').
    title_case: bool = False


class Elision(_Record):
    # The word as written after its apostrophe ('bout: "bout"); `closed`: with one after it too ('n').
    word: str = Field(min_length=1, pattern=r"^[^\W\d_]+$")
    closed: bool = False


_FILES: dict[str, type[_Record]] = {
    "speech_verbs.jsonl": SpeechVerb,
    "quote_marks.jsonl": QuoteMark,
    "attribution_patterns.jsonl": AttributionPattern,
    "matcher_patterns.jsonl": MatcherPattern,
    "outlets.jsonl": Outlet,
    "titles.jsonl": Title,
    "pronouns.jsonl": Pronoun,
    "organization_words.jsonl": OrganizationWord,
    "role_words.jsonl": RoleWord,
    "non_quote_cues.jsonl": NonQuoteCue,
    "elisions.jsonl": Elision,
    "antonyms.jsonl": Antonym,
}


@dataclass(frozen=True, eq=False)  # hashed by identity: one loaded set, cached
class RuleSet:
    """All rules, typed. Build it with `load_rules()`; derived lookups are computed once."""

    speech_verbs: tuple[SpeechVerb, ...]
    quote_marks: tuple[QuoteMark, ...]
    attribution_patterns: tuple[AttributionPattern, ...]
    matcher_patterns: tuple[MatcherPattern, ...]
    outlets: tuple[Outlet, ...]
    titles: tuple[Title, ...]
    pronouns: tuple[Pronoun, ...]
    organization_words: tuple[OrganizationWord, ...]
    role_words: tuple[RoleWord, ...]
    non_quote_cues: tuple[NonQuoteCue, ...]
    elisions: tuple[Elision, ...]
    antonyms: tuple[Antonym, ...]

    @cached_property
    def speech_lemmas(self) -> frozenset[str]:
        """One-word speech verbs: 'say', 'tell'."""
        return frozenset(v.lemma for v in self.speech_verbs if " " not in v.lemma)

    @cached_property
    def speech_phrases(self) -> frozenset[tuple[str, str]]:
        """Verb + particle speech verbs: ('point', 'out'), ('fire', 'back')."""
        return frozenset(tuple(v.lemma.split(maxsplit=1)) for v in self.speech_verbs if " " in v.lemma)

    @cached_property
    def speech_heads(self) -> frozenset[str]:
        """The lemma of every speech verb's head word: 'say', 'point' (of 'point out')."""
        return self.speech_lemmas | {verb for verb, _ in self.speech_phrases}

    @cached_property
    def speech_forms(self) -> tuple[str, ...]:
        """Every written form, longest first so that a regex alternation prefers 'pointed out'."""
        forms = {f for v in self.speech_verbs for f in v.forms}
        return tuple(sorted(forms, key=lambda f: (-len(f), f)))

    @cached_property
    def speech_form_pattern(self) -> str:
        """Every written form as a regular-expression alternation, longest first: 'pointed out|said|…'."""
        return "|".join(regex.escape(f) for f in self.speech_forms)

    @cached_property
    def speech_form_set(self) -> frozenset[str]:
        """Every written form, for membership: 'said', 'pointed out'."""
        return frozenset(self.speech_forms)

    @cached_property
    def speech_first_words(self) -> frozenset[str]:
        """The first word of every written form, case-folded: 'said', 'pointed' (of 'pointed out')."""
        return frozenset(f.split()[0].casefold() for f in self.speech_forms)

    @cached_property
    def title_forms(self) -> dict[str, Title]:
        return {f.casefold(): t for t in self.titles for f in t.forms}

    @cached_property
    def pronoun_forms(self) -> dict[str, Pronoun]:
        return {f.casefold(): p for p in self.pronouns for f in p.forms}

    @cached_property
    def organization_words_set(self) -> frozenset[str]:
        return frozenset(w.word.casefold() for w in self.organization_words)

    @cached_property
    def role_word_set(self) -> frozenset[str]:
        return frozenset(w.word.casefold() for w in self.role_words)

    @cached_property
    def antonym_of(self) -> dict[str, frozenset[str]]:
        """Each form of a word with an opposite, and the forms of its opposites: 'rose' → {'fell', …}."""
        found: dict[str, set[str]] = {}
        for pair in self.antonyms:
            for form in pair.one:
                found.setdefault(form, set()).update(pair.other)
            for form in pair.other:
                found.setdefault(form, set()).update(pair.one)
        return {form: frozenset(others) for form, others in found.items()}


def speech_verbs(doc, rules: RuleSet) -> list[Token]:
    """The tokens of a parsed `doc` that are speech verbs (`is_speech_verb`), in order.

    The lemmas are read as an array first, and a Token made only where one is a speech verb's:
    making one for every token took a quarter of the syntax detector's time (0.68 s → 0.52 s on
    the text the default mode parses of the 840 eval articles).

    Example:
        >>> import spacy
        >>> from spacy.tokens import Doc
        >>> doc = Doc(spacy.blank("en").vocab, words=["Ann", "said", "no"], lemmas=["Ann", "say", "no"],
        ...           pos=["PROPN", "VERB", "INTJ"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "ccomp"])
        >>> [t.text for t in speech_verbs(doc, load_rules())]
        ['said']
    """
    from spacy.attrs import LEMMA

    heads = rules.speech_heads
    strings, known = doc.vocab.strings, {}
    found = []
    for i, lemma in enumerate(doc.to_array([LEMMA]).tolist()):
        if lemma not in known:
            known[lemma] = strings[lemma].lower() in heads
        if known[lemma] and is_speech_verb(doc[i], rules):
            found.append(doc[i])
    return found


def is_speech_verb(token, rules: RuleSet) -> bool:
    """Whether a parsed spaCy token is a speech verb of `rules`: 'said', 'pointed (out)'."""
    if token.pos_ not in ("VERB", "AUX") and token.dep_ not in ("ROOT", "ccomp", "conj", "advcl", "xcomp"):
        return False
    lemma = token.lemma_.lower()
    if lemma in rules.speech_lemmas:
        return True
    return any((lemma, c.lower_) in rules.speech_phrases for c in children(token) if c.dep_ == "prt")


def load_rules(rules_dir: str | Path | None = None) -> RuleSet:
    """Read and validate every rule file in `rules_dir` (default: the project's `rules/`).

    Example:
        >>> rules = load_rules()
        >>> "say" in rules.speech_lemmas
        True
    """
    return _load_rules(Path(rules_dir) if rules_dir else _default_dir())


def _default_dir() -> Path:
    # A source checkout keeps rules/ beside the package; an installed wheel ships a copy inside it.
    return DEFAULT_RULES_DIR if DEFAULT_RULES_DIR.is_dir() else _PACKAGED_RULES_DIR


@lru_cache(maxsize=8)
def _load_rules(rules_dir: Path) -> RuleSet:
    problems: list[str] = []
    loaded: dict[str, tuple] = {}
    for filename, model in _FILES.items():
        records = _read_records(rules_dir / filename, model, problems)
        loaded[filename.removesuffix(".jsonl")] = tuple(records)
    if problems:
        raise RuleError("invalid rules:\n" + "\n".join(problems))
    return RuleSet(**loaded)


def _read_records(path: Path, model: type[_Record], problems: list[str]) -> list:
    where = f"rules/{path.name}"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        problems.append(f"{where}: cannot read: {exc.strerror or exc}")
        return []
    records, seen = [], {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}:{number}: not JSON: {exc.msg}")
            continue
        rid = raw.get("id", "?") if isinstance(raw, dict) else "?"
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                field = ".".join(str(p) for p in err["loc"]) or "record"
                problems.append(f"{where}:{number} [{rid}]: {field}: {err['msg']}")
            continue
        if record.id in seen:
            problems.append(f"{where}:{number} [{rid}]: duplicate id (first on line {seen[record.id]})")
            continue
        seen[record.id] = number
        records.append(record)
    return records
