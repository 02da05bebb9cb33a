"""quotes: who said what in the news, and where it was published.

    >>> import quotes
    >>> quotes.extract('“We will win,” said Jane Smith.', model="none")["speaker"].tolist()
    ['Jane Smith']
"""

__version__ = "0.1.0"

# Each name is imported when first used, so that `quotes --help` does not load pandas and spaCy.
_WHERE = {
    "DedupOptions": "options", "deduplicate": "dedup", "InputError": "errors", "ModelError": "errors",
    "QuotesError": "errors", "RuleError": "errors", "read_quotes": "output", "write_table": "output",
    "extract": "pipeline", "MENTIONS": "table", "QUOTES": "table", "Article": "types", "Mention": "types",
    "QuoteIndex": "claims", "verify": "claims",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'quotes' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Article", "DedupOptions", "InputError", "MENTIONS", "Mention", "ModelError", "QUOTES", "QuotesError", "RuleError",
    "QuoteIndex", "__version__", "deduplicate", "extract", "read_quotes", "verify", "write_table",
]
