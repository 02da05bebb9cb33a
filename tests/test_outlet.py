import pytest

from quotes.outlet import find_outlet
from quotes.types import Article


@pytest.mark.parametrize(
    "article, expected",
    [
        (Article("a", "Text.", outlet=" The Daily "), "The Daily"),
        (Article("a", "Text.", url="https://www.reuters.com/world/x"), "Reuters"),
        (Article("a", "Text.", url="https://edition.cnn.com/2021/x"), "CNN"),
        (Article("a", "Text.", url="https://www.timeslive.co.za/news/x"), "TimesLIVE"),
        (Article("a", "Text.", url="https://www.small-town-news.org/x"), "small-town-news.org"),
        (Article("a", "WASHINGTON (AP) — The vote was close."), "Associated Press"),
        (Article("a", "The vote was close.\n\nReuters\n\nSubscribe now\n"), "Reuters"),
        (Article("a", "Reuters reported the vote was close. More text follows."), None),
        (Article("a", "No credit here."), None),
    ],
)
def test_outlet_comes_from_metadata_then_url_then_wire_credit(article, expected, rules):
    assert find_outlet(article, rules) == expected
