from pathlib import Path

import pytest

from quotes.model import default_model, load_model
from quotes.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


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
