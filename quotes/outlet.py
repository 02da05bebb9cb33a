"""Outlet: the publication that carried an article, from metadata, its URL, or a wire credit in the text."""

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
    return outlet_from_credit(article.text, rules)


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
    credits = sorted({c: o.name for o in rules.outlets for c in o.credits}, key=len, reverse=True)
    names = "|".join(regex.escape(c) for c in credits)
    # A dateline near the top ("WASHINGTON (Reuters) -") or a credit alone on the last line.
    dateline = regex.compile(rf"\((?P<credit>{names})\)\s*[-—–]")
    closing = regex.compile(rf"(?:^|\n)[ \t]*(?:[-—–©]\s*)?(?P<credit>{names})[ \t.]*\s*\Z")
    return dateline, closing


def outlet_from_credit(text: str, rules: RuleSet) -> str | None:
    """A wire service credited in the text: '(AP) —' near the top or 'Reuters' on the last line."""
    credit_to_name = {c: o.name for o in rules.outlets for c in o.credits}
    dateline, closing = _credit_patterns(rules)
    match = dateline.search(text, 0, 400) or closing.search(_strip_boilerplate(text))
    return credit_to_name[match.group("credit")] if match else None


def _strip_boilerplate(text: str) -> str:
    """The text up to its last line that is not a subscription prompt, so a credit above one is found."""
    lines = text.rstrip().split("\n")
    while lines and regex.search(r"(?i)\bsubscri|sign up|newsletter|^\s*$", lines[-1]):
        lines.pop()
    return "\n".join(lines[-3:])
