"""Misquotes are not variants: wordings alike but for a negation, a number or a modal are two rows, linked."""

import pytest

import quotes
from quotes.alterations import alteration
from quotes.dedup import normalize_quote


@pytest.mark.parametrize("a, b, expected", [
    ("The ceasefire will hold if both sides respect it.", "The ceasefire will not hold if both sides respect it.", "negation"),
    ("We can win this seat in the spring.", "We can never win this seat in the spring.", "negation"),
    ("Nobody wants the new bridge on the river.", "Everybody wants the new bridge on the river.", "negation"),
    ("Inflation will fall to 2% by the end of next year.", "Inflation will fall to 3% by the end of next year.", "number"),
    ("We hired forty nurses for the ward this year.", "We hired fourteen nurses for the ward this year.", "number"),
    ("The plant will close before the winter comes.", "The plant might close before the winter comes.", "modal"),
    ("The plant will close in 2027.", "The plant could close in 2028.", "number; modal"),
    ("We won't raise taxes on working families.", "We will not raise taxes on working families.", None),
    ("We will win this race, and then we will win again.", "We will win this race and then we'll win again!", None),
    ("The budget is sound and the council knows it.", "The budget is sound, and the whole council knows it.", None),
])
def test_what_changed_between_two_wordings(a, b, expected):
    assert alteration(normalize_quote(a), normalize_quote(b)) == expected


@pytest.mark.parametrize("printed, altered, kind", [
    ("“The ceasefire will hold if both sides respect it,” said Ana Pike.",
     "“The ceasefire will not hold if both sides respect it,” said Ana Pike.", "negation"),
    ("“Inflation will fall to 2% by the end of next year,” said Tom Hale.",
     "“Inflation will fall to 3% by the end of next year,” said Tom Hale.", "number"),
    ("“The harbour will reopen to ferries before the summer,” said Ines Moreau.",
     "“The harbour may reopen to ferries before the summer,” said Ines Moreau.", "modal"),
])
def test_a_misquote_is_its_own_row_linked_to_the_quote_it_alters(printed, altered, kind):
    articles = [{"id": "a", "text": printed, "outlet": "Ledger"}, {"id": "b", "text": printed, "outlet": "Courier"},
                {"id": "c", "text": altered, "outlet": "Gazette"}]
    table = quotes.deduplicate(quotes.extract(articles, model="none")).set_index("outlets")
    assert len(table) == 2  # the outlet that printed the altered wording is not listed as carrying the other
    assert table.loc["Gazette", "altered_from"] == table.loc["Courier; Ledger", "quote_id"]
    assert table.loc["Gazette", "alteration"] == kind and table["altered_from"].isna().sum() == 1


def test_the_same_words_reprinted_are_one_row_with_no_alteration():
    articles = [{"id": "a", "text": "“We won't raise taxes on working families,” said Ana Pike."},
                {"id": "b", "text": "“We will not raise taxes on working families,” said Ana Pike."}]
    table = quotes.deduplicate(quotes.extract(articles, model="none"))
    assert len(table) == 1 and table["altered_from"].isna().all()


def test_a_fragment_joins_the_quote_not_a_longer_misquote_of_it():
    quote = "“The new harbour wall will hold back the winter storms for fifty years,” said Ana Pike."
    misquote = "“The new harbour wall will not hold back the winter storms for fifty years,” said Ana Pike."
    fragment = "Ana Pike said the wall would last: “back the winter storms for fifty years.”"
    articles = [{"id": "a", "text": quote}, {"id": "b", "text": quote}, {"id": "c", "text": misquote},
                {"id": "d", "text": fragment}]
    mentions = quotes.extract(articles, model="none")
    quotes.deduplicate(mentions)
    row = dict(zip(mentions["article_id"], mentions["quote_id"]))
    assert row["d"] == row["a"] == row["b"] != row["c"]


