"""Attribution by the text patterns alone (no spaCy pipeline), then by the parse."""

import pytest

from quotes.speakers import attribute, carry_over
from quotes.speakers.patterns import not_after_verb, verb_first, verb_required
from quotes.detect.marks import find_quotes
import quotes


def speakers_by_pattern(text, rules):
    cands = list(find_quotes(text, rules))
    found = carry_over(text, cands, attribute(text, cands, rules))
    return [(a.speaker_mention, a.cue) if a else None for a in found]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win," said Jane Smith.', ("Jane Smith", "said")),
        ('"We will win," Jane Smith said.', ("Jane Smith", "said")),
        ('"We will win," Jane Smith, a teacher from Ohio, said.', ("Jane Smith", "said")),
        ('Jane Smith said, "We will win."', ("Jane Smith", "said")),
        ('Jane Smith told reporters on Monday: "We will win."', ("Jane Smith", "told reporters")),
        ('Jane Smith: "We will win."', ("Jane Smith", "")),
        ('"We will win." — Jane Smith', ("Jane Smith", "")),
        ('"We will win," according to Jane Smith.', ("Jane Smith", "according to")),
        ('"We will win," he said.', ("he", "said")),
        ('"We will win," the Mexican president said.', ("the Mexican president", "said")),
    ],
)
def test_patterns_find_speaker_and_cue(text, expected, rules):
    assert speakers_by_pattern(text, rules) == [expected]


# A verb pattern is tried only where its window holds a word that starts a speech verb's form:
# the verb in capitals, in two words, or against punctuation still counts.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"The pier stays shut," pointed out Ines Calder.', ("Ines Calder", "pointed out")),
        ('INES CALDER SAID: "The pier stays shut."', ("INES CALDER", "SAID")),
        ('Ines Calder (harbour board) warned—"The pier stays shut."', None),
        ('"The pier stays shut," Ines Calder, who chairs the board, insisted.', ("Ines Calder", "insisted")),
        ('Ines Calder added, "The pier stays shut."', ("Ines Calder", "added")),
        ('"The pier stays shut," Ines Calder replied on Friday.', ("Ines Calder", "replied")),
        ('Ines Calder walked out. "The pier stays shut."', None),
    ],
)
def test_verb_patterns_find_the_verb_in_any_case_and_form(text, expected, rules):
    assert speakers_by_pattern(text, rules) == [expected]


@pytest.mark.parametrize(
    "pattern, required",
    [
        (r"^[\s,]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", True),
        (r"(?P<speaker>{SPEAKER})\s+by\s+(?P<cue>{VERB})\s*$", True),
        (r"^[\s,]*(?:(?P<cue>{VERB})\s+)?(?P<speaker>{SPEAKER})", False),  # an optional group
        (r"(?P<speaker>{SPEAKER})\s+(?:wrote|(?P<cue>{VERB}))$", False),  # one of alternatives
        (r"(?P<speaker>{SPEAKER})(?!\s+{VERB})$", False),  # a lookaround
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB}){0,1}$", False),  # a quantifier that allows none
        (r"^[\s,]*(?P<speaker>{SPEAKER})\s+wrote$", False),  # no verb at all
        (r"[(](?P<cue>{VERB})[)]?", True),  # a bracket in a class opens no group
    ],
)
def test_a_pattern_is_skipped_for_want_of_a_verb_only_if_it_cannot_match_without_one(pattern, required):
    assert verb_required(pattern) is required


@pytest.mark.parametrize(
    "pattern, never",
    [
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s\"“”.!?]+){0,8}?\s*[,:]?\s*$", "\"“”.!?"),
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s.]+){0,3}\s*[,:]?\s*$", "."),
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s,: .]+){0,3}\s*[,:]?\s*$", "."),  # these may end it
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s\p{P}]+){0,8}?\s*[,:]?\s*$", ""),  # a class, not characters
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s.0-9]+){0,8}?\s*[,:]?\s*$", ""),  # a range
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})\s*[,:]?\s*$", ""),  # no words after the verb
        (r"(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})(?:\s+[^\s.]+){0,8}?\s*[,:]?\s*$", ""),  # the name after the verb
        (r"(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})(?:\s+[^\s.]+){0,8}?(?:{VERB})?\s*$", ""),  # a verb again
    ],
)
def test_the_characters_never_after_the_verb_are_read_from_one_form_of_pattern_only(pattern, never):
    assert not_after_verb(pattern) == never


