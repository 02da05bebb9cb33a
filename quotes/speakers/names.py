"""Names: what a name is, and how a speaker mention is cleaned to one.

- Titles, roles, determiners and possessives are not part of a name ("Sen. Warren's" → "Warren",
  "Otters head coach Lars Pemberton" → "Lars Pemberton"); particles and suffixes are ("Ursula von
  der Leyen", "Martin Luther King Jr."), from the name parser `nameparser`'s lists.
- A first name says a name is a person's and, softly, their gender (`gender-guesser`'s data).
"""

from __future__ import annotations

import calendar
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import RuleSet
from ..types import SpeakerType

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


def longest_first(words) -> str:
    """Words as a regular expression's alternatives: longest first, so that it tries "Sen." before
    "Se"; then in alphabetical order, so that the expression is the same in every run (the
    compiled patterns' cache is keyed by it).

    Example:
        >>> longest_first({"van", "de", "von", "da"})
        'van|von|da|de'
    """
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


PARTICLES, HYPHENATED, SUFFIXES = _name_words()
# A particle joined to the name after it, as a regular expression: "al-" of "al-Assad".
HYPHENATED_PARTICLE = "(?:" + longest_first(h.rstrip("-") for h in HYPHENATED) + ")-"
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

POSSESSIVE = regex.compile(r"['’]s\b")
_OWNER = regex.compile(r"(?:['’]s|s['’])$")  # "Ohio’s", "Corps’": whose, not part of the name after it
# A nickname in marks inside a name: Robert “Bobby” Kessler.
NICKNAME = regex.compile(r"(?<=\p{L})\s+[“\"‘']\p{Lu}[^\s“”\"‘’']*(?:\s[^\s“”\"‘’']+){0,2}[”\"’']\s+(?=\p{Lu})")
WORD = regex.compile(r"[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}’'.-]*")

# Capitalised at the start of a sentence, never names.
FUNCTION_WORDS = set(
    "a an the this that these those but and or so yet for nor if when while as after before since until "
    "although though because once unless whereas whether "
    "in on at by from with without into about of to also still now then later meanwhile both either "
    "neither each every all some many most no not there here it its i we he she they his her their our "
    "my you your what who whom how why where which "
    # sentence adverbs that open a sentence before its subject ("Nevertheless Scott insisted")
    "however nevertheless nonetheless moreover furthermore therefore thus hence otherwise indeed instead "
    "besides anyway perhaps already again often never always sometimes finally eventually ultimately "
    "initially previously recently currently lately soon earlier afterwards afterward separately "
    "additionally yesterday today tomorrow tonight overnight "
    # nobody in particular, and the calendar: capitalised, never a speaker's name
    "everyone everybody nobody someone somebody anyone anybody none anonymous "
    "monday tuesday wednesday thursday friday saturday sunday january february september october november "
    "december".split()
)


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
    reported: bool = False  # a salient subject of a clause another reports ("Earl said Hale has…": Hale)


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """Case- and accent-folded form used to compare names: 'López Obrador' → 'lopez obrador'."""
    if name.isascii():  # nothing to decompose: most names in English news
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_words(mention: str) -> list[str]:
    """The words of a mention without possessive endings and nicknames in marks.

    Example:
        >>> name_words("Robert “Bobby” Kessler's")
        ['Robert', 'Kessler']
    """
    return WORD.findall(POSSESSIVE.sub("", NICKNAME.sub(" ", mention)))


@lru_cache(maxsize=2**16)  # a name is met again and again
def clean_name(mention: str, rules: RuleSet) -> str:
    """Drop determiners, titles, possessives and edge punctuation from a speaker mention.

    Example:
        >>> from quotes.rules import load_rules
        >>> clean_name("Sen. Elizabeth Warren's", load_rules())
        'Elizabeth Warren'
        >>> clean_name("Robert “Bobby” Kessler", load_rules())
        'Robert Kessler'
        >>> clean_name("NBC’s Ann Lee", load_rules())
        'Ann Lee'
    """
    words = name_words(_after_owner(mention))
    while len(words) > 1 and (
        words[0].casefold() in DETERMINERS or _joined_titles(words[0], rules)
        # a title, but not one that names an organisation with its last word: "Labour Ministry"
        or (words[0].rstrip(".").casefold() in rules.title_forms
            and not (len(words) == 2 and words[1].casefold() in rules.organization_words_set))
        or words[0].casefold() in FUNCTION_WORDS  # "On Trump:", a topic's label
        or (_is_role(words[0]) and _starts_with_first_name(words[1:]))  # "Coach Ida Brams"
    ):
        words = words[1:]
    if len(words) > 1 and words[-1].rstrip(".").casefold() in _ABBREVIATED_SUFFIXES:
        return " ".join(words).strip(",;:")  # "Martin Luther King Jr."
    return " ".join(words).strip(".,;:’'")


