"""The cost curve of deduplication: mentions per second and peak memory at 10k, 100k and 1M mentions.

    python bench/dedup_speed.py                  # 10k, 100k, 1M
    python bench/dedup_speed.py --sizes 10000

The corpora are synthetic but built from real sentences: the quotes the engine finds in the shared
eval texts (or in data/ when they are absent), each republished many times (a few quotes very
often, most rarely) with the perturbations of bench/syndication.py. Each size runs in a fresh
process so that its peak memory is its own. Beside it, in the same process, a baseline: grouping
by exact folded words, the cheapest deduplication there is; the ratio says what fragments and
near-duplicates cost on top.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from syndication import EVAL, ROOT, perturb  # noqa: E402

from quotes import deduplicate, extract  # noqa: E402
from quotes.dedup import normalize_quote  # noqa: E402
from quotes.io import read_articles  # noqa: E402
from quotes.table import MENTIONS, conform  # noqa: E402


def sentence_pool() -> list[tuple[str, str]]:
    source = EVAL if EVAL.exists() else ROOT / "data"
    found = extract(list(read_articles([source])), model="none")
    found = found[found["quote"].str.split().str.len() >= 6]
    return list(zip(found["quote"], found["speaker"].fillna("")))


def corpus(size: int, pool: list[tuple[str, str]], seed: int = 1) -> pd.DataFrame:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(pool))]  # a few quotes syndicated widely
    picks = rng.choices(range(len(pool)), weights=weights, k=size)
    rows = []
    for n, k in enumerate(picks):
        quote, speaker = pool[k]
        text, _ = perturb(quote, rng)
        rows.append((f"a{n // 5}", text, speaker or None, f"Outlet {n % 97}"))
    frame = pd.DataFrame(rows, columns=["article_id", "quote", "speaker", "outlet"])
    for column in MENTIONS:
        if column not in frame:
            frame[column] = None
    frame["quote_start"], frame["quote_end"] = 0, frame["quote"].str.len()
    frame["speaker_type"] = "person"
    return conform(frame, MENTIONS)


def run_one(size: int) -> dict:
    pool = sentence_pool()
    mentions = corpus(size, pool)
    start = time.perf_counter()
    table = deduplicate(mentions)
    engine = time.perf_counter() - start
    start = time.perf_counter()
    baseline_rows = mentions.groupby([mentions["quote"].map(normalize_quote), mentions["speaker"].fillna("")]).ngroups
    baseline = time.perf_counter() - start
    return {
        "mentions": size,
        "rows": len(table),
        "exact_groups": baseline_rows,
        "seconds": round(engine, 2),
        "mentions_per_second": round(size / engine),
        "baseline_seconds": round(baseline, 2),
        "ratio_to_baseline": round(engine / baseline, 1),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    print(f"{'mentions':>10} {'rows':>8} {'seconds':>8} {'mentions/s':>11} {'baseline s':>11} {'ratio':>6} {'peak MiB':>9}")
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['mentions']:>10} {r['rows']:>8} {r['seconds']:>8} {r['mentions_per_second']:>11} "
              f"{r['baseline_seconds']:>11} {r['ratio_to_baseline']:>6} {r['peak_rss_mib']:>9}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
