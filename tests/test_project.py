"""The repository keeps its promises: CI runs what the README says."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("# run the tests (this is what CI runs)\n", 1)[1].split("\n", 1)[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert command == ci and "pytest" in command
