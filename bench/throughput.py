"""Throughput of the engine against parsing every article, at equal cores, in one run.

    python bench/throughput.py                       # 2,000 articles; 1 process, then all cores
    python bench/throughput.py --articles 5000 --scopes focus,none --jobs 1,2

The corpus is the shared eval texts (or data/ when they are absent), repeated to reach `--articles`
with fresh ids. For each number of processes N in `--jobs`:

- the baseline is the same spaCy pipeline over every article with `nlp.pipe(texts, batch_size=16,
  n_process=N)` and nothing else, the cost of "parse everything", in a process of its own; it is
  loaded as the engine loads it and batched as the engine batches its token encoder
  (`model.component_batches`), so that it has every speed-up the engine's parse has;
- the engine is `quotes extract CORPUS -o OUT.csv --jobs N --parse SCOPE` (or `--model none`),
  the whole command, also in a process of its own.

Each is timed twice: the whole process, start-up (imports, loading the pipeline, starting the
workers) included, and its steady state, measured by running the same command on the first fifth of
the corpus too: (articles in the whole - articles in the fifth) / (seconds of the whole - seconds
of the fifth), so that start-up cancels out. The ratio engine / baseline is given for both, at
the same N. Peak memory is that of the command's process and all its workers together
(proportional set size: forked workers share pages, counted once), sampled every 0.1 s. With the
eval set present, speaker accuracy and precision of each engine setting are scored on it with the
corpus's own scorer, so a faster setting never hides a worse one.

Every process multiplies matrices on one BLAS thread, so that N processes are N cores on both
sides: the baseline is started with `OPENBLAS_NUM_THREADS=1`, and the engine holds itself to one
while it parses (`quotes.model.one_blas_thread`).

The engine keeps its compiled attribution patterns in a cache directory (`QUOTES_CACHE_DIR`); only a
machine's first run compiles them. The benchmark gives the engine a cache of its own, times a short
run with it empty and again with it filled (the cost of that first run), and times the rest with it
filled, as every later run finds it.
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
QUOTES = [sys.executable, "-c", "from quotes.cli import app; app(prog_name='quotes')"]
# The baseline, in a process of its own: load the pipeline, parse every text, nothing else.
BASELINE = """
import json, sys
from quotes.model import component_batches, load_model
nlp = load_model(None if sys.argv[2] == "default" else sys.argv[2])
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[3]), component_cfg=component_batches()):
    pass
"""


def corpus(n: int, path: Path) -> tuple[int, int]:
    """Write `n` articles, real texts repeated with fresh ids, to a JSONL file; return its number
    of distinct source articles and of words."""
    sys.path.insert(0, str(ROOT))
    from quotes.io import read_articles

    source = list(read_articles([GOLD if GOLD.exists() else ROOT / "data"]))
    words = 0
    with path.open("w", encoding="utf-8") as out:
        for i, article in enumerate(islice(cycle(source), n)):
            words += len(article.text.split())
            out.write(json.dumps({"id": f"{article.id}#{i}", "text": article.text}) + "\n")
    return len(source), words


def head(path: Path, n: int) -> Path:
    """The first `n` lines of a JSONL file, beside it."""
    part = path.with_name(f"first-{n}.jsonl")
    with path.open(encoding="utf-8") as source, part.open("w", encoding="utf-8") as out:
        out.writelines(islice(source, n))
    return part


def timed(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Seconds the command takes, start-up included, and the peak memory (MiB) of it and its
    children together."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    with PeakMemory(process.pid) as memory:
        _, err = process.communicate()
    seconds = time.perf_counter() - start
    if process.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(command[:4])} … failed ({process.returncode}): {err.decode()[-500:]}")
    return seconds, memory.mib


def measure(make, whole: Path, fifth: Path, n: int, k: int, env: dict | None = None) -> dict:
    """Whole-process and steady-state articles a second of the command `make(path)` builds."""
    seconds, mib = timed(make(whole), env)
    seconds_fifth, _ = timed(make(fifth), env)
    steady = (n - k) / max(seconds - seconds_fifth, 1e-9)
    return {"whole": n / seconds, "steady": steady, "seconds": seconds, "mib": mib}


def accuracy(model: str | None, parse: str) -> str:
    """Speaker accuracy and precision among the quotes given a name, and overlap F1, on the eval set."""
    if not GOLD.exists():
        return "(no eval set)"
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "mentions.csv"
        command = [*QUOTES, "extract", str(GOLD), "-q", "-o", str(Path(tmp) / "q.csv"), "--mentions", str(pred),
                   "--parse", parse, *(["--model", model] if model else [])]
        subprocess.run(command, check=False, capture_output=True)
        out = subprocess.run([sys.executable, str(EVAL / "score.py"), str(GOLD), str(pred), "--json"],
                             capture_output=True, text=True, check=True).stdout
    scores = json.loads(out)
    precision = scores.get("speaker_precision")
    return (f"speaker accuracy {scores['speaker_accuracy']:.3f}"
            + (f", precision {precision:.3f}" if isinstance(precision, float) else "")
            + f", overlap F1 {scores['overlap']['f1']:.3f}")


class PeakMemory:
    """The peak memory of a process and its descendants together (proportional set size, so pages
    they share count once), sampled every 0.1 s while it runs (Linux /proc)."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
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
            self.peak = max(self.peak, sum(_pss(pid) for pid in _tree(self.pid)))

    @property
    def mib(self) -> float:
        return self.peak / 2**20


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(c) for c in task.read_text().split()]
            except OSError:
                pass
    return found


