"""Outlet: the publication that carried an article, from metadata, its URL, or a wire credit in
the text; and the wire: the news agency the text credits, which tells a syndicated copy from an
outlet's own reporting."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import regex

from .rules import RuleSet
from .types import Article


def find_outlet(article: Article, rules: RuleSet) -> str | None:
    """The article's outlet: its `outlet` field, else its URL's domain, else a wire credit, else None.

    Example:
        >>> from quotes.rules import load_rules
        >>> find_outlet(Article("a1", "Text.", url="https://www.reuters.com/world/x"), load_rules())
        'Reuters'
    """
    if article.outlet and article.outlet.strip():
        return article.outlet.strip()
    if article.url:
        by_url = outlet_from_url(article.url, rules)
        if by_url:
            return by_url
    return find_wire(article.text, rules)


def outlet_from_url(url: str, rules: RuleSet) -> str | None:
    """The outlet named in `rules/outlets.jsonl` for the URL's domain, else the domain itself."""
    try:
        host = (urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    if not host or "." not in host:
        return None
    for outlet in rules.outlets:
        if any(host == d or host.endswith("." + d) for d in outlet.domains):
            return outlet.name
    return host


@lru_cache(maxsize=8)
def _credit_patterns(rules: RuleSet) -> tuple[regex.Pattern, regex.Pattern]:
    credits = sorted({c for o in rules.outlets for c in o.credits}, key=len, reverse=True)
    names = "|".join(regex.escape(c) for c in credits)
    signatures = "|".join(regex.escape(s) for o in rules.outlets for s in o.signatures) or "(?!)"
    # A dateline near the top ("WASHINGTON (Reuters) -").
    dateline = regex.compile(rf"\((?P<credit>{names})\)\s*[-—–]")
    # At the end: the credit alone on a line, a copyright line, "Associated Press writer Ann Lee
    # contributed", or a wire's own sign-off ("Reporting by Ann Lee; Editing by Bo Li").
    closing = regex.compile(
        rf"(?m)^[ \t]*(?:(?:[-—–©]\s*)?(?P<credit>{names})[ \t.]*$"
        rf"|(?i:copyright|\(c\)|©)[ \t]*(?:\d{{4}}[ \t]*)?(?:by[ \t]+)?(?:the[ \t]+)?(?P<credit>{names})\b"
        rf"|(?:The[ \t]+)?(?P<credit>{names})[ \t]+(?:(?:staff[ \t]+)?(?:writers?|reporters?|correspondents?)\b.*\b)?contributed"
        # a sign-off names a person: not "Reporting by hand", nor "Reporting by AP's Ann Lee"
        rf"|\(?(?P<signature>{signatures})[ \t]+(?!(?:{names})\b)\p{{Lu}})"
    )
    return dateline, closing


def find_wire(text: str, rules: RuleSet) -> str | None:
    """The news agency the text credits (its name in `rules/outlets.jsonl`), else None: '(AP) —'
    near the top, or in the last lines 'Reuters' alone, '© 2025 AFP', 'Associated Press writer …
    contributed' or a wire's sign-off ('Reporting by …').

    Example:
        >>> from quotes.rules import load_rules
        >>> find_wire("LONDON (Reuters) - Prices rose.", load_rules())
        'Reuters'
        >>> find_wire("Prices rose.\\nReporting by Ann Lee; Editing by Bo Li", load_rules())
        'Reuters'
        >>> find_wire("Prices rose, the mayor told AP.", load_rules()) is None
        True
    """
    by_credit = {c: o.name for o in rules.outlets for c in o.credits}
    by_signature = {s: o.name for o in rules.outlets for s in o.signatures}
    dateline, closing = _credit_patterns(rules)
    match = dateline.search(text, 0, 400) or closing.search(_strip_boilerplate(text))
    if match is None:
        return None
    found = match.groupdict()
    return by_signature[found["signature"]] if found.get("signature") else by_credit[found["credit"]]


def _strip_boilerplate(text: str) -> str:
    """The text up to its last line that is not a subscription prompt, so a credit above one is found."""
    lines = text.rstrip().split("\n")
    while lines and regex.search(r"(?i)\bsubscri|sign up|newsletter|^\s*$", lines[-1]):
        lines.pop()
    return "\n".join(lines[-3:])
