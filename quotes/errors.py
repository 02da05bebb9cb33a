"""Typed errors. The library raises them; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class QuotesError(Exception):
    """Base class for every error `quotes` raises on purpose."""


class InputError(QuotesError):
    """An input file or record cannot be read; the message names the file and line or the article id."""


class RuleError(QuotesError):
    """A rules file is invalid; the message lists every problem as `file:line [id]: what is wrong`."""


class ModelError(QuotesError):
    """The spaCy pipeline that was asked for cannot be loaded."""