@pytest.mark.parametrize("quote, misquote, fragment", [
    ("The new harbour wall will hold back the winter storms for fifty years,",
     "The new harbour wall will not hold back the winter storms for fifty years,",
     "back the winter storms for fifty years"),
    ("We opened 12 clinics last year and every one of them is full by noon,",
     "We opened 20 clinics last year and every one of them is full by noon,",
     "every one of them is full by noon"),
    ("Our schools must stay open through the whole of the flu season,",
     "Our schools might stay open through the whole of the flu season,",
     "through the whole of the flu season"),
])
def test_an_unnamed_fragment_joins_the_quote_not_a_misquote_that_also_holds_it(quote, misquote, fragment):
    # the fragment's article names no speaker; the quote is printed twice, its misquote once
    said = "“{}” said Ana Pike.".format
    articles = [{"id": "a", "text": said(quote)}, {"id": "b", "text": said(quote)}, {"id": "c", "text": said(misquote)},
                {"id": "d", "text": f"The mayor's office put it this way: “{fragment}.”"}]
    mentions = quotes.extract(articles, model="none")
    quotes.deduplicate(mentions)
    row = dict(zip(mentions["article_id"], mentions["quote_id"]))
    assert row["d"] == row["a"] == row["b"] != row["c"]


@pytest.mark.parametrize("a, b, kind", [
    # a negation moved to another verb changes what was said, though the count is the same
    ("I am not telling you the vote will be rigged", "I am telling you the vote will not be rigged", "negation"),
    ("we did not say it would fail", "we didn't say it would fail", None),          # one negation for another
    ("she was on duty for 14 hours", "she was on duty for fourteen hours", None),    # a number spelled out
    ("we waited 10 years for this", "we waited eleven years for this", "number"),
    ("the plant will open in May next year", "the plant will open in July next year", "name"),  # the month, not the modal
    ("we may open the plant next year", "we will open the plant next year", "modal"),
    ("Russia must leave Ukraine before the talks", "Russia must leave Georgia before the talks", "name"),
    ("Russia must leave Ukraine before the talks", "russia must leave ukraine before the talks", None),  # case only
    ("The U.S. will act, I'm sure of it", "The US will act, I am sure of it", None),  # spelling only
])
def test_what_changed_between_two_printed_wordings(a, b, kind):
    from quotes.alterations import what_changed
    from quotes.dedup import normalize_quote

    assert what_changed(normalize_quote(a), a, normalize_quote(b), b) == kind


@pytest.mark.parametrize("a, b, kind", [
    ("It waited forty-eight hours for a reply", "It waited 48 hours for a reply", None),
    ("It waited forty-eight hours for a reply", "It waited 49 hours for a reply", "number"),
    ("The US will act before the summit", "The United States will act before the summit", None),
    ("The US will act before the summit", "The UK will act before the summit", "name"),
    ("The Harbor Road will close in winter", "The Harbour Road will close in winter", None),
    ("The timetable will return in June", "The timetable will return in May.", "name"),
])
def test_spellings_of_one_name_or_number_are_no_change(a, b, kind):
    from quotes.alterations import what_changed
    from quotes.dedup import normalize_quote

    assert what_changed(normalize_quote(a), a, normalize_quote(b), b) == kind


B = "\u2029"  # alterations.PIECE_BREAK: where one piece of a quote in pieces ends


