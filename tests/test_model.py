"""The spaCy pipeline as the engine loads it: the components it adds and the ones it replaces."""

import numpy
import pytest
import regex
from spacy.attrs import SENT_START

from quotes.focus import masked
from quotes.deptree import doc_text
from quotes.model import _BLANKS, PARAGRAPH_BREAKS, _load_with_numpy_products, component_batches, default_model, masked_doc
from quotes.tags import FAST_TAGS

pytestmark = pytest.mark.model

TEXTS = [
    "“We will not sign it,” she said, and the mayor's office had said the same on Tuesday.",
    "Nobody's gonna tell me that. Let's see what they do, he told reporters in Ft. Worth.",
    "There are 240 workers, and none of them was asked. “I ain't leaving,” said one, who'd been there 30 years.",
    "Ms. Reyes, 54, was being questioned; the company did not comment.\n\n“It's done,” Hale said.",
    # forms whose lemma the word lists decide: plurals, comparatives, participles
    "The ponies grazed while farmers studied the analyses; “Prices are lower and the wolves bolder,” she argued, having skied there.",
]


@pytest.fixture(scope="module")
def spacy_own():
    """The same pipeline with spaCy's own attribute ruler and lemmatizer."""
    import spacy

    return spacy.load(default_model())


def test_the_pipeline_multiplies_with_numpy_and_reads_as_with_blis(spacy_own):
    numpy_products = _load_with_numpy_products(default_model())
    assert numpy_products.get_pipe("tok2vec").model.ops.use_blis is False
    assert spacy_own.get_pipe("tok2vec").model.ops.use_blis is True
    for text in TEXTS:
        ours, theirs = numpy_products(text), spacy_own(text)
        assert [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in ours] == [(t.tag_, t.dep_, t.head.i, t.ent_type_) for t in theirs]
        assert abs(ours.tensor - theirs.tensor).max() < 1e-3


def test_ops_the_user_chose_are_kept():
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    class Chosen(NumpyOps):
        name = "chosen"

    before = get_current_ops()
    set_current_ops(Chosen())
    try:
        nlp = _load_with_numpy_products(default_model())
    finally:
        set_current_ops(before)
    assert type(nlp.get_pipe("tok2vec").model.ops) is Chosen


def _blas_threads():
    from threadpoolctl import threadpool_info

    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_the_engine_loads_its_pipeline_to_multiply_with_numpy(nlp):
    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False


def test_numpy_blas_runs_on_one_thread_while_the_engine_parses():
    from spacy.language import Language
    from threadpoolctl import threadpool_limits

    import quotes
    from quotes.model import load_model

    nlp = load_model(None)  # the engine's own

    seen = []
    if "test_blas_threads" not in Language.factories:
        Language.component("test_blas_threads", func=lambda doc: seen.append(_blas_threads()) or doc)
    nlp.add_pipe("test_blas_threads", last=True)
    try:
        with threadpool_limits(limits=2, user_api="blas"):
            before = _blas_threads()
            quotes.extract(["“It is late,” he said. “We go,” said Ann Lee, who had waited."])
            after = _blas_threads()
    finally:
        nlp.remove_pipe("test_blas_threads")
    assert set(before) == {2} and after == before
    assert seen and all(set(threads) == {1} for threads in seen)


def test_the_engine_replaces_the_attribute_ruler_and_lemmatizer(nlp):
    assert FAST_TAGS in nlp.pipe_names and PARAGRAPH_BREAKS in nlp.pipe_names
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names


