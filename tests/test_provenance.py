"""Provenance: when a quote was first published and by whom, and which copies came from a wire."""

import pandas as pd
import pytest

import quotes
from quotes.dates import is_ambiguous, read_date
from quotes.io import ReadReport, read_articles
from quotes.outlet import find_wire
from quotes.rules import load_rules


@pytest.mark.parametrize("given, iso", [
    ("2025-03-04", "2025-03-04"),
    ("2025-03-04T10:15:00Z", "2025-03-04T10:15:00+00:00"),
    ("2025-03-04T10:15:00-05:00", "2025-03-04T10:15:00-05:00"),
    ("2025-03-04 10:15", "2025-03-04T10:15:00"),                      # no zone given: none invented
    ("Tue, 04 Mar 2025 10:15:00 GMT", "2025-03-04T10:15:00+00:00"),   # RFC 2822, as feeds give it
    ("March 4, 2025", "2025-03-04"),
    ("4 March 2025 9:30 pm", "2025-03-04T21:30:00"),
    ("13/11/2025", "2025-11-13"),                                     # only one order is possible
    ("11/13/2025", "2025-11-13"),
    ("07.07.2025", "2025-07-07"),                                     # day and month equal
])
def test_dates_are_read_into_iso_8601_with_only_what_the_input_gives(given, iso):
    assert read_date(given).iso == iso


@pytest.mark.parametrize("given", ["01/11/2025", "3/4/25", "05.06.2024", "12-01-2025"])
def test_all_number_dates_whose_day_and_month_could_swap_are_not_guessed(given):
    assert is_ambiguous(given) and read_date(given) is None


@pytest.mark.parametrize("given", ["", "soon", "March 2025", "2025", "2024-02-30", "10:15"])
def test_what_is_not_a_date_with_a_day_is_not_read(given):
    assert read_date(given) is None


def test_an_ambiguous_or_unreadable_date_is_noted_when_read(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Hi.", "published": "01/11/2025"}\n'
                    '{"id": "b", "text": "Hi.", "published": "last week"}\n'
                    '{"id": "c", "text": "Hi.", "published": "2025-11-01"}\n')
    report = ReadReport()
    assert len(list(read_articles([path], report))) == 3
    assert len(report.notes) == 2
    assert "news.jsonl:1: published '01/11/2025' could be either day/month or month/day" in report.notes[0]
    assert "news.jsonl:2: published 'last week' is not a date" in report.notes[1]


@pytest.mark.parametrize("text, wire", [
    ("WASHINGTON (AP) — The Senate voted on Tuesday.", "Associated Press"),
    ("MEXICO CITY (Reuters) - The peso fell.", "Reuters"),
    ("PARIS (AFP) – Strikes went on.", "AFP"),
    ("The peso fell.\n\nReporting by Ana Ruiz; Editing by Tom Hale", "Reuters"),
    ("The peso fell.\n\n(Additional reporting by Ana Ruiz in Lima)", "Reuters"),
    ("Strikes went on.\n\n© AFP", "AFP"),
    ("Strikes went on.\n\nCopyright 2025 The Associated Press. All rights reserved.", "Associated Press"),
    ("The Senate voted.\n\nAssociated Press writers Ana Ruiz and Tom Hale contributed to this report.", "Associated Press"),
    ("The Senate voted.\nReuters", "Reuters"),
    ("The Senate voted.\n\nThe AP contributed to this report.", "Associated Press"),
    ("Strikes went on.\n\nDPA", "dpa"),
])
def test_the_wire_an_article_credits_is_found(text, wire):
    assert find_wire(text, load_rules()) == wire


@pytest.mark.parametrize("text", [
    "The mayor told AP that the vote was close.",
    "The Senate voted.\n\nTwo Reuters reporters were held for a year.",
    "The Senate voted, our reporter Ana Ruiz wrote.",
    "Reuters reported the vote first (Reuters has a bureau there), and the mayor agreed.",
    "The Senate voted.\n\nWriting by hand is a lost art, the senator added.",
    "The Senate voted.\n\nReporting by the team at our Washington bureau.",
    "The Senate voted.\n\nReporting by AP's Ann Lee.",
])
def test_an_outlets_own_reporting_has_no_wire(text):
    assert find_wire(text, load_rules()) is None


