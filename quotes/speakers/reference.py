"""Reference: what each speaker mention stands for in its article, and how sure that is.

- A name ("Harris", "zoo director Ana Lima", "his spokesman, Tariq Bell") is its own canonical form.
- Pronouns ("he", "she") take the nearest compatible person, sentence by sentence, main-clause
  subjects first; "it" the last organisation named.
- Descriptions ("the Mexican president", "the ministry") take the name the article described with
  every word of them, or the one organisation whose name holds them; else no one.
- Anything else, or a mention that reaches no name, gives no speaker: `speaker` is a name or empty.

The strengths below were set by hand and checked against the trade-off and per-rule tables of
`bench/evaluate.py` on the shared eval set (pronoun precision by confidence band).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from ..rules import RuleSet
from ..types import Attribution
from .canonical import Speaker, canonical, type_of_name
from .layout import boilerplate, datelines, merged, sentence_starts, within
from .mentions import names_in
from .names import (
    DETERMINERS, FUNCTION_WORDS, ROLE_CHANGING, Name, clean_name, first_name_gender, fold, is_role_phrase, name_words,
    surname_key, trailing_name,
)

# How far back (characters) a pronoun looks for a salient antecedent before settling for any name.
_PRONOUN_REACH = 1500
# How far (characters) a mention looks for the names it may stand for: see `_near`.
_REACH = 20_000
_REACH_NAMES = 200
# How sure each step of reference is (a factor of the speaker's confidence; see scoring.py).
_LONE_WORD = 0.7  # one capitalised word, named nowhere else in the article
_PRONOUN_CLOSE_SUBJECT = 0.9  # a subject in this sentence or the one before
_PRONOUN_CLOSE = 0.7  # a person in this sentence or the one before, not a subject
_PRONOUN_CHAIN = 0.8  # a subject before a chain of sentences whose subject is the same pronoun
_CHAIN_SENTENCES = 6
_PRONOUN_FAR_SUBJECT = 0.6  # the last subject further back
_PRONOUN_ANY = 0.4  # the last person named anywhere before
_RIVAL = 0.8  # another compatible person stands as close
_GENDER_UNKNOWN = 0.9  # nothing in the article tells the person's gender
_IT = 0.5  # "it": the last organisation named before
_UNTYPED = 0.6  # no title, tag or first name says the antecedent is a person ("Port Ellis")
_FIRST_NAME_DISAGREES = 0.5  # only the first name tells it, and it is the other one
_DESCRIPTION_AGREES = 0.85  # a name the article described with every word of the description (two or more)
# An indefinite description introduces someone new: "a spokesman", "one aide", "some voters".
_INDEFINITE = {"a", "an", "one", "some", "another", "several", "many", "two", "three", "few"}
_ORGANISATION_NAMED = 0.85  # "the ministry" for the one organisation named before whose name holds the words
_DESCRIPTION_HEAD = 0.45  # a name described with the description's head noun only: left empty by default
_TRAILING = regex.compile(r"(?:['’]s?|[\s.,;:])+$")  # a possessive or punctuation after a mention


@dataclass(frozen=True)
class Reference:
    """What one speaker mention stands for: a speaker, or None when it reaches no name.

    `via` says how: "name" (written in the mention), "appositive", "pronoun" or "description";
    `strength` (0-1) is how sure the step is, a factor of the speaker's confidence (`scoring.py`).
    """

    speaker: Speaker | None
    via: str
    strength: float


def resolve(
    text: str,
    attributions: Sequence[Attribution | None],
    rules: RuleSet,
    doc=None,
    quote_spans: Sequence[tuple[int, int]] = (),
) -> list[Reference | None]:
    """What each attribution's mention stands for, in one article (None stays None).

    `quote_spans` are the article's quotes: a name inside one is not what a later "he" refers to.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.types import Attribution
        >>> text = "Kamala Harris spoke. Later Harris said it."
        >>> a = Attribution("Harris", 27, 33, "said", "test")
        >>> resolve(text, [a], load_rules())[0].speaker.name
        'Kamala Harris'
    """
    if all(a is None for a in attributions):
        return [None] * len(attributions)  # no mention to resolve: the names are not looked for
    skipped = boilerplate(text)  # "READ MORE: …" gives no names, and is no sentence between a pronoun and its antecedent
    dated = datelines(text)
    inside = merged(quote_spans)
    names = [replace(n, quoted=True) if within(inside, n.start) else n for n in names_in(text, doc, rules, skipped)]
    chains = _pronouns_outside(text, quote_spans)
    # A quote is one step of the distance from a pronoun to its antecedent, however many sentences
    # it holds: “We did well. We will do better,” he said. is one sentence after "Obama spoke."
    # So is a quote that is a sentence of its own after another: “…,” Ana Ruiz said. “More.”
    outside = merged(skipped)
    starts = [s for s in sentence_starts(text, rules)
              if not within(outside, s) and not (within(inside, s - 1) and within(inside, s))]
    sentences = [s for s, e in zip(starts, [*starts[1:], len(text)]) if not _quote_only(text, inside, s, e)] or [0]
    # Without a tagger, a sentence-initial capitalised word may be a person no rule found. (With the
    # parse it costs more than it saves: measured, 12 right speakers lost for 4 wrong ones avoided;
    # rule-based, 22 lost for 56 avoided.)
    unnamed = _unnamed_subjects(text, sentences, names, inside, rules) if doc is None else []
    found: list[Reference | None] = []
    for a in attributions:
        if a is not None and within(dated, a.speaker_start):
            found.append(Reference(None, "name", 0.0))  # the parse took a dateline for the subject: "LONDON (Reuters) -"
            continue
        ref = None if a is None else _resolve_one(a, _near(names, a.speaker_start), sentences, chains, unnamed, rules)
        found.append(ref)
        speaker = ref.speaker if ref is not None and ref.via in ("name", "appositive") else None
        if speaker is not None and speaker.type != "unknown":
            # A speaker named at its cue is a name the next mentions can resolve to, even if the tagger
            # missed it; not one reached through a pronoun or a description, whose error would spread.
            resolved = Name(a.speaker_start, a.speaker_end, speaker.name, speaker.type, (), salient=True)
            bisect.insort(names, resolved, key=lambda n: n.start)
    return found


def _unnamed_subjects(text: str, sentences: list[int], names: list[Name], quotes: list[tuple[int, int]],
                      rules: RuleSet) -> list[int]:
    """Where a sentence outside quotes opens with a capitalised word, then a lower-case one, that is no
    name found, no function word and no title: a person the tagger missed, perhaps ("Merz was defiant")."""
    known = {n.start for n in names}
    found = []
    for start in sentences:
        m = _FIRST_WORD.match(text, start)
        if (m and m.start(1) not in known and not within(quotes, m.start(1))
                and m.group(1).casefold() not in FUNCTION_WORDS and m.group(1).casefold() not in rules.title_forms):
            found.append(m.start(1))
    return found


_FIRST_WORD = regex.compile(r"[\s\"'“”„«»]*(\p{Lu}\p{Ll}+)[ \t]+\p{Ll}")


def _quote_only(text: str, quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether the sentence at [start, end) is a quote and nothing else but punctuation."""
    i = bisect.bisect_right(quotes, (start, float("inf"))) - 1
    if i < 0 or quotes[i][0] != start:
        return False
    rest = text[quotes[i][1] : end]
    return not regex.search(r"[\p{L}\p{N}]", rest)