@pytest.mark.parametrize("a, b, kind", [
    # a copy printed the second piece in part: the words cut at its edge are no change
    (f"The mill will stay open all winter,{B}and Dunmore will keep every worker on until the spring.",
     f"The mill will stay open all winter,{B}every worker on until the spring.", None),
    # … and at the end of the first piece
    (f"We should sell the port to the Halden Group and the county.{B}It could save the town a lot of money.",
     f"We should sell the port{B}It could save the town a lot of money.", None),
    # … but a change inside a piece still counts, cut or not
    (f"The mill will stay open all winter,{B}and Dunmore will keep every worker on until the spring.",
     f"The mill will not stay open all winter,{B}every worker on until the spring.", "negation"),
    # … and words cut at a piece's edge that hold a negation or a number change what was said
    (f"We should sell the port to Halden Group in 2026 or 2027.{B}It could save the town a lot of money.",
     f"We should sell the port{B}It could save the town a lot of money.", "number; name"),
    (f"We will cut spending this year,{B}and we will not raise taxes on working families.",
     f"We will cut spending this year,{B}raise taxes on working families.", "negation; modal"),
    (f"We will cut spending this year,{B}and we will not raise taxes on working families.",
     f"We will cut spending this year,{B}and raise taxes on working families.", "negation; modal"),  # not at the edge
    # a word or two missing at a piece's edge is not a cut: a dropped "not" is a misquote
    (f"The council will not,{B}not ever, close the library.", f"The council will,{B}ever, close the library.", "negation"),
    (f"We met the unions on Monday,{B}and Pike and Hale told us the plant would stay.",
     f"We met the unions on Monday,{B}and Hale told us the plant would stay.", "name"),
    # a negation or a number cut at a piece's edge in sentences of its own changes nothing kept …
    (f"It is a matter for the states.{B}We did not win. We will try again next year.",
     f"It is a matter for the states.{B}We will try again next year.", None),
    (f"The budget is sound.{B}It was 2024. We paid our debts on time.",
     f"The budget is sound.{B}We paid our debts on time.", None),
    # … but one in the sentence of the words kept does, whatever commas or abbreviations stand between
    (f"The hall was full.{B}In the fall some 90 young people came to the meeting.",
     f"The hall was full.{B}young people came to the meeting.", "number"),
    (f"We will cut spending and we will not,{B}whatever they say, raise taxes.",
     f"We will cut spending{B}whatever they say, raise taxes.", "negation; modal"),
    (f"We will cut spending this year, and we will not,{B}raise taxes on working families.",
     f"We will cut spending this year,{B}raise taxes on working families.", "negation; modal"),
    (f"The mill has 240 workers on its books. None of them{B}will be laid off this winter.",
     f"The mill has 240 workers on its books.{B}will be laid off this winter.", "negation"),
    (f"The mill has 240 workers on its books, and about 30 of them{B}will be laid off this winter.",
     f"The mill has 240 workers on its books,{B}will be laid off this winter.", "number"),
    (f"We met the company on Monday and Mr. Hale will not,{B}sign the deal this week or next.",
     f"We met the company on Monday,{B}sign the deal this week or next.", "negation; modal; name"),
    (f"They say the plant closes this year.{B}No, it does not, and the town will survive the winter.",
     f"They say the plant closes this year.{B}And the town will survive the winter.", "negation"),
    (f"The answer is a matter for the states.{B}It is not politics, but private property and good sense.",
     f"The answer is a matter for the states.{B}private property and good sense.", "negation"),
    # the end of one piece and the start of the next cut together
    (f"We should sell the port to the Halden Group and the county.{B}Mayor Dunn says it could save the town a lot.",
     f"We should sell the port{B}it could save the town a lot.", None),
    # one cut, though the alignment splits it around a word that repeats ("and")
    (f"We met the unions on Monday.{B}Pike and Dunn and Hale all told us the plant would stay.",
     f"We met the unions on Monday.{B}and Hale all told us the plant would stay.", None),
    (f"We met the unions on Monday.{B}None of them and none of us and the board will back the plan.",
     f"We met the unions on Monday.{B}and the board will back the plan.", "negation"),
])
def test_words_cut_from_the_edge_of_a_piece_are_no_change(a, b, kind):
    from quotes.alterations import what_changed

    assert what_changed(normalize_quote(a), a, normalize_quote(b), b) == kind


def test_a_cut_the_alignment_split_around_a_repeated_word_is_one_cut():
    from quotes.alterations import _rejoined

    # "… listen. | Pike and Dunn and Hale told us" / "… | and Hale told us": an alignment may keep
    # the first "and" and cut "… listen pike" and "dunn and" apart
    a = "some of them listen pike and dunn and hale told us".split()
    b = "some of and hale told us".split()
    split = [("equal", 0, 2, 0, 2), ("delete", 2, 5, 2, 2), ("equal", 5, 6, 2, 3), ("delete", 6, 8, 3, 3),
             ("equal", 8, 11, 3, 6)]
    assert _rejoined(split, a, b) == [("equal", 0, 2, 0, 2), ("delete", 2, 7, 2, 2), ("equal", 7, 8, 2, 3),
                                      ("equal", 8, 11, 3, 6)]
    # words both have that the second stretch cannot slide over keep the two apart
    kept = [("equal", 0, 2, 0, 2), ("delete", 2, 5, 2, 2), ("equal", 5, 6, 2, 3), ("delete", 6, 7, 3, 3),
            ("equal", 7, 11, 3, 7)]
    assert _rejoined(kept, a, "some of and and hale told us".split()) == kept