def articles(*rows):
    return pd.DataFrame([dict(zip(("id", "text", "outlet", "published", "url", "title"), r)) for r in rows])


SAID = "“We will win the vote in the spring,” said Jane Smith."


def test_the_first_publication_is_the_earliest_moment_across_zones():
    frame = articles(
        ("post", SAID, "Post", "2025-03-04T10:15:00-05:00", "https://post.example/vote", "Smith: we will win"),
        ("wire", SAID + "\n\nReporting by Ana Ruiz", "Reuters", "2025-03-04T14:00:00Z", None, None),
        ("globe", SAID, "Globe", "01/11/2025", None, None),      # ambiguous: takes no part
    )
    mentions = quotes.extract(frame, model="none")
    row = quotes.deduplicate(mentions).iloc[0]
    assert (row["first_published"], row["first_outlet"], row["first_article_id"]) == ("2025-03-04T14:00:00+00:00", "Reuters", "wire")
    by_article = mentions.set_index("article_id")
    assert by_article.at["post", "url"] == "https://post.example/vote" and by_article.at["post", "title"] == "Smith: we will win"
    assert by_article.at["wire", "wire"] == "Reuters" and pd.isna(by_article.at["post", "wire"])


def test_a_quote_with_no_readable_date_has_no_first_publication():
    mentions = quotes.extract(articles(("a", SAID, "Post", "01/11/2025", None, None), ("b", SAID, "Globe", None, None, None)), model="none")
    row = quotes.deduplicate(mentions).iloc[0]
    assert pd.isna(row["first_published"]) and pd.isna(row["first_outlet"]) and pd.isna(row["first_article_id"])


def test_a_tie_in_time_goes_to_the_smaller_article_id():
    mentions = quotes.extract(articles(("b", SAID, "Globe", "2025-03-04", None, None), ("a", SAID, "Post", "March 4, 2025", None, None)), model="none")
    row = quotes.deduplicate(mentions).iloc[0]
    assert (row["first_published"], row["first_outlet"], row["first_article_id"]) == ("2025-03-04", "Post", "a")


@pytest.mark.parametrize("given, iso, utc_hour", [
    ("Tue, 04 Mar 2025 07:30:00 PST", "2025-03-04T07:30:00-08:00", 15),   # a zone abbreviation is read
    ("Tue, 04 Mar 2025 07:30:00 EDT", "2025-03-04T07:30:00-04:00", 11),
    ("2025-03-04 9 pm", "2025-03-04T21:00:00", 21),                       # the hour alone
    ("2025-03-04 10:15 XYZT", "2025-03-04", 11),                          # an unknown zone: the date only
    ("2025-03-04 21:30 IST", "2025-03-04T21:30:00+05:30", 16),            # half an hour's offset
    ("March 4, 2025, 9:30 p.m. ET", "2025-03-04T21:30:00-05:00", 2),
])
def test_zones_and_hours_as_news_feeds_write_them(given, iso, utc_hour):
    # (a date alone orders as the end of its day in the last time zone: noon UTC the next day, less a second)
    read = read_date(given)
    assert read.iso == iso and read.instant.hour == utc_hour


@pytest.mark.parametrize("timed", ["2025-03-04T18:00:00Z", "March 4, 2025 8:00 pm EST", "2025-03-04T23:00:00-11:00"])
def test_a_date_alone_does_not_beat_a_time_the_same_day(timed):
    mentions = quotes.extract(articles(("a", SAID, "Post", "2025-03-04", None, None),
                                       ("b", SAID, "Globe", timed, None, None)), model="none")
    assert quotes.deduplicate(mentions).iloc[0]["first_article_id"] == "b"


@pytest.mark.parametrize("given", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:30:00+01:00", "2025-03-04T21:30:00+25:00"])
def test_dates_out_of_range_are_not_read_and_do_not_stop_the_run(given, tmp_path):
    assert read_date(given) is None
    path = tmp_path / "news.jsonl"
    path.write_text(f'{{"id": "a", "text": "“We will win the vote in the spring,” said Jane Smith.", "published": "{given}"}}\n')
    report = ReadReport()
    assert len(list(read_articles([path], report))) == 1 and report.notes