def _pronouns_outside(text: str, quote_spans: Sequence[tuple[int, int]]) -> dict[str, list[int]]:
    """Where the subject pronouns "he" and "she" stand outside the quotes, by pronoun id."""
    inside = merged(quote_spans)
    found: dict[str, list[int]] = {"he": [], "she": []}
    for m in _SUBJECT_PRONOUN.finditer(text):
        if not within(inside, m.start()):
            found[m.group().casefold()].append(m.start())
    return found


_SUBJECT_PRONOUN = regex.compile(r"\b(?i:he|she)\b")


def _near(names: list[Name], pos: int) -> list[Name]:
    """The names within `_REACH` characters and `_REACH_NAMES` names of `pos`: a whole news article,
    and a bound on the time a long or odd text takes (each mention looks at a window, not at every name)."""
    at = bisect.bisect_left(names, pos, key=lambda n: n.start)
    lo = max(bisect.bisect_left(names, pos - _REACH, key=lambda n: n.start), at - _REACH_NAMES)
    hi = min(bisect.bisect_right(names, pos + _REACH, key=lambda n: n.start), at + _REACH_NAMES)
    return names[lo:hi]


def _resolve_one(a: Attribution, names: list[Name], sentences: list[int], chains: dict[str, list[int]],
                 unnamed: list[int], rules: RuleSet) -> Reference:
    mention = a.speaker_mention.strip()
    pronoun = rules.pronoun_forms.get(mention.casefold())
    if pronoun is not None:
        genders = genders_by_surname(names, chains, rules, before=a.speaker_start)
        return _resolve_pronoun(pronoun, a.speaker_start, names, genders, sentences, chains.get(pronoun.id, []), unnamed)
    # Only a name that ends the mention is its head: not "a senior Cruz adviser".
    tail = a.speaker_start + len(_TRAILING.sub("", a.speaker_mention))
    inner = [n for n in names if n.type == "person" and a.speaker_start <= n.start and tail - 1 <= n.end <= tail + 1]
    name = trailing_name(mention, rules)
    # and is the mention's head: not "Christie" in "Patrick Murray of Christie" (said of him)
    inner = [n for n in inner if name is not None and fold(n.name) in fold(name)]
    if inner and name is not None:  # "zoo director Ana Lima"; not "a spokesman for Carlos Moreno"
        # The tagger may have caught only part of the name ("Lima"): the written form is the fuller.
        return Reference(canonical(clean_name(name, rules), inner[-1].start, names, "person"), _via_name(mention), 1.0)
    first = mention.split()[0].casefold() if mention.split() else ""
    if first in _INDEFINITE and "," not in mention:  # "some Democrats", "a Conservative MP": someone unnamed
        return Reference(None, "description", 0.0)
    described = name is not None and (first in DETERMINERS or len(name.split()) == 1)
    if name is None or (described and is_role_phrase(name, rules)) or _not_a_name(name) or (
            first in DETERMINERS and _demonym(name, names)):
        # headed by a common noun ("the Mexican president", "a spokeswoman"), or a role written
        # with capitals ("the Prime Minister", "the Speaker"): a description
        return _resolve_description(mention, a.speaker_start, names)
    cleaned = clean_name(name, rules)
    speaker = canonical(cleaned, a.speaker_start, names, type_of_name(cleaned, names, rules))
    # One capitalised word that the article names nowhere else may be a sentence's first word ("When").
    known = len(speaker.name.split()) > 1 or any(fold(n.name) == fold(speaker.name) and n.start != a.speaker_start for n in names)
    return Reference(speaker, _via_name(mention), 1.0 if known else _LONE_WORD)


