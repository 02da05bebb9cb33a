import os
import shutil
import tempfile
from pathlib import Path

import pytest

from quotes.model import default_model, load_model
from quotes.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    # The tests keep compiled patterns in a directory of their own, not in the user's cache; the
    # command-line runs they start inherit it, and read back what the first one compiled.
    if "QUOTES_CACHE_DIR" not in os.environ:
        config._quotes_cache = tempfile.mkdtemp(prefix="quotes-cache-")
        os.environ["QUOTES_CACHE_DIR"] = config._quotes_cache


def pytest_unconfigure(config):
    if getattr(config, "_quotes_cache", None):
        shutil.rmtree(config._quotes_cache, ignore_errors=True)
        del os.environ["QUOTES_CACHE_DIR"]


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture
def interrupted_run():
    """A run of `quotes extract PATH -o OUT` stopped after `after` articles, as Ctrl-C stops it,
    leaving OUT's checkpoint behind."""
    from quotes.pipeline import extract_tables

    def interrupt(path, out, after):
        done = []

        def stop(_mentions):
            done.append(1)
            if len(done) == after:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            extract_tables([str(path)], model="none", checkpoint=f"{out}.progress.jsonl", progress=stop, exclude=[out])

    return interrupt


@pytest.fixture(scope="session")
def nlp():
    if default_model() is None:
        pytest.skip("no spaCy English pipeline installed")
    return load_model()


def pytest_collection_modifyitems(config, items):
    # Tests marked `model` need the pipeline; they skip, not fail, where it is missing.
    if default_model() is None:
        skip = pytest.mark.skip(reason="no spaCy English pipeline installed")
        for item in items:
            if "model" in item.keywords:
                item.add_marker(skip)
