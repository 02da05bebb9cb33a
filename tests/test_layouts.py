"""Every quote and nothing else, whatever the layout: stray marks, apostrophes, names in marks,
partial quotes, titles and labels, short speech. Each case with and without the parser."""

import pytest

import quotes

MODELS = [pytest.param(None, marks=pytest.mark.model, id="model"), pytest.param("none", id="rules")]


def found(text, model):
    frame = quotes.extract(text, model=model)
    return [(q, s if isinstance(s, str) else None) for q, s in zip(frame["quote"], frame["speaker"])]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ('He called the plan "a joke.\n\n"Nobody here wants it," said Ruth Calloway.', [("Nobody here wants it,", "Ruth Calloway")]),
    ("He called the plan “a joke.\n\n“Nobody here wants it,” said Ruth Calloway.", [("Nobody here wants it,", "Ruth Calloway")]),
    ("Critics dubbed the deal “the worst bargain the county ever signed.\n\n“We will undo it,” said Omar Haddad.",
     [("We will undo it,", "Omar Haddad")]),
    ("The mayor said the plan was “reckless and rushed.\n\n“We will vote it down,” said Ines Moreau.",
     [("We will vote it down,", "Ines Moreau")]),
], ids=["straight", "curly", "after-dubbed", "three-words"])
def test_a_stray_mark_spoils_only_its_own_paragraph(model, text, expected):
    assert found(text, model) == expected


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", [
    "Folks have been thinkin' 'bout the levee all week, and the board keeps promisin' repairs.",
    "We waited 'til the river dropped, makin' plans for the spring.",
    "The band played rock 'n' roll until the small hours.",
    "The band played rock ’n’ roll, and nobody was talkin’ ’bout sleep.",
    "Tell 'em we're comin' 'cause the road is open.",
])
def test_apostrophes_are_not_quotation_marks(model, text):
    assert found(text, model) == []


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ("“Nobody on this block sleeps,” said a man who goes by the name “Tiny.”", ["Nobody on this block sleeps,"]),
    ("“The pier is closed for good,” said a fisherman who gave his name only as “Rico.”", ["The pier is closed for good,"]),
    ("“Nobody pays for music now,” said the rapper who performs as “Lil Frost.”", ["Nobody pays for music now,"]),
    ("“We are not moving the team,” said Robert “Bobby” Kessler.", ["We are not moving the team,"]),
])
def test_names_and_nicknames_in_marks_are_not_quotes(model, text, expected):
    assert [q for q, _ in found(text, model)] == expected


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, speaker", [
    ("“We are not moving the team,” said Robert “Bobby” Kessler.", "Robert Kessler"),
    ("Maria “Mimi” Duarte said, “The vote was fair and the count was clean.”", "Maria Duarte"),
    ("“The harbour will reopen in June,” harbour master Jonas “Jo” Falk said.", "Jonas Falk"),
])
def test_a_speaker_with_a_nickname_is_named_without_it(model, text, speaker):
    assert [s for _, s in found(text, model)] == [speaker]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ("Larry Summers said that “inflation could come roaring back.”", ("inflation could come roaring back.", "Larry Summers")),
    ("Greta Lund warned that “the reservoir will be empty by August.”", ("the reservoir will be empty by August.", "Greta Lund")),
    ("Paul Okafor argued that “nobody voted for these cuts.”", ("nobody voted for these cuts.", "Paul Okafor")),
])
def test_a_partial_quote_after_that_is_speech(model, text, expected):
    assert found(text, model) == [expected]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", [
    "In Sunday’s episode of “Morning Ledger,” Governor Ana Pike said the budget was sound.",
    'A former senator has written a memoir, "The Long Road Home," about her years in office.',
    "The bakery posted a clip of its staff doing “dough yoga” on Sunday.",
    "The author of “Rivers of Salt,” Dana Whitfield, spoke at the library on Friday.",
    "Her novel “The Glass Orchard,” by Mira Castell, sold out in a week.",
    "Posters reading “Hands Off Our Harbour” (2019) hang in the museum.",
    "READ MORE: Mayor says the budget is ‘fully balanced’\n\nThe council met on Tuesday.",
    "The council met on Tuesday.\n\n‘A budget for everyone’\n\nThe vote was close.",
])
def test_titles_labels_and_headlines_of_other_articles_are_not_quotes(model, text):
    assert found(text, model) == []


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ("When asked if he planned another term, Aldo Brix said, “Never.”", [("Never.", "Aldo Brix")]),
    ("Asked whether the mine would reopen, Ruth Abara replied: “No.”", [("No.", "Ruth Abara")]),
    ("“The owners were warned,” Ines Moreau said. “Twice.”", [("The owners were warned,", "Ines Moreau"), ("Twice.", "Ines Moreau")]),
    ("“We knew about the leak,” said Tomas Berg. “For years.”", [("We knew about the leak,", "Tomas Berg"), ("For years.", "Tomas Berg")]),
    # after a short paragraph, whose line break stands within the sixty characters looked back at
    ("Berg won.\n\n“We knew about the leak,” said Tomas Berg. “For years.”",
     [("We knew about the leak,", "Tomas Berg"), ("For years.", "Tomas Berg")]),
    ('Gonzalez won.\n\n"Frank called me to concede," Gonzalez said. "He was gracious."',
     [("Frank called me to concede,", "Gonzalez"), ("He was gracious.", "Gonzalez")]),
])
def test_short_speech_is_kept(model, text, expected):
    assert found(text, model) == expected


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("pieces, unbroken", [
    ("“The economy,” Ana Pike said, “is in far better shape than people think.”",
     "“The economy is in far better shape than people think,” Ana Pike said."),
    ("“Our harbour,” said Tomas Berg, “has never been this busy in forty years.”",
     "Tomas Berg said: “Our harbour has never been this busy in forty years.”"),
    ("Ines Moreau spoke for an hour.\n\n“We have waited too long for this bridge.\n\n“Now it is time to build it,” Moreau said.",
     "“We have waited too long for this bridge. Now it is time to build it,” said Ines Moreau."),
    ("Ines Moreau said: “We have waited too long for this bridge.”\n\n“Now it is time to build it.”",
     "“We have waited too long for this bridge. Now it is time to build it,” said Ines Moreau."),
], ids=["interrupted", "interrupted-said-first", "paragraphs-left-open", "paragraphs-closed-and-reopened"])
def test_a_quote_in_pieces_is_one_quote_with_exact_pieces(model, pieces, unbroken):
    mentions = quotes.extract([{"id": "pieces", "text": pieces}, {"id": "unbroken", "text": unbroken}], model=model)
    table = quotes.deduplicate(mentions)
    mine = mentions[mentions["article_id"] == "pieces"]
    assert mine["part"].tolist() == [1, 2]
    for row in mine.itertuples():  # each piece exactly as printed: no mark, no paragraph break inside
        assert pieces[row.quote_start : row.quote_end] == row.quote
        assert not set(row.quote) & set("“”\"\n")
    assert mentions["quote_id"].nunique() == 1 and table["n_articles"].tolist() == [2]
    assert table["n_mentions"].tolist() == [2]  # one in each article, however many pieces


