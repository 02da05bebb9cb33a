"""The repository keeps its promises: CI runs what the README says."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("# run the tests (this is what CI runs)\n", 1)[1].split("\n", 1)[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert command == ci and "pytest" in command


def test_the_readme_python_examples_run_as_written():
    """The Python section's examples, the spaCy component's included, after the README's install."""
    import contextlib
    import io

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]  # the library and the spaCy component
    blocks = section.split("```python\n")[1:]
    assert len(blocks) >= 2
    for block in (b.split("```", 1)[0] for b in blocks):
        printed = io.StringIO()
        lines = block.splitlines()
        with contextlib.redirect_stdout(printed):
            scope: dict = {}
            for n, line in enumerate(lines):
                # a line followed by "# result" is an expression whose value the README shows
                shown = n + 1 < len(lines) and lines[n + 1].startswith("# ") and not line.startswith("#")
                if shown:
                    value = eval(line, scope)
                    assert repr(value) == lines[n + 1][2:], (line, value)
                elif line and not line.startswith("#"):
                    exec(line, scope)
