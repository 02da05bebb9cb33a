"""Accuracy on an annotated corpus: run the engine, then the corpus's own scorer.

    python bench/evaluate.py                      # ../shared/eval/polnear_train_direct.jsonl
    python bench/evaluate.py GOLD.jsonl --scorer path/to/score.py --model none

The engine runs once with no speaker threshold, keeping every speaker with its confidence; the
scorer then reads that run at each threshold (a speaker below it left empty), which gives the
trade-off between speaker accuracy and precision (right among the quotes given a name) that the
default threshold is chosen from, and the precision of each attribution rule. A quote the engine
gives in pieces, a piece a paragraph, is scored as one span, as the corpus annotates it
(`as_annotated`). `--filter-effect`
also runs the engine without the filter for titles, nicknames and scare quotes, to measure it;
`--parse all` parses every paragraph instead of only those the rules cannot settle.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import pandas as pd

from quotes.io import read_articles
from quotes.parallel import default_jobs
from quotes.pipeline import Engine, extract_mentions
from quotes.speakers.scoring import MIN_CONFIDENCE
from quotes.table import mentions_frame

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
THRESHOLDS = (0.0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", default=str(EVAL / "polnear_train_direct.jsonl"))
    parser.add_argument("--scorer", default=str(EVAL / "score.py"))
    parser.add_argument("--model", default=None, help="spaCy pipeline; 'none' for rule-based only")
    parser.add_argument("--out", default=None, help="keep the predictions CSV (at the default threshold) here")
    parser.add_argument("--parse", default="focus", help="what to parse: focus, uncued or all (see quotes/focus.py)")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--filter-effect", action="store_true", help="also run without the non-speech filter")
    args = parser.parse_args()
    if not Path(args.gold).exists() or not Path(args.scorer).exists():
        print(f"error: {args.gold} or {args.scorer} not found", file=sys.stderr)
        return 1

    engine = Engine.load(args.model, parse=args.parse)
    articles = list(read_articles([args.gold]))
    start = time.perf_counter()
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "pred.csv"
    everything = mentions_frame(extract_mentions(articles, replace(engine, min_speaker_confidence=0.0), jobs=args.jobs))
    everything = as_annotated(everything, {a.id: a.text for a in articles})
    everything.to_csv(out.with_name(out.stem + ".all.csv"), index=False)  # every speaker, for error analysis
    score = _scorer(args.gold, args.scorer, out.with_name(out.stem + ".scored.csv"))

    default = _at(everything, MIN_CONFIDENCE)
    default.to_csv(out, index=False)
    print(f"== engine: {len(default)} mentions from {len(articles)} articles ({out}), "
          f"speaker threshold {MIN_CONFIDENCE}", flush=True)
    subprocess.run([sys.executable, args.scorer, args.gold, str(out)], check=True)

    named_gold, described = _names_only(args.gold, out.with_name("gold_names_only.jsonl"))
    if described:
        r = _scorer(str(named_gold), args.scorer, out.with_name(out.stem + ".names.csv"))(default)
        print(f"\nwhere the gold speaker is a name: speaker accuracy {r['speaker_accuracy']:.3f}, "
              f"precision {r['speaker_precision']:.3f} ({r['speaker_n_evaluated']} quotes; left out: {described} "
              "whose gold speaker is a description kept as written, such as 'the senator', which the engine leaves "
              "empty by design)")

    print("\n== speaker threshold trade-off (a speaker below the threshold is left empty)")
    print(f"{'threshold':>9}  {'accuracy':>8}  {'precision':>9}  {'wrong name':>10}  {'blank':>6}  {'end-to-end F1':>13}")
    for t in THRESHOLDS:
        r = score(_at(everything, t))
        mark = "  <- default" if t == MIN_CONFIDENCE else ""
        print(f"{t:>9.2f}  {r['speaker_accuracy']:>8.3f}  {r['speaker_precision']:>9.3f}  "
              f"{r['speaker_n_wrong_named']:>10}  {r['speaker_n_blank']:>6}  {r['end_to_end']['f1']:>13.3f}{mark}")

    print("\n== by attribution rule, at the default threshold (precision: right among the quotes it named)")
    print(f"{'rule':>13}  {'named':>6}  {'precision':>9}")
    for rule in sorted(default["attribution"].dropna().unique()):
        only = default.copy()
        only.loc[only["attribution"] != rule, "speaker"] = pd.NA
        r = score(only)
        named = r["speaker_n_correct"] + r["speaker_n_wrong_named"]
        print(f"{rule:>13}  {named:>6}  {r['speaker_precision']:>9.3f}")

    if args.filter_effect:
        unfiltered = replace(engine, speech_only=False)
        path = out.with_name(out.stem + ".unfiltered.csv")
        mentions_frame(extract_mentions(articles, unfiltered, jobs=args.jobs)).to_csv(path, index=False)
        print(f"\n== engine without the non-speech filter ({path})", flush=True)
        subprocess.run([sys.executable, args.scorer, args.gold, str(path)], check=True)
    print(f"\nmodel: {engine.describe()}; {time.perf_counter() - start:.0f} s")
    return 0


# The first word of a description rather than a name ("the senator", "a spokesman", "one aide").
_PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me"}
_DESCRIPTION_START = {"the", "a", "an", "one", "another", "some", "his", "her", "their", "its", "two", "three", "several"}


def _names_only(gold: str, path: Path) -> tuple[Path, int]:
    """A copy of the gold file where a speaker that the annotation kept as written and that is a
    description (not a name) is null, so the scorer skips it; and how many there were."""
    described = 0
    with open(gold, encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for line in src:
            doc = json.loads(line)
            for q in doc.get("quotes", []):
                speaker = (q.get("speaker") or "").strip()
                words = speaker.split()
                # a description: "the senator", "a New Hampshire Republican", "former senator"; not
                # "de Blasio", nor a pronoun (the scorer skips those anyway)
                description = bool(words) and (words[0].casefold() in _DESCRIPTION_START
                                               or not any(w[:1].isupper() for w in words))
                if q.get("speaker_resolved_by") == "literal" and description and speaker.casefold() not in _PRONOUNS:
                    q["speaker"], q["speaker_aliases"] = None, []
                    described += 1
            dst.write(json.dumps(doc) + "\n")
    return path, described


def as_annotated(frame: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """The mentions in the corpus's own convention. It annotates a quote over several paragraphs as
    one span, reopening marks and breaks included, where the engine gives one piece a paragraph
    (`part` 1, 2, …): those pieces become one prediction, from the first's start to the last's end,
    with the first's speaker. A quote interrupted by its attribution stays in two, as annotated."""
    out: list[dict] = []
    last: dict[tuple[str, int], dict] = {}  # (article, piece number) -> the prediction it is in
    for row in frame.to_dict("records"):
        part = None if pd.isna(row["part"]) else int(row["part"])
        first = last.get((row["article_id"], part - 1)) if part and part > 1 else None
        if first is not None and "\n" in texts[row["article_id"]][first["quote_end"] : row["quote_start"]]:
            first["quote_end"] = row["quote_end"]
            first["quote"] = texts[row["article_id"]][first["quote_start"] : row["quote_end"]]
            prediction = first
        else:
            prediction = dict(row)
            out.append(prediction)
        if part:
            last[(row["article_id"], part)] = prediction
    return pd.DataFrame(out, columns=frame.columns).astype(frame.dtypes.to_dict())


def _at(frame: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """The mentions as the engine gives them at `threshold`: a speaker below it left empty."""
    out = frame.copy()
    unsure = out["speaker_confidence"].isna() | (out["speaker_confidence"] < threshold)
    out.loc[unsure, "speaker"] = pd.NA
    return out


def _scorer(gold: str, scorer: str, path: Path):
    def score(frame: pd.DataFrame) -> dict:
        frame.to_csv(path, index=False)
        run = subprocess.run([sys.executable, scorer, gold, str(path), "--json"], check=True, capture_output=True, text=True)
        return json.loads(run.stdout)

    return score


if __name__ == "__main__":
    sys.exit(main())
