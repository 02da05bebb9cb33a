"""Accuracy on an annotated corpus: run the engine, then the corpus's own scorer.

    python bench/evaluate.py                      # ../shared/eval/polnear_train_direct.jsonl
    python bench/evaluate.py GOLD.jsonl --scorer path/to/score.py --model none

The engine runs twice, with and without the filter for titles, nicknames and scare quotes, so the
filter's effect is measured, not assumed; `--parse all` parses every paragraph instead of only
those the rules cannot settle (see quotes/focus.py), to measure what focusing costs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from quotes.io import read_articles
from quotes.parallel import default_jobs
from quotes.pipeline import Engine, extract_mentions
from quotes.table import mentions_frame

EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", nargs="?", default=str(EVAL / "polnear_train_direct.jsonl"))
    parser.add_argument("--scorer", default=str(EVAL / "score.py"))
    parser.add_argument("--model", default=None, help="spaCy pipeline; 'none' for rule-based only")
    parser.add_argument("--out", default=None, help="keep the predictions CSV here")
    parser.add_argument("--parse", default="focus", help="what to parse: focus, uncued or all (see quotes/focus.py)")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    if not Path(args.gold).exists() or not Path(args.scorer).exists():
        print(f"error: {args.gold} or {args.scorer} not found", file=sys.stderr)
        return 1

    engine = Engine.load(args.model, parse=args.parse)
    articles = list(read_articles([args.gold]))
    start = time.perf_counter()
    unfiltered = replace(engine, speech_only=False)
    runs = {"engine": engine, "engine without the non-speech filter": unfiltered}
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp()) / "pred.csv"
    for label, eng in runs.items():
        frame = mentions_frame(extract_mentions(articles, eng, jobs=args.jobs))
        path = out if eng is engine else out.with_name(out.stem + ".unfiltered.csv")
        frame.to_csv(path, index=False)
        print(f"== {label}: {len(frame)} mentions from {len(articles)} articles ({path})", flush=True)
        subprocess.run([sys.executable, args.scorer, args.gold, str(path)], check=True)
    print(f"model: {engine.nlp.meta['name'] + ' ' + engine.nlp.meta['version'] if engine.nlp else 'none'}; "
          f"{time.perf_counter() - start:.0f} s for both runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
