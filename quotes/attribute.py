"""Attribution: find who said each candidate quote, as written in the text, and the cue word.

Three ways, tried in order for each quote:

1. the dependency parse (when a spaCy pipeline is loaded): a speech verb outside the quote that
   governs it or stands next to it, and that verb's subject ("according to X" too);
2. the patterns of `rules/attribution_patterns.jsonl` over the raw text around the quote
   (“…,” said X / X said, “…” / X: “…” / “…” — X), the only way when no pipeline is loaded;
3. carry-over (`carry_over`, run once titles and scare quotes are filtered out): a quote with no
   cue of its own continues the speaker of the quote before it, in the same paragraph or at the
   end of the previous one (the convention for follow-on paragraphs).

Names are not resolved here ("he", "the Mexican president"): that is `speakers.py`'s job.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache

import regex

from .rules import RuleSet, is_speech_verb
from .speakers import DETERMINERS
from .types import Attribution, Candidate

# How far from a quote the patterns look for a cue, in characters.
_WINDOW = 160
# Dependency labels of the words that belong to a speaker's noun phrase.
_NP_LEFT = {"compound", "flat", "amod", "det", "poss", "nmod", "nummod", "quantmod", "case", "advmod"}
_NP_RIGHT = {"compound", "flat", "prep", "pobj", "acl", "case", "nummod"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# A cue verb in the sentence after the quote counts only if it carries no clause of its own.
_COMPLEMENTS = {"ccomp", "dobj", "xcomp", "obj", "attr"}
_TELL = {"tell", "ask", "assure", "warn", "remind", "urge", "inform"}
_LISTENERS = {"reporters", "me", "us", "him", "her", "them", "journalists", "supporters", "viewers"}


def attribute(
    text: str,
    candidates: Sequence[Candidate],
    rules: RuleSet,
    doc=None,
) -> list[Attribution | None]:
    """Attribute every candidate of one article; `None` where the text names no speaker.

    Args:
        text: the article text.
        candidates: the article's quotes, in text order.
        rules: speech verbs and attribution patterns.
        doc: the article parsed by spaCy, or None to use the patterns alone.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.detect.marks import find_quotes
        >>> text = '“We will win,” said Jane Smith.'
        >>> rules = load_rules()
        >>> [a.speaker_mention for a in attribute(text, list(find_quotes(text, rules)), rules)]
        ['Jane Smith']
    """
    found = []
    # Token.sent walks the whole document each time; take the sentence starts once.
    starts = [sent.start for sent in doc.sents] if doc is not None else []
    parsed = doc.text if doc is not None else ""  # computed on each access: take it once
    edges = (sorted(c.outer_start for c in candidates), sorted(c.outer_end for c in candidates))
    for cand in candidates:
        by_pattern = _by_pattern(text, cand, edges, rules)
        # A pattern that names the speaker is as right as the parse (README, "Speed"); and the
        # parse may cover only some paragraphs (see focus.py).
        if doc is None or is_named(by_pattern, rules) or not _is_parsed(parsed, text, cand):
            found.append(by_pattern)
        else:
            found.append(_by_parse(doc, text, starts, cand, candidates, rules) or by_pattern)
    return found


def is_named(attribution: Attribution | None, rules: RuleSet) -> bool:
    """Whether an attribution names its speaker ("said Jane Smith"), not a pronoun or a description.

    Example:
        >>> from quotes.rules import load_rules
        >>> is_named(Attribution("Jane Smith", 0, 10, "said", "pattern:x"), load_rules())
        True
        >>> is_named(Attribution("the senator", 0, 11, "said", "pattern:x"), load_rules())
        False
    """
    if attribution is None:
        return False
    mention = attribution.speaker_mention.strip()
    first = mention.split()[0].casefold() if mention else ""
    return mention[:1].isupper() and mention.casefold() not in rules.pronoun_forms and first not in DETERMINERS


def _is_parsed(parsed: str, text: str, cand: Candidate) -> bool:
    """Whether the parser read the candidate's words, rather than the blanks of focus.masked()."""
    first, last = cand.outer_start, cand.outer_end - 1
    return parsed[first] == text[first] and parsed[last] == text[last]


