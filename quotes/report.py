"""A self-contained HTML report of a run: who said what, where, and every quote shown in its article.

One page that opens with no network: the CSS and JavaScript are inline, and a Content-Security-Policy
that allows only their hashes means nothing is fetched and no other script runs, even one that
escaping had missed. Every string from the input is escaped; the JavaScript reads only the ids this
module makes up (`a-3`, `s-1`), never input text, so article ids may hold any characters. The page
reads with JavaScript off; with it, the indexes filter the quotes table and a box searches it.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from html import escape
from pathlib import Path
from string import Template

import pandas as pd

from .dedup import DedupOptions, deduplicate
from .errors import InputError
from .io import Reading, ReadReport, read_articles
from .output import write_atomically, write_stdout
from .pipeline import DETECTORS, Engine, Tables, mentions_by_article
from .speakers.scoring import MIN_CONFIDENCE
from .table import mentions_frame
from .types import Article, Skipped

_CSS = """
:root { --ink: #1f2430; --muted: #5f6878; --line: #dfe3ea; --quote: #ffeeb0; --speaker: #d6e9ff; --accent: #1f56a8; }
[hidden] { display: none !important; }
body { max-width: 72rem; margin: 0 auto; padding: 1.5rem; font: 16px/1.55 system-ui, sans-serif; color: var(--ink);
       background: #f8f9fb; }
h2 { margin-top: 2.5rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); }
a { color: var(--accent); }
.totals { display: flex; flex-wrap: wrap; gap: .75rem; padding: 0; list-style: none; }
.totals li, article, table { background: #fff; border: 1px solid var(--line); border-radius: 6px; }
.totals li { padding: .4rem 1rem; color: var(--muted); }
.totals strong { display: block; font-size: 1.5rem; color: var(--ink); }
.indexes { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 0 2rem; }
table { width: 100%; border-collapse: collapse; }
th, td { padding: .4rem .6rem; text-align: left; vertical-align: top; border-bottom: 1px solid var(--line);
         overflow-wrap: break-word; }
th { font-size: .85rem; color: var(--muted); white-space: nowrap; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
.none, .meta, .note { color: var(--muted); }
.none { font-style: italic; }
tr:target, article:target { outline: 3px solid var(--accent); }
#tools { display: flex; gap: 1rem; align-items: center; position: sticky; top: 0; z-index: 1; margin: 0;
         padding: .5rem 0; background: #f8f9fb; }
th[data-sort] { cursor: pointer; }
th[data-sort]::after { content: " \\2195"; color: var(--muted); }
details.carried ul { margin: .3rem 0; padding-left: 1.1rem; font-size: .9rem; }
.det { display: none; }
body.detectors .det { display: inline; }
#search { flex: 1; padding: .45rem .6rem; font: inherit; }
article { margin: 1rem 0; padding: .25rem 1.25rem 1rem; }
.meta { font-size: .9rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark.quote { background: var(--quote); padding: 0 .1em; }
.speaker { background: var(--speaker); border-radius: 3px; }
.tag { margin-left: .3em; font-size: .75rem; color: var(--muted); text-decoration: none; }
"""

_JS = """
"use strict";
(function () {
  var rows = Array.from(document.querySelectorAll("tr.quote"));
  var search = document.getElementById("search"), status = document.getElementById("status");
  var picked = {speaker: "", outlet: "", name: ""};
  var articles = Array.from(document.querySelectorAll("article[data-speakers]"));
  function picks(element) {
    return (!picked.speaker || element.dataset.speakers.split(" ").indexOf(picked.speaker) >= 0) &&
      (!picked.outlet || element.dataset.outlets.split(" ").indexOf(picked.outlet) >= 0);
  }
  function show() {
    var words = search.value.trim().toLowerCase(), shown = 0;
    rows.forEach(function (row) {
      var keep = picks(row) && (!words || row.textContent.toLowerCase().indexOf(words) >= 0);
      row.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    // the articles follow the speaker or outlet picked: those with a quote of theirs
    articles.forEach(function (article) { article.hidden = !picks(article); });
    status.textContent = shown + " of " + rows.length + " quotes" + (picked.name ? " \\u00b7 " + picked.name : "");
  }
  document.querySelectorAll("th[data-sort]").forEach(function (head) {
    head.addEventListener("click", function () {
      var body = head.closest("table").tBodies[0], at = head.cellIndex, number = head.dataset.sort === "n";
      var down = head.dataset.down !== "1";
      var sorted = Array.from(body.rows).sort(function (a, b) {
        var x = a.cells[at].textContent, y = b.cells[at].textContent;
        var order = number ? Number(x.replace(/,/g, "")) - Number(y.replace(/,/g, "")) : x.localeCompare(y);
        return down ? -order : order;
      });
      head.dataset.down = down ? "1" : "0";
      sorted.forEach(function (row) { body.appendChild(row); });
    });
  });
  document.getElementById("detectors").addEventListener("change", function (event) {
    document.body.classList.toggle("detectors", event.target.checked);
  });
  document.querySelectorAll("a[data-speaker], a[data-outlet]").forEach(function (link) {
    // No preventDefault: the link still jumps to the speaker's first quote, now among those shown.
    link.addEventListener("click", function () {
      picked = {speaker: link.dataset.speaker || "", outlet: link.dataset.outlet || "", name: link.textContent};
      show();
    });
  });
  document.getElementById("all").addEventListener("click", function () {
    picked = {speaker: "", outlet: "", name: ""};
    search.value = "";
    show();
  });
  search.addEventListener("input", show);
  document.getElementById("tools").hidden = false;
  show();
})();
"""

_PAGE = Template("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="$policy">
<title>$title</title>
<style>$css</style>
</head>
<body>
$body
<script>$js</script>
</body>
</html>
""")

# Only these become links; a browser ignores leading spaces in an href, so the URL must match as given.
_WEB_URL = re.compile(r"https?://\S+", re.IGNORECASE)


def render_report(mentions: pd.DataFrame, quotes: pd.DataFrame, articles: Iterable[Article], *,
                  title: str = "Quotes", skipped: Sequence[Skipped] = ()) -> str:
    """One HTML page: totals, indexes by speaker and outlet, the quotes table, and each article with its
    quotes marked. `quotes` is what `deduplicate(mentions)` gave, which also set the mentions' `quote_id`.

    Example:
        >>> from quotes import Article, deduplicate, extract
        >>> article = Article("a1", "“We will win,” said Jane Smith.")
        >>> mentions = extract([article], model="none")
        >>> page = render_report(mentions, deduplicate(mentions), [article])
        >>> '<mark class="quote" title="Jane Smith · said · marks">We will win,</mark>' in page
        True
    """
    articles = list(articles)
    anchors: dict[str, str] = {}
    for i, article in enumerate(articles):
        anchors.setdefault(article.id, f"a-{i}")
    found = [_present(row) for row in mentions.to_dict("records")]
    rows = [_present(row) for row in quotes.to_dict("records")]
    by_quote, by_article = defaultdict(list), defaultdict(list)
    for m in found:
        by_quote[m["quote_id"]].append(m)
        by_article[m["article_id"]].append(m)
    for row in rows:  # from the mentions: the joined `article_ids` is ambiguous when an id holds "; "
        carried = by_quote.get(row["quote_id"], [])
        row["ids"] = list(dict.fromkeys(m["article_id"] for m in carried)) or (row["article_ids"] or "").split("; ")
        row["outlet_names"] = sorted({m["outlet"] for m in carried if m["outlet"]})
        row["speaker"] = row["speaker"] or None  # None: the text names no one
    speakers = _index(rows, lambda r: [r["speaker"]], "s")
    outlets = _index(rows, lambda r: r["outlet_names"], "o")
    rows.sort(key=lambda r: speakers[r["speaker"]]["rank"])  # stable: the most carried first within a speaker
    for i, row in enumerate(rows):
        row["anchor"] = f"r-{i}"
        speakers[row["speaker"]].setdefault("first", row["anchor"])
        speakers[row["speaker"]].setdefault("articles", set()).update(row["ids"])
    row_of = {row["quote_id"]: row["anchor"] for row in rows}
    titles = {a.id: (anchors[a.id], a.title or a.id, a.outlet) for a in articles}
    # a syndicated corpus prints one text many times: the page shows it once, and links the copies
    first_with: dict[str, tuple[str, Article]] = {}
    for article in articles:
        if by_article.get(article.id):
            first_with.setdefault(article.text, (anchors[article.id], article))
    mentioned = Counter(m["outlet"] for m in found)
    totals = {"articles": len(articles), "quotes": len(rows), "mentions": len(found),
              "speakers": len(set(speakers) - {None}), "outlets": len(outlets)}
    quiet = [(i, a) for i, a in enumerate(articles) if not by_article.get(a.id)]
    body = [
        f"<header><h1>{escape(title)}</h1><ul class='totals'>",
        *(f"<li><strong>{n}</strong>{label}</li>" for label, n in totals.items()),
        "</ul></header><div class='indexes'><section id='speakers'><h2>Speakers</h2>",
        _table(["Speaker", "Quotes", "Articles"],
               [[_speaker_link(name, s), s["quotes"], len(s["articles"])] for name, s in speakers.items() if name is not None]),
        _unnamed(speakers.get(None), Counter(m["speaker_mention"] for m in found if not m["speaker"] and m["speaker_mention"])),
        "</section><section id='outlets'><h2>Outlets</h2>",
        _table(["Outlet", "Quotes", "Mentions"],
               [[f"<a href='#quotes' data-outlet='{o['key']}'>{escape(name)}</a>", o["quotes"], mentioned[name]]
                for name, o in outlets.items()]),
        "</section></div><section id='quotes'><h2>Quotes</h2><p id='tools' hidden>",
        "<input id='search' type='search' placeholder='Search quotes, speakers, outlets' aria-label='Search'>",
        "<span id='status'></span><button id='all' type='button'>Show all</button>",
        "<label><input id='detectors' type='checkbox'> detectors</label></p>",
        _table(["Quote", "Speaker", "Articles", "First published", "Carried by"],
               [_quote_cells(row, speakers, titles) for row in rows],
               [_row_attrs(row, speakers, outlets) for row in rows], sortable=True)
        if rows else f"<p class='none'>No quotes were found in the {len(articles):,} article{'s' * (len(articles) != 1)} read.</p>",
        "</section><section id='articles'><h2>Articles</h2>",
        *(_article(a, f"a-{i}", by_article[a.id], row_of, speakers, outlets, first_with.get(a.text))
          for i, a in enumerate(articles) if by_article.get(a.id)),
        f"<details><summary>{len(quiet):,} article{'s' * (len(quiet) != 1)} with no quotes</summary>" if quiet else "",
        *(_article(a, f"a-{i}", [], row_of, speakers, outlets) for i, a in quiet),
        "</details>" if quiet else "",
        "</section>",
    ]
    if skipped:
        items = "".join(f"<li>{escape(s.source)}: {escape(s.reason)}</li>" for s in skipped)
        body.append(f"<section id='skipped'><h2>Skipped input</h2><ul>{items}</ul></section>")
    policy = (f"default-src 'none'; style-src {_hash(_CSS)}; script-src {_hash(_JS)}; "
              "base-uri 'none'; form-action 'none'")
    return _PAGE.substitute(policy=policy, title=escape(title), css=_CSS, js=_JS, body="\n".join(body))


def _present(row: dict) -> dict:
    """A table row with pandas' missing values as None, so that `or` reads them as absent."""
    return {k: None if not isinstance(v, (list, tuple)) and pd.isna(v) else v for k, v in row.items()}


def _index(rows: list[dict], names, prefix: str) -> dict[str, dict]:
    """name → its key, rank and number of quotes, most quoted first; "no speaker" last whatever its count."""
    counts = Counter(name for row in rows for name in names(row))
    order = sorted(counts, key=lambda n: (n is None, -counts[n], n or ""))
    return {n: {"key": f"{prefix}-{i}", "rank": i, "quotes": counts[n]} for i, n in enumerate(order)}


def _speaker_link(name: str, speaker: dict) -> str:
    label = "<span class='none'>no speaker named</span>" if name is None else escape(name)
    return f"<a href='#{speaker['first']}' data-speaker='{speaker['key']}'>{label}</a>"


# How many of the articles that carried a quote its row lists: a quote syndicated to thousands of
# articles would otherwise make its row thousands of lines long, and the page heavy.
CARRIED_SHOWN = 25


def _unnamed(speaker: dict | None, mentions: Counter) -> str:
    """The quotes whose speaker is not named, apart from the named speakers, with how the
    articles refer to whoever said them ("the company", "a spokeswoman")."""
    if speaker is None:
        return ""
    how = ", ".join(f"{escape(m)} ({n})" for m, n in mentions.most_common(8))
    return (f"<h3>Not named</h3><p>{_speaker_link(None, speaker)}: {speaker['quotes']} quotes"
            + (f"; the articles say {how}" if how else "") + "</p>")


def _quote_cells(row: dict, speakers: dict, titles: dict[str, tuple]) -> list:
    """A quote's row: the words, the speaker, how many articles, the first date, and a disclosure
    of the articles (headline and outlet) that carried it, the first `CARRIED_SHOWN` of them."""
    shown = []
    for article_id in row["ids"][:CARRIED_SHOWN]:
        anchor, headline, outlet = titles.get(article_id, (None, article_id, None))
        link = f"<a href='#{anchor}'>{escape(headline)}</a>" if anchor else escape(headline)
        shown.append(f"<li>{link}{' · ' + escape(outlet) if outlet else ''}</li>")
    if len(row["ids"]) > len(shown):
        shown.append(f"<li>and {len(row['ids']) - len(shown):,} more (in the articles below)</li>")
    n, outlets = len(row["ids"]), len(row["outlet_names"])
    summary = f"{n:,} article{'s' * (n != 1)}" + (f" · {outlets:,} outlet{'s' * (outlets != 1)}" if outlets else "")
    carried = f"<details class='carried'><summary>{summary}</summary><ul>{''.join(shown)}</ul></details>"
    return [escape(row["quote"] or ""), _speaker_link(row["speaker"], speakers[row["speaker"]]),
            row["n_articles"] or n, escape((row["first_published"] or "")[:10]), carried]


def _row_attrs(row: dict, speakers: dict, outlets: dict) -> str:
    """What the JavaScript filters a quote row by: keys made here, never input text."""
    keys = " ".join(outlets[o]["key"] for o in row["outlet_names"])
    return f" id='{row['anchor']}' class='quote' data-speakers='{speakers[row['speaker']]['key']}' data-outlets='{keys}'"


def _table(heads: list[str], cells: list[list], attrs: list[str] | None = None, sortable: bool = False) -> str:
    """A table of cells already escaped; numbers are aligned right; `sortable`: a click on a
    column's head sorts the rows by it."""
    right = [" class='n'" if isinstance(c, int) else "" for c in (cells[0] if cells else heads)]
    sorts = [(f" data-sort='{'n' if r else 't'}'" if sortable else "") for r in right]
    out = ["<table><thead><tr>", *(f"<th{r}{k}>{h}</th>" for h, r, k in zip(heads, right, sorts)), "</tr></thead><tbody>"]
    for i, line in enumerate(cells):
        tds = "".join(f"<td{r}>{c}</td>" for c, r in zip(line, right))
        out.append(f"<tr{attrs[i] if attrs else ''}>{tds}</tr>")
    return "".join(out + ["</tbody></table>"])


def _article(article: Article, anchor: str, found: list[dict], row_of: dict, speakers: dict, outlets: dict,
             original: tuple[str, Article] | None = None) -> str:
    url = article.url or ""
    link = escape(url)
    if _WEB_URL.fullmatch(url):
        link = f"<a href='{link}' rel='noopener noreferrer'>{link}</a>"
    outlet = article.outlet or next((m["outlet"] for m in found if m["outlet"]), None)
    published = article.published or next((m["published"] for m in found if m["published"]), None)
    meta = " · ".join(x for x in (escape(article.id), escape(outlet or ""), escape(published or ""), link) if x)
    copy = original is not None and original[1].id != article.id
    text, missed = ("", 0) if copy else _marked(article.text, found, row_of)
    note = f"{missed} of {len(found)} quotes not marked: their offsets overlap or lie outside the text."
    if copy:
        note = (f"The same text as <a href='#{original[0]}'>{escape(original[1].title or original[1].id)}</a>, "
                f"with its {len(found)} quote{'s' * (len(found) != 1)}.")
    # what the JavaScript filters the articles by: keys made here, never input text
    who = " ".join(sorted({speakers[m["speaker"] or None]["key"] for m in found if (m["speaker"] or None) in speakers}))
    where = " ".join(sorted({outlets[m["outlet"]]["key"] for m in found if m["outlet"] in outlets}))
    return (f"<article id='{anchor}' data-speakers='{who}' data-outlets='{where}'>"
            f"<h3>{escape(article.title or article.id)}</h3><p class='meta'>{meta}</p>"
            f"{f'<p class=note>{note}</p>' if missed or copy else ''}<div class='text'>{text}</div></article>")


def _marked(text: str, found: list[dict], row_of: dict) -> tuple[str, int]:
    """The text as HTML with quotes and speakers marked, and how many quotes could not be.

    Quotes are placed first, in text order, then speakers; a span that overlaps one already placed or
    falls outside the text is skipped: odd input can have both, and a page is better than an exception.
    """
    placed: list[tuple[int, int, str, str]] = []
    missed = 0
    for m in sorted(found, key=lambda m: (m["quote_start"] or 0, m["quote_end"] or 0)):
        said = (m["speaker"] or "no speaker named", m["cue"] or "no cue", m["detector"] or "")
        about = " · ".join(escape(x) for x in said)
        shown = " · ".join(escape(x) for x in said[:2]) + f"<span class='det'> · {escape(said[2])}</span>"
        row = row_of.get(m["quote_id"])
        tag = f"<a class='tag' href='#{row}'>{shown}</a>" if row else f"<span class='tag'>{shown}</span>"
        opening = f'<mark class="quote" title="{about}">'
        # the tag after the closing quotation mark, not inside the quote
        end = m["quote_end"]
        after = _CLOSING.match(text, int(end)).end() - int(end) if end is not None and 0 <= int(end) <= len(text) else 0
        missed += not _place(placed, m["quote_start"], end, len(text), opening, "</mark>", after, tag)
    for m in found:
        who = escape(f"{m['speaker'] or m['speaker_mention']} ({m['speaker_type'] or 'unknown'})")
        opening = f'<span class="speaker" title="{who}">'
        _place(placed, m["speaker_start"], m["speaker_end"], len(text), opening, "</span>")
    out, at = [], 0
    for start, end, opening, closing, after, tag in placed:
        out += [escape(text[at:start]), opening, escape(text[start:end]), closing, escape(text[end:end + after]), tag]
        at = end + after
    return "".join(out) + escape(text[at:]), missed


# The closing quotation marks (after a space, in some styles) that follow a quote's words.
_CLOSING = re.compile(r"[ \u00a0]?[\"”’»“„'‘›」』]{1,2}|")


def _place(placed: list, start, end, length: int, opening: str, closing: str, after: int = 0, tag: str = "") -> bool:
    """Add [start, end) to `placed` (sorted, not overlapping) if it fits there, followed by
    `after` characters kept outside it and then `tag`; say whether it did."""
    if start is None or end is None or not 0 <= int(start) < int(end) <= length:
        return False
    start, end = int(start), int(end)
    i = bisect.bisect(placed, start, key=lambda p: p[0])
    if (i and placed[i - 1][1] + placed[i - 1][4] > start) or (i < len(placed) and placed[i][0] < end):
        return False
    if i < len(placed) and placed[i][0] < end + after:
        after = 0  # the marks lie in the next span: the tag goes at the words' end
    placed.insert(i, (start, end, opening, closing, after, tag))
    return True


def _hash(code: str) -> str:
    """`code`'s hash as a Content-Security-Policy source: that exact script or style, and no other, may run."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def write_report(
    paths: Iterable[str | Path],
    target: str | Path,
    *,
    model: str | None = None,
    detectors: Sequence[str] = DETECTORS,
    options: DedupOptions = DedupOptions(),
    strict: bool = False,
    parse: str = "focus",
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    min_speaker_confidence: float = MIN_CONFIDENCE,
    reading: Reading = Reading(),
    title: str = "Quotes",
) -> Tables:
    """Read `paths` (see `quotes.io.read_articles`; `reading` says how), extract, deduplicate, and write the report
    (headed `title`) to `target`
    ("-" for standard output). Unlike `extract_tables`, the articles are held whole: the page shows them all.
    `progress` is called with the number of mentions of each finished article.

    Raises:
        QuotesError: the engine cannot be loaded, the input is refused (`strict`), no article was
            read (nothing is written), or the file cannot be written.

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.html"
        >>> tables = write_report(["data/seeds"], target, model="none")
        >>> tables.report.read, target.read_text(encoding="utf-8").startswith("<!doctype html>")
        (2, True)
    """
    # a wrong model fails before any reading
    engine = Engine.load(model, detectors, parse=parse, min_speaker_confidence=min_speaker_confidence)
    report = ReadReport()
    articles = list(read_articles(paths, report, strict=strict, exclude=[target, f"{target}.lock"], reading=reading))
    found = []
    for _, mentions in mentions_by_article(articles, engine, jobs=jobs, note=report.notes.append):
        found += mentions
        if progress is not None:
            progress(len(mentions))
    if report.read == 0:
        # an empty page in place of a good one, from a mistyped path, is no answer
        why = "; ".join(f"{k.source}: {k.reason}" for k in report.skipped[:3]) or "the input is empty"
        raise InputError(f"no article was read, so no page was written ({why})")
    mentions = mentions_frame(found)
    quotes = deduplicate(mentions, options)
    write_text(render_report(mentions, quotes, articles, title=title, skipped=report.skipped), target)
    return Tables(mentions, quotes, report)


def write_text(text: str, target: str | Path) -> None:
    """Write `text` as UTF-8 to `target` ("-" for standard output), atomically (see `quotes.output`).

    Raises:
        QuotesError: the file cannot be written.
    """
    if str(target) == "-":
        write_stdout(lambda out: out.write(text))
        return
    write_atomically(target, lambda path: path.write_text(text, encoding="utf-8"))
