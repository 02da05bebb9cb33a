"""Names: the people and organisations an article names, and how a mention is cleaned to a name.

- Name mentions come from the tagger's entities where the parser read the text, else from runs of
  capitalised words split after their last title ("Mexican President Andres Manuel Lopez Obrador").
- Each carries the words that describe it ("the mexican president") and whether it is the subject
  of its clause (what a later "he" most often means).
- Titles, determiners and possessives are not part of a name ("Sen. Warren's" → "Warren").
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from ..rules import RuleSet
from ..types import SpeakerType

# Words that open a description, not a name ("the Mexican president", "a spokeswoman").
DETERMINERS = {"the", "a", "an", "one", "another", "this", "that", "his", "her", "their", "its", "our"}


def _name_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Lower-case particles inside names ("von der", "da", "bin"), those joined by a hyphen ("al-"),
    and suffixes after names ("Jr.", "III"), from the name parser `nameparser` (its lists cover many
    languages' naming customs)."""
    from nameparser.config import CONSTANTS

    particles = frozenset(p for p in CONSTANTS.prefixes if p.isalpha() and p.islower() and len(p) <= 5)
    hyphenated = frozenset(p for p in CONSTANTS.prefixes if p.endswith("-"))
    suffixes = frozenset(s for s in CONSTANTS.suffix_not_acronyms if s.isascii() and s.isalpha())
    return particles, hyphenated, suffixes


PARTICLES, _HYPHENATED, SUFFIXES = _name_words()
# Suffixes written with a full stop: it stays with the name ("Jr."), where "III." ends a sentence.
_ABBREVIATED_SUFFIXES = {"jr", "sr", "jnr", "snr"}


def _role_words() -> frozenset[str]:
    """Words for roles and titles that stand before a name in lower case ("head coach", "nurse"):
    the name parser's titles (about 800), and the words for speaking for someone, which it lacks."""
    from nameparser.config import CONSTANTS

    return frozenset(t for t in CONSTANTS.titles if t.isalpha()) | {"spokesman", "spokeswoman", "spokesperson"}


ROLE_WORDS = _role_words()
# Modifiers that make another role of the same title: a shadow minister is not the minister.
ROLE_CHANGING = {"former", "shadow", "deputy", "vice", "acting", "interim", "assistant", "ex", "outgoing", "incoming", "late"}
_PARTICLE = "|".join(sorted(PARTICLES, key=len, reverse=True))
# A name: capitalised words, with particles between them ("Ursula von der Leyen").
_NAME_RUN = regex.compile(rf"\p{{Lu}}[\p{{L}}\p{{M}}’'.-]*(?:[ \t]+(?:(?:{_PARTICLE})[ \t]+)*\p{{Lu}}[\p{{L}}\p{{M}}’'.-]*){{0,7}}")
WORD = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}’'.-]*")
_PERSON_LABELS = {"PERSON"}
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_PLACE_LABELS = {"GPE", "NORP", "FAC"}
_SUBJECTS = {"nsubj", "nsubjpass"}


@dataclass(frozen=True)
class Name:
    """A name mention in the article: where, the cleaned name, its type and what describes it."""

    start: int
    end: int
    name: str  # cleaned: no title, no possessive
    type: SpeakerType
    descriptor: tuple[str, ...]  # lower-cased words the text puts before or beside the name
    salient: bool = False  # the subject of its clause, or a speaker: what a later "he" most often means
    quoted: bool = False  # inside a quote: the speaker talks about this person, and is someone else
    place: bool = False  # tagged a place or a nationality ("Arizona", "Kazakh"): never a person
    headline: bool = False  # in a headline: a fuller form of a name, never what a pronoun refers to


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
    words = WORD.findall(regex.sub(r"['’]s\b", "", mention))
    while len(words) > 1 and (
        words[0].casefold() in DETERMINERS or words[0].rstrip(".").casefold() in rules.title_forms
        or (_is_role(words[0]) and _starts_with_first_name(words[1:]))  # "Coach Ida Brams"
    ):
        words = words[1:]
    if len(words) > 1 and words[-1].rstrip(".").casefold() in _ABBREVIATED_SUFFIXES:
        return " ".join(words).strip(",;:")  # "Martin Luther King Jr."
    return " ".join(words).strip(".,;:")