# ---------------------------------------------------------------------------------- patterns
@lru_cache(maxsize=8)
def _compiled(rules: RuleSet) -> tuple[tuple[str, str, regex.Pattern], ...]:
    verbs = "|".join(regex.escape(f) for f in rules.speech_forms)
    verbs = f"(?i:{verbs})"  # "Stated Stone:" starts a sentence
    titles = "|".join(regex.escape(t) for t in sorted(rules.title_forms, key=len, reverse=True))
    name = (
        rf"(?:(?:(?i:{titles})\.?\s+)*"
        r"\p{Lu}[\p{L}\p{M}’'.-]*(?:\s+(?:\p{Lu}[\p{L}\p{M}’'.-]*|de|del|la|van|von|bin|al-\p{L}+)){0,4})"
    )
    # "the Mexican president": a determiner and up to five lower-case words, ending where the
    # clause goes on (punctuation, a relative pronoun, a preposition or a speech verb).
    description = (
        r"(?:(?i:the|a|an|one|another|his|her|their|its)\s+[\p{L}\p{N}’'-]+(?:\s+[\p{Ll}\p{N}’'-]+){0,4}?"
        rf"(?=\s*[,.;:!?]|\s*$|\s+(?:who|on|in|at|for|to|of|during|after|before|when|as|{verbs})\b))"
    )
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"
    speaker = f"(?:{name}|{description}|{pronoun})"
    out = []
    for p in rules.attribution_patterns:
        source = p.pattern.replace("{VERB}", verbs).replace("{SPEAKER}", speaker)
        out.append((p.id, p.side, regex.compile(source)))
    return tuple(out)


def _by_pattern(text: str, cand: Candidate, edges: tuple[list[int], list[int]], rules: RuleSet) -> Attribution | None:
    """`edges`: the candidates' sorted outer starts and ends, to find the neighbours in log time."""
    starts, ends = edges
    after_start = cand.outer_end
    after_end = _paragraph_end(text, after_start, _WINDOW)
    i = bisect.bisect_left(starts, after_start)
    if i < len(starts):
        after_end = min(after_end, starts[i])
    before_end = cand.outer_start
    before_start = _paragraph_start(text, before_end, _WINDOW)
    j = bisect.bisect_right(ends, before_end)
    if j:
        before_start = max(before_start, ends[j - 1])
    for pid, side, pattern in _compiled(rules):
        lo, hi = (after_start, after_end) if side == "after" else (before_start, before_end)
        # Search a slice so that ^ and $ in the patterns mean the window's edges.
        match = pattern.search(text[lo:hi])
        if match is None:
            continue
        s, e = (lo + i for i in match.span("speaker"))
        e = _end_of_sentence(text, s, e, rules)  # "said Jane Smith. The hall…": the name ends with its sentence
        if text[e - 1] == "." and len(text[s:e].split()[-1]) > 4:
            e -= 1  # a full stop, not an abbreviation like "Jr." or an initial
        cue = ""
        if "cue" in pattern.groupindex and match.group("cue"):
            cue_start, cue_end = (lo + i for i in match.span("cue"))
            tail = _cue_tail(rules).match(text, cue_end, hi)
            cue = text[cue_start : tail.end() if tail else cue_end]
        return Attribution(text[s:e], s, e, cue, f"pattern:{pid}")
    return None


def _end_of_sentence(text: str, start: int, end: int, rules: RuleSet) -> int:
    """`end`, or the full stop before it that ends a sentence: after a word that is not a title."""
    for stop in _SENTENCE_STOP.finditer(text, start, end):
        word = text[max(text.rfind(" ", start, stop.start()) + 1, start) : stop.start()]
        if word.casefold() not in rules.title_forms:
            return stop.start() + 1
    return end


@lru_cache(maxsize=8)
def _cue_tail(rules: RuleSet) -> regex.Pattern:
    """What the parse adds to a cue verb, as text: a listener and a medium ('told reporters in a statement').

    The medium comes from the MEDIUM patterns of `rules/matcher_patterns.jsonl`, read as words.
    """
    listeners = "|".join(sorted(_LISTENERS))
    media = "|".join(_words_pattern(p.pattern) for p in rules.matcher_patterns if p.label == "MEDIUM")
    return regex.compile(rf"(?i:(?:\s+(?:{listeners})\b)?(?:\s+(?:{media})\b)?)")