def _demonym(name: str, names: list[Name]) -> bool:
    """Whether one capitalised word after "the" names a nationality, not a person or a body: "the
    Spaniard said", "the Nigerian added" (the tagger's NORP, or the usual endings without it)."""
    if len(name.split()) != 1:
        return False
    return any(n.place and fold(n.name) == fold(name) for n in names) or bool(_DEMONYM.search(name))


# Nationalities and parties as nouns: Brazilian, Spaniard, Chinese, Pakistani, Republican, Democrat
_DEMONYM = regex.compile(r"(?:an|ard|ese|ish|i|ch|ot|at)$")


def _not_a_name(name: str) -> bool:
    """A single letter ("Q:"), a word that is never a name ("Everyone", "Thursday"), or a plural of a
    group ("Officials", "Democrats", "Americans", "Witnesses")."""
    words = name.split()
    if len(words) != 1:
        return False
    word = words[0].strip(".’'")
    return len(word) < 2 or word.casefold() in FUNCTION_WORDS or bool(_GROUP_PLURAL.search(word))


_GROUP_PLURAL = regex.compile(r"(?:ans|ists|ats|als|ics|ents|ants|nesses|ources)$")


def _via_name(mention: str) -> str:
    """"appositive" for a description with its name after a comma ("his spokesman, Tariq Bell"), else "name"."""
    first = mention.split()[0].casefold() if mention.split() else ""
    return "appositive" if "," in mention and (first in DETERMINERS or not mention[:1].isupper()) else "name"