def surname_key(name: str) -> str:
    """The folded last word of a name: what its mentions share ("Clinton")."""
    words = fold(name).split()
    return words[-1] if words else ""


def genders_by_surname(names: list[Name], pronouns: dict[str, list[int]], rules: RuleSet) -> dict[str, str]:
    """Each person's gender by surname, where the text says it: a gendered title ("Mrs.", three
    votes), and "he" or "she" (`pronouns`: their positions outside quotes) next after a subject
    before anyone else is named (one). First names are not votes here: they mislead across
    countries ("Jan"); `first_name_gender` is a weaker hint, used apart.

    Example:
        >>> n = Name(0, 9, "Jan Moore", "person", (), salient=True)
        >>> genders_by_surname([n], {"he": [], "she": [20]}, __import__("quotes.rules").rules.load_rules())
        {'moore': 'female'}
    """
    votes: dict[str, list[str]] = {}
    gendered = sorted((pos, {"he": "male", "she": "female"}[p]) for p, positions in pronouns.items() for pos in positions)
    for i, n in enumerate(names):
        if n.type == "organization" or n.quoted:
            continue
        title = rules.title_forms.get(n.descriptor[-1]) if n.descriptor else None
        if title is not None and title.gender:
            votes.setdefault(surname_key(n.name), []).extend([title.gender] * 3)
        if not n.salient:
            continue  # a pronoun after an object ("posters of Justin Timberlake. She…") is about someone else
        stop = min(names[i + 1].start if i + 1 < len(names) else n.end + 250, n.end + 250)
        j = bisect.bisect_left(gendered, (n.end, ""))
        if j < len(gendered) and gendered[j][0] < stop:
            votes.setdefault(surname_key(n.name), []).append(gendered[j][1])
    found = {}
    for surname, vs in votes.items():
        male, female = vs.count("male"), vs.count("female")
        if male != female:
            found[surname] = "male" if male > female else "female"
    return found


@lru_cache(maxsize=1)
def _first_names():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def first_name_gender(name: str, definite: bool = False) -> str | None:
    """"male" or "female" where the name's first word is a first name mostly given to one gender
    (`definite`: only to one), by the first-name data of `gender-guesser` (about 40,000 names from
    many countries); else None.

    Example:
        >>> first_name_gender("Alma Reyes"), first_name_gender("Port Moresby")
        ('female', None)
    """
    words = name.split()
    if len(words) < 2:
        return None
    guess = _first_names().get_gender(words[0])
    if definite:
        return guess if guess in ("male", "female") else None
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(guess)


# A stop ends a sentence unless it ends an abbreviation: an initial ("J."), a word with inner stops
# ("U.S."), a title ("Sen."), or a short word written with a stop in news ("Aug.", "lbs.", "No.").
_STOP = regex.compile(r"([\p{L}\p{N}.]*)[.!?][\"'”’“»›)]*\s+(?=[\"“‘'(„«‹‚]*[\p{Lu}\p{N}])|\n+")
_ABBREVIATIONS = set(
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun no nos vol lb lbs oz ft "
    "in st ave blvd co corp inc ltd jr sr vs etc approx est dept univ gen col lt sgt capt cmdr adm".split()
)


def sentence_starts(text: str, rules: RuleSet) -> list[int]:
    """Where each sentence of `text` starts, from the text alone: at a line break (a paragraph break
    is a sentence break) and after a stop that does not end an abbreviation.

    Example:
        >>> from quotes.rules import load_rules
        >>> sentence_starts("Sen. Ray Ames came in Aug. to the U.S. office. He left.\\nShe stayed.", load_rules())
        [0, 47, 56]
    """
    starts = [0]
    for stop in _STOP.finditer(text):
        if stop.group().startswith("\n") or not is_abbreviation(stop.group(1) or "", rules):
            starts.append(stop.end())
    return starts


def is_abbreviation(word: str, rules: RuleSet) -> bool:
    """Whether a word before a full stop is an abbreviation ("D.C", "Sen", "Aug", "J"), not a sentence's end."""
    word = word.casefold()
    return len(word) == 1 or "." in word or word in _ABBREVIATIONS or word in rules.title_forms