def _after_owner(mention: str) -> str:
    """The mention without an owner before a first name, which is no part of the name: "NBC’s Ann
    Lee" → "Ann Lee", "Reuters’ Ann Lee" → "Ann Lee"; "McDonald’s Corporation" stays."""
    parts = mention.split()
    start = _owner_end(parts)
    return " ".join(parts[start:]) if start else mention


def _owner_end(words: list[str], start: int = 0) -> int:
    """Where a name after the last owner of words[start:] starts ("Ohio’s", "Corps’" before a first
    name and another word), else `start`. Any first name counts, not only a definite one: an owner's
    name is seldom a person's first name."""
    owners = [i + 1 for i in range(start, len(words) - 2) if _OWNER.search(words[i]) and given_name_gender(words[i + 1]) is not None]
    return owners[-1] if owners else start


def surname_key(name: str) -> str:
    """The folded last word of a name: what its mentions share ("Clinton")."""
    words = fold(name).split()
    return words[-1] if words else ""


@lru_cache(maxsize=1)
def _first_names():
    import gender_guesser.detector

    class Detector(gender_guesser.detector.Detector):
        # The data file read whole, not line by line through `codecs`, which took most of the
        # 0.4-0.6 s a process spent loading it; the same lines (`str.splitlines` splits where
        # `codecs` does), each read by the library's own `_eat_name_line`.
        def _parse(self, filename):
            self.names = {}
            with open(filename, encoding="utf-8") as data:
                for line in data.read().splitlines():
                    self._eat_name_line(line.strip())

    return Detector(case_sensitive=False)


def first_name_gender(name: str, definite: bool = False) -> str | None:
    """"male" or "female" where the name's first word is a first name mostly given to one gender
    (`definite`: only to one), by the first-name data of `gender-guesser` (about 40,000 names from
    many countries); else None. A name of one word has none: it may as well be a surname.

    Example:
        >>> first_name_gender("Alma Reyes"), first_name_gender("Port Moresby")
        ('female', None)
    """
    words = name.split(maxsplit=2)
    return given_name_gender(words[0], definite) if len(words) > 1 else None


@lru_cache(maxsize=65536)
def given_name_gender(word: str, definite: bool = False) -> str | None:
    """`first_name_gender` of a name that starts with `word`: cached per word, not per name."""
    guess = _first_names().get_gender(word)
    if definite:
        return guess if guess in ("male", "female") else None
    return {"male": "male", "mostly_male": "male", "female": "female", "mostly_female": "female"}.get(guess)


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
    words = name_words(_after_owner(mention))
    run: list[str] = []
    i = len(words) - 1
    while i >= 0:
        w = words[i]
        if (w.casefold() in PARTICLES and run and _particles_before(run) < 3) or hyphen_particle(w):
            run.append(w)  # "von der Leyen", "de los Ángeles", "al-Nouri"
        elif w in _JOINS and run and _organisation_before(words, i, rules):
            run.append(w)  # "Ministry of Health", "Chamber of Commerce of Valdor"
        else:
            # A title ends the name, but not before the name has a word that is not a suffix: "King Jr."
            named = any(r.rstrip(".").casefold() not in SUFFIXES for r in run)
            # a modifier ("Foreign") ends a name of two words or more, not "Foreign Affairs"
            title = named and (w.rstrip(".").casefold() in rules.title_forms or _joined_titles(w, rules)) and (
                len(run) >= 2 or not is_modifier(w.rstrip(".").casefold(), rules))
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
    if before in _JOINS and i > 0 and is_title(words[i - 1].rstrip(".").casefold(), rules) and len(run) > 2:
        run.pop()  # "Secretary of State John Kerry": the word after "of" belongs to the title
    elif before in _PREPOSITIONS or (i > 0 and before.endswith("ing") and words[i][:1].islower()):
        # "Smith of Boston" → "Smith"; a participle's object is no head either: "lawyers representing Ann Lee"
        return trailing_name(" ".join(words[:i]), rules)
    return " ".join(reversed(run))


