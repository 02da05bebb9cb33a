"""The HTML report: what the page shows, that input is only ever text in it, and what a browser makes of it."""

import json
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import quotes
from quotes import Article, QuotesError
from quotes.report import render_report, write_report

ROOT = Path(__file__).resolve().parent.parent
SAID = "“We will win,” said Jane Smith."


def report_of(*articles, **options):
    mentions = quotes.extract(list(articles), model="none")
    return render_report(mentions, quotes.deduplicate(mentions), articles, **options)


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, as a browser would parse them."""

    def __init__(self, page):
        super().__init__()
        self.tags = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def quote_rows(page):
    return [attrs for tag, attrs in Tags(page).tags if tag == "tr" and attrs.get("class") == "quote"]


@pytest.mark.parametrize(
    "text, quote",
    [
        (SAID, "We will win,"),
        ("Jane Smith said: “Taxes will fall.”", "Taxes will fall."),
        ("“We will win,” said Jane Smith.\n\n“And soon,” she added.", "And soon,"),
    ],
)
def test_a_quote_is_highlighted_in_its_article(text, quote):
    assert f">{quote}</mark>" in report_of(Article("a", text))


def test_the_speaker_is_marked_with_name_cue_and_detector():
    page = report_of(Article("a", SAID))
    assert '<span class="speaker" title="Jane Smith (person)">Jane Smith</span>' in page
    assert '<mark class="quote" title="Jane Smith · said · marks">' in page


def test_a_quote_links_to_every_article_that_carried_it():
    page = report_of(Article("first", SAID), Article("second", "“We will win,” said Jane Smith."))
    assert len(quote_rows(page)) == 1
    row = page[page.index("<tr id='r-0'"):]
    row = row[: row.index("</tr>")]
    assert "<a href='#a-0'>first</a>" in row and "<a href='#a-1'>second</a>" in row
    assert "<summary>2 articles</summary>" in row
    assert "<article id='a-0'" in page and "<article id='a-1'" in page


def test_the_header_counts_articles_quotes_mentions_speakers_and_outlets():
    page = report_of(Article("a", SAID, outlet="Daily"), Article("b", "“We will win,” said Jane Smith.", outlet="Post"),
                     Article("c", "Nothing was said."))
    for count, label in [(3, "articles"), (1, "quotes"), (2, "mentions"), (1, "speakers"), (2, "outlets")]:
        assert f"<li><strong>{count}</strong>{label}</li>" in page


def test_the_speaker_index_puts_the_most_quoted_first():
    page = report_of(Article("a", "“Rain is coming,” said Tom Becker.\n\n" + SAID + "\n\n“Soon,” Smith said."))
    speakers = [attrs for tag, attrs in Tags(page).tags if tag == "a" and "data-speaker" in attrs]
    assert page.index(">Jane Smith</a>") < page.index(">Tom Becker</a>")
    assert speakers[0] == {"href": "#r-0", "data-speaker": "s-0"}


def test_articles_with_no_quotes_are_listed_collapsed():
    page = report_of(Article("a", SAID), Article("quiet-1", "No one spoke."), Article("quiet-2", "Still no one."))
    assert "<details><summary>2 articles with no quotes</summary>" in page
    assert "<h3>quiet-1</h3>" in page and "<h3>quiet-2</h3>" in page


def test_paragraph_breaks_are_kept():
    assert "\n\nThe hall was full." in report_of(Article("a", SAID + "\n\nThe hall was full."))


def test_the_page_loads_nothing_from_the_network():
    page = report_of(Article("a", SAID, url="https://news.example/a"), Article("b", "Hello.", url="http://x.example"))
    tags = Tags(page).tags
    assert not [attrs for _, attrs in tags if "src" in attrs]
    assert not [tag for tag, _ in tags if tag in ("link", "img", "iframe", "object", "embed")]
    hrefs = [attrs["href"] for _, attrs in tags if "href" in attrs]
    assert [h for h in hrefs if not h.startswith("#")] == ["https://news.example/a", "http://x.example"]
    assert "default-src 'none'" in page and "url(" not in page and "@import" not in page


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://news.example/a?b=1&c=2", True),
        ("HTTP://news.example/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://news.example/a b", False),
    ],
)
def test_only_web_addresses_become_links(url, linked):
    hrefs = [attrs["href"] for _, attrs in Tags(report_of(Article("a", SAID, url=url))).tags if "href" in attrs]
    assert (url in hrefs) is linked
    assert not [h for h in hrefs if "script" in h.lower() or h.startswith("data:")]


HOSTILE = ["<script>window.pwned=1</script>", '"><img src=x onerror=alert(1)>', "</script>", "<b>bold</b>"]


@pytest.mark.parametrize("field", ["title", "outlet", "id", "url"])
@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_input_appears_as_escaped_text(field, payload):
    text = f"“We will {payload} win,” said Jane Smith. {payload}"  # in a quote and around it
    page = report_of(Article(**{"id": "a", "text": text, field: payload}))
    assert escape(payload) in page
    assert [tag for tag, _ in Tags(page).tags if tag in ("script", "img", "b")] == ["script"]
    assert page.count("</script>") == 1


@pytest.mark.parametrize(
    "offsets, marked",
    [
        ([(1, 13), (33, 42)], 2),
        ([(33, 42), (1, 13)], 2),  # out of order
        ([(1, 13), (1, 13)], 1),  # the same span twice
        ([(1, 13), (5, 40)], 1),  # overlapping
        ([(1, 999), (-3, 2)], 0),  # outside the text
        ([(None, None), (1, 13)], 1),  # missing
    ],
)
def test_odd_offsets_mark_what_fits_and_never_fail(offsets, marked):
    article = Article("a", SAID + " “And soon,” she added.")
    mentions = quotes.extract([article], model="none")
    table = quotes.deduplicate(mentions)
    mentions[["quote_start", "quote_end"]] = pd.DataFrame(offsets, dtype="Int64")
    page = render_report(mentions, table, [article])
    assert page.count("<mark") == marked
    assert (f"{2 - marked} of 2 quotes not marked" in page) is (marked < 2)


def test_a_run_with_no_quotes_still_gives_a_page():
    page = report_of(Article("a", "Nobody said anything."))
    assert "<li><strong>0</strong>quotes</li>" in page and "1 article with no quotes" in page


def test_write_report_writes_the_page_and_returns_the_tables(tmp_path):
    target = tmp_path / "report.html"
    tables = write_report([ROOT / "data" / "seeds"], target, model="none")
    page = target.read_text(encoding="utf-8")
    assert page.count('<mark class="quote"') == len(tables.mentions) > 0
    assert tables.report.read == 2 and not list(tmp_path.glob(".*partial"))


def test_write_report_to_standard_output(capsys):
    write_report([ROOT / "data" / "seeds"], "-", model="none")
    assert capsys.readouterr().out.startswith("<!doctype html>")


def test_a_target_that_cannot_be_written_is_a_one_line_error(tmp_path):
    with pytest.raises(QuotesError, match=r"^\S+report.html: cannot write: No such file or directory$"):
        write_report([ROOT / "data" / "seeds"], tmp_path / "missing" / "report.html", model="none")


# In a real browser: Debian's chromium and chromium-driver, driven by selenium.
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
EVIL = {"id": "<b>evil</b>", "title": "<b>Evil</b>", "outlet": "<b>Outlet</b>", "url": "javascript:window.pwned=2",
        "text": "“We will win,” said Jane Smith. <script>window.pwned=1</script>\n\n"
                "“We will win again,” Smith said. \"><img src=x onerror=alert(1)> </script>\n\n"
                "“Third time,” Jane Smith added."}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        pytest.skip("needs /usr/bin/chromium and /usr/bin/chromedriver (Debian's chromium and chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    folder = tmp_path_factory.mktemp("report")
    (folder / "evil.jsonl").write_text(json.dumps(EVIL) + "\n", encoding="utf-8")
    target = folder / "report.html"
    tables = write_report([ROOT / "data" / "samples", ROOT / "data" / "seeds", folder / "evil.jsonl"], target,
                          model="none")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)  # with the driver's path too, selenium-manager is never asked
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver, target.as_uri(), tables
    finally:
        driver.quit()


@pytest.fixture
def page(browser):
    driver, uri, tables = browser
    driver.get(uri)  # a fresh page each test: no filter or scroll left over
    return driver, tables


def visible_rows(driver):
    from selenium.webdriver.common.by import By

    return [row for row in driver.find_elements(By.CSS_SELECTOR, "tr.quote") if row.is_displayed()]


def in_view(driver, element):
    return driver.execute_script("var r = arguments[0].getBoundingClientRect();"
                                 "return r.top >= -1 && r.top < window.innerHeight;", element)


@pytest.mark.browser
def test_browser_every_mention_is_highlighted(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    assert len(driver.find_elements(By.CSS_SELECTOR, "mark.quote")) == len(tables.mentions)


@pytest.mark.browser
def test_browser_the_speaker_index_lists_the_most_quoted_first(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    name, quoted, articles = driver.find_element(By.CSS_SELECTOR, "#speakers tbody tr").text.rsplit(" ", 2)
    counts = tables.quotes["speaker"].value_counts()
    # Jane Smith's four quotes in EVIL (a stray mark spoils only its own paragraph), and any speaker quoted as often
    assert int(quoted) == counts.max() == 4
    assert name in counts[counts == counts.max()].index
    assert articles == "1"


@pytest.mark.browser
def test_browser_clicking_a_speaker_shows_only_their_quotes(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    driver.find_element(By.CSS_SELECTOR, "#speakers a[data-speaker='s-1']").click()
    name = driver.find_element(By.CSS_SELECTOR, "#speakers a[data-speaker='s-1']").text
    rows = visible_rows(driver)
    assert {row.find_element(By.CSS_SELECTOR, "td:nth-child(2)").text for row in rows} == {name}
    assert len(rows) == (tables.quotes["speaker"] == name).sum() < len(tables.quotes)
    assert driver.find_element(By.ID, "status").text == f"{len(rows)} of {len(tables.quotes)} quotes · {name}"
    assert in_view(driver, rows[0])
    driver.find_element(By.ID, "all").click()
    assert len(visible_rows(driver)) == len(tables.quotes)


@pytest.mark.browser
def test_browser_an_article_link_of_a_shared_quote_goes_to_that_article(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    shared = [row for row in visible_rows(driver) if row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text == "2"]
    shared[0].find_element(By.CSS_SELECTOR, "td:last-child summary").click()  # the disclosure opens
    link = shared[0].find_elements(By.CSS_SELECTOR, "td:last-child a")[1]
    anchor = link.get_attribute("href").split("#")[1]
    link.click()
    assert driver.execute_script("return location.hash") == f"#{anchor}"
    assert in_view(driver, driver.find_element(By.ID, anchor))


@pytest.mark.browser
def test_browser_hostile_input_does_not_run_and_shows_as_text(page):
    from selenium.webdriver.common.by import By

    driver, _ = page
    assert driver.execute_script("return window.pwned") is None
    articles = driver.find_elements(By.TAG_NAME, "article")
    evil = next(a for a in articles if a.find_element(By.TAG_NAME, "h3").text == "<b>Evil</b>")
    assert "<script>window.pwned=1</script>" in evil.text and '"><img src=x onerror=alert(1)>' in evil.text
    assert "<b>evil</b> · <b>Outlet</b>" in evil.text
    assert not driver.find_elements(By.CSS_SELECTOR, "img, a[href^='javascript'], b")


def syndicated(n, outlets=30):
    """`n` copies of one wire story under `outlets` outlets, as a syndicated corpus has them."""
    return [Article(f"copy-{i}", "“The river will crest on Friday night,” said Mayor Ana Pike. “Leave by noon.”\n\n"
                                 f"Crews worked through the night in district {i % 9}.", title=f"River to crest ({i})",
                    outlet=f"Outlet {i % outlets}", published=f"2026-03-0{1 + i % 5}") for i in range(n)]


def test_a_quote_carried_by_many_articles_shows_a_count_and_a_short_list():
    page = report_of(*syndicated(60))
    row = page[page.index("<tr id='r-0'"):]
    row = row[: row.index("</tr>")]
    assert "<summary>60 articles · 30 outlets</summary>" in row
    assert row.count("<li><a href='#a-") == 25 and "<li>and 35 more (in the articles below)</li>" in row
    assert "<td>2026-03-01</td>" in row  # the first published, in the quotes table


def test_a_syndicated_corpus_of_thousands_of_articles_keeps_the_page_light():
    page = report_of(*syndicated(3000))
    assert len(page.encode()) < 1_500_000
    # each of the 9 texts shown once, with its 2 quotes marked: the other copies link to it
    assert page.count('<mark class="quote"') == 18 and page.count("The same text as <a href='#a-") == 3000 - 9
    copies = report_of(*[Article(f"c{i}", syndicated(1)[0].text, title=f"T{i}") for i in range(3)])
    assert copies.count('<mark class="quote"') == 2 and copies.count("The same text as <a href='#a-0'>T0</a>") == 2


def test_unnamed_speakers_are_grouped_apart_from_named_ones():
    page = report_of(Article("a", SAID + "\n\n“Nothing will change,” the company said."))
    speakers = page[page.index("<section id='speakers'>"): page.index("<section id='outlets'>")]
    named, rest = speakers.split("<h3>Not named</h3>")
    assert "Jane Smith" in named and "no speaker named" not in named
    assert "no speaker named</span></a>: 1 quotes; the articles say the company (1)" in rest


def test_the_title_heads_the_page():
    page = report_of(Article("a", SAID), title="Flood desk <3")
    assert "<title>Flood desk &lt;3</title>" in page and "<h1>Flood desk &lt;3</h1>" in page


def test_the_speaker_tag_follows_the_closing_mark_and_hides_the_detector():
    page = report_of(Article("a", SAID))
    assert "We will win,</mark>”<a class='tag' href='#r-0'>Jane Smith · said<span class='det'> · marks</span></a>" in page
    assert ".det { display: none; }" in page


def test_an_empty_run_says_so():
    assert "No quotes were found in the 1 article read." in report_of(Article("a", "Nobody said anything."))


@pytest.mark.browser
def test_browser_a_column_head_sorts_the_quotes(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    driver.find_element(By.XPATH, "//section[@id='quotes']//th[text()='Articles']").click()
    counts = [int(row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text) for row in visible_rows(driver)]
    assert counts == sorted(counts, reverse=True) and counts[0] == tables.quotes["n_articles"].max()
    driver.find_element(By.XPATH, "//section[@id='quotes']//th[text()='Articles']").click()
    counts = [int(row.find_element(By.CSS_SELECTOR, "td:nth-child(3)").text) for row in visible_rows(driver)]
    assert counts == sorted(counts)


@pytest.mark.browser
def test_browser_the_detector_shows_only_when_asked(page):
    from selenium.webdriver.common.by import By

    driver, _ = page
    detector = driver.find_element(By.CSS_SELECTOR, "article .tag .det")
    assert not detector.is_displayed()
    driver.find_element(By.ID, "detectors").click()
    assert detector.is_displayed()


@pytest.mark.browser
def test_browser_a_speaker_picked_filters_the_articles_and_the_filter_bar_stays_in_view(page):
    from selenium.webdriver.common.by import By

    driver, tables = page
    link = driver.find_element(By.CSS_SELECTOR, "#speakers a[data-speaker='s-1']")
    name = link.text
    link.click()
    shown = [a for a in driver.find_elements(By.CSS_SELECTOR, "article") if a.is_displayed()]
    carried = set(tables.mentions.loc[tables.mentions["speaker"] == name, "article_id"])
    assert 0 < len(shown) == len(carried) < len(driver.find_elements(By.CSS_SELECTOR, "article"))
    assert in_view(driver, driver.find_element(By.ID, "tools"))
    driver.execute_script("window.scrollBy(0, 400)")
    assert in_view(driver, driver.find_element(By.ID, "tools"))


@pytest.mark.browser
def test_browser_a_syndicated_corpus_keeps_every_row_short(browser, tmp_path):
    from selenium.webdriver.common.by import By

    driver, _, _ = browser
    target = tmp_path / "syndicated.html"
    target.write_text(report_of(*syndicated(3000)), encoding="utf-8")
    driver.get(target.as_uri())
    heights = [row.size["height"] for row in driver.find_elements(By.CSS_SELECTOR, "tr.quote")]
    assert heights and max(heights) < 150, heights


def test_a_report_of_nothing_read_writes_no_page_over_a_good_one(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("a good page", encoding="utf-8")
    with pytest.raises(QuotesError, match=r"^no article was read, so no page was written \(\S*nope.jsonl: no such file"):
        write_report([tmp_path / "nope.jsonl"], target, model="none")
    assert target.read_text(encoding="utf-8") == "a good page"
