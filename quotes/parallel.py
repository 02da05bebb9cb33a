"""Use every core: articles go to worker processes in chunks, results come back in input order.

At most `2 × jobs` chunks are in flight, so a long input streams through in bounded memory; the
output order never depends on which worker finishes first, so `--jobs` never changes the result.
An input that fits in one chunk is processed in this process: small runs pay no start-up.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from itertools import islice
from typing import TypeVar

from .errors import QuotesError

T = TypeVar("T")
R = TypeVar("R")

CHUNK = 32  # articles per task, and the parser's batch: large enough to batch well, small enough to balance the cores

_worker_state: dict = {}


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def ordered_map(
    func: Callable[[object, list[T]], list[R]],
    state: object,
    setup: Callable[[], object],
    items: Iterable[T],
    *,
    jobs: int = 1,
    chunk: int = CHUNK,
    ready: Callable[[], object] | None = None,
) -> Iterator[R]:
    """`func(state, chunk)` over chunks of `items`, in `jobs` processes, results in input order.

    This process uses `state`; each worker builds its own once with `setup()` (the loaded engine),
    which must be picklable: a module-level function or a `functools.partial` of one. `ready()`,
    if given, runs in this process just before the workers start, to build what `state` would
    build lazily once for all of them: shared by forked workers, and cached on disk for spawned
    ones (the compiled patterns).

    Example:
        >>> list(ordered_map(lambda state, xs: [state + x for x in xs], 10, None, range(3), jobs=1))
        [10, 11, 12]
    """
    items = iter(items)
    first = list(islice(items, chunk))
    rest = list(islice(items, 1))
    if jobs <= 1 or not rest:
        yield from func(state, first + rest)
        for block in iter(lambda: list(islice(items, chunk)), []):
            yield from func(state, block)
        return
    chunks = _chunks([*first, *rest], items, chunk)
    # fork on Linux: workers start at once and share the loaded pipeline. Elsewhere (fork is unsafe
    # with native libraries on macOS) each worker loads its own, and a script that calls this needs
    # the usual `if __name__ == "__main__":` guard.
    forking = sys.platform.startswith("linux")
    context = multiprocessing.get_context("fork" if forking else "spawn")
    init = partial(_same, state) if forking else setup
    if ready is not None:
        ready()
    _worker_state["parent"] = os.getpid()  # copied into each forked worker
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=(init,))
    pending: deque = deque()
    try:
        for block in chunks:
            pending.append(pool.submit(_run, func, block))
            if len(pending) >= 2 * jobs:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool as exc:
        raise QuotesError(f"a worker process died ({exc}); out of memory? try fewer --jobs") from None
    finally:
        # On an error, Ctrl-C or a caller that stops reading: drop the queued chunks, do not wait for them.
        # A second Ctrl-C while the workers finish their chunk would leave the pool half shut down,
        # and the interpreter waiting for it at exit for ever: it is ignored for those seconds.
        with _uninterrupted():
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set a handler, and only it receives SIGINT
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _chunks(head: list, items: Iterator, size: int) -> Iterator[list]:
    for start in range(0, len(head), size):
        yield head[start : start + size]
    yield from iter(lambda: list(islice(items, size)), [])


def _init(setup: Callable[[], object]) -> None:
    # Ctrl-C is the parent's to handle: it stops the run once, with one message, not once a worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited by fork
    _exit_with_parent()
    _worker_state["state"] = setup()


def _exit_with_parent() -> None:
    """Have the kernel end this worker when its parent dies, however it dies (`kill -9` too): a
    worker blocked on its queue would otherwise live on, holding its memory. Linux only (prctl)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != _worker_state.get("parent"):  # the parent died before the call: nobody will signal
        os._exit(1)


def _same(state):
    return state


def _run(func, block):
    return func(_worker_state["state"], block)