_JOINS = {"of", "for"}


def _joined_titles(word: str, rules: RuleSet | None = None) -> bool:
    """Titles joined by hyphens, a title or role at each end: "Vice-President", "Secretary-General",
    "Editor-in-Chief"; not "King-Smith" or "St-Pierre". Without `rules`, the name parser's only."""
    parts = word.casefold().split("-")
    return len(parts) > 1 and all(p in ROLE_WORDS or (rules is not None and p in rules.title_forms)
                                  for p in (parts[0], parts[-1]))


def _particles_before(run: list[str]) -> int:
    """How many particles end `run` (the name read backwards): "der" in "von der Leyen" is one."""
    count = 0
    for word in reversed(run):
        if word.casefold() not in PARTICLES:
            break
        count += 1
    return count


def _organisation_before(words: list[str], i: int, rules: RuleSet) -> bool:
    """Whether the capitalised words before `words[i]` (an "of") hold an organisation word."""
    j = i - 1
    while j >= 0 and (words[j][:1].isupper() or words[j] in _JOINS):
        if words[j].casefold() in rules.organization_words_set:
            return True
        j -= 1
    return False


def hyphen_particle(word: str) -> bool:
    """A particle joined to a name by a hyphen: "al-Nouri", "el-Sisi"."""
    head, dash, rest = word.partition("-")
    return bool(dash) and head.casefold() + "-" in HYPHENATED and rest[:1].isupper()

# A name after one of these in a mention is not its head ("a spokesman for Moreno").


_PREPOSITIONS = {
    "of", "for", "to", "at", "with", "from", "by", "in", "on", "about", "against", "near", "outside", "inside",
    "across", "within", "beside", "around", "behind", "beyond", "among", "amid", "over", "under", "toward",
    "towards", "through", "throughout", "via", "like", "unlike", "versus",
}


_DAYS = {w.casefold() for w in calendar.day_name} | {f"{w.casefold()}." for w in calendar.day_abbr}
_MONTHS = {w.casefold() for w in calendar.month_name if w} | {f"{w.casefold()}." for w in calendar.month_abbr if w}


def name_span(words: list[str], first: int = 0, rules: RuleSet | None = None) -> tuple[int, int]:
    """The [start, end) of the name in a run of capitalised words whose titles end before `first`:

    - after a role before a first name ("Economist Ann Lee"; not "Goldman Sachs");
    - from a first name after an acronym, a title, a role ("NBC Ann Lee", "CEO Ann Lee"), an
      organisation's name ("Green Party Ann Lee") or an owner ("Ohio’s Ann Lee"), not after other
      words: "Bola Ahmed Tinubu" is one name, and "San Francisco" no first name;
    - without weekdays and months that are a date ("Ann Lee Friday", "March Ann Lee"), not those
      that are a name ("Theresa May", "June Carter Cash", "Mrs May").

    (start, start) where nothing is left.

    Example:
        >>> name_span(["NBC", "Oren", "Falk", "Friday"]), name_span(["Theresa", "May"])
        ((1, 3), (0, 2))
    """
    return _name_span(tuple(words), first, rules)