def _pss(pid: int) -> int:
    """Proportional set size: forked workers share the parent's pages, which RSS would count twice."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    kib = next((line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")), "0")
    return int(kib) * 1024


def _versions() -> str:
    """The versions the figures depend on: how spaCy's wheels were built changes its speed (pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("spacy", "thinc", "numpy"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return ", ".join(found) + f", Python {sys.version.split()[0]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--scopes", default="focus,none", help="engine settings: parse scopes (all, focus, uncued), and none for no pipeline")
    parser.add_argument("--jobs", default=f"1,{len(os.sched_getaffinity(0))}", help="numbers of processes, comma-separated")
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-accuracy", action="store_true")
    args = parser.parse_args()
    jobs = sorted({int(j) for j in args.jobs.split(",")})

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        distinct, words = corpus(args.articles, path)
        k = max(args.articles // 5, 1)
        fifth = head(path, k)
        print(f"corpus: {args.articles:,} articles ({min(distinct, args.articles)} distinct), {words:,} words; "
              f"steady state from the first {k:,}; {os.cpu_count()} cores on the machine; {_versions()}", flush=True)
        os.environ["QUOTES_CACHE_DIR"] = str(Path(tmp) / "cache")
        short = head(path, 10)
        first = [*QUOTES, "extract", str(short), "-q", "-o", str(Path(tmp) / "short.csv"), "--jobs", "1",
                 *(["--model", args.model] if args.model else [])]
        cold, _ = timed(first)
        warm, _ = timed(first)
        print(f"start-up: 10 articles take {cold:.1f} s with the pattern cache empty (a machine's first run), "
              f"{warm:.1f} s with it filled (every run after); the figures below are with it filled", flush=True)
        for n_jobs in jobs:
            base = measure(lambda p: [sys.executable, "-c", BASELINE, str(p), args.model or "default", str(n_jobs)],
                           path, fifth, args.articles, k, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
            print(f"[{n_jobs} process{'es' * (n_jobs > 1)}] baseline nlp.pipe, every article: "
                  f"{base['whole']:.1f} articles/s whole ({base['seconds']:.0f} s), {base['steady']:.1f} steady, "
                  f"peak {base['mib']:,.0f} MiB", flush=True)
            for scope in args.scopes.split(","):
                options = ["--model", "none"] if scope == "none" else ["--parse", scope, *(["--model", args.model] if args.model else [])]
                out = Path(tmp) / "out.csv"
                engine = measure(lambda p: [*QUOTES, "extract", str(p), "-q", "-o", str(out), "--jobs", str(n_jobs), *options],
                                 path, fifth, args.articles, k)
                print(f"[{n_jobs} process{'es' * (n_jobs > 1)}] engine --{'model none' if scope == 'none' else 'parse ' + scope}: "
                      f"{engine['whole']:.1f} articles/s whole ({engine['seconds']:.0f} s), {engine['steady']:.1f} steady; "
                      f"ratio {engine['whole'] / base['whole']:.1f}x whole, {engine['steady'] / base['steady']:.1f}x steady; "
                      f"peak {engine['mib']:,.0f} MiB", flush=True)
        if not args.no_accuracy:
            for scope in ["all", *[s for s in args.scopes.split(",") if s not in ("all",)]]:
                model, parse = ("none", "focus") if scope == "none" else (args.model, scope)
                print(f"accuracy --{'model none' if scope == 'none' else 'parse ' + scope}: {accuracy(model, parse)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
