from pathlib import Path

import pytest

from quotes.model import default_model, load_model
from quotes.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


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