def trailing_name(mention: str, rules: RuleSet) -> str | None:
    """The name that ends a mention, if it is the mention's head; None for a description.

    - Particles stay inside a name ("Ursula von der Leyen"), suffixes after it ("King Jr.").
    - A role or title before it goes ("zoo director Ana Lima" → "Ana Lima"), also one with "of"
      ("Secretary of State John Kerry" → "John Kerry").
    - "of" joins an organisation's name ("Ministry of Health").
    - A name after a preposition is not the head: "a spokesman for Moreno" → None, "Smith of
      Boston" → "Smith", "Greta Banks of the Bank of Iceland" → "Greta Banks".

    Example:
        >>> from quotes.rules import load_rules
        >>> [trailing_name(m, load_rules()) for m in ["Otters head coach Lars Pemberton", "a spokesman for Moreno"]]
        ['Lars Pemberton', None]
    """
    words = WORD.findall(regex.sub(r"['’]s\b", "", mention))
    run: list[str] = []
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if (w.casefold() in PARTICLES and run and run[-1].casefold() not in PARTICLES) or _hyphen_particle(w):
            run.append(w)  # "von der Leyen", "al-Nouri"
        elif w in _JOINS and run and _organisation_before(words, i, rules):
            run.append(w)  # "Ministry of Health", "Chamber of Commerce of Valdor"
        else:
            # A title ends the name, but not before the name has a word that is not a suffix: "King Jr."
            named = any(r.rstrip(".").casefold() not in SUFFIXES for r in run)
            title = named and w.rstrip(".").casefold() in rules.title_forms and not _is_modifier(w.rstrip(".").casefold(), rules)
            if not w[:1].isupper() or title or w.casefold() in FUNCTION_WORDS:
                break
            run.append(w)
        i -= 1
    while run and run[-1] in _JOINS:
        run.pop()
    if not run:
        return None
    before = words[i].casefold() if i >= 0 else ""
    if before == "the" and i > 0 and words[i - 1].casefold() in _PREPOSITIONS:
        return trailing_name(" ".join(words[: i - 1]), rules)  # "Greta Banks of the Bank of Iceland"
    if before in _JOINS and i > 0 and _is_title(words[i - 1].rstrip(".").casefold(), rules) and len(run) > 2:
        run.pop()  # "Secretary of State John Kerry": the word after "of" belongs to the title
    elif before in _PREPOSITIONS:
        return trailing_name(" ".join(words[:i]), rules)  # "Smith of Boston" → "Smith"
    return " ".join(reversed(run))


_JOINS = {"of", "for"}


def _organisation_before(words: list[str], i: int, rules: RuleSet) -> bool:
    """Whether the capitalised words before `words[i]` (an "of") hold an organisation word."""
    j = i - 1
    while j >= 0 and (words[j][:1].isupper() or words[j] in _JOINS):
        if words[j].casefold() in rules.organization_words_set:
            return True
        j -= 1
    return False


def _hyphen_particle(word: str) -> bool:
    """A particle joined to a name by a hyphen: "al-Nouri", "el-Sisi"."""
    head, dash, rest = word.partition("-")
    return bool(dash) and head.casefold() + "-" in _HYPHENATED and rest[:1].isupper()

# A name after one of these in a mention is not its head ("a spokesman for Moreno").
_PREPOSITIONS = {"of", "for", "to", "at", "with", "from", "by", "in", "on", "about", "against"}


