"""Speakers: turn each speaker mention into one canonical name and a type, within an article.

- Names: titles and possessives go ("Sen. Warren's" → "Warren"), and a short form takes the
  fullest form the article uses for the same person ("Harris" → "Kamala Harris", "Lopez Obrador"
  → "Andrés Manuel López Obrador"): the nearest earlier full form, else the first later one.
- Pronouns ("he", "she", "it") take the nearest person (or, for "it", organisation) named before.
- Descriptions ("the Mexican president", "the statement") take the name the article put next
  to the same words ("the Mexican president Andrés Manuel López Obrador"), or the fullest earlier
  phrase with the same head noun ("a US statement" → "US statement").
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from .rules import RuleSet
from .types import Attribution, SpeakerType

# Words that open a description, not a name ("the Mexican president", "a spokeswoman").
DETERMINERS = {"the", "a", "an", "one", "another", "this", "that", "his", "her", "their", "its", "our"}
_NAME_RUN = regex.compile(r"\p{Lu}[\p{L}\p{M}’'.-]*(?:[ \t]+(?:\p{Lu}[\p{L}\p{M}’'.-]*|de|del|la|van|von)){0,7}")
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}’'.-]*")
_PERSON_LABELS = {"PERSON"}
# How far back (characters) a pronoun looks for a salient antecedent before settling for any name.
_PRONOUN_REACH = 1500
# How far (characters) a mention looks for the names it may stand for: see `_near`.
_REACH = 20_000
_REACH_NAMES = 200
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class Speaker:
    name: str
    type: SpeakerType


@dataclass(frozen=True)
class _Name:
    start: int
    end: int
    name: str  # cleaned: no title, no possessive
    type: SpeakerType
    descriptor: tuple[str, ...]  # lower-cased words the text puts before or beside the name
    salient: bool = False  # the subject of its clause, or a speaker: what a later "he" most often means
    quoted: bool = False  # inside a quote: the speaker talks about this person, and is someone else


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Case- and accent-folded form used to compare names: 'López Obrador' → 'lopez obrador'."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def clean_name(mention: str, rules: RuleSet) -> str:
    """Drop determiners, titles, possessives and edge punctuation from a speaker mention.

    Example:
        >>> from quotes.rules import load_rules
        >>> clean_name("Sen. Elizabeth Warren's", load_rules())
        'Elizabeth Warren'
    """
    words = _WORD.findall(regex.sub(r"['’]s\b", "", mention))
    while words and (words[0].casefold() in DETERMINERS or words[0].rstrip(".").casefold() in rules.title_forms):
        if len(words) == 1:
            break
        words = words[1:]
    return " ".join(words).strip(".,;:")


def resolve(
    text: str,
    attributions: Sequence[Attribution | None],
    rules: RuleSet,
    doc=None,
    quote_spans: Sequence[tuple[int, int]] = (),
) -> list[Speaker | None]:
    """Canonical name and type for each attribution of one article (None stays None).

    `quote_spans` are the article's quotes: a name inside one is not what a later "he" refers to.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.types import Attribution
        >>> text = "Kamala Harris spoke. Later Harris said it."
        >>> a = Attribution("Harris", 27, 33, "said", "test")
        >>> resolve(text, [a], load_rules())[0].name
        'Kamala Harris'
    """
    names = [
        replace(n, quoted=True) if any(s <= n.start < e for s, e in quote_spans) else n
        for n in _names(text, doc, rules)
    ]
    genders = _genders(text, names, rules)
    speakers: list[Speaker | None] = []
    for a in attributions:
        speaker = None if a is None else _resolve_one(text, a, _near(names, a.speaker_start), genders, rules, doc)
        speakers.append(speaker)
        if speaker is not None and speaker.type != "unknown" and speaker.name[:1].isupper():
            # A resolved speaker is a name the next mentions can resolve to, even if the tagger missed it.
            resolved = _Name(a.speaker_start, a.speaker_end, speaker.name, speaker.type, (), salient=True)
            bisect.insort(names, resolved, key=lambda n: n.start)
    return speakers


def _near(names: list[_Name], pos: int) -> list[_Name]:
    """The names within `_REACH` characters and `_REACH_NAMES` names of `pos`: a whole news article,
    and a bound on the time a long or odd text takes (each mention looks at a window, not at every name)."""
    at = bisect.bisect_left(names, pos, key=lambda n: n.start)
    lo = max(bisect.bisect_left(names, pos - _REACH, key=lambda n: n.start), at - _REACH_NAMES)
    hi = min(bisect.bisect_right(names, pos + _REACH, key=lambda n: n.start), at + _REACH_NAMES)
    return names[lo:hi]


def _resolve_one(text: str, a: Attribution, names: list[_Name], genders: dict[str, str], rules: RuleSet, doc) -> Speaker:
    mention = a.speaker_mention.strip()
    pronoun = rules.pronoun_forms.get(mention.casefold())
    if pronoun is not None:
        return _resolve_pronoun(mention, pronoun, a.speaker_start, names, genders)
    # Only a name that ends the mention is its head: not "a senior Cruz adviser".
    tail = a.speaker_start + len(regex.sub(r"(?:['’]s?|[\s.,;:])+$", "", a.speaker_mention))
    inner = [n for n in names if n.type == "person" and a.speaker_start <= n.start and tail - 1 <= n.end <= tail + 1]
    name = _trailing_name(mention, rules)
    if inner:  # "zoo director Ana Lima", "former FBI agent Timothy Gill"
        # The tagger may have caught only part of the name ("Lima"): keep the fuller written form.
        full = name if name and fold(inner[-1].name) in fold(name) else inner[-1].name
        return _canonical(clean_name(full, rules), inner[-1].start, names, "person")
    if name is None:  # headed by a common noun: "the Mexican president", "a spokeswoman"
        return _resolve_description(mention, a.speaker_start, names, rules, doc)
    cleaned = clean_name(name, rules)
    return _canonical(cleaned, a.speaker_start, names, _type_of_name(cleaned, names, rules))


def _canonical(cleaned: str, pos: int, names: list[_Name], kind: SpeakerType) -> Speaker:
    """The fullest form of the same name in the article: nearest before `pos`, else first after."""
    key = fold(cleaned).split()
    if not key:
        return Speaker(cleaned, kind)
    fuller = [n for n in names if _contains(fold(n.name).split(), key) and len(n.name) >= len(cleaned)]
    if not fuller:
        return Speaker(cleaned, kind)
    before = [n for n in fuller if n.end <= pos]
    pool = before if before else [n for n in fuller if n.start >= pos] or fuller
    ref = pool[-1] if before else pool[0]
    # Among forms of the chosen person, take the longest, then the one the article wrote first.
    same = [n for n in pool if _contains(fold(n.name).split(), fold(ref.name).split())]
    best = max(same, key=lambda n: (len(fold(n.name).split()), -n.start))
    return Speaker(best.name, best.type if best.type != "unknown" else kind)


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return n > 0 and any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _type_of_name(cleaned: str, names: list[_Name], rules: RuleSet) -> SpeakerType:
    """Person if the article ever tags the name as a person (taggers waver), else what it tags it as."""
    key = fold(cleaned).split()
    kinds = {n.type for n in names if _contains(fold(n.name).split(), key)}
    if "person" in kinds:
        return "person"
    if "organization" in kinds or (key and key[-1] in rules.organization_words_set):
        return "organization"
    return "person" if len(key) >= 2 else "unknown"


def _resolve_pronoun(mention: str, pronoun, pos: int, names: list[_Name], genders: dict[str, str]) -> Speaker:
    if pronoun.id in ("he", "she"):
        wanted = {"he": "male", "she": "female"}[pronoun.id]
        people = [
            n for n in names
            # "unknown": names found without a tagger, when no pipeline is loaded
            if n.type in ("person", "unknown") and n.end <= pos and not n.quoted
            and genders.get(_key(n.name), wanted) == wanted
        ]
        salient = [n for n in people if n.salient and n.end > pos - _PRONOUN_REACH]
        if salient or people:
            ref = (salient or people)[-1]
            return _canonical(ref.name, ref.start, names, "person")
        return Speaker(mention, "person")
    if pronoun.id == "it":
        orgs = [n for n in names if n.type == "organization" and n.end <= pos]
        if orgs:
            return _canonical(orgs[-1].name, orgs[-1].start, names, "organization")
        return Speaker(mention, "organization")
    return Speaker(mention, "unknown")


def _key(name: str) -> str:
    words = fold(name).split()
    return words[-1] if words else ""


def _genders(text: str, names: list[_Name], rules: RuleSet) -> dict[str, str]:
    """Each person's gender by surname, from titles (Mrs.) and from the pronouns that follow
    their mentions before anyone else is named; only where the votes agree."""
    votes: dict[str, list[str]] = {}
    for i, n in enumerate(names):
        if n.type == "organization":
            continue
        title = rules.title_forms.get(n.descriptor[-1]) if n.descriptor else None
        if title is not None and title.gender:
            votes.setdefault(_key(n.name), []).extend([title.gender] * 3)
        stop = names[i + 1].start if i + 1 < len(names) else len(text)
        for word in _WORD.findall(text[n.end : min(stop, n.end + 250)]):
            p = rules.pronoun_forms.get(word.casefold())
            if p is not None and p.gender in ("male", "female"):
                votes.setdefault(_key(n.name), []).append(p.gender)
                break
    genders = {}
    for key, vs in votes.items():
        male, female = vs.count("male"), vs.count("female")
        if male != female:
            genders[key] = "male" if male > female else "female"
    return genders


def _trailing_name(mention: str, rules: RuleSet) -> str | None:
    """The capitalised words that end a mention: 'zoo director Ana Lima' → 'Ana Lima'."""
    words = _WORD.findall(regex.sub(r"['’]s\b", "", mention))
    run = []
    for w in reversed(words):
        if not w[:1].isupper() or w.rstrip(".").casefold() in rules.title_forms:
            break
        run.append(w)
    return " ".join(reversed(run)) or None


def _resolve_description(mention: str, pos: int, names: list[_Name], rules: RuleSet, doc) -> Speaker:
    words = [w.casefold() for w in _WORD.findall(mention)]
    content = [w for w in words if w not in DETERMINERS]
    if not content:
        return Speaker(mention, "unknown")
    head = content[-1]
    described_before = [n for n in names if n.start < pos and not n.quoted and head in n.descriptor]
    matches = [n for n in described_before if set(content) <= set(n.descriptor)] or described_before
    if matches:
        ref = matches[-1]
        return _canonical(ref.name, ref.start, names, ref.type)
    described = " ".join(w for w in _WORD.findall(mention) if w.casefold() not in DETERMINERS)
    fuller = _fuller_phrase(doc, head, content, pos)
    kind: SpeakerType = "organization" if head in rules.organization_words_set else "unknown"
    if kind == "unknown" and any(w in rules.title_forms for w in content):
        kind = "person"
    return Speaker(fuller or described, kind)


def _fuller_phrase(doc, head: str, content: list[str], pos: int) -> str | None:
    """An earlier noun phrase with the same head and more words: 'a US statement' for 'the statement'."""
    if doc is None:
        return None
    best = None
    for chunk in doc.noun_chunks:
        if chunk.start_char >= pos:
            break
        words = [t.lower_ for t in chunk if t.lower_ not in DETERMINERS and not t.is_punct]
        if words and words[-1] == head and len(words) > len(content) and set(content) <= set(words):
            best = " ".join(t.text for t in chunk if t.lower_ not in DETERMINERS and not t.is_punct)
    return best


# ------------------------------------------------------------------------------ name mentions
def _names(text: str, doc, rules: RuleSet) -> list[_Name]:
    """Every person or organisation name in the article, in order, with the words described it."""
    if doc is not None and doc.has_annotation("ENT_IOB"):
        found = []
        for ent in doc.ents:
            if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
                continue
            kind: SpeakerType = "person" if ent.label_ in _PERSON_LABELS else "organization"
            name = clean_name(ent.text, rules)
            if not name:
                continue
            salient = ent.root.dep_ in _SUBJECTS or (ent.root.dep_ in ("appos", "compound") and ent.root.head.dep_ in _SUBJECTS)
            found.append(_Name(ent.start_char, ent.end_char, name, kind, _descriptor_tokens(doc, ent), salient))
        found += _unparsed_names(text, doc.text, rules)
        return _fix_types(sorted(found, key=lambda n: n.start), rules)
    return _text_names(text, rules)


def _unparsed_names(text: str, parsed: str, rules: RuleSet) -> list[_Name]:
    """Names in the paragraphs the parser did not read (see focus.py), found as in rule-based mode."""
    if parsed == text:
        return []
    return [n for n in _text_names(text, rules) if parsed[n.start] != text[n.start]]


def _text_names(text: str, rules: RuleSet) -> list[_Name]:
    """Names found without a tagger: runs of capitalised words, split after their last title.

    - "Mexican President Andres Manuel Lopez Obrador" is the person "Andres Manuel Lopez Obrador",
      described as "mexican president"; a run with an organisation word ("White House") is an
      organisation; other runs of two or more words are names of unknown type.
    - One capitalised word is a name only where it ends a longer name of the article ("Ayotte"
      after "Kelly Ayotte"): alone, it is as often a sentence's first word or a weekday.
    - A name that starts a sentence is taken for its subject: what a later "he" most often means.
    """
    runs = []
    for words in _capitalised_runs(text, rules):
        titled = [i for i, w in enumerate(words) if w.group().rstrip(".").casefold() in rules.title_forms]
        first = titled[-1] + 1 if titled else 0
        if first < len(words):
            runs.append((words, first, bool(titled)))
    surnames = {fold(words[-1].group()) for words, first, _ in runs if len(words) - first >= 2}
    found = []
    for words, first, titled in runs:
        if not titled and len(words) < 2 and fold(words[0].group()) not in surnames:
            continue
        start, end = words[first].start(), words[-1].end()
        described = tuple(w.group().casefold().rstrip(".") for w in words[:first])
        descriptor = _descriptor_text(text, words[0].start()) + described
        name = clean_name(text[start:end], rules)
        found.append(_Name(start, end, name, _text_name_type(name, descriptor, titled, rules), descriptor,
                           salient=_looks_like_subject(text, start)))
    return found


def _capitalised_runs(text: str, rules: RuleSet) -> Iterator[list]:
    """Runs of capitalised words (as word matches), without a sentence's first function word
    ("But Hillary Clinton"), a dangling particle ("Florida de"), or a full stop inside ("Review. Williamson")."""
    for run in _NAME_RUN.finditer(text):
        part: list = []
        for word in _WORD.finditer(text, run.start(), run.end()):
            token = word.group()
            if token.endswith(".") and len(token) > 3 and token.rstrip(".").casefold() not in rules.title_forms:
                part.append(_WORD.match(text, word.start(), word.end() - 1))
                if trimmed := _trimmed(part):
                    yield trimmed
                part = []
            else:
                part.append(word)
        if trimmed := _trimmed(part):
            yield trimmed


def _trimmed(words: list) -> list:
    while words and words[0].group().casefold() in _FUNCTION_WORDS:
        words = words[1:]
    while words and words[-1].group()[:1].islower():
        words = words[:-1]
    return words


def _looks_like_subject(text: str, start: int) -> bool:
    """A name that starts a sentence is taken for its subject: what a later "he" most often means.
    (A lower-case word after the name, as a sign of a verb, was measured and made things worse.)"""
    return bool(_SENTENCE_START.search(text[max(0, start - 3) : start]))


# Capitalised at the start of a sentence, never names.
_FUNCTION_WORDS = set(
    "a an the this that these those but and or so yet for nor if when while as after before since until "
    "in on at by from with without into about of to also still now then later meanwhile both either "
    "neither each every all some many most no not there here it its i we he she they his her their our "
    "my you your what who whom how why where which".split()
)
# What stands before a sentence's first word: the start of the text or a line, or a stop and a space.
_SENTENCE_START = regex.compile(r"(?:^|\n|[.!?][\"'”’]?\s)\s*$")


def _text_name_type(name: str, descriptor: tuple[str, ...], titled: bool, rules: RuleSet) -> SpeakerType:
    # "the mexican president Andrés Manuel López Obrador": a title before the run counts too.
    if titled or (descriptor and descriptor[-1] in rules.title_forms):
        return "person"
    if any(w in rules.organization_words_set for w in fold(name).split()):
        return "organization"
    return "unknown"


def _fix_types(names: list[_Name], rules: RuleSet) -> list[_Name]:
    """The small tagger often calls a person an organisation ("Priebus", "Trump"). A name is a
    person if another mention of it is tagged as one, or a title describes it ("the GOP chairman")."""
    people = {_key(n.name) for n in names if n.type == "person"}
    fixed = []
    for n in names:
        titled = any(w in rules.title_forms and w not in DETERMINERS for w in n.descriptor)
        if n.type == "organization" and not n.name.isupper() and (_key(n.name) in people or titled):
            n = replace(n, type="person")
        fixed.append(n)
    return fixed


def _descriptor_tokens(doc, ent) -> tuple[str, ...]:
    """Words that describe the name: right before it ('the Mexican president') or in its
    appositive ('Hugh Hill, a doctor who treated him')."""
    words = []
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 5 and not doc[i].is_punct and doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "DET"):
        words.append(doc[i].lower_)
        i -= 1
    words.reverse()
    words += [t.lower_ for t in ent if t.pos_ != "PROPN"]
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            words += [t.lower_ for t in child.subtree if t.dep_ not in ("relcl", "punct") and t.i <= child.i]
    return tuple(w.rstrip(".") for w in words)


def _descriptor_text(text: str, start: int) -> tuple[str, ...]:
    before = text[max(0, start - 50) : start]
    words = [w.casefold().rstrip(".") for w in _WORD.findall(before.split("\n")[-1])]
    return tuple(words[-4:])


# ----------------------------------------------------------------------------- across articles
def corpus_names(names: Iterable[str]) -> dict[str, str]:
    """One canonical form for each speaker name across a corpus.

    - Forms that fold to the same words are one name; the display form keeps the accents, then is
      the most frequent ("Lopez Obrador" = "López Obrador").
    - A name whose words stand, in order, in exactly one longer name is that name ("Harris" =
      "Kamala Harris", "López Obrador" = "Andrés Manuel López Obrador"); in two or more it stays
      as it is ("Clinton" with both "Hillary Clinton" and "Bill Clinton").
    - An acronym of one longer name's initials is that name ("AMLO").
    Descriptions ("former official") are left alone.

    Example:
        >>> m = corpus_names(["Lopez Obrador", "Andrés Manuel López Obrador", "AMLO", "Harris", "Kamala Harris"])
        >>> m["Lopez Obrador"], m["AMLO"], m["Harris"]
        ('Andrés Manuel López Obrador', 'Andrés Manuel López Obrador', 'Kamala Harris')
    """
    counts = Counter(names)
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in counts:
        groups.setdefault(tuple(_WORD.findall(fold(name))), []).append(name)
    display = {key: max(forms, key=lambda f: (_accents(f), counts[f], [-ord(c) for c in f])) for key, forms in groups.items()}
    by_word: dict[str, set[tuple[str, ...]]] = {}
    for key in groups:
        for word in key:
            by_word.setdefault(word, set()).add(key)
    initials = {}
    for key in groups:
        if len(key) >= 2:
            initials.setdefault("".join(w[0] for w in key), set()).add(key)
    target = {}
    for key, forms in groups.items():
        if not key or not forms[0][:1].isupper():
            target[key] = key
            continue
        longer = set.intersection(*(by_word[w] for w in key)) - {key}
        longer = {k for k in longer if len(k) > len(key) and _contains(list(k), list(key))}
        if len(key) == 1 and forms[0].isupper() and not longer:
            longer = initials.get(key[0], set())
        # Keep only the fullest names: "Andrés Manuel López Obrador", not also "Manuel López Obrador".
        fullest = {k for k in longer if not any(o != k and _contains(list(o), list(k)) for o in longer)}
        target[key] = next(iter(fullest)) if len(fullest) == 1 else key
    return {name: display[target[key]] for key, forms in groups.items() for name in forms}


def _accents(name: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFKD", name) if unicodedata.combining(ch))
