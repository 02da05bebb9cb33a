"""Canonical speakers across a corpus, on evidence only.

Each article names its speakers in its own fullest form (`canonical.py`). Across articles:

- Names that fold to the same words are one name ("López Obrador" = "Lopez Obrador"), shown with
  their accents, then in their most frequent form.
- A short form ("Johnson", "AMLO") becomes a fuller name ("Mike Johnson") in an article only on
  evidence: the fuller name is a speaker in a *linked* article (one that carries the same quote, or
  the same story: the same outlet and headline, or the same URL), it is the only fuller name there
  that fits, and nothing contradicts it: the type (a person is never an organisation), the title
  the articles give ("House Speaker Johnson" is not "Prime Minister Boris Johnson") and the gender
  ("Mrs. Clinton" is not "Bill Clinton"). A namesake in an unlinked article is no evidence either
  way: "Johnson" in an article that shares nothing with "Boris Johnson"'s stays "Johnson".
- A description ("an Uber spokeswoman") is never a name's fuller form, nor a headline's run of
  capitals ("Niece Of Mayor Ross Attacks Council"): a fuller name adds only capitalised words and
  name particles ("von der"), and no title or role.

Whatever cannot be decided stays as the article wrote it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd
import regex

from ..dates import read_date
from ..rules import RuleSet
from .canonical import contains
from .names import FUNCTION_WORDS, PARTICLES, ROLE_WORDS, SUFFIXES, WORD, first_name_gender, fold

Key = tuple[str, ...]  # a name's folded words


def corpus_names(names: Iterable[str]) -> dict[str, str]:
    """One display form for each name, across forms that fold to the same words.

    Example:
        >>> corpus_names(["Lopez Obrador", "López Obrador", "Lopez Obrador", "Ann Lee"])
        {'Lopez Obrador': 'López Obrador', 'López Obrador': 'López Obrador', 'Ann Lee': 'Ann Lee'}
    """
    counts = Counter(names)
    groups: dict[Key, list[str]] = defaultdict(list)
    for name in counts:
        groups[key_of(name)].append(name)
    display = {key: max(forms, key=lambda f: (_accents(f), counts[f], [-ord(c) for c in f])) for key, forms in groups.items()}
    return {name: display[key] for key, forms in groups.items() for name in forms}


def key_of(name: str) -> Key:
    return tuple(WORD.findall(fold(name)))


def corpus_speakers(mentions: pd.DataFrame, same_quote: np.ndarray, rules: RuleSet) -> pd.Series:
    """Each mention's speaker made canonical across the corpus (see the module docstring).

    Args:
        mentions: columns article_id, speaker, speaker_mention, speaker_type, outlet, title, url
            (and published, if given: a story is of one day).
        same_quote: a number for each row, the same for rows that carry the same quote whoever
            said it (`quotes.dedup` clusters the words without the speakers).
        rules: for the titles ("Sen.", "Mrs.") that tell two namesakes apart.

    Returns:
        the new `speaker` column, aligned with `mentions`.

    Example:
        >>> from quotes.rules import load_rules
        >>> m = pd.DataFrame({"article_id": ["a", "b", "c"], "speaker": ["Mike Johnson", "Johnson", "Johnson"],
        ...     "speaker_mention": ["Speaker Mike Johnson", "Speaker Johnson", "Johnson"],
        ...     "speaker_type": "person", "outlet": None, "title": None, "url": None})
        >>> corpus_speakers(m, np.array([1, 1, 2]), load_rules()).tolist()  # c shares no quote with a
        ['Mike Johnson', 'Mike Johnson', 'Johnson']
    """
    named = mentions["speaker"].notna()
    display = corpus_names(mentions.loc[named, "speaker"])
    speakers = mentions["speaker"].map(display, na_action="ignore")
    keys = {name: key_of(name) for name in display.values()}
    fuller = _fuller_names(keys)
    if not fuller:
        return speakers
    kinds = type_votes(speakers, mentions["speaker_type"])
    said, titles = _titles(speakers, mentions["speaker_mention"], rules)
    gendered = {t.id: t.gender for t in rules.titles if t.gender}
    # Decided per article, name and the title the mention gives: "Mrs. Clinton" and "Mr. Clinton"
    # in one article are two people. Only mentions of a name with fuller forms ask.
    rows = np.flatnonzero(speakers.isin(list(fuller)).to_numpy())
    cases = list(zip(mentions["article_id"].take(rows), speakers.take(rows), [said[r] for r in rows.tolist()]))
    asking = set(cases)
    linked = _linked_names(mentions, speakers, same_quote, {case[0] for case in asking},
                           set().union(*fuller.values()))
    decided: dict[tuple, str] = {}
    for case in asking:
        article, name, title = case
        options = [f for f in fuller[name] & linked.get(article, set())
                   if not _contradicts(name, f, kinds, title, titles, gendered, rules)]
        # the fullest that fit: "Andrés Manuel López Obrador", not also "Manuel López Obrador"
        options = [f for f in options if not any(o != f and contains(list(keys[o]), list(keys[f])) for o in options)]
        if len(options) == 1:
            decided[case] = options[0]
    if not decided:
        return speakers
    out = speakers.copy()
    out.iloc[rows] = [decided.get(case, case[1]) for case in cases]
    return out


def _fuller_names(keys: dict[str, Key]) -> dict[str, set[str]]:
    """For each short name, the longer names in the corpus that could be it: those holding its
    words as a run ("Johnson" in "Mike Johnson") or, for an acronym, its initials ("AMLO")."""
    by_word: dict[str, set[str]] = defaultdict(set)
    initials: dict[str, set[str]] = defaultdict(set)
    for name, key in keys.items():
        if _name_like(name):
            for word in key:
                by_word[word].add(name)
            if len(key) >= 2:
                initials["".join(w[0] for w in key)].add(name)
    found = {}
    for name, key in keys.items():
        if not key or not name[:1].isupper() or not _name_like(name):
            continue  # a description ("former official") is no one's short form
        # the rarest word's names first: "Johnson" in a corpus of many Johnsons, few Mikes
        pools = sorted((by_word.get(w, set()) for w in key), key=len)
        longer = {f for f in pools[0] if f != name and all(f in pool for pool in pools[1:])
                  and len(keys[f]) > len(key) and contains(list(keys[f]), list(key)) and _adds_only_name_words(name, f)}
        if len(key) == 1 and name.isupper() and not longer:
            longer = initials.get(key[0], set()) - {name}
        if longer:
            found[name] = longer
    return found


def _name_like(name: str) -> bool:
    """Not a headline's run of capitals: at most six words, no capitalised function word after the first."""
    words = name.split()
    return len(words) <= 6 and not any(w[:1].isupper() and w.casefold() in FUNCTION_WORDS for w in words[1:])