def _words_pattern(tokens: list[dict]) -> str:
    """A token pattern of LOWER values and optional wildcards, as a regex over words."""
    words = []
    for token in tokens:
        lower = token.get("LOWER")
        if lower is None:
            word = r"[\w'’-]+"
        else:
            options = lower["IN"] if isinstance(lower, dict) else [lower]
            word = "(?:" + "|".join(regex.escape(o) for o in options) + ")"
        words.append(rf"(?:{word}\s+)?" if token.get("OP") == "?" else rf"{word}\s+")
    return "".join(words).removesuffix(r"\s+")


def _paragraph_end(text: str, pos: int, limit: int) -> int:
    end = text.find("\n", pos, pos + limit)
    return end if end >= 0 else min(len(text), pos + limit)


def _paragraph_start(text: str, pos: int, limit: int) -> int:
    start = text.rfind("\n", max(0, pos - limit), pos)
    return start + 1 if start >= 0 else max(0, pos - limit)


# ------------------------------------------------------------------------------------- parse
def _by_parse(doc, text: str, starts: list[int], cand: Candidate, cands: Sequence[Candidate], rules: RuleSet) -> Attribution | None:
    quote = doc.char_span(cand.outer_start, cand.outer_end, alignment_mode="expand")
    if quote is None or len(quote) == 0:
        return None
    inside = _inside_any(cands)
    lo, hi = paragraph_bounds(text, cand)
    own, following = _sentence_tokens(doc, starts, quote, lo, hi)
    verbs = [t for t in own if is_speech_verb(t, rules) and not inside(t.idx)]
    verbs += [t for t in following if is_speech_verb(t, rules) and not inside(t.idx) and _bare(t, cands)]
    if cand.cue_start is not None:
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
        objs = [c for c in doc[end - 1].children if c.dep_ == "pobj"]
        if label == "ACCORDING_TO" and objs and not inside(objs[0].idx):
            return _attribution(doc, text, objs[0], None, "parse:according-to", rules, cue=doc[start:end].text)
    return None


def _inside_any(cands: Sequence[Candidate]):
    spans = [(c.outer_start, c.outer_end) for c in cands]
    return lambda pos: any(s <= pos < e for s, e in spans)


def paragraph_bounds(text: str, cand: Candidate) -> tuple[int, int]:
    """The paragraph(s) the quote is in, and the paragraph before when it ends with a colon.

    Sentence splitting does not always stop at a paragraph break, so cues are only looked for
    inside these bounds.
    """
    lo = text.rfind("\n", 0, cand.outer_start) + 1
    hi = text.find("\n", cand.outer_end)
    hi = len(text) if hi < 0 else hi
    if not text[lo : cand.outer_start].strip() and text[:lo].rstrip().endswith(":"):
        lo = text.rfind("\n", 0, len(text[:lo].rstrip())) + 1
    return lo, hi


def _sentence_tokens(doc, starts: list[int], quote, lo: int, hi: int) -> tuple[list, list]:
    """Tokens of the sentences the quote touches, and of the sentence after it, within [lo, hi)."""
    first = starts[bisect.bisect_right(starts, quote.start) - 1]
    after = bisect.bisect_right(starts, quote.end - 1)
    last_end = starts[after] if after < len(starts) else len(doc)
    own = [t for t in doc[first:last_end] if lo <= t.idx < hi]
    following = []
    if last_end < len(doc):
        following_end = starts[after + 1] if after + 1 < len(starts) else len(doc)
        following = [t for t in doc[last_end:following_end] if lo <= t.idx < hi]
    return own, following


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
def _matcher(rules: RuleSet, vocab):
    from spacy.matcher import Matcher

    matcher = Matcher(vocab, validate=True)
    for p in rules.matcher_patterns:
        matcher.add(p.label, [p.pattern])
    return matcher


