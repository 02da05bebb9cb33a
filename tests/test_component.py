"""The spaCy component: `nlp.add_pipe("quotes")` puts attributed quotes in `doc.spans["quotes"]`."""

import pickle
import subprocess
import sys

import pytest
import spacy
from spacy.tokens import DocBin

import quotes
from quotes.errors import QuotesError
from quotes.model import default_model


@pytest.fixture(scope="module")
def parsed():
    """The English pipeline with the component at the end: a copy of its own, as adding a pipe changes it."""
    if default_model() is None:
        pytest.skip("no spaCy English pipeline installed")
    nlp = spacy.load(default_model())
    nlp.add_pipe("quotes")
    return nlp


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes")
    return nlp


def found(doc):
    return [(span.text, span._.speaker, span._.cue) for span in doc.spans["quotes"]]


def test_spacy_finds_the_component_by_its_entry_point_with_no_import_of_quotes(tmp_path):
    script = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('quotes')\n"
        "doc = nlp('“We will win,” said Jane Smith.')\n"
        "print([(s.text, s._.speaker) for s in doc.spans['quotes']])\n"
    )
    run = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[('We will win,', 'Jane Smith')]"


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will win,” said Jane Smith.", [("We will win,", "Jane Smith", "said")]),
        ("Jane Smith arrived. “We will win,” she said.", [("We will win,", "Jane Smith", "said")]),
        ("Hugh Hill, a doctor who treated him, said: “He was fine.”", [("He was fine.", "Hugh Hill", "said")]),
        ("“We are ready,” the White House said in a statement.",
         [("We are ready,", "White House", "said in a statement")]),
        ("The sign read nothing at all.", []),
    ],
)
def test_each_quote_becomes_a_span_with_its_speaker_and_cue(parsed, text, expected):
    assert found(parsed(text)) == expected


@pytest.mark.model
def test_a_span_keeps_the_speaker_as_written_and_how_it_was_found(parsed):
    doc = parsed("Jane Smith arrived. “We will win,” she said.")
    span = doc.spans["quotes"][0]
    assert (span.label_, span._.speaker_mention, span._.speaker_type, span._.detector) == (
        "QUOTE", "she", "person", "marks+syntax")
    assert 0 < span._.confidence <= 1


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "“We will win,” said Jane Smith. “The second part, with no cue of its own.”",
        "The mayor said that “the budget is fine” and left.\n\nSmith said on Twitter: “We are ready.”",
        "Jane Smith arrived. “We will win,” she said. “We are ready,” Tom Jones replied.",
    ],
)
def test_the_spans_match_what_extract_finds_with_the_whole_text_parsed(parsed, text):
    frame = quotes.extract(text, parse="all")
    doc = parsed(text)
    spans = [(s.start_char, s.end_char, s._.speaker, s._.cue) for s in doc.spans["quotes"]]
    expected = frame[["quote_start", "quote_end", "speaker", "cue"]].astype(object)
    assert spans == list(expected.where(expected.notna(), None).itertuples(index=False, name=None))


@pytest.mark.model
def test_pipe_annotates_every_text_in_order(parsed):
    texts = ["“We will win,” said Jane Smith.", "No quotes here.", "“Not yet,” Tom Jones said."]
    assert [[(s.text, s._.speaker) for s in doc.spans["quotes"]] for doc in parsed.pipe(texts, n_process=1)] == [
        [("We will win,", "Jane Smith")], [], [("Not yet,", "Tom Jones")]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“We will win,” said Jane Smith.", [("We will win,", "Jane Smith", "said")]),
        ('"We will win," Jane Smith said.', [("We will win,", "Jane Smith", "said")]),
        ("The crowd waited.\n\n“We will win this election, and by a mile, whatever happens.”",
         [("We will win this election, and by a mile, whatever happens.", None, None)]),
    ],
)
def test_a_blank_pipeline_still_finds_marked_quotes_by_the_rules(blank, text, expected):
    assert found(blank(text)) == expected


def test_a_blank_pipeline_is_told_that_the_component_wants_a_parser(blank):
    assert blank.analyze_pipes()["problems"]["quotes"] == ["token.dep"]


def test_an_unknown_detector_is_refused_when_the_pipe_is_added():
    with pytest.raises(QuotesError, match="unknown detectors"):
        spacy.blank("en").add_pipe("quotes", config={"detectors": ["regex"]})


def test_the_spans_key_can_be_chosen():
    nlp = spacy.blank("en")
    nlp.add_pipe("quotes", config={"spans_key": "said"})
    doc = nlp("“We will win,” said Jane Smith.")
    assert [s.text for s in doc.spans["said"]] == ["We will win,"]


def test_the_spans_and_their_speakers_survive_a_docbin(blank):
    stored = DocBin(docs=[blank("“We will win,” said Jane Smith.")], store_user_data=True).to_bytes()
    (doc,) = DocBin().from_bytes(stored).get_docs(blank.vocab)
    assert found(doc) == [("We will win,", "Jane Smith", "said")]


def test_a_saved_pipeline_loads_the_component_again(blank, tmp_path):
    blank.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert found(loaded("“We will win,” said Jane Smith.")) == [("We will win,", "Jane Smith", "said")]


def test_a_pickled_pipeline_keeps_its_rules(blank):
    copy = pickle.loads(pickle.dumps(blank))
    assert found(copy("“We will win,” said Jane Smith.")) == [("We will win,", "Jane Smith", "said")]


@pytest.mark.model
def test_the_component_leaves_the_users_doc_as_it_was_but_for_its_spans():
    nlp = spacy.load(default_model(), exclude=["ner"])
    nlp.add_pipe("quotes")
    doc = nlp("Marta Quiroga opened the clinic.\n\n“It is a good day,” she said.")
    assert found(doc) == [("It is a good day,", "Marta Quiroga", "said")]
    assert not doc.has_annotation("ENT_IOB")  # no entities of ours on a pipeline without a recogniser
    assert "quotes.text" not in doc.user_data and "quotes.children" not in doc.user_data
