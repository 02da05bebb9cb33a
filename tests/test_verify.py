"""`quotes verify`: where a claimed quote appeared, in which wording, and what differs from the claim."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.claims import QuoteIndex, is_found, verify

NEWS = [
    {"id": "wire-1", "outlet": "Reuters", "published": "2025-03-04T09:00:00Z",
     "text": "“The ceasefire will hold if both sides respect it,” said Defence Minister Ana Ruiz."},
    {"id": "post-1", "outlet": "Post", "published": "2025-03-05",
     "text": "“The ceasefire will hold if both sides respect it,” Ruiz told the Post."},
    {"id": "globe-1", "outlet": "Globe", "published": "2025-03-06",
     "text": "“Inflation will fall to 2% by the end of next year,” said Tom Hale, the central bank governor.\n\n"
             "“Russia must leave Ukraine before any talks can begin,” said Lena Berg."},
]


@pytest.fixture(scope="module")
def index():
    mentions = quotes.extract(NEWS, model="none")
    return QuoteIndex(quotes.deduplicate(mentions), mentions)


@pytest.mark.parametrize("claim, match", [
    ("The ceasefire will hold if both sides respect it", "exact"),
    ("“the CEASEFIRE will hold — if both sides respect it”", "exact"),      # marks, case and dashes fold
    ("ceasefire will hold if both sides", "fragment"),
    ("The truce will hold if both sides respect it", "reworded"),
    ("Inflation will fall to 2% by the end of the next year", "reworded"),
])
def test_a_claim_that_appeared_is_found(index, claim, match):
    answer = verify(claim, index)
    assert answer.iloc[0]["match"] == match and is_found(answer)


@pytest.mark.parametrize("claim, alteration", [
    ("The ceasefire will not hold if both sides respect it", "negation"),
    ("The ceasefire won't hold if both sides respect it", "negation"),
    ("Inflation will fall to 3% by the end of next year", "number"),
    ("Inflation might fall to 2% by the end of next year", "modal"),
    ("Russia must leave Georgia before any talks can begin", "name"),
])
def test_a_claim_that_alters_what_was_said_is_not_found_and_says_what_differs(index, claim, alteration):
    answer = verify(claim, index)
    assert not is_found(answer)
    assert answer.iloc[0]["match"] == "altered" and answer.iloc[0]["alteration"] == alteration


@pytest.mark.parametrize("claim", [
    "We will build a new harbour for the fishing fleet",
    "Never",
    "The ceasefire",          # two words: a stretch too short to call anything
])
def test_a_claim_that_did_not_appear_is_not_found(index, claim):
    assert not is_found(verify(claim, index))


@pytest.mark.parametrize("claim", [
    "The ceasefire will hold if both sides respect it, and we will never sign a treaty with them",
    "The ceasefire will hold if both sides respect it, Ruiz said, and Ortiz agreed",
])
def test_a_claim_that_adds_to_a_printed_quote_is_only_partial(index, claim):
    answer = verify(claim, index)
    assert answer.iloc[0]["match"] == "partial" and not is_found(answer)


def test_a_claim_pasted_with_its_attribution_is_read_as_the_words_in_its_marks(index):
    answer = verify("“The ceasefire will hold if both sides respect it,” she said.", index)
    assert answer.iloc[0]["match"] == "exact" and is_found(answer)


@pytest.mark.parametrize("claim", [
    "The truce will collapse if both sides ignore it",       # the opposite, in other words
    "The ceasefire will hold",                               # under five words: too few to tell a quote by
])
def test_a_claim_only_close_to_a_quote_is_not_found(index, claim):
    answer = verify(claim, index)
    assert answer.empty or answer.iloc[0]["match"] == "close"
    assert not is_found(answer)


def test_the_answer_says_where_and_when_first(index):
    row = verify("The ceasefire will hold if both sides respect it", index).iloc[0]
    assert row["speaker"] == "Ana Ruiz" and row["n_articles"] == 2
    assert (row["first_published"], row["first_outlet"], row["first_article_id"]) == ("2025-03-04T09:00:00+00:00", "Reuters", "wire-1")
    assert row["mentions"] == "wire-1:1-50; post-1:1-50"
    assert row["differences"] is pd.NA or pd.isna(row["differences"])


def test_what_differs_is_given_in_words(index):
    row = verify("The truce will hold if the two sides respect it", index).iloc[0]
    assert row["differences"] == "missing: ceasefire … both; added: truce … the two"


@pytest.mark.parametrize("speaker, found", [
    ("Ana Ruiz", True), ("Ruiz", True), ("Defence Minister Ana Ruiz", True), ("Tom Hale", False),
    ("Maria Ana Ruiz", False),   # more fully named than any row: not surely her
])
def test_a_claimed_speaker_must_be_the_one_who_said_it(index, speaker, found):
    answer = verify("The ceasefire will hold if both sides respect it", index, speaker=speaker)
    assert is_found(answer) == found
    assert answer.iloc[0]["speaker"] == "Ana Ruiz"  # the words are shown either way


def test_verify_takes_a_mentions_table_or_a_quotes_table():
    mentions = quotes.extract(NEWS, model="none")
    table = quotes.deduplicate(mentions.copy())
    for given in (mentions, table):
        assert verify("ceasefire will hold if both sides", given).iloc[0]["match"] == "fragment"
    assert pd.isna(verify("ceasefire will hold if both sides", table).iloc[0]["mentions"])  # no offsets in a quotes table


@pytest.mark.parametrize("claim", ["", "…", "“ ”"])
def test_a_claim_without_words_is_an_input_error(index, claim):
    with pytest.raises(quotes.InputError):
        verify(claim, index)


# --------------------------------------------------------------------------------- the command
@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("verify")
    news = folder / "news.jsonl"
    news.write_text("\n".join(pd.Series(NEWS).map(lambda r: pd.io.json.ujson_dumps(r, ensure_ascii=False))) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(news), "--model", "none", "-q", "-o", str(folder / "q.csv"),
                                      "--mentions", str(folder / "m.parquet")])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("inputs", [["news.jsonl"], ["q.csv", "m.parquet"], ["q.csv"], ["m.parquet"]])
@pytest.mark.parametrize("claim, code, verdict", [
    ("The ceasefire will hold if both sides respect it", 0, "found: exact, by Ana Ruiz"),
    ("The ceasefire will not hold if both sides respect it", 1, "not found: the closest wording differs in negation"),
    ("We will build a new harbour for the fishing fleet", 1, "not found: no quote close to the claim"),
])
def test_the_command_answers_from_news_or_from_tables(tables, inputs, claim, code, verdict):
    args = ["verify", claim, *(str(tables / i) for i in inputs)] + (["--model", "none"] if inputs == ["news.jsonl"] else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, result.output
    assert result.stdout.splitlines()[0] == verdict


def test_the_command_writes_the_answer_as_a_table(tables, tmp_path):
    result = CliRunner().invoke(app, ["verify", "ceasefire will hold if both sides", str(tables / "q.csv"), "-o", str(tmp_path / "a.jsonl")])
    assert result.exit_code == 0, result.output
    answer = pd.read_json(tmp_path / "a.jsonl", lines=True)
    assert list(answer.columns) == list(quotes.table.VERIFIED) and answer.at[0, "match"] == "fragment"


@pytest.mark.parametrize("args, message", [
    (["verify", "We will win", "missing.csv"], "no article was read"),
    (["verify", "…", "q.csv"], "the claim has no words"),
    (["verify", "We will win", "q.csv", "news.jsonl"], "not both"),
])
def test_the_command_errors_are_one_line_and_exit_4(tables, args, message):
    args = [a if not a.endswith((".csv", ".jsonl")) or a == "missing.csv" else str(tables / a) for a in args]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 4, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_the_answer_never_overwrites_an_input(tables):
    before = (tables / "q.csv").read_bytes()
    result = CliRunner().invoke(app, ["verify", "ceasefire will hold if both sides", str(tables / "q.csv"), "-o", str(tables / "q.csv")])
    assert result.exit_code == 4 and (tables / "q.csv").read_bytes() == before


def test_overlapping_tables_and_odd_files_are_read_without_a_traceback(tables, tmp_path):
    mac = tmp_path / "mac.txt"
    mac.write_bytes("“We will appeal the ruling because the court got it wrong,” Ana Ruiz said.\rShe left.\r".encode())
    for inputs in ([tables / "q.csv", tables / "q.csv"], [tables / "m.parquet", tables / "m.parquet"], [mac]):
        result = CliRunner().invoke(app, ["verify", "We will appeal the ruling because the court got it wrong",
                                          *map(str, inputs), "--model", "none"])
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    result = CliRunner().invoke(app, ["verify", "The ceasefire will hold if both sides respect it", str(tables / "m.parquet"),
                                      str(tables / "m.parquet")])
    assert result.stdout.count("wire-1:1-50") == 1  # each mention once


def test_an_input_that_gives_nothing_is_named(tmp_path):
    result = CliRunner().invoke(app, ["verify", "We will win the vote", str(tmp_path / "missing.jsonl"), "--model", "none"])
    assert result.exit_code == 4 and "missing.jsonl" in result.stderr


def test_a_claim_with_apostrophes_and_scare_quotes_is_read_whole():
    m = quotes.extract(['“The city’s own study counted 35 spaces, not 80,” said Maria Ortiz.',
                        '“Most of the people we saw had simply not had enough water,” said Hugh Hill.'], model="none")
    assert verify('"The city’s own study counted 35 spaces, not 80."', m).iloc[0]["match"] == "exact"
    assert verify('Most of the people we saw had “simply” not had enough water', m).iloc[0]["match"] == "exact"


@pytest.mark.parametrize("speaker, found", [("Ms. Ortiz", True), ("Mrs. Ortiz", True), ("Mr. Ortiz", False)])
def test_an_honorific_in_the_claimed_speaker_must_fit(speaker, found):
    m = quotes.extract(['“The city’s own study counted 35 spaces, not 80,” said Maria Ortiz.'], model="none")
    assert is_found(verify("The city’s own study counted 35 spaces, not 80", m, speaker=speaker)) == found


def test_a_table_cut_to_its_key_columns_is_read(tables, tmp_path):
    pd.read_csv(tables / "q.csv")[["quote_id", "quote", "speaker"]].to_csv(tmp_path / "cut.csv", index=False)
    result = CliRunner().invoke(app, ["verify", "The ceasefire will hold if both sides respect it", str(tmp_path / "cut.csv")])
    assert result.exit_code == 0 and result.stdout.startswith("found: exact, by Ana Ruiz")


@pytest.mark.parametrize("bad", [None, 5, "text"])
def test_verify_in_python_says_what_it_looks_in(bad):
    with pytest.raises(quotes.InputError):
        verify("We will win the vote in the spring", bad)


@pytest.mark.parametrize("claim, match", [
    ("The ceasefire will hold if both sides respect it fully", "reworded"),   # a word more than was printed
    ("The ceasefire will hold if both sides respect it. We expect talks to begin in the spring of next year", "partial"),
])
def test_a_claim_that_adds_a_word_is_a_rewording_not_the_misquote_beside_it(claim, match):
    articles = [{"id": "a", "text": "“The ceasefire will hold if both sides respect it,” said Ana Pike.", "outlet": "Ledger"},
                {"id": "b", "text": "“The ceasefire will not hold if both sides respect it,” said Ana Pike.", "outlet": "Gazette"}]
    answer = verify(claim, quotes.extract(articles, model="none"))
    assert answer.iloc[0]["match"] == match and answer.iloc[0]["outlets"] == "Ledger"


def test_a_found_wording_that_the_corpus_marks_as_a_misquote_says_so(tmp_path):
    from typer.testing import CliRunner

    from quotes.cli import app

    said = "“The ceasefire will hold if both sides respect it,” said Ana Pike."
    altered = said.replace("will hold", "will not hold")
    corpus = tmp_path / "news.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in (("a", said), ("b", said), ("c", altered))))
    result = CliRunner().invoke(app, ["verify", "The ceasefire will not hold if both sides respect it", str(corpus),
                                      "--model", "none", "-q"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1].startswith("caution: the corpus marks this wording as a possible misquote of q")


@pytest.mark.parametrize("claim, match", [
    ("We will cut the tolls on the roads, and we will never raise them again", "partial"),  # an invented ending
    ("We will cut the tolls on the roads in 2027", "partial"),                               # a number added
    ("Yes, we will cut the tolls on the roads", "reworded"),                                 # a word added
])
def test_words_a_claim_adds_to_a_printed_quote_make_it_found_only_when_they_change_nothing(claim, match):
    mentions = quotes.extract(["“We will cut the tolls on the roads,” said Ana Pike."], model="none")
    assert verify(claim, mentions).iloc[0]["match"] == match