def _matches(doc, rules: RuleSet, tokens: list) -> list[tuple[str, int, int]]:
    """Matcher hits from `rules/matcher_patterns.jsonl` that start among `tokens`, as (label, start, end)."""
    if not tokens:
        return []
    span = doc[tokens[0].i : tokens[-1].i + 1]
    return [(doc.vocab.strings[m], span.start + s, span.start + e) for m, s, e in _matcher(rules, doc.vocab)(span)]


def _bare(verb, cands) -> bool:
    """A cue verb with no complement of its own outside quotes: 'Smith said.', 'he added on Twitter'."""
    spans = [(c.outer_start, c.outer_end) for c in cands]
    for child in verb.children:
        if child.dep_ in _COMPLEMENTS and not any(s <= child.idx < e for s, e in spans):
            return False
    return True


def _rank(verb, span):
    """Verbs governing the quote first, then the nearest."""
    governs = any(t.head == verb or verb in t.ancestors for t in span if t.dep_ in ("ccomp", "parataxis", "dobj", "xcomp", "ROOT"))
    distance = min(abs(verb.idx - span.start_char), abs(verb.idx - span.end_char))
    return (not governs, distance)


def _subject(verb):
    """The subject of a speech verb, climbing from 'adding' or a conjoined verb to the main clause."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        if subjects:
            return subjects[0]
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
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
    lefts = [t for t in head.lefts if t.dep_ in _NP_LEFT]
    start_tok = head
    for t in reversed(lefts):
        if t.i == start_tok.i - 1 or all(x.dep_ in _NP_LEFT or x.head == t for x in doc[t.i : start_tok.i]):
            start_tok = doc[t.left_edge.i] if t.dep_ in ("poss", "nmod", "amod", "compound") else t
    end_tok = head
    for t in head.rights:
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
    for child in verb.children:
        if child.i > verb.i and child.i <= words[-1].i + 2:
            if child.dep_ == "prt" or (verb.lemma_ in _TELL and child.dep_ in ("dobj", "dative") and child.lower_ in _LISTENERS):
                words.append(child)
    end = words[-1].i + 1
    for label, start, stop in _matches(doc, rules, list(doc[end : end + 5])):
        if label == "MEDIUM" and start - end <= 1:
            return doc[verb.i : stop].text
    return " ".join(t.text for t in words)


# --------------------------------------------------------------------------------- carry-over
def carry_over(text: str, cands: Sequence[Candidate], found: Sequence[Attribution | None]) -> list[Attribution | None]:
    """Give a cue-less quote the speaker of the quote before it, if nothing but that quote's own
    attribution stands between them: the rest of its sentence ("…,” he said. “…”) and at most one
    paragraph break. A sentence of narration in between breaks the chain.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.detect.marks import find_quotes
        >>> text = '“One,” said Jane Smith. “Two.”'
        >>> rules = load_rules()
        >>> cands = list(find_quotes(text, rules))
        >>> [a.speaker_mention for a in carry_over(text, cands, attribute(text, cands, rules))]
        ['Jane Smith', 'Jane Smith']
    """
    out = list(found)
    for i in range(1, len(cands)):
        prev = out[i - 1]
        if out[i] is not None or prev is None:
            continue
        gap_start, gap_end = cands[i - 1].outer_end, cands[i].outer_start
        if gap_start <= prev.speaker_start < gap_end:
            end = _SENTENCE_END.search(text, prev.speaker_end, gap_end)
            gap_start = end.end() if end else gap_end
        gap = text[gap_start:gap_end]
        if gap.count("\n") <= 2 and _ONLY_PUNCTUATION.fullmatch(gap):
            out[i] = Attribution(prev.speaker_mention, prev.speaker_start, prev.speaker_end, prev.cue, "carry-over")
    return out


# The end of a sentence: a stop followed (after any closing marks) by a space or the end.
# (Not a stop inside brackets: "Sen. Chuck Schumer (D-N.Y.) said".)
# A full stop after a word of three letters or more (not "Jr." or an initial), then another word.
_SENTENCE_STOP = regex.compile(r"(?<=\p{L}{3})\.(?=\s+\S)")
_SENTENCE_END = regex.compile(r"[.!?:][\"'”’]*(?=\s|$)")
_ONLY_PUNCTUATION = regex.compile(r"[\s.,;:—–-]*")