@pytest.mark.parametrize("a, b, kind", [
    # names in the words a shorter excerpt leaves out are not changed names
    ("We will talk to Kyiv this week and to Warsaw next week", "We will talk to Kyiv this week and to", None),
    ("Today Lagos, tomorrow the whole coast will see the new trains", "tomorrow the whole coast will see the new trains", None),
    ("We will talk to Kyiv this week and to Warsaw next week", "We will talk to Minsk this week and to Warsaw next week", "name"),
])
def test_names_in_the_words_cut_are_no_change(a, b, kind):
    from quotes.alterations import what_changed

    assert what_changed(normalize_quote(a), a, normalize_quote(b), b) == kind


OPENING = "“The mill will stay open all winter, and the night shift goes on as it did last year and the year before,”"


@pytest.mark.parametrize("second, same", [
    ("“every worker on until the spring, whatever the markets do.”", True),      # printed in part: the same quote
    ("“and Dunmore will not keep every worker on until the spring, whatever the markets do.”", False),  # negated
])
def test_a_copy_of_a_quote_in_pieces_keeps_its_row_unless_it_alters_it(second, same):
    source = f"{OPENING} said Ana Pike, its director, “and Dunmore will keep every worker on until the spring, whatever the markets do.”"
    articles = [{"id": "source", "text": source}, {"id": "copy", "text": f"{OPENING} said Ana Pike, its director, {second}"}]
    mentions = quotes.extract(articles, model="none")
    quotes.deduplicate(mentions)
    rows = {a: set(g) for a, g in mentions.groupby("article_id")["quote_id"]}
    assert (rows["source"] == rows["copy"]) == same


SPLIT = "“We will cut spending this year,” Ana Pike said, “and we will not raise taxes on working families.”"


@pytest.mark.parametrize("copy", [
    "“We will cut spending this year,” Ana Pike said, “and raise taxes on working families.”",   # "we will not" gone
    "“We will cut spending this year,” Ana Pike said, “raise taxes on working families.”",       # cut at the piece's edge
    "“We will cut spending this year, and raise taxes on working families,” Ana Pike said.",     # the same, unbroken
    "“We will cut spending this year,” Ana Pike said, “before the vote.”",                       # a short piece rewritten
])
def test_a_copy_that_drops_a_negation_near_a_piece_edge_is_a_misquote(copy):
    mentions = quotes.extract([{"id": "source", "text": SPLIT}, {"id": "copy", "text": copy}], model="none")
    table = quotes.deduplicate(mentions)
    rows = {a: set(g) for a, g in mentions.groupby("article_id")["quote_id"]}
    assert not rows["source"] & rows["copy"], table[["quote", "altered_from", "alteration"]]


def test_a_reworded_excerpt_does_not_chain_a_misquote_to_the_quote_that_holds_the_excerpt():
    excerpt = "The old harbour wall has stood for two hundred years against every winter storm the sea has sent"
    whole = f"“{excerpt}, and we will not sell the port to anyone while I am mayor of this town,” said Ana Pike."
    misquote = f"“{excerpt.replace('old', 'ancient')}, and we will sell it,” said Ana Pike."
    articles = [{"id": "h", "text": whole}, {"id": "i", "text": f"“{excerpt},” said Ana Pike."}, {"id": "j", "text": misquote}]
    for order in (articles, articles[::-1]):
        mentions = quotes.extract(order, model="none")
        quotes.deduplicate(mentions)
        row = dict(zip(mentions["article_id"], mentions["quote_id"]))
        assert row["j"] != row["h"]


