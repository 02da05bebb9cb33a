"""Cues from the dependency parse: the speech verb that governs a quote or stands next to it,
and that verb's subject; a clause that introduces the quote with a colon; "according to X"."""

from __future__ import annotations

import bisect
from functools import lru_cache, partial

from ..deptree import WINDOW, children, governs, lefts, rights
from ..rules import RuleSet, is_speech_verb
from ..types import Attribution, Candidate
from .layout import text_end, within

# Dependency labels of the words that belong to a speaker's noun phrase.
_NP_LEFT = {"compound", "flat", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "advmod"}
_NP_RIGHT = {"compound", "flat", "prep", "pobj", "acl", "case", "nummod"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# A cue verb in the sentence after the quote counts only if it carries no clause of its own.
_COMPLEMENTS = {"ccomp", "dobj", "xcomp", "obj", "attr"}
_TELL = {"tell", "ask", "assure", "warn", "remind", "urge", "inform"}
# Cue verbs whose passive subject is the one spoken to ("was asked", "was pressed").
_ASKED = _TELL | {"question", "press", "quiz", "challenge"}
# Characters of narration a syntax-detector cue outside the quote's paragraph may be away.
_CUE_GAP = 40
_TIME_MARKS = {"when", "after", "before", "while", "as", "until", "once"}
LISTENERS = {"reporters", "me", "us", "him", "her", "them", "journalists", "supporters", "viewers"}


def by_parse(doc, text: str, starts: list[int], cand: Candidate, quoted: list[tuple[int, int]], rules: RuleSet) -> Attribution | None:
    """The attribution the parse gives one quote, or None: the subject of the best speech verb
    (governing the quote first, then the nearest; the detector's own cue first), else the subject of
    a clause that introduces it with a colon, else "according to X".

    Args:
        doc: the article as parsed (maybe with paragraphs blanked, see focus.py).
        text: the article text.
        starts: the token index of each sentence's start in `doc`.
        cand: the quote.
        quoted: the spans of all the article's quotes, as `layout.merged` gives them (a cue or a
            subject inside a quote does not count).
        rules: speech verbs and matcher patterns.

    The time is bounded per quote: only tokens within `_TOKEN_WINDOW` of the quote are looked at,
    and quotes are looked up by bisection, so an article of many quotes costs linear time.
    """
    quote = doc.char_span(cand.outer_start, cand.outer_end, alignment_mode="expand")
    if quote is None or len(quote) == 0:
        return None
    inside = partial(within, quoted)
    lo, hi = paragraph_bounds(text, cand)
    own, following = _sentence_tokens(doc, starts, quote, lo, hi)
    verbs = [t for t in own if is_speech_verb(t, rules) and not inside(t.idx)]
    verbs += [t for t in following if is_speech_verb(t, rules) and not inside(t.idx) and _bare(t, inside)]
    if cand.cue_start is not None and _near_cue(text, cand, lo, hi):
        verbs = list(doc.char_span(cand.cue_start, cand.cue_end, alignment_mode="expand")) + verbs
    for verb in sorted(verbs, key=lambda t: _rank(t, quote)):
        subject = _subject(verb)
        if subject is not None and not inside(subject.idx):
            return _attribution(doc, text, subject, verb, "parse:subject", rules)
    introduced = _colon_intro(doc, text, cand, lo)
    if introduced is not None:
        subject = _subject(introduced)
        if subject is not None and not inside(subject.idx):
            return _attribution(doc, text, subject, introduced, "parse:colon", rules)
    for label, start, end in _matches(doc, rules, own):
        objs = [c for c in children(doc[end - 1]) if c.dep_ == "pobj"]
        if label == "ACCORDING_TO" and objs and not inside(objs[0].idx):
            return _attribution(doc, text, objs[0], None, "parse:according-to", rules, cue=doc[start:end].text)
    return None


def _near_cue(text: str, cand: Candidate, lo: int, hi: int) -> bool:
    """Whether the syntax detector's cue is the quote's own: in its paragraph, or with at most a
    few words between (not a cue in a later paragraph, past narration)."""
    if lo <= cand.cue_start < hi:
        return True
    gap = text[cand.outer_end : cand.cue_start] if cand.cue_start >= cand.outer_end else text[cand.cue_end : cand.outer_start]
    return len(gap.strip()) <= _CUE_GAP


def paragraph_bounds(text: str, cand: Candidate) -> tuple[int, int]:
    """The paragraph(s) the quote is in, and the paragraph before when it ends with a colon.

    Sentence splitting does not always stop at a paragraph break, so cues are only looked for
    inside these bounds.
    """
    lo = text.rfind("\n", 0, cand.outer_start) + 1
    hi = text.find("\n", cand.outer_end)
    hi = len(text) if hi < 0 else hi
    previous = text_end(text, lo)
    if not text[lo : cand.outer_start].strip() and text[previous - 1 : previous] == ":":
        lo = text.rfind("\n", 0, previous) + 1
    return lo, hi


def _sentence_tokens(doc, starts: list[int], quote, lo: int, hi: int) -> tuple[list, list]:
    """Tokens of the sentences the quote touches, and of the sentence after it, within [lo, hi)."""
    # A run-on "sentence" of hundreds of quotes and cues is read near the quote only.
    first = max(starts[bisect.bisect_right(starts, quote.start) - 1], quote.start - _TOKEN_WINDOW)
    after = bisect.bisect_right(starts, quote.end - 1)
    last_end = min(starts[after] if after < len(starts) else len(doc), quote.end + _TOKEN_WINDOW)
    own = [t for t in doc[first:last_end] if lo <= t.idx < hi]
    following = []
    if after < len(starts) and last_end == starts[after]:
        following_end = min(starts[after + 1] if after + 1 < len(starts) else len(doc), last_end + _TOKEN_WINDOW)
        following = [t for t in doc[last_end:following_end] if lo <= t.idx < hi]
    return own, following


# How far (tokens) from a quote its cue and speaker are looked for: a long sentence's far end is
# another quote's business.
_TOKEN_WINDOW = WINDOW


def _colon_intro(doc, text: str, cand: Candidate, lo: int):
    """The verb of a clause that introduces the quote with a colon: 'Cruz called them on it: “…”'."""
    before = text[lo : cand.outer_start].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(lo + len(before) - 1, lo + len(before), alignment_mode="expand")
    if colon is None:
        return None
    verb = colon[0].head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb if verb.pos_ in ("VERB", "AUX") and verb.idx < cand.outer_start else None


@lru_cache(maxsize=8)
def matcher(rules: RuleSet, vocab):
    """The Matcher of `rules/matcher_patterns.jsonl` over `vocab`, and each label by its hash (a
    match's id): `(matcher, {hash: label})`, built once per vocabulary.

    Example:
        >>> from spacy.vocab import Vocab
        >>> from quotes.rules import load_rules
        >>> found, labels = matcher(load_rules(), Vocab())
        >>> sorted(set(labels.values()))
        ['ACCORDING_TO', 'MEDIUM']
    """
    from spacy.matcher import Matcher

    found = Matcher(vocab, validate=True)
    labels = {}  # a match's label by its hash, not from the strings, which a memory zone may have let go
    for p in rules.matcher_patterns:
        labels[vocab.strings.add(p.label)] = p.label
        found.add(p.label, [p.pattern])
    return found, labels


def _matches(doc, rules: RuleSet, tokens: list) -> list[tuple[str, int, int]]:
    """Matcher hits from `rules/matcher_patterns.jsonl` that start among `tokens`, as (label, start, end)."""
    if not tokens:
        return []
    span = doc[tokens[0].i : tokens[-1].i + 1]
    found, labels = matcher(rules, doc.vocab)
    return [(labels[m], span.start + s, span.start + e) for m, s, e in found(span)]


def _bare(verb, inside) -> bool:
    """A cue verb with no complement of its own outside quotes: 'Smith said.', 'he added on Twitter'."""
    return not any(child.dep_ in _COMPLEMENTS and not inside(child.idx) for child in children(verb))


def _rank(verb, span):
    """Verbs governing the quote first, then the nearest; a verb in a time clause ("said when Boyle
    asked him") last."""
    governing = any(governs(verb, t) for t in span if t.dep_ in ("ccomp", "parataxis", "dobj", "xcomp", "ROOT"))
    distance = min(abs(verb.idx - span.start_char), abs(verb.idx - span.end_char))
    timed = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in children(verb))
    return (timed, not governing, distance)


