"""Throughput of the whole engine against parsing every article, in one run, on real articles.

    python bench/throughput.py                     # 2,000 articles, every scope, all cores
    python bench/throughput.py --articles 5000 --scopes focus --jobs 2

The corpus is the shared eval texts (or data/ when they are absent), repeated to reach `--articles`
with fresh ids. The baseline is the same spaCy pipeline applied to every article with `nlp.pipe`
(batch size 16, one process, as `nlp.pipe` runs by default) and nothing else: the cost of "parse
everything". The engine is the full run the CLI makes: read, detect, attribute, resolve speakers,
outlets, deduplicate. Each engine run is timed from the first article read to the quotes table,
including starting its worker processes. Peak memory is that of this process and its workers
together (proportional set size, sampled while the run lasts). With the eval set present, accuracy is scored
per scope on its articles with the corpus's own scorer, so a faster setting never hides a worse one.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from itertools import cycle, islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
GOLD = EVAL / "polnear_train_direct.jsonl"

from quotes.io import read_articles  # noqa: E402
from quotes.model import load_model  # noqa: E402
from quotes.parallel import default_jobs  # noqa: E402
from quotes.pipeline import extract_tables  # noqa: E402


def corpus(n: int, folder: Path) -> tuple[Path, int, int]:
    """Write `n` articles, real texts repeated with fresh ids, to a JSONL file; return it, its
    number of distinct source articles and its number of words."""
    source = list(read_articles([GOLD if GOLD.exists() else ROOT / "data"]))
    path = folder / "corpus.jsonl"
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i, article in enumerate(islice(cycle(source), n)):
            words += len(article.text.split())
            out.write(json.dumps({"id": f"{article.id}#{i}", "text": article.text}) + "\n")
    return path, len(source), words


def baseline(path: Path, n: int, model: str | None) -> float:
    """Seconds for `nlp.pipe` over the first `n` texts."""
    nlp = load_model(model)
    texts = [json.loads(line)["text"] for line in islice(path.open(encoding="utf-8"), n)]
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def accuracy(model: str | None, parse: str, jobs: int) -> str:
    """F1 (overlap), end-to-end F1 and speaker accuracy of one setting on the eval set."""
    if not GOLD.exists():
        return "(no eval set)"
    tables = extract_tables([str(GOLD)], model=model, parse=parse, jobs=jobs)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as pred:
        tables.mentions.to_csv(pred.name, index=False)
    out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(GOLD), pred.name, "--json"],
                         capture_output=True, text=True, check=True).stdout
    scores = json.loads(out)
    return (f"F1 {scores['overlap']['f1']:.3f}, end-to-end F1 {scores['end_to_end']['f1']:.3f}, "
            f"speaker accuracy {scores['speaker_accuracy']:.3f}")


class PeakMemory:
    """The peak memory of this process and its workers together (proportional set size, so pages
    they share count once), sampled every 0.1 s while a run lasts (Linux /proc)."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, sum(_rss(pid) for pid in [os.getpid(), *_children(os.getpid())]))

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(c) for c in task.read_text().split()]
    return found


def _rss(pid: int) -> int:
    """Proportional set size: forked workers share the parent's pages, which RSS would count twice."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    kib = next((line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")), "0")
    return int(kib) * 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--baseline-articles", type=int, default=300, help="articles the baseline parses (its rate is per article)")
    parser.add_argument("--scopes", default="all,focus,uncued,none", help="engine settings to run: parse scopes, and none for no pipeline")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path, distinct, words = corpus(args.articles, Path(tmp))
        words_per_article = words / args.articles
        print(f"corpus: {args.articles:,} articles ({distinct} distinct), {words:,} words; jobs {args.jobs}")
        n = min(args.baseline_articles, args.articles)
        base = n / baseline(path, n, args.model)
        print(f"baseline nlp.pipe, every article, 1 process: {base:.1f} articles/s, {base * words_per_article:,.0f} words/s "
              f"(over {n} articles)", flush=True)
        for scope in args.scopes.split(","):
            model, parse = ("none", "focus") if scope == "none" else (args.model, scope)
            with PeakMemory() as memory:
                start = time.perf_counter()
                tables = extract_tables([str(path)], model=model, parse=parse, jobs=args.jobs)
                rate = args.articles / (time.perf_counter() - start)
            print(f"engine --parse {scope:<6}: {rate:7.1f} articles/s, {rate * words_per_article:9,.0f} words/s, "
                  f"ratio {rate / base:5.1f}x, {len(tables.mentions):,} mentions, {len(tables.quotes):,} quotes, "
                  f"peak memory {memory.mib:,.0f} MiB", flush=True)
            if not args.no_accuracy:
                print(f"    accuracy on the eval set: {accuracy(model, parse, args.jobs)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