def names_in(text: str, doc, rules: RuleSet) -> list[Name]:
    """Every person or organisation name in the article, in order, with the words that describe it.

    Names in boilerplate ("READ MORE: …", "WATCH: …", "(Photo: …)") are left out; in a headline set
    in title case ("Ferris Quade Slams Harbour Plan") only a first name and the word after it count.
    """
    if doc is not None and doc.has_annotation("ENT_IOB"):
        found = []
        for ent in doc.ents:
            if ent.label_ not in _PERSON_LABELS | _ORG_LABELS:
                continue
            kind: SpeakerType = "person" if ent.label_ in _PERSON_LABELS else "organization"
            name = clean_name(ent.text, rules)
            if not name:
                continue
            salient = _main_subject(ent.root)
            # A first name outweighs the tagger's guess of a place: "Pia Sorel" (tagged GPE) is a person.
            place = ent.label_ in _PLACE_LABELS and not _first_named(name, rules)
            found.append(Name(ent.start_char, ent.end_char, name, kind, _descriptor_tokens(doc, ent), salient, place=place))
        found += _unparsed_names(text, doc.text, rules)
        found += _missed_people(text, doc, found, rules)
        found = _fix_types(sorted(found, key=lambda n: n.start), rules)
    else:
        found = _text_names(text, rules)
    skipped = boilerplate(text)
    kept = [n for n in found if not any(s <= n.start < e for s, e in skipped)]
    return sorted(kept + _headline_names(text, skipped), key=lambda n: n.start)


_LABEL_LINE = regex.compile(r"(?m)^\p{Lu}[\p{Lu} ]{1,20}:.*$")  # "READ MORE: …", "WATCH: …"
_CREDIT = regex.compile(r"\((?i:photo|image|picture|credit|file|video)[^)\n]{0,150}\)")
_LINE = regex.compile(r"(?m)^.+$")
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "as", "by", "with", "from", "vs"}


def boilerplate(text: str) -> list[tuple[int, int]]:
    """Spans of text that are not narration: label lines, photo credits and title-case headlines.

    Example:
        >>> boilerplate("Mayor Vows To Fight Cuts\\nThe mayor spoke.\\nREAD MORE: Other news")
        [(0, 24), (42, 63)]
    """
    spans = [m.span() for m in _LABEL_LINE.finditer(text)] + [m.span() for m in _CREDIT.finditer(text)]
    spans += [m.span() for m in _LINE.finditer(text) if _title_case(m.group())]
    return sorted(spans)


def _title_case(line: str) -> bool:
    """A headline set in title case: three words or more, each capitalised but small words, and no
    stop at the end, or four words or more (a title joined to its text with a full stop)."""
    words = [w for w in regex.findall(r"[\p{L}’'-]+", line) if w.casefold() not in _SMALL_WORDS]
    line = line.strip()
    if not words or not all(w[:1].isupper() for w in words) or line[-1:] in "!?:\"”»“’":
        return False
    return len(words) >= (4 if line.endswith(".") else 3)


def _headline_names(text: str, skipped: list[tuple[int, int]]) -> list[Name]:
    """In title-case headlines, a first name and the capitalised word after it ("Ferris Quade")."""
    found = []
    for start, end in skipped:
        if not _title_case(text[start:end]):
            continue
        words = list(WORD.finditer(text, start, end))
        for a, b in zip(words, words[1:]):
            pair = f"{a.group()} {b.group()}"
            if b.group()[:1].isupper() and first_name_gender(pair) is not None:
                found.append(Name(a.start(), b.end(), pair, "person", (), headline=True))
    return found


def _main_subject(token) -> bool:
    """The subject of its sentence's main clause ("Opal Renner argued that Victor Hask…": Renner),
    or a name in apposition to it ("the governor, Jan Brewer")."""
    if token.dep_ in ("appos", "compound"):
        token = token.head
    if token.dep_ not in _SUBJECTS:
        return False
    verb = token.head
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ROOT" or (verb.dep_ in ("ccomp", "parataxis") and any(c.is_quote for c in verb.sent))


def _missed_people(text: str, doc, found: list[Name], rules: RuleSet) -> list[Name]:
    """People the tagger missed where it read: runs of capitalised words that start with a first
    name ("Opal Renner argued…"), and one word that is the surname of a person found ("Merz was
    defiant" after "Friedrich Merz"), outside every entity and every name already found."""
    taken = sorted([(e.start_char, e.end_char) for e in doc.ents] + [(n.start, n.end) for n in found])
    surnames = {surname_key(n.name) for n in found if n.type == "person" and len(n.name.split()) > 1}
    missed = []
    for n in _text_names(text, rules):
        if doc.text[n.start] != text[n.start] or any(s < n.end and n.start < e for s, e in taken):
            continue
        if len(n.name.split()) == 1 and fold(n.name) in surnames:  # "Merz" after "Friedrich Merz"
            missed.append(replace(n, type="person"))
        elif n.type == "person" and len(n.name.split()) > 1:
            missed.append(n)
    return missed


