"""quotes: who said what in the news, and where it was published.

    >>> import quotes
    >>> quotes.extract('“We will win,” said Jane Smith.', model="none")["speaker"].tolist()
    ['Jane Smith']
"""

__version__ = "0.1.0"

from .dedup import DedupOptions, deduplicate
from .errors import InputError, ModelError, QuotesError, RuleError
from .output import read_quotes, write_table
from .pipeline import extract
from .table import MENTIONS, QUOTES
from .types import Article, Mention
from .verify import QuoteIndex, verify

__all__ = [
    "Article", "DedupOptions", "InputError", "MENTIONS", "Mention", "ModelError", "QUOTES", "QuotesError", "RuleError",
    "QuoteIndex", "__version__", "deduplicate", "extract", "read_quotes", "verify", "write_table",
]