def test_which_copy_of_a_quote_comes_first_does_not_change_what_is_a_misquote():
    unbroken = "“We will cut spending this year, and we will not raise taxes on working families,” Ana Pike said."
    copy = "“We will cut spending this year,” Ana Pike said, “raise taxes on working families.”"
    articles = [{"id": "s1", "text": SPLIT}, {"id": "s2", "text": unbroken}, {"id": "c", "text": copy}]
    answers = []
    for order in (articles, [articles[1], articles[0], articles[2]]):
        mentions = quotes.extract(order, model="none")
        table = quotes.deduplicate(mentions)
        answers.append(sorted(table[["quote", "altered_from", "alteration"]].astype(str).values.tolist()))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("a, b", [
    ("Unemployment has risen every month since January.", "Unemployment has fallen every month since January."),
    ("We support the plan to rebuild the harbour wall.", "We oppose the plan to rebuild the harbour wall."),
    ("The new schools are better than the ones they replace.", "The new schools are worse than the ones they replace."),
    ("The council accepted the offer from the port company.", "The council rejected the offer from the port company."),
    ("Turnout was higher in the north than in the south this year.", "Turnout was lower in the north than in the south this year."),
    # a rise for any word of a fall, and a time for another
    ("Ridership on the ferry rose by a third over the summer.", "Ridership on the ferry shrank by a third over the summer."),
    ("Sales at the bakery grew through the whole winter season.", "Sales at the bakery declined through the whole winter season."),
    ("We will not raise the harbour fee this year, whatever happens.", "We will not raise the harbour fee next year, whatever happens."),
    ("The bridge was closed to lorries last week after the storm.", "The bridge was closed to lorries next week after the storm."),
])
def test_a_word_for_its_opposite_is_a_misquote(a, b):
    assert alteration(normalize_quote(a), normalize_quote(b)) == "antonym"
    articles = [{"id": "wire", "text": f"“{a}” said Ana Pike.", "outlet": "Wire"},
                {"id": "blog", "text": f"“{b}” said Ana Pike.", "outlet": "Blog"}]
    table = quotes.deduplicate(quotes.extract(articles, model="none"))
    assert len(table) == 2  # two rows, one linked to the other
    linked = table.dropna(subset=["altered_from"])
    assert len(linked) == 1 and linked["alteration"].tolist() == ["antonym"]
    assert linked["altered_from"].iloc[0] in set(table["quote_id"]) - set(linked["quote_id"])


@pytest.mark.parametrize("a, b", [
    ("The new schools are better than the ones they replace.", "The new schools are far better than the ones they replace."),
    ("Prices rose again in March, as they rose in February.", "Prices rose again in March, just as they rose in February."),
])
def test_the_same_word_or_an_added_one_is_no_antonym(a, b):
    assert alteration(normalize_quote(a), normalize_quote(b)) is None


@pytest.mark.parametrize("a, b, kind", [
    ("We cannot win this seat in the spring.", "We can win this seat in the spring.", "negation"),
    ("We cannot win this seat in the spring.", "We can not win this seat in the spring.", None),
])
def test_cannot_is_can_and_not(a, b, kind):
    assert alteration(normalize_quote(a), normalize_quote(b)) == kind


def test_a_misquote_does_not_join_its_quote_through_an_excerpt_alike_to_both():
    common = ("the council has finished the repairs on the old harbour bridge and on the ring road ahead of "
              "schedule and within the budget we set in March")
    articles = [{"id": "wire", "text": f"“T{common[1:]}, and the tolls will not rise,” said Ana Pike."},
                {"id": "blog", "text": f"“T{common[1:]}, and the tolls will rise,” said Ana Pike."},
                {"id": "paper", "text": f"“Just as we promised last spring, {common},” said Ana Pike."}]
    for order in (articles, articles[::-1]):
        mentions = quotes.extract(order, model="none")
        table = quotes.deduplicate(mentions)
        row = dict(zip(mentions["article_id"], mentions["quote_id"]))
        assert row["blog"] != row["wire"] and table["alteration"].dropna().tolist() == ["negation"]


