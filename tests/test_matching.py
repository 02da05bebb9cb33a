"""Which wordings are one quote: quotes in pieces, quotes whose attribution a copy lost, and misquotes kept apart."""

import numpy as np
import pytest

from quotes.dedup import DedupOptions
from quotes.matching import cluster_quotes, unnamed_matches

OPTIONS = DedupOptions()
TAXES = "we will cut taxes for families this year"
ROADS = "and we will build the coast road next spring"
SCHOOLS = "every school in the county gets a new roof"


def groups(rows, same_words=None):
    """rows: (speaker, words, whole row it is a piece of, or None for a whole quote)."""
    speakers = [r[0] for r in rows]
    texts = [r[1] for r in rows]
    whole = np.array([r[2] if r[2] is not None else i for i, r in enumerate(rows)])
    found, altered = cluster_quotes(speakers, texts, texts, whole, OPTIONS,
                                    None if same_words is None else np.array(same_words))
    return found.tolist(), altered


LONG = "and we will build the coast road from the harbour to the old mill before the spring floods come"


def test_a_copy_that_cut_one_piece_to_a_fragment_still_joins_its_quote():
    cut = "the coast road from the harbour to the old mill"
    found, _ = groups([
        ("ann lee", f"{TAXES} {LONG}", None), ("ann lee", TAXES, 0), ("ann lee", LONG, 0),
        ("ann lee", f"{TAXES} {cut}", None), ("ann lee", TAXES, 3), ("ann lee", cut, 3),
    ])
    assert found[0] == found[3]


def test_one_shared_piece_of_a_long_quote_does_not_make_two_quotes_one():
    # the pieces that match make up less than half of the second quote
    found, _ = groups([
        ("ann lee", f"{TAXES} {LONG}", None), ("ann lee", TAXES, 0), ("ann lee", LONG, 0),
        ("ann lee", f"{SCHOOLS} {TAXES} {ROADS} {SCHOOLS}", None), ("ann lee", SCHOOLS, 3), ("ann lee", TAXES, 3),
        ("ann lee", f"{ROADS} {SCHOOLS}", 3),
    ])
    assert found[0] != found[3]


def test_a_misquoted_piece_keeps_the_copy_apart_however_alike_the_other_pieces():
    negated = ROADS.replace("we will build", "we will not build")
    found, altered = groups([
        ("ann lee", f"{TAXES} {ROADS}", None), ("ann lee", TAXES, 0), ("ann lee", ROADS, 0),
        ("ann lee", f"{TAXES} {negated}", None), ("ann lee", TAXES, 3), ("ann lee", negated, 3),
    ])
    assert found[0] != found[3] and any(kind == "negation" for _, _, kind in altered)


@pytest.mark.parametrize("unnamed, named, joined", [
    (TAXES, [("ann lee", TAXES)], True),                                     # the same words
    ("cut taxes for families this year", [("ann lee", TAXES)], True),        # a fragment of hers
    (TAXES, [("ann lee", TAXES), ("bo li", TAXES)], False),                  # two speakers have them
    (TAXES.replace("will", "will not"), [("ann lee", TAXES)], False),        # a misquote of hers
    ("we will", [("ann lee", "we will")], False),                            # too short to tell
])
def test_a_quote_with_no_speaker_joins_the_one_named_speaker_whose_words_it_has(unnamed, named, joined):
    rows = [("", unnamed, None)] + [(who, words, None) for who, words in named]
    same_words = [0] * len(rows) if len(unnamed.split()) >= OPTIONS.min_fragment_words else [-1] + [0] * len(named)
    found, _ = groups(rows, same_words)
    assert (found[0] in found[1:]) == joined


def test_unnamed_matches_compare_the_words_directly_not_through_a_shared_fragment():
    speakers = ["", "ann lee", "bo li"]
    texts = ["we will cut taxes for families", "we will cut taxes for families this year", "cut taxes for families and schools"]
    # one group of the same words, yet only ann lee's quote holds the unnamed quote's words
    assert unnamed_matches(speakers, texts, np.array([5, 5, 5]), OPTIONS) == {0: {1}}


def test_a_long_unnamed_passage_that_quotes_someone_briefly_is_not_theirs():
    speakers = ["", "ann lee"]
    texts = [f"in the fall they met and wrote {TAXES} and then they left", TAXES]
    assert unnamed_matches(speakers, texts, np.array([5, 5]), OPTIONS) == {}


def test_a_quote_with_no_speaker_that_changes_a_name_does_not_join():
    import quotes

    m = quotes.extract(["“Russia must leave Ukraine before any talks can begin,” said Lena Berg.",
                        "The banner read: “Russia must leave Georgia before any talks can begin.”"], model="none")
    quotes.deduplicate(m)
    assert m["quote_id"].nunique() == 2


def test_a_copy_that_printed_a_long_piece_in_part_joins_however_little_of_it_is_left():
    # every piece of the copy matches the quote, though its words are under half of it
    opening = ("the harbour board met on monday and agreed after a long debate that the old ferry pier "
               "will be rebuilt in stone with money from the port fund and the county")
    kept = "will be rebuilt in stone with money from the port fund"
    found, _ = groups([
        ("ann lee", f"{opening} {TAXES}", None), ("ann lee", opening, 0), ("ann lee", TAXES, 0),
        ("ann lee", f"{kept} {TAXES}", None), ("ann lee", kept, 3), ("ann lee", TAXES, 3),
    ])
    assert found[0] == found[3]


def test_a_fragment_held_word_for_word_joins_its_quote_even_after_a_reworded_copy_took_it():
    whole = "the council voted for that tax and her judgment was not right it is an issue we have got to talk more about"
    fragment = "the council voted for that tax and her judgment was not right"
    reworded = "the council voted for that tax and really judgment was not right"  # longer: clustered first
    found, _ = groups([("ann lee", whole, None), ("ann lee", fragment, None), ("ann lee", reworded, None)])
    assert found[0] == found[1] == found[2]