def _subject(verb):
    """The subject of a speech verb, climbing from 'adding' or a conjoined verb to the main clause."""
    for step in range(4):
        kids = children(verb)
        subjects = [c for c in kids if c.dep_ in _SUBJECTS]
        agents = [g for c in kids if c.dep_ == "agent" for g in children(c) if g.dep_ == "pobj"]
        if step == 0 and subjects and subjects[0].dep_ == "nsubjpass" and verb.lemma_ in _ASKED:
            # "Sanders was asked by Bill Maher, “…”": the one asked listens, the asker speaks; not
            # "Lee was asked about it and said, “…”", where the cue is another verb
            return agents[0] if agents else None
        if subjects:
            return subjects[0]
        if agents:
            return agents[0]
        if verb.dep_ in ("conj", "advcl", "xcomp", "ccomp", "relcl") and verb.head != verb:
            if verb.dep_ == "relcl":
                return verb.head  # "Smith, who said"
            verb = verb.head
        else:
            return None
    return None


def _attribution(doc, text: str, head, cue_tok, method: str, rules: RuleSet, cue: str | None = None) -> Attribution:
    start, end = _noun_phrase(doc, head)
    return Attribution(text[start:end], start, end, cue or _cue_phrase(doc, cue_tok, rules), method)


def _noun_phrase(doc, head) -> tuple[int, int]:
    """Character span of the speaker phrase: the head with its modifiers, without asides."""
    if head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
        if ent is not None and ent.end - ent.start > 1:
            left = ent.start
            while left > 0 and doc[left - 1].dep_ in ("compound", "amod", "det") and doc[left - 1].head.i >= ent.start:
                left -= 1
            return doc[left].idx, ent.end_char
    modifiers = [t for t in lefts(head) if t.dep_ in _NP_LEFT]
    start_tok = head
    for t in reversed(modifiers):
        if t.i == start_tok.i - 1 or all(x.dep_ in _NP_LEFT or x.head == t for x in doc[t.i : start_tok.i]):
            start_tok = doc[t.left_edge.i] if t.dep_ in ("poss", "nmod", "amod", "compound") else t
    end_tok = head
    appositive = next((t for t in rights(head) if t.dep_ == "appos" and t.pos_ == "PROPN"), None)
    if appositive is not None and head.pos_ != "PROPN":  # "his spokesman, Tariq Bell,": the name
        end = appositive
        while end.i + 1 < len(doc) and doc[end.i + 1].dep_ in ("compound", "flat") and doc[end.i + 1].head == appositive:
            end = doc[end.i + 1]
        return start_tok.idx, end.idx + len(end.text)
    for t in rights(head):
        if t.dep_ in _NP_RIGHT and t.i <= end_tok.i + 1:
            end_tok = doc[t.right_edge.i] if t.right_edge.i - head.i < 12 else end_tok
        else:
            break
    while end_tok.i > head.i and (end_tok.is_punct or end_tok.dep_ in ("cc",)):
        end_tok = doc[end_tok.i - 1]
    return start_tok.idx, end_tok.idx + len(end_tok.text)


def _cue_phrase(doc, verb, rules: RuleSet) -> str:
    """The verb with its particle, a listener like 'reporters' and a medium: 'told reporters', 'said in a statement'."""
    words = [verb]
    for child in children(verb):
        if child.i > verb.i and child.i <= words[-1].i + 2:
            if child.dep_ == "prt" or (verb.lemma_ in _TELL and child.dep_ in ("dobj", "dative") and child.lower_ in LISTENERS):
                words.append(child)
    end = words[-1].i + 1
    for label, start, stop in _matches(doc, rules, list(doc[end : end + 5])):
        if label == "MEDIUM" and start - end <= 1:
            return doc[verb.i : stop].text
    return " ".join(t.text for t in words)