def _adds_only_name_words(short: str, full: str) -> bool:
    """Whether `full` adds to `short` only capitalised words and particles: not a role
    ("Uber spokeswoman"), nor a description, nor a suffix ("Jr.": another person)."""
    added = [w for w in full.split() if fold(w) not in set(fold(short).split())]
    if any(fold(w).strip(".,") in SUFFIXES for w in added):
        return False  # "Donald Trump Jr." is another person than "Donald Trump"
    return all((w[:1].isupper() and fold(w).strip(".") not in ROLE_WORDS) or w in PARTICLES for w in added)


def type_votes(speakers: pd.Series, types: pd.Series) -> dict[str, str]:
    """Each name's type by the majority of its typed mentions (person or organization), where one
    wins: the tagger types each mention alone, and errs.

    Example:
        >>> type_votes(pd.Series(["Ann Lee"] * 3), pd.Series(["person", "organization", "person"]))
        {'Ann Lee': 'person'}
    """
    typed = pd.DataFrame({"s": speakers, "t": types})[speakers.notna() & types.isin(["person", "organization"])]
    if typed.empty:
        return {}
    votes = typed.groupby(["s", "t"], observed=True).size().unstack(fill_value=0)
    people = votes["person"] if "person" in votes else pd.Series(0, index=votes.index)
    orgs = votes["organization"] if "organization" in votes else pd.Series(0, index=votes.index)
    return {name: ("person" if p > o else "organization") for name, p, o in zip(votes.index, people, orgs) if p != o}


def _titles(speakers: pd.Series, written: pd.Series, rules: RuleSet) -> tuple[list[str | None], dict[str, set[str]]]:
    """The title each mention gives its speaker, and the titles each name is given over the
    corpus. A title is the last title word the mention puts before the name ("House Speaker
    Johnson": speaker; "Mrs. Clinton": mrs), as its rule's id ("Sen." = "Senator")."""
    given: dict[tuple[str, str], str | None] = {}  # each distinct (name, mention) read once
    each: list[str | None] = []
    for name, mention in zip(speakers, written):
        if not isinstance(name, str) or not isinstance(mention, str):
            each.append(None)
            continue
        if (name, mention) not in given:
            given[name, mention] = _title_given(name, mention, rules)
        each.append(given[name, mention])
    corpus: dict[str, set[str]] = defaultdict(set)
    for (name, _), title in given.items():
        if title is not None:
            corpus[name].add(title)
    return each, corpus


def _title_given(name: str, mention: str, rules: RuleSet) -> str | None:
    """The id of the last title `mention` puts before `name`'s first word ("House Speaker
    Johnson": speaker), or None."""
    key = key_of(name)
    if not key:
        return None
    words = [w.strip(".") for w in WORD.findall(fold(mention))]
    for word in reversed(words[: words.index(key[0])] if key[0] in words else []):
        title = rules.title_forms.get(word)
        if title is not None and not title.modifier:
            return title.id
    return None