@pytest.mark.parametrize("text", TEXTS)
def test_fast_tags_give_what_the_attribute_ruler_and_lemmatizer_give(nlp, spacy_own, text):
    ours, theirs = nlp(text), spacy_own(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    # the parse may differ where the paragraph-break component starts a sentence: compare where it does not
    same = [(a, b) for a, b in zip(ours, theirs) if a.dep_ == b.dep_ and a.tag_ == b.tag_]
    assert len(same) >= 0.9 * len(ours)
    assert [(a.pos_, a.lemma_, str(a.morph)) for a, _ in same] == [(b.pos_, b.lemma_, str(b.morph)) for _, b in same]


def test_the_encoder_batched_on_its_own_gives_the_same_parse(nlp):
    # the token encoder gets smaller batches than the parser (component_batches); what the parser
    # and the tagger read from it must not depend on the batches: 20 docs, batches of 3 against
    # one doc at a time
    assert set(component_batches()) <= set(nlp.pipe_names)
    texts = [f"{text} ({i})" for i, text in enumerate(TEXTS * 4)]
    config = {name: {"batch_size": 3} for name in component_batches()}
    apart = list(nlp.pipe(texts, batch_size=len(texts), component_cfg=config))
    alone = [nlp(text) for text in texts]
    assert [[(t.tag_, t.dep_, t.head.i, t.pos_, t.lemma_) for t in doc] for doc in apart] == \
        [[(t.tag_, t.dep_, t.head.i, t.pos_, t.lemma_) for t in doc] for doc in alone]
    # the encoder's matrix products round alike but for the last bits, whichever rows share a batch
    assert all(a.tensor.any() and numpy.allclose(a.tensor, b.tensor, rtol=1e-4, atol=1e-5) for a, b in zip(apart, alone))
    # and the parse is a real one: the speaker is the subject of the speech verb
    she = next(t for t in apart[0] if t.text == "she")
    assert (she.dep_, she.head.text) == ("nsubj", "said")


def test_a_line_break_starts_a_sentence(nlp):
    doc = nlp("The vote was at 1:50 p.m.\nShe said it was over.")
    assert [t.text for t in doc if t.is_sent_start] == ["The", "She"]


BLANK = " " * 20
PARAGRAPH = "The board met on Monday. “We won't sell,” its chair said. Shares fell 3% to $4.10 at 4 p.m.\nIt's over."


@pytest.mark.parametrize("text", [
    f"It isn't.{BLANK}“No,” he said.",                       # a contraction's norm ("n't" → "not")
    f"He said so.\n{BLANK}\nThen: “Go.”",                     # a run that starts with a line break
    f"{BLANK}“Fine,” she said.",                              # a run at the start
    f"She left.{BLANK}",                                      # and at the end
    f"One.{' ' * 15}Two.{' ' * 16}Three.",                    # 15 blanks are the text's own; 16 a mask
    f"See https://example.org/a?b=1.{BLANK}U.S. officials ain't sure.",
    f"Before.{' ' * 10}\x1c{' ' * 10}After.",                 # a separator that str.isspace() counts
    f"Tab\t{BLANK}\u00a0{BLANK}nbsp",
    BLANK,
    "",
    f"'{BLANK}x",                                             # a special case first: no sentence start marked
    f"—{BLANK}“Yes.”",
    masked(PARAGRAPH, [(25, 58)]),
    masked(PARAGRAPH + "\n\n" + PARAGRAPH, [(0, 24), (len(PARAGRAPH) + 2, len(PARAGRAPH) + 26)]),
])
def test_a_masked_text_tokenizes_as_the_tokenizer_does(nlp, text):
    ours, theirs = masked_doc(nlp.tokenizer, text), nlp.tokenizer(text)
    assert ours.text == text
    assert doc_text(ours) == text  # kept when the doc is made, not joined again from its tokens
    assert [(t.text, t.whitespace_, t.norm_) for t in ours] == [(t.text, t.whitespace_, t.norm_) for t in theirs]
    assert ours.to_array([SENT_START]).tolist() == theirs.to_array([SENT_START]).tolist()


def test_a_tokenizer_whose_rules_split_blanks_is_called_as_it_is():
    import spacy
    from spacy.util import compile_infix_regex

    nlp = spacy.blank("en")
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r"\n"]).finditer
    text = f"One.{BLANK}\n{BLANK}Two."
    assert [t.text for t in masked_doc(nlp.tokenizer, text)] == [t.text for t in nlp.tokenizer(text)]


def test_another_tokenizer_is_called_as_it_is():
    assert masked_doc(lambda text: ("called", text), f"a{BLANK}b") == ("called", f"a{BLANK}b")