@pytest.mark.parametrize(
    "pattern, before",
    [
        (r"^[\s,;:]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", r"[\s,;:]*"),
        (r"^[\s,—]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", r"[\s,—]*"),
        (r"^[\s\w]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", None),  # letters may stand before it
        (r"^[\s,a]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", None),
        (r"^[^,]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", None),  # a negated class: letters too
        (r"^[\s,]*(?P<speaker>{SPEAKER})\s+(?P<cue>{VERB})", None),  # the name first
        (r"[\s,]*(?P<cue>{VERB})\s+(?P<speaker>{SPEAKER})", None),  # not at the window's start
    ],
)
def test_what_may_stand_before_a_verb_that_opens_a_pattern(pattern, before):
    found = verb_first(pattern)
    assert (found.pattern if found else None) == before


# "“…,” said Jane Smith" is searched only where the window's first word starts a speech verb.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will win,"   said   Jane Smith.', ("Jane Smith", "said")),
        ('"We will win," ; said Jane Smith.', ("Jane Smith", "said")),
        ('"We will win," SAID JANE SMITH.', ("JANE SMITH", "SAID")),
        ('"We will win," pointed out Jane Smith.', ("Jane Smith", "pointed out")),
        ('"We will win," unsaid Jane Smith.', None),
    ],
)
def test_a_verb_that_opens_the_window_after_a_quote_is_found_after_blanks_and_punctuation(text, expected, rules):
    assert speakers_by_pattern(text, rules)[0] == expected


# "Jane Smith told reporters: …" is searched only where a speech verb follows the window's last full
# stop, question mark or quotation mark: one before the verb does not hide it.
@pytest.mark.parametrize(
    "text, expected",
    [
        ('At 9 a.m. on Monday, Jane Smith told reporters: "We will win."', ("Jane Smith", "told reporters")),
        ('Asked "why now?" Jane Smith said: "We will win."', ("Jane Smith", "said")),
        ('The vote passed. Jane Smith, the mayor, said: "We will win."', ("Jane Smith", "said")),
        ('Jane Smith said it. Then the crowd sang: "We will win."', None),
        ('Said. Jane Smith saİd: "We will win."', ("Jane Smith", "saİd")),  # (?i) takes "İ" for "i"
        ('Ann Lee said no. JANE SMITH SAİD: "WE WILL WIN."', ("JANE SMITH", "SAİD")),
        ('Jane Smith said the words "we will" and then: "We will win."', None),
    ],
)
def test_a_verb_before_the_last_full_stop_is_not_the_cue_of_the_quote_after_it(text, expected, rules):
    assert speakers_by_pattern(text, rules)[-1] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Who pays for it?" Jane Smith pressed.', ("Jane Smith", "pressed")),
        ('"Who pays for it," Jane Smith pressed.', ("Jane Smith", "pressed")),
        ('"Who pays for it!" Jane Smith pressed.', ("Jane Smith", "pressed")),
        # a quote that ends its sentence is no object of a verb outside the speech-verb list
        ('"Who pays for it." Jane Smith pressed.', None),
        ('"Who pays for it?" pressed Jane Smith.', ("Jane Smith", "pressed")),
        ('"Who pays for it." pressed Jane Smith.', None),
    ],
)
def test_any_past_verb_after_a_quote_whose_sentence_goes_on(text, expected, rules):
    assert speakers_by_pattern(text, rules) == [expected]


def test_quote_without_any_cue_has_no_speaker(rules):
    assert speakers_by_pattern('The sign read nothing. "We will win."', rules) == [None]


def test_follow_on_paragraph_continues_the_previous_speaker(rules):
    text = '"The first part," said Jane Smith.\n\n"The second part, with no cue of its own."'
    assert [s[0] for s in speakers_by_pattern(text, rules)] == ["Jane Smith", "Jane Smith"]


def test_a_filtered_scare_quote_in_between_does_not_break_the_chain():
    text = '"The first part," Jane Smith said, hinting at "changes" ahead. "The second part, no cue of its own."'
    assert quotes.extract(text, model="none")["speaker"].tolist() == ["Jane Smith", "Jane Smith"]