@lru_cache(maxsize=2**16)  # a run of words met again, in an article or the next: most of them
def _name_span(words: tuple[str, ...], first: int, rules: RuleSet | None) -> tuple[int, int]:
    def starts_name(k: int) -> bool:  # a first name with a word after it
        return k + 1 < len(words) and given_name_gender(words[k], definite=True) is not None

    folded = [w.casefold() for w in words]
    while rules is not None and first < len(words) - 1 and _joined_titles(words[first], rules):
        first += 1  # "Vice-President Ray Ames", as "Vice President Ray Ames" is
    # after an owner, a first name starts the name, whatever stands before: "Ohio’s Ann Lee",
    # "Bank of Ohio’s Ann Lee", "Bernie Sanders’ Ann Lee" (folded: first names are looked up
    # whatever their case)
    first = _owner_end(folded, first)
    if first < len(words) and not ({"of", "for"} & set(folded)) and not given_name_gender(words[first]):
        if _is_role(words[first]) and starts_name(first + 1):
            first += 1  # "Economist João Pereira"
        k = first
        while k + 1 < len(words) and not starts_name(k) and (
                words[k].isupper() or _is_role(words[k]) or (rules is not None and is_title(folded[k].rstrip("."), rules))):
            k += 1
        if not starts_name(k) and rules is not None:
            # after an organisation's name or titles joined by a hyphen, the first first name: "Green
            # Party Ann Lee", "Senate Majority Whip Ann Lee", "Fox News’ Ann Lee", "Auto Workers
            # Secretary-Treasurer Ann Lee"; not "Goldman Sachs Group"
            after = [i + 1 for i in range(first, len(words))
                     if POSSESSIVE.sub("", folded[i]).rstrip("’'") in rules.organization_words_set
                     or _joined_titles(words[i], rules)]
            k = next((i for i in range(after[0], len(words)) if starts_name(i)), k) if after else k
        if starts_name(k):
            first = k
    last = len(words)
    while last > first + 1 and folded[last - 1] in _DAYS:
        last -= 1
    # a weekday or month first is a date where a first name follows: "Friday Ann Lee said"
    while first < last - 1 and (folded[first] in _DAYS or folded[first] in _MONTHS) and starts_name(first + 1):
        first += 1
    if last - first > 2 and folded[last - 1] in _MONTHS:
        last -= 1  # "Ann Lee May 3"; not "Theresa May"
    if last - first == 1 and (folded[first] in _DAYS or (folded[first] in _MONTHS and not first)):
        return first, first  # alone, a date; after a title, a name: "Mrs May"
    return first, last


def first_named(name: str, rules: RuleSet) -> bool:
    """Whether a name starts with a first name and holds no organisation word: a person's.

    Example:
        >>> from quotes.rules import load_rules
        >>> first_named("Pia Sorel", load_rules()), first_named("Pia Housing Association", load_rules())
        (True, False)
    """
    return first_name_gender(name) is not None and not holds_organisation_word(name, rules)


def holds_organisation_word(name: str, rules: RuleSet) -> bool:
    """Whether a name holds one of the rules' organisation words ("Housing Association").

    Example:
        >>> from quotes.rules import load_rules
        >>> holds_organisation_word("Pia Housing Association", load_rules()), holds_organisation_word("Pia Sorel", load_rules())
        (True, False)
    """
    return any(w in rules.organization_words_set for w in fold(name).split())


def _is_role(word: str) -> bool:
    """A role before a name: the name parser's titles, also two joined by a hyphen
    ("Editor-in-Chief"), or an agent noun that is no first name ("Farmer", "Organiser"; not "Pieter")."""
    folded = word.casefold()
    if folded in ROLE_WORDS or _joined_titles(word):
        return True
    return bool(_AGENT_NOUN.fullmatch(folded)) and first_name_gender(f"{word} X") is None


def _starts_with_first_name(words: list[str]) -> bool:
    return len(words) >= 2 and first_name_gender(" ".join(words), definite=True) is not None


_AGENT_NOUN = regex.compile(r"\p{Ll}{3,}(?:er|or|ist|ant|ent|man|woman|person)")


def is_modifier(word: str, rules: RuleSet) -> bool:
    """Whether a lower-cased word is a title that stands before another title ("former", "vice")."""
    title = rules.title_forms.get(word)
    return title is not None and title.modifier


def is_role_phrase(name: str, rules: RuleSet) -> bool:
    """Whether a capitalised phrase names a role, not a person: it ends in a title or a role word
    ("Prime Minister", "Health Secretary", "Government Spokesman", "Speaker").

    Example:
        >>> from quotes.rules import load_rules
        >>> is_role_phrase("Health Secretary", load_rules()), is_role_phrase("Wes Streeting", load_rules())
        (True, False)
    """
    words = name.split()
    return bool(words) and is_title(words[-1].rstrip(".").casefold(), rules)


def is_title(word: str, rules: RuleSet) -> bool:
    """A title or a role that precedes a person's name: the rules' titles and `ROLE_WORDS`."""
    return word in rules.title_forms or word in ROLE_WORDS