def _resolve_pronoun(pronoun, pos: int, names: list[Name], genders: dict[str, str], sentences: list[int],
                     chain: list[int], unnamed: list[int] = ()) -> Reference:
    """The antecedent of "he", "she" or "it" at `pos`.

    Sentence by sentence back from the pronoun's: the last compatible subject in this sentence or
    the one before. A sentence whose subject is a pronoun of the same gender ("She still lives…")
    carries the same person, so the search goes back through it, past the names it holds as
    objects. Without a subject, the last compatible person in the two sentences, then the last
    subject further back, then any person named before, each less sure. `chain` holds the
    positions of the article's "he" or "she" outside quotes, of this pronoun's gender.
    """
    if pronoun.id == "it":
        orgs = [n for n in names if n.type == "organization" and n.end <= pos and not n.quoted]
        if not orgs:
            return Reference(None, "pronoun", 0.0)
        # "Apple sued Samsung. “…,” it said.": the last organisation named is often not the one meant
        return Reference(canonical(orgs[-1].name, orgs[-1].start, names, "organization"), "pronoun", _IT)
    if pronoun.id not in ("he", "she"):
        return Reference(None, "pronoun", 0.0)
    wanted = {"he": "male", "she": "female"}[pronoun.id]
    compatible = [
        n for n in names
        if n.end <= pos and not (n.quoted or n.headline or n.place) and genders.get(surname_key(n.name), wanted) == wanted
    ]
    # "unknown": names found without a tagger; only where the article names no person.
    people = [n for n in compatible if n.type == "person"]
    untyped = not people
    people = people or [n for n in compatible if n.type == "unknown"]
    if not people:
        return Reference(None, "pronoun", 0.0)
    here = bisect.bisect_right(sentences, pos) - 1
    ref, strength, fallback = None, 0.0, None
    k, carried = here, False
    while k >= 0 and here - k <= _CHAIN_SENTENCES:
        lo, hi = sentences[k], pos if k == here else sentences[k + 1]
        in_sentence = [n for n in people if lo <= n.start < hi]
        subjects = [n for n in in_sentence if n.salient]
        if subjects:
            # the last subject, but not one of a clause the sentence reports: "Earl said Hale has…" is Earl
            ref = _agreeing([n for n in subjects if not n.reported] or subjects, wanted)[-1]
            strength = _PRONOUN_CHAIN if carried else _PRONOUN_CLOSE_SUBJECT
            break
        if in_sentence and fallback is None and here - k <= 1:
            fallback = _agreeing(in_sentence, wanted)[-1]
        if k < here and _holds(chain, lo, hi):
            carried = True  # "She still lives at home": the same person goes on; look further back
        elif here - k >= 1:
            break
        k -= 1
    if ref is None and fallback is not None:
        ref, strength = fallback, _PRONOUN_CLOSE
    if ref is None:
        salient = [n for n in people if n.salient and n.end > pos - _PRONOUN_REACH]
        ref, strength = (_agreeing(salient, wanted)[-1], _PRONOUN_FAR_SUBJECT) if salient else (_agreeing(people, wanted)[-1], _PRONOUN_ANY)
    rivals = {surname_key(n.name) for n in people if n.salient and n.start > ref.start} - {surname_key(ref.name)}
    # a sentence between them opens with a capitalised word no tagger named ("Merz was defiant."):
    # maybe a person, and the nearer one
    if rivals or _holds(unnamed, ref.end, pos):
        strength *= _RIVAL
    if untyped:
        strength *= _UNTYPED
    speaker = canonical(ref.name, ref.start, names, "person")
    if surname_key(ref.name) not in genders:
        # the first name of the fullest form the article gives: "Clinton" alone is "Hillary Clinton"
        given = first_name_gender(speaker.name, definite=True)
        strength *= _GENDER_UNKNOWN if given is None else 1.0 if given == wanted else _FIRST_NAME_DISAGREES
    return Reference(speaker, "pronoun", strength)