def _unparsed_names(text: str, parsed: str, rules: RuleSet) -> list[Name]:
    """Names in the paragraphs the parser did not read (see focus.py), found as in rule-based mode."""
    if parsed == text:
        return []
    return [n for n in _text_names(text, rules) if parsed[n.start] != text[n.start]]


def _text_names(text: str, rules: RuleSet) -> list[Name]:
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
        titles = [rules.title_forms.get(w.group().rstrip(".").casefold()) for w in words]
        titled = [i for i, title in enumerate(titles) if title is not None]
        first = titled[-1] + 1 if titled else 0
        title_of = _TITLE_OF.search(text, max(0, words[0].start() - 40), words[0].start())
        if title_of and _is_title(title_of.group(1).casefold(), rules) and len(words) - first >= 3:
            first, titled = first + 1, [first]  # "Secretary of State John Kerry"
        if first < len(words):
            runs.append((words, first, any(title is not None and not title.modifier for title in titles)))
    surnames = {fold(words[-1].group()) for words, first, _ in runs if len(words) - first >= 2}
    found = []
    for words, first, titled in runs:
        if not titled and len(words) < 2 and fold(words[0].group()) not in surnames:
            continue
        start, end = words[first].start(), words[-1].end()
        described = tuple(w.group().casefold().rstrip(".") for w in words[:first])
        descriptor = _descriptor_text(text, words[0].start()) + described
        name = clean_name(text[start:end], rules)
        found.append(Name(start, end, name, _text_name_type(name, descriptor, titled, rules), descriptor,
                           salient=_looks_like_subject(text, words[0].start())))
    return found


_TITLE_OF = regex.compile(r"(\p{L}+)\.?\s+of\s+$")


def _runs(text: str, rules: RuleSet) -> Iterator[tuple[int, int]]:
    """Spans of capitalised words; "of" or "for" joins two when the first holds an organisation word
    ("Ministry of Health", "Chamber of Commerce of Valdor")."""
    start = end = None
    organisation = False
    for run in _NAME_RUN.finditer(text):
        joined = end is not None and organisation and text[end : run.start()] in (" of ", " for ")
        if not joined:
            if start is not None:
                yield start, end
            start, organisation = run.start(), False
        end = run.end()
        organisation = organisation or any(w.casefold() in rules.organization_words_set for w in run.group().split())
    if start is not None:
        yield start, end


def _capitalised_runs(text: str, rules: RuleSet) -> Iterator[list]:
    """Runs of capitalised words (as word matches), without a sentence's first function word
    ("But Hillary Clinton"), a dangling particle ("Florida de"), or a full stop inside ("Review. Williamson")."""
    for run_start, run_end in _runs(text, rules):
        part: list = []
        for word in WORD.finditer(text, run_start, run_end):
            token = word.group()
            if token.endswith(".") and len(token) > 3 and token.rstrip(".").casefold() not in rules.title_forms:
                part.append(WORD.match(text, word.start(), word.end() - 1))
                if trimmed := _trimmed(part):
                    yield trimmed
                part = []
            else:
                part.append(word)
        if trimmed := _trimmed(part):
            yield trimmed


def _trimmed(words: list) -> list:
    while words and words[0].group().casefold() in FUNCTION_WORDS:
        words = words[1:]
    while words and words[-1].group()[:1].islower():
        words = words[:-1]
    return words


def _looks_like_subject(text: str, start: int) -> bool:
    """A name that starts a sentence is taken for its subject: what a later "he" most often means.
    (A lower-case word after the name, as a sign of a verb, was measured and made things worse.)"""
    return bool(_SENTENCE_START.search(text[max(0, start - 3) : start]))


# Capitalised at the start of a sentence, never names.
FUNCTION_WORDS = set(
    "a an the this that these those but and or so yet for nor if when while as after before since until "
    "although though because once unless whereas whether "
    "in on at by from with without into about of to also still now then later meanwhile both either "
    "neither each every all some many most no not there here it its i we he she they his her their our "
    "my you your what who whom how why where which".split()
)
# What stands before a sentence's first word: the start of the text or a line, or a stop and a space.
_SENTENCE_START = regex.compile(r"(?:^|\n|[.!?][\"'”’“»›]?\s)\s*$")