def _contradicts(short: str, full: str, kinds: dict[str, str], said: str | None, titles: dict[str, set[str]],
                 gendered: dict[str, str], rules: RuleSet) -> bool:
    """Whether the corpus tells `short` apart from `full`: by type (a fuller name that adds an
    organisation's word, "Ortiz Construction", is only an organisation's), by title (`said`: the
    one the short form's mention gives), or by the gender of an honorific."""
    if {kinds.get(short), kinds.get(full)} == {"person", "organization"}:
        return True
    added = set(key_of(full)) - set(key_of(short))
    if added & rules.organization_words_set and kinds.get(short) != "organization":
        return True
    if said is None:
        return False
    if said in gendered:
        gender = first_name_gender(full)
        return gender is not None and gender != gendered[said]
    roles = {t for t in titles.get(full, set()) if t not in gendered}
    return bool(roles) and said not in roles


def _linked_names(mentions: pd.DataFrame, speakers: pd.Series, quote_group: np.ndarray, articles: set[str],
                  wanted: set[str]) -> dict[str, set[str]]:
    """For each of `articles`, the `wanted` names that are speakers in an article linked to it:
    one that carries the same quote (said by that name), or the same story (`_story_keys`).

    Articles, names, quote groups and stories are numbered (the g-th quote group is link 2g, the
    s-th story 2s + 1), so that a corpus's mentions are not copied as Python strings."""
    article, article_ids = pd.factorize(mentions["article_id"], use_na_sentinel=False)  # a missing id is one article
    name, names = pd.factorize(speakers)
    story = pd.factorize(_story_keys(mentions))[0]
    has_story = story >= 0
    links = pd.DataFrame({"article": np.concatenate([article, article[has_story]]),
                          "name": np.concatenate([name, name[has_story]]),
                          "link": np.concatenate([2 * pd.factorize(np.asarray(quote_group))[0], 2 * story[has_story] + 1])})
    named = links[np.isin(links["name"], [n for n, value in enumerate(names) if value in wanted])]
    names_in: dict[int, set[str]] = defaultdict(set)
    for link, n in named[["link", "name"]].drop_duplicates().itertuples(index=False, name=None):
        names_in[link].add(names[n])
    asking = links[np.isin(links["article"], [a for a, value in enumerate(article_ids) if value in articles])
                   & links["link"].isin(list(names_in))]
    linked: dict[str, set[str]] = defaultdict(set)
    for a, link in asking[["article", "link"]].drop_duplicates().itertuples(index=False, name=None):
        linked[article_ids[a]] |= names_in[link]
    return linked


def _story_keys(mentions: pd.DataFrame) -> pd.Series:
    """The story an article tells, as far as its record says, or None: its page (the URL without
    scheme, www, fragment, tracking parameters or trailing slash; not a site's home page), else
    its outlet, its folded headline of four words or more and its day of publication if given
    (a daily "News in brief" is not one story)."""
    published = mentions["published"] if "published" in mentions else pd.Series(None, index=mentions.index)

    def key(url, outlet, title, when):
        if isinstance(url, str):
            page = _URL_END.sub("", _TRACKING.sub("", _URL_START.sub("", url.strip().casefold())))
            if "/" in page:  # a path or a query: a page, not the site
                return page
        words = WORD.findall(fold(title)) if isinstance(title, str) else []
        if isinstance(outlet, str) and len(words) >= 4:
            day = read_date(when) if isinstance(when, str) else None
            return f"{fold(outlet)}\x1f{' '.join(words)}\x1f{day.iso[:10] if day else ''}"
        return None

    # An article's fields repeat in each of its mentions: each distinct combination is read once.
    fields = [pd.factorize(column) for column in (mentions["url"], mentions["outlet"], mentions["title"], published)]
    distinct, inverse = np.unique(np.stack([codes for codes, _ in fields], axis=1), axis=0, return_inverse=True)
    stories = [key(*(values[c] if c >= 0 else None for c, (_, values) in zip(row, fields))) for row in distinct.tolist()]
    return pd.Series(np.array(stories, dtype=object)[inverse.reshape(-1)], index=mentions.index, dtype=object)


_URL_START = regex.compile(r"^[a-z]+://(?:www\.)?")
_TRACKING = regex.compile(r"(?<=[?&])(?:utm_[a-z]+|fbclid|gclid)=[^&#]*&?")
_URL_END = regex.compile(r"(?:#.*)?$|[?&]+(?=#|$)|/+(?=[?#]|$)")


def _accents(name: str) -> int:
    return sum(1 for ch in unicodedata.normalize("NFKD", name) if unicodedata.combining(ch))

