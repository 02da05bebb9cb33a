"""Candidates that need no cue of their own: carry-over from the quote before, and the subject of
the narrative sentence before a quote with no cue, or of the sentence it stands inside."""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..deptree import children
from ..types import Attribution, Candidate
from ..rules import RuleSet
from .layout import ends_sentence, text_end
from .names import first_name_gender


def carry_over(
    text: str, cands: Sequence[Candidate], found: Sequence[Attribution | None], rules: RuleSet | None = None
) -> list[Attribution | None]:
    """Give a cue-less quote the speaker of the quote before it, if nothing but that quote's own
    attribution stands between them: the rest of its sentence ("…,” he said. “…”) and at most one
    paragraph break. A sentence of narration in between breaks the chain. With `rules`, a stop after
    an abbreviation ("said Ann Lee, a senior aide to Sen. Ray Ames.") does not end the sentence.

    Example:
        >>> from quotes.rules import load_rules
        >>> from quotes.detect.marks import find_quotes
        >>> from quotes.speakers.cues import attribute
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
            ends = (e for e in _SENTENCE_END.finditer(text, prev.speaker_end, gap_end)
                    if rules is None or ends_sentence(text, e.start(), rules))
            end = next(ends, None)
            gap_start = end.end() if end else gap_end
        gap = text[gap_start:gap_end]
        if gap.count("\n") <= 2 and _ONLY_PUNCTUATION.fullmatch(gap):
            out[i] = Attribution(prev.speaker_mention, prev.speaker_start, prev.speaker_end, prev.cue, "carry-over")
    return out


# The end of a sentence: a stop followed (after any closing marks) by a space or the end.
# (Not a stop inside brackets: "Sen. Chuck Schumer (D-N.Y.) said".)
_SENTENCE_END = regex.compile(r"[.!?:][\"'”’]*(?=\s|$)")
_ONLY_PUNCTUATION = regex.compile(r"[\s.,;:—–-]*")


def narrative(text: str, cands: Sequence[Candidate], found: Sequence[Attribution | None], doc=None) -> list[Attribution | None]:
    """Give a quote with no cue, no carry-over and nothing before it in its sentence the subject of
    the narrative sentence just before it, when that subject is a person the tagger names: "Mayor
    Hannah Feld turned to the council. “We cannot put off this vote again.”" The sentence may end
    the previous paragraph, if that paragraph holds no quote. Needs the parse; without it, `found`.

    Example:
        >>> found = narrative("Ann Lee sat down. “No.”", [], [])
        >>> found
        []
    """
    out = list(found)
    if doc is None:
        return out
    quoted = [(c.outer_start, c.outer_end) for c in cands]
    # each token's named entity, once: a lookup per quote rather than a scan of every entity
    entity_of = {i: ent for ent in doc.ents if ent.label_ in ("PERSON", "ORG") for i in range(ent.start, ent.end)}
    for i, cand in enumerate(cands):
        if out[i] is not None:
            continue
        out[i] = _embedding_subject(text, cand, quoted, entity_of, doc)
        if out[i] is not None:
            continue
        line_end = text.find("\n", cand.outer_end)
        if text[cand.outer_end : len(text) if line_end < 0 else line_end].strip(" .,;:!?"):
            continue  # words after the quote on its line: a cue of its own that no rule read
        end = text_end(text, cand.outer_start)
        if text[end - 1 : end] not in (".", "!", "?") or "\n\n\n" in text[end : cand.outer_start]:
            continue
        last = doc.char_span(end - 1, end, alignment_mode="expand")
        if last is None or not len(last):
            continue
        sent = last[0].sent
        if any(s < sent.end_char and sent.start_char < e for s, e in quoted):
            continue  # a sentence with a quote is not narration
        # an active subject: "John Smith was arrested." is who the next quote is about, not who says it
        subject = next((t for t in children(sent.root) if t.dep_ == "nsubj"), None)
        ent = entity_of.get(subject.i) if subject is not None else None
        # The small tagger calls many people organisations: a first name settles it.
        if ent is None or not (ent.label_ == "PERSON" or (ent.label_ == "ORG" and first_name_gender(ent.text))):
            continue
        out[i] = Attribution(ent.text, ent.start_char, ent.end_char, "", "narrative")
    return out


def _embedding_subject(text: str, cand: Candidate, quoted: list[tuple[int, int]], entity_of: dict, doc) -> Attribution | None:
    """The subject of the sentence a cue-less quote stands inside, when words of the sentence come
    before the quote, the quote belongs to the main clause, and the subject is a named person or
    organisation, or "he" or "she", before it: "Mike Huckabee is labeling the orders “an abuse of
    power.”", "Pia Sorel called it “a sham.”". Not a quote in a clause with a subject of its own or
    on a noun: "Ann Lee disputed the report, which called her plan “a disaster.”" is not Ann Lee's.

    `entity_of` maps a token's index to its PERSON or ORG entity; `doc` is the parsed article.
    """
    inside = doc.char_span(cand.start, cand.end, alignment_mode="expand")
    if inside is None or not len(inside):
        return None
    sent = inside[0].sent
    if not regex.search(r"\p{L}", text[sent.start_char : cand.outer_start]):
        return None  # the quote opens its sentence: the narrative rule's case
    token = inside.root
    while token.i != sent.root.i and token.head.i != token.i:
        if token.dep_ in _NOT_MAIN_CLAUSE or any(c.dep_ in ("nsubj", "nsubjpass") for c in children(token)):
            return None  # "…, which called her plan “…”", "what Pierre Poilievre calls “…”"
        token = token.head
    subject = next((t for t in children(sent.root) if t.dep_ == "nsubj"), None)
    if subject is None or subject.idx >= cand.outer_start or any(s <= subject.idx < e for s, e in quoted):
        return None
    if subject.lower_ in ("he", "she"):
        return Attribution(subject.text, subject.idx, subject.idx + len(subject), "", "narrative")
    ent = entity_of.get(subject.i)
    if ent is None:
        return None
    start = ent.start_char + len(_POSSESSIVE_START.match(ent.text).group())  # the tagger's "’s Clinton"
    return Attribution(text[start : ent.end_char], start, ent.end_char, "", "narrative")


# Clauses that are not the main one: on a noun ("a post calling the judge “…”"), relative, subject;
# an adverbial clause with no subject of its own shares the main one ("Flea posted it, writing “…”").
_NOT_MAIN_CLAUSE = {"relcl", "acl", "csubj"}
# A possessive's "’s" that the tagger put at an entity's start.
_POSSESSIVE_START = regex.compile(r"(?:['’]s\s+)?")