def test_narration_between_quotes_breaks_the_chain(rules):
    text = '"The first part," said Jane Smith.\n\nThe crowd cheered for ten minutes.\n\n"A second quote."'
    assert speakers_by_pattern(text, rules)[1] is None


PARSED = [
    ('"We will win," said Jane Smith.', "Jane Smith", "said"),
    ("Hugh Hill, a doctor who treated him, said: “He was fine.”", "Hugh Hill", "said"),
    ("“We are ready,” the White House said in a statement.", "White House", "said in a statement"),
    ("“We are ready,” Smith told reporters.", "Smith", "told reporters"),
    ("Smith said on Twitter: “We are ready.”", "Smith", "said on Twitter"),
    ("“We are ready,” according to Jane Smith.", "Jane Smith", "according to"),
    ("Cruz called them on it: “The questions are unfair.”", "Cruz", "called"),
    ("“We are ready,” Smith said. “We have been for months.”", "Smith", "said"),
]


@pytest.mark.model
@pytest.mark.parametrize("text, speaker, cue", PARSED)
def test_parse_finds_speaker_and_cue(text, speaker, cue):
    frame = quotes.extract(text)
    assert frame["speaker"].tolist()[-1] == speaker
    assert frame["cue"].tolist()[-1] == cue


@pytest.mark.parametrize("opener", ["Nevertheless", "Yesterday", "However,", "Finally", "Earlier today", "Separately,"])
def test_a_sentence_adverb_before_the_speaker_is_not_part_of_the_name(opener):
    text = f'Sen. Mara Voss spoke first. {opener} Voss told reporters: "The vote will be close."'
    found = quotes.extract(text, model="none")
    assert found["speaker"].tolist() == ["Mara Voss"]
    assert opener.split()[0].rstrip(",") not in (found["speaker_mention"].iloc[0] or "")


@pytest.mark.parametrize("headline, said, expected", [
    ("Mike Pence Calls for Probe of Charity", '"The charity must close now," Pence said on Monday.', "Mike Pence"),
    ("Ferry Line Owner Dahl Says Boats Will Stay", '"We cannot run empty boats," Dahl said.', "Dahl"),
    ("Trump Tower Grill Serves Taco Bowls", '"I love the taco bowls," Trump wrote on Thursday.', "Trump"),
    ("Challenger Kelli Ward Slams Senator", '"The Senate was meant to guard the states," Ward said at a rally.', "Kelli Ward"),
    ("Rubio Cuban Roots Debate Heats Up", '"I would learn his language," Rubio said.', "Rubio"),
])
def test_a_headline_run_of_capitals_is_a_fuller_name_only_when_it_adds_a_first_name(headline, said, expected):
    found = quotes.extract(f"{headline}\n\n{said}", model="none")
    assert found["speaker"].tolist() == [expected]


@pytest.mark.parametrize("label", ["On Trump", "About Harris", "With Vance"])
def test_a_topic_label_is_not_part_of_the_name(label):
    found = quotes.extract(f'{label}: "He is not fit to lead," said Nikki Haley.', model="none")
    assert found["speaker"].tolist() == ["Nikki Haley"]


@pytest.mark.parametrize("text, alone, expected", [
    # the nickname in marks, a quote of its own, ends the first quote's window before the name
    ("“We lost the final,” said Robert “Tiger” Bell.", slice(0, 1), "Robert “Tiger” Bell"),
    # … or starts the second quote's window after it
    ("Robert “Tiger” Bell said: “We lost the final.”", slice(1, 2), "Robert “Tiger” Bell"),
])
def test_a_memo_gives_the_answers_of_a_fresh_call_even_when_the_neighbours_change(rules, text, alone, expected):
    # The pipeline attributes before the parse and after it, when the quotes may differ: an answer
    # kept for one set of neighbours must not serve another.
    with_nickname = list(find_quotes(text, rules))
    memo: dict = {}
    assert attribute(text, with_nickname, rules, memo=memo) == attribute(text, with_nickname, rules)
    found = attribute(text, with_nickname[alone], rules, memo=memo)
    assert found == attribute(text, with_nickname[alone], rules)
    assert found[0].speaker_mention == expected