@pytest.mark.parametrize("a, b", [
    ("“Shop prices will rise again this winter,” Ana Pike said, “but the bank will act with care.”",
     "“Shop prices will fall,” Ana Pike said, “but the bank will act with care.”"),
    ("“Interest rates will go up before the end of the year,” said Ana Pike.",
     "“Interest rates will go down before the end of the year,” said Ana Pike."),
    ("“Prices rose again in March across the county,” said Ana Pike.",
     "“Prices dropped again in March across the county,” said Ana Pike."),
])
def test_an_opposite_beside_a_cut_or_in_another_form_is_still_an_antonym(a, b):
    mentions = quotes.extract([{"id": "a", "text": a}, {"id": "b", "text": b}], model="none")
    table = quotes.deduplicate(mentions)
    rows = {x: set(g) for x, g in mentions.groupby("article_id")["quote_id"]}
    assert not rows["a"] & rows["b"] and "antonym" in " ".join(table["alteration"].dropna())


def test_reordered_opposites_are_no_change():
    assert alteration("exports went up and imports went down", "imports went down and exports went up") is None


FIRST = "The mill will stay open all winter, and the night shift goes on as it did last year and the year before,"
SECOND = "and we will keep all 240 workers on the payroll until the spring comes round again."


def _in_pieces(first: str, second: str) -> str:
    return f"“{first}” said Ana Pike, its director, “{second}”"


@pytest.mark.parametrize("misquote", [
    _in_pieces(FIRST, SECOND.replace("240", "204")),
    _in_pieces(FIRST, SECOND.replace("we will keep", "we will not keep")),
    _in_pieces("the night shift goes on as it did last year and the year before,", SECOND.replace("240", "420")),
    _in_pieces("the night shift goes on as it did last year and the year before,", SECOND.replace("will", "might")),
])
def test_a_copy_in_pieces_that_alters_one_piece_and_prints_another_in_part_is_a_misquote(misquote):
    articles = [{"id": "a", "text": _in_pieces(FIRST, SECOND)}, {"id": "b", "text": _in_pieces(FIRST, SECOND)},
                {"id": "copy", "text": misquote}]
    mentions = quotes.extract(articles, model="none")
    quotes.deduplicate(mentions)
    rows = {a: set(g) for a, g in mentions.groupby("article_id")["quote_id"]}
    assert rows["a"] == rows["b"] and not rows["a"] & rows["copy"]


@pytest.mark.parametrize("excerpt", [
    _in_pieces("the night shift goes on as it did last year", "keep all 240 workers on the payroll until the spring"),
    _in_pieces("the night shift goes on as it did last year and the year before,", "on the payroll until the spring"),
])
def test_an_excerpt_of_a_quote_in_pieces_joins_the_quote_not_its_misquote(excerpt):
    # printed twice as said, once with a piece negated, and once in part with nothing changed
    misquote = _in_pieces(FIRST.replace("will stay", "will not stay"), SECOND)
    articles = [{"id": "a", "text": _in_pieces(FIRST, SECOND)}, {"id": "b", "text": _in_pieces(FIRST, SECOND)},
                {"id": "misquote", "text": misquote}, {"id": "excerpt", "text": excerpt}]
    mentions = quotes.extract(articles, model="none")
    quotes.deduplicate(mentions)
    rows = {a: set(g) for a, g in mentions.groupby("article_id")["quote_id"]}
    assert rows["excerpt"] == rows["a"] == rows["b"] != rows["misquote"]


def test_a_misquote_is_linked_to_the_quote_not_to_another_misquote_of_it():
    said = "“The ferry terminal in Port Ellis will open within a year because ridership rose,” said Ana Pike.".format
    quote = said()
    articles = [{"id": "a", "text": quote, "outlet": "Ledger"}, {"id": "b", "text": quote, "outlet": "Courier"},
                {"id": "c", "text": quote.replace("Port Ellis", "Port Hanley"), "outlet": "Gazette"},
                {"id": "d", "text": quote.replace("rose", "fell"), "outlet": "Herald"}]
    table = quotes.deduplicate(quotes.extract(articles, model="none")).set_index("outlets")
    original = table.loc["Courier; Ledger", "quote_id"]
    assert table.loc["Gazette", "altered_from"] == table.loc["Herald", "altered_from"] == original
    assert (table.loc["Gazette", "alteration"], table.loc["Herald", "alteration"]) == ("name", "antonym")
