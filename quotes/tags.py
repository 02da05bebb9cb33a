"""spaCy's attribute ruler and rule lemmatizer, as far as the engine reads them, without spaCy's
Matcher: `FastTags`, put in their place by `use_fast_tags` when the pipeline is loaded (model.py)."""

from __future__ import annotations

import regex


def use_fast_tags(nlp) -> None:
    """Put `FastTags` in place of the attribute ruler and the rule lemmatizer, where the pipeline
    has both and the ruler's patterns are of the kinds it reads; else leave the pipeline as it is."""
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names or getattr(nlp.get_pipe("lemmatizer"), "mode", None) != "rule" \
            or names.index("lemmatizer") < names.index("attribute_ruler"):
        return
    _register_fast_tags()
    try:
        nlp.add_pipe(FAST_TAGS, after="lemmatizer")
    except ValueError:
        return
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")


FAST_TAGS = "quotes_tags"


def _register_fast_tags() -> None:
    """A component that does what the attribute ruler and the rule lemmatizer do, as far as the
    engine reads them (coarse part of speech, morphology, lemma), without spaCy's Matcher: the
    two cost a third of the pipeline's time on the text the engine parses. It applies the ruler's
    own patterns, read from the loaded pipeline, in their order (a later one wins), and the
    lemmatizer's own rules, with answers cached per distinct token."""
    from spacy.language import Language

    if FAST_TAGS in Language.factories:
        return

    @Language.factory(FAST_TAGS, default_config={"ruler": "attribute_ruler", "lemmatizer": "lemmatizer"})
    def make_fast_tags(nlp, name, ruler, lemmatizer):
        return FastTags(nlp.get_pipe(ruler).patterns, nlp.get_pipe(lemmatizer))