def test_the_blanks_are_what_str_isspace_counts():
    blank = regex.compile(f"[{_BLANKS}]")
    assert [c for c in range(0x110000) if bool(blank.fullmatch(chr(c))) != chr(c).isspace()] == []


# A paragraph without quotes, masked to blanks in the default mode, then quotes that need the parse.
_MASKED = ("The council met for three hours on Tuesday and agreed on nothing at all, the {word} said later. " * 3
           + "\n\n“We {verb} the plan,” he said in a statement. “It is late,” said Ann Lee, the {word} of the council.")


def test_the_masks_leave_nothing_in_the_vocabulary():
    import quotes
    from quotes.model import load_model

    nlp = load_model(None)  # the engine's own

    def long_blanks():
        return {s for s in nlp.vocab.strings if len(s) >= 16 and s.isspace()}

    quotes.extract([_MASKED.format(verb="backed", word="head")])  # what a first run keeps, once
    before = long_blanks()
    found = quotes.extract([_MASKED.format(verb="zorbled", word="chairwoman")])  # masks of other lengths
    assert "Ann Lee" in set(found["speaker"])
    assert long_blanks() == before
    # nor do the fast tagger's caches keep a hash whose string has gone
    tags = nlp.get_pipe(FAST_TAGS)
    assert all(orth in nlp.vocab.strings for orth, _, _ in tags._lemmas)
    assert all(lower in nlp.vocab.strings for lower in tags._word_named)


def test_what_one_batch_keeps_is_still_good_in_the_next():
    # The lemmas and matcher labels kept between Docs outlive each batch's memory zone: a word
    # first met, and a label first used in a zone ("MEDIUM": "said in a statement"), read again in
    # a new batch.
    import quotes
    from quotes.speakers import parse

    parse.matcher.cache_clear()
    text = _MASKED.format(verb="blorfed", word="MEDIUM")
    first = quotes.extract([text])
    second = quotes.extract([text])
    assert first.equals(second)
    assert "said in a statement" in set(second["cue"])


def test_threads_that_extract_at_once_take_turns():
    from concurrent.futures import ThreadPoolExecutor

    from threadpoolctl import threadpool_limits

    import quotes

    # words no run has met yet, so that each thread's lexemes are new while the other parses
    texts = [_MASKED.format(verb=verb, word=word) for verb in ("mulched", "frobbed", "skeined") for word in ("clerk", "MEDIUM", "warden")]
    with threadpool_limits(limits=2, user_api="blas"):
        with ThreadPoolExecutor(2) as pool:
            together = list(pool.map(lambda t: quotes.extract([t]), texts * 2))
        assert set(_blas_threads()) == {2}  # put back by each batch, in the thread that set it
    alone = [quotes.extract([t]) for t in texts]
    assert all(a.equals(b) for a, b in zip(alone * 2, together))


def test_inside_a_zone_of_the_callers_own_the_engine_opens_none():
    import quotes
    from quotes.model import load_model

    nlp = load_model(None)
    with nlp.memory_zone():
        mine = nlp("Their own doc, with a word first met: quizzled.")
        found = quotes.extract([_MASKED.format(verb="quizzled", word="clerk")])
        assert [t.lemma_ for t in mine][-2] and mine.text.endswith("quizzled.")
    assert "said in a statement" in set(found["cue"])


def test_matcher_patterns_with_strings_of_their_own_hold_from_batch_to_batch(tmp_path):
    import json
    import shutil

    import quotes
    from quotes.rules import _default_dir

    rules = tmp_path / "rules"
    shutil.copytree(_default_dir(), rules)
    path = rules / "matcher_patterns.jsonl"
    records = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    records[0]["pattern"] = [{"LOWER": {"FUZZY": {"IN": ["accordinq"]}}}, {"LOWER": "to"}]  # a string only this pattern holds
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    text = _MASKED.format(verb="grommed", word="clerk")
    first = quotes.extract([text], rules_dir=rules)
    assert first.equals(quotes.extract([text], rules_dir=rules))