def _agreeing(people: list[Name], gender: str) -> list[Name]:
    """Those whose first name does not say the other gender, or all of them if none."""
    return [n for n in people if first_name_gender(n.name, definite=True) in (None, gender)] or people


def _holds(positions: list[int], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(positions, lo)
    return i < len(positions) and positions[i] < hi


def _resolve_description(mention: str, pos: int, names: list[Name]) -> Reference:
    """The last name before `pos` that the article described with the description's words, or the
    organisation whose name holds them ("the ministry" → "Ministry of Health").

    Every modifier must agree: "the health secretary" is not "Victoria Atkins, the shadow health
    secretary" (a modifier that changes the role, `names.ROLE_CHANGING`, on one side only), but is "Britain's
    health secretary, Wes Streeting". A name described with the head noun only is a weak match.
    """
    words = [w.casefold() for w in name_words(mention)]
    content = [w for w in words if w not in DETERMINERS]
    if not content or words[0] in _INDEFINITE or words[0][:1].isdigit():
        return Reference(None, "description", 0.0)  # "a Democratic strategist", "21 percent": someone unnamed
    head = content[-1]
    # "the ministry" for "the Ministry of Health": an organisation whose name holds every word
    named = [n for n in names if n.start < pos and n.type == "organization" and not (n.quoted or n.headline or n.place)
             and set(content) <= set(fold(n.name).split())]
    if named:
        ref = named[-1]
        if {fold(n.name) for n in named} - {fold(ref.name)}:
            return Reference(None, "description", 0.0)  # two ministries named: which one is "the ministry"?
        return Reference(canonical(ref.name, ref.start, names, "organization"), "description", _ORGANISATION_NAMED)
    described_before = [n for n in names if n.start < pos and not (n.quoted or n.headline) and head in n.descriptor]
    agreeing = [n for n in described_before if _agrees(set(content), set(n.descriptor))]
    matches = agreeing or [n for n in described_before if not (ROLE_CHANGING & (set(content) ^ set(n.descriptor)))]
    if matches:
        ref = matches[-1]
        strength = _DESCRIPTION_AGREES if agreeing else _DESCRIPTION_HEAD
        return Reference(canonical(ref.name, ref.start, names, ref.type), "description", strength)
    return Reference(None, "description", 0.0)


def _agrees(mention: set[str], described: set[str]) -> bool:
    return len(mention) > 1 and mention <= described and not (ROLE_CHANGING & (described - mention))


def genders_by_surname(
    names: list[Name], pronouns: dict[str, list[int]], rules: RuleSet, before: int | None = None
) -> dict[str, str]:
    """Each person's gender by surname, where the text says it: a gendered title ("Mrs.", three
    votes), and "he" or "she" (`pronouns`: their positions outside quotes, only those before
    `before`: a pronoun is no evidence for its own antecedent) next after a subject before anyone
    else is named (one). First names are not votes here: they mislead across countries ("Jan");
    `first_name_gender` is a weaker hint, used apart.

    Example:
        >>> n = Name(0, 9, "Jan Moore", "person", (), salient=True)
        >>> genders_by_surname([n], {"he": [], "she": [20]}, __import__("quotes.rules").rules.load_rules())
        {'moore': 'female'}
    """
    votes: dict[str, list[str]] = {}
    gendered = sorted((pos, {"he": "male", "she": "female"}[p]) for p, positions in pronouns.items() for pos in positions
                      if before is None or pos < before)
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
