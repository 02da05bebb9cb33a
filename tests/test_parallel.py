"""Worker processes: the same results, in the same order, whatever the number of jobs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import quotes
from quotes.io import read_articles
from quotes.parallel import CHUNK, ordered_map

ROOT = Path(__file__).resolve().parent.parent


def square_with_pid(offset, numbers):
    return [(offset + n * n, os.getpid()) for n in numbers]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_input_order(jobs):
    results = list(ordered_map(square_with_pid, 1, None, range(200), jobs=jobs, chunk=7))
    assert [value for value, _ in results] == [1 + n * n for n in range(200)]


def test_work_is_spread_over_worker_processes():
    results = list(ordered_map(square_with_pid, 0, None, range(100), jobs=2, chunk=5))
    assert os.getpid() not in {pid for _, pid in results}


def test_an_input_of_one_chunk_stays_in_this_process():
    results = list(ordered_map(square_with_pid, 0, None, range(5), jobs=2, chunk=10))
    assert {pid for _, pid in results} == {os.getpid()}


@pytest.mark.parametrize("jobs, items, expected", [(2, 100, 1), (1, 100, 0), (2, 5, 0)])
def test_what_workers_share_is_built_once_before_they_start_and_only_if_they_do(jobs, items, expected):
    calls = []
    list(ordered_map(square_with_pid, 0, None, range(items), jobs=jobs, chunk=10, ready=lambda: calls.append(1)))
    assert len(calls) == expected


def test_extraction_is_the_same_with_one_job_or_two():
    articles = list(read_articles([ROOT / "data"]))
    many = [quotes.Article(id=f"{a.id}#{i}", text=a.text, outlet=a.outlet) for i in range(10) for a in articles]
    one = quotes.extract(many, model="none", jobs=1)
    two = quotes.extract(many, model="none", jobs=2)
    assert len(many) > CHUNK and len(one) > 0
    assert one.equals(two)


@pytest.mark.model
def test_extraction_with_the_parser_is_the_same_with_one_job_or_two():
    articles = list(read_articles([ROOT / "data"]))
    many = [quotes.Article(id=f"{a.id}#{i}", text=a.text) for i in range(10) for a in articles]
    assert quotes.extract(many, jobs=1).equals(quotes.extract(many, jobs=2))


def test_two_python_records_with_one_id_are_an_input_error():
    # as the command line skips a repeated id: two articles under one id cannot both be told apart
    records = [{"id": "a", "text": "“Yes,” said Jo Roe."}, {"id": "a", "text": "“No,” said Jo Roe."}]
    with pytest.raises(quotes.errors.InputError, match="duplicate article id 'a'"):
        quotes.extract(records, model="none")


SLOW_MAP = """
import sys, time
from quotes.parallel import ordered_map

def slow(state, items):
    time.sleep(0.5)
    return items

for n in ordered_map(slow, None, None, range(200), jobs=2, chunk=1):
    if n == 0:
        print("started", flush=True)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork on Linux only")
def test_a_second_ctrl_c_while_workers_finish_does_not_hang_the_run():
    run = subprocess.Popen([sys.executable, "-c", SLOW_MAP], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "started"
    run.send_signal(signal.SIGINT)
    time.sleep(0.2)  # the workers are finishing their chunks: the pool is shutting down
    run.send_signal(signal.SIGINT)
    try:
        run.wait(timeout=30)
    except subprocess.TimeoutExpired:
        run.kill()
        pytest.fail("the run hung after a second Ctrl-C")
    assert "KeyboardInterrupt" in run.stderr.read()