class FastTags:
    """See `_register_fast_tags`. `patterns`: the attribute ruler's; `lemmatizer`: a rule lemmatizer."""

    _KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, patterns: list[dict], lemmatizer):
        self.single: list[tuple[int, dict, dict]] = []  # (order, spec, attrs)
        self.multi: list[tuple[int, list[dict], int, dict]] = []  # (order, specs, index, attrs)
        for order, rule in enumerate(patterns):
            attrs = {k: v for k, v in rule["attrs"].items() if k in ("POS", "MORPH", "LEMMA")}
            if not attrs:
                continue
            for specs in rule["patterns"]:
                if any(set(spec) - set(self._KEYS) for spec in specs):
                    raise ValueError(f"attribute ruler pattern with keys the fast tagger does not read: {specs}")
                if len(specs) == 1:
                    self.single.append((order, specs[0], attrs))
                else:
                    self.multi.append((order, specs, rule.get("index", 0), attrs))
        # A word that no pattern names is read as no word at all, so that the answers cached per
        # token kind are few: (tag, dependency, space) for most words.
        self._named: set[str] = set()
        self._regexes = []
        for spec in [spec for _, spec, _ in self.single] + [spec for rule in self.multi for spec in rule[1]]:
            want = spec.get("LOWER")
            if isinstance(want, str):
                self._named.add(want)
            elif isinstance(want, dict):
                self._named.update(want.get("IN", ()))
                if "REGEX" in want:
                    self._regexes.append(regex.compile(want["REGEX"]))
                if "NOT_IN" in want:
                    raise ValueError(f"attribute ruler pattern with LOWER NOT_IN, which the fast tagger does not read: {spec}")
        self._word_named: dict[int, bool] = {}
        self.lemmatizer = lemmatizer
        # The rule lemmatizer looks each candidate form up in its word lists, which are lists: a
        # scan of up to 57,000 words for every new word of the text. This component took 3.4 s on
        # the focus text of the 840 eval articles, 1.2 s with sets, which give the same answers.
        # The tables are changed in place: `use_fast_tags` takes this lemmatizer out of the
        # pipeline, so nothing else reads them (a pipeline saved with them could not be written:
        # msgpack has no sets).
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = frozenset(words)
        self._matched: dict[tuple, tuple] = {}
        self._space_pos = {lemmatizer.vocab.strings.add(pos) for pos in ("SPACE", "EOL")}
        self._lemmas: dict[tuple[int, int, int], str] = {}
        # The answers are kept as hashes from one doc to the next: their strings must outlive a
        # memory zone (`pipeline._batch_mentions`), so they are added now, before any zone.
        strings = lemmatizer.vocab.strings
        for rule in self.single + self.multi:
            for value in rule[-1].values():
                strings.add(value, allow_transient=False)

    def __call__(self, doc):
        import numpy as np
        from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        named = self._word_named
        # Column by column, not token by token: this runs on every token the engine parses.
        tags, lowers, deps, spaces = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).T.tolist()
        hits = [named.get(lower) for lower in lowers]
        for i in [i for i, hit in enumerate(hits) if hit is None]:
            word = strings[lowers[i]]
            hits[i] = word in self._named or any(r.search(word) for r in self._regexes)
            if not spaces[i]:  # a run of blanks is nearly always new, and its string goes with the doc
                named[lowers[i]] = hits[i]
        rows = list(zip(tags, [lower if hit else 0 for lower, hit in zip(lowers, hits)], deps, spaces))
        matched = self._matched
        # (POS, MORPH, LEMMA or 0, openers, matches)
        found = [matched[row] if row in matched else self._answer(row, strings) for row in rows]
        values = np.array([answer[:3] for answer in found], dtype="uint64")
        longer: dict[int, list] = {}  # token -> matches of patterns of several tokens that set it
        for start, answer in enumerate(found):
            for order, specs, index, attrs in answer[3]:  # rare: only where such a pattern's first token fits
                if start + len(specs) <= len(rows) and all(_fits(spec, rows[start + k], strings)
                                                           for k, spec in enumerate(specs[1:], 1)):
                    longer.setdefault(start + index, []).append((order, attrs))
        for at, matches in longer.items():
            values[at] = _merged(sorted(found[at][4] + matches, key=lambda m: m[0]), strings)
        doc.from_array([POS, MORPH], values[:, :2])
        lemmas = self._lemmas
        added: dict[tuple, int] = {}  # this doc's lemma hashes, each string added once
        found_lemmas = values[:, 2].tolist()
        keys = list(zip(*doc.to_array([ORTH, POS, MORPH]).T.tolist()))
        for i, lemma in enumerate(found_lemmas):
            if lemma:
                continue
            key = keys[i]
            if spaces[i]:  # a run of blanks: most are unique (focus.masked), not worth keeping
                # the rule lemmatizer gives a space its own text, lower-cased: a blank has no case
                found_lemmas[i] = key[0] if key[1] in self._space_pos else strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                continue
            if key not in added:
                if key not in lemmas:
                    lemmas[key] = self.lemmatizer.lemmatize(doc[i])[0]
                # a string, not its hash, is kept: the doc's strings go with its memory zone
                added[key] = strings.add(lemmas[key])
            found_lemmas[i] = added[key]
        values[:, 2] = found_lemmas
        doc.from_array([LEMMA], values[:, 2:])
        return doc

    def _answer(self, row: tuple, strings) -> tuple:
        """What the one-token patterns give a token (POS, MORPH and LEMMA hashes, 0 for none), and
        the longer patterns whose first token it fits."""
        if row not in self._matched:
            matches = [(order, attrs) for order, spec, attrs in self.single if _fits(spec, row, strings)]
            openers = [rule for rule in self.multi if _fits(rule[1][0], row, strings)]
            self._matched[row] = (*_merged(matches, strings), openers, matches)
        return self._matched[row]


def _merged(matches: list[tuple[int, dict]], strings) -> tuple[int, int, int]:
    """POS, MORPH and LEMMA hashes (0: no lemma) from patterns' attributes, a later one winning."""
    merged: dict = {}
    for _, attrs in matches:
        merged.update(attrs)
    return (strings.add(merged.get("POS", "")), strings.add(merged.get("MORPH", "")),
            strings.add(merged["LEMMA"]) if "LEMMA" in merged else 0)


def _fits(spec: dict, row, strings) -> bool:
    """Whether a token, as (TAG, LOWER, DEP, IS_SPACE) hashes, fits one token's pattern."""
    for key, want in spec.items():
        if key == "IS_SPACE":
            if bool(row[3]) != want:
                return False
            continue
        value = row[FastTags._KEYS.index(key)]
        have = strings[value] if value else ""
        if isinstance(want, dict):
            if "IN" in want and have not in want["IN"]:
                return False
            if "NOT_IN" in want and have in want["NOT_IN"]:
                return False
            if "REGEX" in want and not regex.search(want["REGEX"], have):
                return False
        elif have != want:
            return False
    return True