@pytest.mark.parametrize("model", MODELS)
def test_after_a_quote_and_its_attribution_the_next_paragraphs_quote_is_another(model):
    text = "“We have waited too long for this bridge,” said Ines Moreau.\n\n“Now it is time to build it.”"
    mentions = quotes.extract(text, model=model)
    assert mentions["part"].isna().all() and len(quotes.deduplicate(mentions)) == 2
    assert mentions["speaker"].tolist() == ["Ines Moreau", "Ines Moreau"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ('"Strike is on," said Michael "Big Mike" Ortiz.', [("Strike is on,", "Michael Ortiz")]),
    ('"We are running," said Dwayne "The Rock" Johnson.', [("We are running,", "Dwayne Johnson")]),
    ("“Bobby” Kessler told the court: “I am innocent of every charge.”", [("I am innocent of every charge.", "Kessler")]),
    ('Witnesses said "Tiny" Marcus Bell threw the first punch.', []),
], ids=["two-words", "the-rock", "nickname-first", "nickname-before-a-name"])
def test_nicknames_of_any_length_and_place_are_not_quotes(model, text, expected):
    assert found(text, model) == expected


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text", [
    "Read more: ‘We will not back down,’ says union boss",
    "ALSO READ: Mayor says budget ‘fully balanced’",
    "Related: Council calls the deal “a disaster for the harbour”",
    "Members of the group, who practise “dough yoga” in the bakery, said they felt great.",
])
def test_label_lines_and_labels_far_from_a_cue_are_not_quotes(model, text):
    assert found(text, model) == []


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ("Ruth Calloway said: ‘We will fight it in the courts.\n\n‘And we will win the case in the end.’",
     [("We will fight it in the courts.", 1), ("And we will win the case in the end.", 2)]),
    ("Ruth Calloway said: 'We will fight it in the courts.\n\n'And we will win the case in the end.'",
     [("We will fight it in the courts.", 1), ("And we will win the case in the end.", 2)]),
    ("Ruth Calloway said: ‘We will fight this plan in the courts and in the chamber.’\n\n‘And we will win, because the law is on our side.’",
     [("We will fight this plan in the courts and in the chamber.", 1), ("And we will win, because the law is on our side.", 2)]),
    ("“The plan,” said Lee Grant, the mayor, “is dead.”", [("The plan,", 1), ("is dead.", 2)]),
], ids=["british-left-open", "british-straight", "british-closed-and-reopened", "interrupted-after-an-appositive"])
def test_quotes_in_pieces_in_british_marks_and_after_an_appositive(model, text, expected):
    mentions = quotes.extract(text, model=model)
    assert list(zip(mentions["quote"], mentions["part"])) == expected
    assert mentions["speaker"].nunique() == 1 and mentions["speaker"].notna().all()


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("text, expected", [
    ("Michael Ortiz, the union boss, told workers: “Strike is on.”", [("Strike is on.", "Michael Ortiz")]),
    ("Ana Pike, the mayor, said on Monday: “Not this year.”", [("Not this year.", "Ana Pike")]),
    ("It was a plan that “nobody in this town wanted,” said resident Joe Park.", [("nobody in this town wanted,", "Joe Park")]),
    ("“We will fight it in the courts,\n\n“and we will win,” said Ruth Calloway.",
     [("We will fight it in the courts,", "Ruth Calloway"), ("and we will win,", "Ruth Calloway")]),
], ids=["told-workers", "said-on-monday", "relative-that", "speaker-of-every-piece"])
def test_speech_after_an_appositive_a_relative_that_and_every_piece_has_its_speaker(model, text, expected):
    assert found(text, model) == expected


def test_a_piece_is_kept_even_where_its_words_repeat_another_quote():
    text = "“The plan,” Ana Pike said, “is dead.”\n\nLater she spoke again. “The plan,” Pike said, “is ours to save.”"
    mentions = quotes.extract(text, model="none")
    assert list(zip(mentions["quote"], mentions["part"])) == [
        ("The plan,", 1), ("is dead.", 2), ("The plan,", 1), ("is ours to save.", 2)]
    assert quotes.deduplicate(mentions)["quote"].tolist() == ["The plan, is dead.", "The plan, is ours to save."]
