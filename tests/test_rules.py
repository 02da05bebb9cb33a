import json
import shutil

import pytest

from quotes.detect.marks import find_quotes
from quotes.errors import RuleError
from quotes.rules import DEFAULT_RULES_DIR, load_rules
from quotes.speakers import attribute


def test_project_rules_load(rules):
    assert "say" in rules.speech_lemmas
    assert "said" in rules.speech_forms
    assert rules.title_forms["sen"].id == "sen"


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(DEFAULT_RULES_DIR, target)
    return target


def append(path, *records):
    with path.open("a", encoding="utf-8") as f:
        for record in records:
            f.write((record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n")


def line_count(path):
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(
    "filename, record, message",
    [
        ("speech_verbs.jsonl", {"id": "x", "lemma": "x", "forms": ["x"], "colour": "red"}, "colour: Extra inputs are not permitted"),
        ("speech_verbs.jsonl", {"id": "x", "lemma": "x"}, "forms: Field required"),
        ("speech_verbs.jsonl", {"id": "say", "lemma": "say", "forms": ["say"]}, "duplicate id"),
        ("quote_marks.jsonl", {"id": "x", "open": "a", "close": "b", "level": "double"}, "not a Unicode quotation mark"),
        ("quote_marks.jsonl", {"id": "x", "open": "“", "close": "”", "level": "triple"}, "level"),
        ("matcher_patterns.jsonl", {"id": "x", "label": "MEDIUM", "pattern": [{"LOWR": "in"}]}, "pattern"),
        ("attribution_patterns.jsonl", {"id": "x", "side": "after", "pattern": "said"}, "(?P<speaker>"),
        ("attribution_patterns.jsonl", {"id": "x", "side": "after", "pattern": "(?P<speaker>x)", "quote_ends": ""}, "quote_ends"),
        ("attribution_patterns.jsonl", {"id": "x", "side": "after", "pattern": "^(?P<speaker>{SPEAKER}"}, "not a regular expression"),
        # the speaker's pattern is full of brackets: in a class, its own close the class
        ("attribution_patterns.jsonl", {"id": "x", "side": "after", "pattern": "^(?P<speaker>[{SPEAKER}]+)"}, "not a regular expression"),
        ("attribution_patterns.jsonl", {"id": "x", "side": "after", "pattern": "^(?P<speaker>{SPEAKER})\\s+{VERBS}"}, "unknown placeholder {VERBS}"),
        ("outlets.jsonl", "{not json", "not JSON"),
    ],
)
def test_invalid_record_is_named_by_file_line_and_id(rules_copy, filename, record, message):
    path = rules_copy / filename
    append(path, record)
    with pytest.raises(RuleError) as info:
        load_rules(rules_copy)
    where = f"rules/{filename}:{line_count(path)}"
    assert where in str(info.value)
    assert message in str(info.value)


def test_all_problems_are_reported_together(rules_copy):
    append(rules_copy / "titles.jsonl", {"id": "x"})
    append(rules_copy / "pronouns.jsonl", {"id": "y", "forms": ["y"], "number": "dual"})
    with pytest.raises(RuleError) as info:
        load_rules(rules_copy)
    assert "rules/titles.jsonl" in str(info.value) and "rules/pronouns.jsonl" in str(info.value)


def test_missing_file_is_reported(rules_copy):
    (rules_copy / "outlets.jsonl").unlink()
    with pytest.raises(RuleError, match="rules/outlets.jsonl: cannot read"):
        load_rules(rules_copy)


def test_a_custom_pattern_whose_verb_is_optional_matches_where_no_verb_is(rules_copy):
    # A pattern that needs its {VERB} is skipped where no speech verb is near; this one does not need it.
    append(rules_copy / "attribution_patterns.jsonl",
           {"id": "quote-bracketed-speaker", "side": "after", "pattern": "^\\s*\\((?:(?P<cue>{VERB})\\s+)?(?P<speaker>{SPEAKER})\\)"})
    rules = load_rules(rules_copy)
    text = "“The pier stays shut.” (Ines Calder)"
    cands = list(find_quotes(text, rules))
    assert [a.speaker_mention for a in attribute(text, cands, rules)] == ["Ines Calder"]