def _text_name_type(name: str, descriptor: tuple[str, ...], titled: bool, rules: RuleSet) -> SpeakerType:
    # "the mexican president Andrés Manuel López Obrador": a title before the run counts too.
    title = rules.title_forms.get(descriptor[-1]) if descriptor else None
    if titled or (title is not None and not title.modifier):
        return "person"
    if any(w in rules.organization_words_set for w in fold(name).split()):
        return "organization"
    return "person" if first_name_gender(name) is not None else "unknown"


def _fix_types(names: list[Name], rules: RuleSet) -> list[Name]:
    """The small tagger often calls a person an organisation or a place ("Priebus", "Alma Reyes"). A
    name is a person if another mention of it is tagged as one, a title describes it ("the GOP
    chairman", "nurse Alma Reyes"), or it starts with a first name and holds no organisation word."""
    people = {surname_key(n.name) for n in names if n.type == "person"}
    people |= {surname_key(n.name) for n in names if n.type != "person" and _first_named(n.name, rules)}
    fixed = []
    for n in names:
        titled = any(_is_title(w, rules) and w not in DETERMINERS and not _is_modifier(w, rules) for w in n.descriptor)
        if n.type != "person" and not n.place and not n.name.isupper() and (surname_key(n.name) in people or titled):
            n = replace(n, type="person")
        fixed.append(n)
    return fixed


def _first_named(name: str, rules: RuleSet) -> bool:
    return first_name_gender(name) is not None and not any(w in rules.organization_words_set for w in fold(name).split())


def _is_role(word: str) -> bool:
    """A role before a name: the name parser's titles, or an agent noun that is no first name
    ("Farmer", "Organiser"; not "Pieter")."""
    folded = word.casefold()
    if folded in ROLE_WORDS:
        return True
    return bool(_AGENT_NOUN.fullmatch(folded)) and first_name_gender(f"{word} X") is None


def _starts_with_first_name(words: list[str]) -> bool:
    return len(words) >= 2 and first_name_gender(" ".join(words), definite=True) is not None


_AGENT_NOUN = regex.compile(r"\p{Ll}{3,}(?:er|or|ist|ant|ent|man|woman|person)")


def _is_modifier(word: str, rules: RuleSet) -> bool:
    title = rules.title_forms.get(word)
    return title is not None and title.modifier


def _is_title(word: str, rules: RuleSet) -> bool:
    """A title or a role that precedes a person's name: the rules' titles and `ROLE_WORDS`."""
    return word in rules.title_forms or word in ROLE_WORDS


def _descriptor_tokens(doc, ent) -> tuple[str, ...]:
    """Words that describe the name: right before it ('the Mexican president') or in its
    appositive ('Hugh Hill, a doctor who treated him')."""
    words = []
    i = ent.start - 1
    while i >= 0 and ent.start - i <= 5 and not doc[i].is_punct and (
        doc[i].pos_ in ("ADJ", "NOUN", "PROPN", "DET") or doc[i].lower_ in ROLE_CHANGING
    ):
        words.append(doc[i].lower_)
        i -= 1
    words.reverse()
    words += [t.lower_ for t in ent if t.pos_ != "PROPN"]
    for child in ent.root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            words += [t.lower_ for t in child.subtree if t.dep_ not in ("relcl", "punct") and t.i <= child.i]
    if ent.root.dep_ == "appos" and ent.root.head.i < ent.start:  # "Britain's health secretary, Wes Streeting"
        head = ent.root.head
        words += [t.lower_ for t in head.subtree if t.i <= head.i and not t.is_punct and t.dep_ != "relcl"]
    return tuple(w.rstrip(".") for w in words)


def _descriptor_text(text: str, start: int) -> tuple[str, ...]:
    before = text[max(0, start - 50) : start]
    words = [w.casefold().rstrip(".") for w in WORD.findall(before.split("\n")[-1])]
    return tuple(words[-4:])


