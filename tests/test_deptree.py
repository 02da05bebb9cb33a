"""Walks of the parse that stay near a token however wide its subtree."""

import pytest
import spacy
from spacy.tokens import Doc

from quotes.deptree import children, governs, lefts, rights

VOCAB = spacy.blank("en").vocab


def flat(n):
    """A root in the middle of n tokens, every other token its child: a run-on 'sentence'."""
    root = n // 2
    return Doc(VOCAB, words=[f"w{i}" for i in range(n)], heads=[root] * n,
               deps=["ROOT" if i == root else "dep" for i in range(n)])


def chain(n):
    """Each token the head of the one before: a parse as deep as the text is long."""
    return Doc(VOCAB, words=[f"w{i}" for i in range(n)], heads=[min(i + 1, n - 1) for i in range(n)],
               deps=["dep"] * (n - 1) + ["ROOT"])


def test_a_narrow_token_has_all_its_children():
    doc = Doc(VOCAB, words=["Ann", "Lee", "said", "so", "."], heads=[1, 2, 2, 2, 2],
              deps=["compound", "nsubj", "ROOT", "advmod", "punct"])
    assert [t.text for t in children(doc[2])] == ["Lee", "so", "."]
    assert [t.text for t in lefts(doc[2])] == ["Lee"] and [t.text for t in rights(doc[2])] == ["so", "."]


@pytest.mark.parametrize("window", [1, 5, 60])
def test_a_wide_token_has_its_children_within_the_window(window):
    doc = flat(1001)
    root = doc[500]
    assert [t.i for t in children(root, window)] == [i for i in range(500 - window, 501 + window) if i != 500]


def random_tree(n, rng):
    """A projective-enough random parse: each token's head a random earlier or later token near it,
    or far away now and then, one root."""
    heads = [min(n - 1, max(0, i + rng.choice([-1, 1]) * rng.choice([1, 2, 3, 80, 150]))) for i in range(n)]
    root = rng.randrange(n)
    heads[root] = root
    for i in range(n):  # no cycles: point everything the wrong way round at the root
        if heads[i] != i and heads[heads[i]] == i:
            heads[i] = root
    return Doc(VOCAB, words=[f"w{i}" for i in range(n)], heads=heads, deps=["ROOT" if i == root else "dep" for i in range(n)])


@pytest.mark.parametrize("seed", range(5))
def test_the_children_of_every_token_agree_with_spacy_within_the_window(seed):
    import random

    rng = random.Random(seed)
    for doc in (flat(301), chain(300), random_tree(400, rng)):
        for token in doc:
            assert children(token) == [c for c in token.children if abs(c.i - token.i) <= 60]


@pytest.mark.parametrize("distance, found", [(1, True), (8, True), (9, False), (500, False)])
def test_an_ancestor_is_looked_for_a_few_heads_up(distance, found):
    doc = chain(1000)
    assert governs(doc[100 + distance], doc[100]) is found


def test_a_root_governs_nothing_above_it():
    doc = chain(10)
    assert governs(doc[0], doc[9]) is False
