import spacy
from spacy.tokens import Doc

from quotes.detect.syntax import find_quotes

VOCAB = spacy.blank("en").vocab


def parsed(words, heads, deps, lemmas, spaces=None):
    return Doc(VOCAB, words=words, spaces=spaces, heads=heads, deps=deps, lemmas=lemmas)


def quoted_clause(verb, lemma):
    """“We will win,” she <verb>."""
    return parsed(
        ["“", "We", "will", "win", ",", "”", "she", verb, "."],
        [7, 3, 3, 7, 7, 7, 7, 7, 7],
        ["punct", "nsubj", "aux", "ccomp", "punct", "punct", "nsubj", "ROOT", "punct"],
        ["“", "we", "will", "win", ",", "”", "she", lemma, "."],
        [False, True, True, False, False, True, True, False, False],
    )


def test_quoted_clausal_complement_of_a_speech_verb_is_a_quote(rules):
    doc = quoted_clause("said", "say")
    [cand] = find_quotes(doc, rules)
    assert doc.text[cand.start : cand.end] == "We will win,"
    assert doc.text[cand.cue_start : cand.cue_end] == "said"
    assert cand.detector == "syntax"


def test_complement_without_marks_is_reported_speech_not_a_quote(rules):
    # She said we will win.
    doc = parsed(
        ["She", "said", "we", "will", "win", "."],
        [1, 1, 4, 4, 1, 1],
        ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "punct"],
        ["she", "say", "we", "will", "win", "."],
    )
    assert list(find_quotes(doc, rules)) == []


def test_complement_of_a_verb_that_is_not_a_speech_verb_is_ignored(rules):
    assert list(find_quotes(quoted_clause("hoped", "hope"), rules)) == []
