"""The attribution patterns' cache: a compiled pattern is read back by the next run, and a cache
that is missing, damaged, forged or unwritable costs only the time of compiling again."""

import hashlib
import os
import pickle
import subprocess
import sys
import threading

import pytest
import regex

from quotes.speakers import patterns
from quotes.speakers.patterns import _cached_compile

SOURCE = r"(?P<speaker>\p{Lu}\p{Ll}+) (?P<cue>said|told)"
TEXT = "Then Ann Lee said so, and Tom told them."


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _forbid_compiling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(patterns.regex, "compile", refuse)


def _matches(pattern):
    return [m.groupdict() for m in pattern.finditer(TEXT)]


def test_a_second_run_reads_the_compiled_pattern_back(cache, monkeypatch):
    first = _cached_compile(SOURCE)
    assert len(list(cache.glob("pattern-*.pickle"))) == 1
    _forbid_compiling(monkeypatch)
    again = _cached_compile(SOURCE)
    assert again.pattern == SOURCE
    assert _matches(again) == _matches(first) == [
        {"speaker": "Lee", "cue": "said"},
        {"speaker": "Tom", "cue": "told"},
    ]


def test_each_source_has_its_own_file(cache):
    _cached_compile(SOURCE)
    _cached_compile(SOURCE.replace("told", "wrote"))
    assert len(list(cache.glob("pattern-*.pickle"))) == 2


def _only_file(cache):
    (path,) = cache.glob("pattern-*.pickle")
    return path


def _signed(body: bytes) -> bytes:
    return hashlib.sha256(body).digest() + body


CALLS = []


def _forged_call():
    CALLS.append("called")
    return regex.compile(SOURCE)


class _Forgery:
    # Unpickled, this calls _forged_call: what a planted file could make any unpickler run.
    def __reduce__(self):
        return (_forged_call, ())


def _flipped_in_code(data: bytes) -> bytes:
    # inside the compiled code, where the pickle still loads: only the digest tells
    code = regex.compile(SOURCE)._pickled_data[2]
    at = data.index(code) + len(code) // 2
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


@pytest.mark.parametrize("damage", [
    pytest.param(lambda data: data[: len(data) // 2], id="cut short"),
    pytest.param(lambda data: _flipped_in_code(data), id="a byte of the compiled code changed"),
    pytest.param(lambda data: b"", id="empty"),
    pytest.param(lambda data: _signed(pickle.dumps(regex.compile("other"))), id="another pattern"),
    pytest.param(lambda data: _signed(pickle.dumps("not a pattern")), id="not a pattern"),
    pytest.param(lambda data: _signed(pickle.dumps(_Forgery())), id="a forged call"),
])
def test_a_damaged_or_forged_file_is_compiled_again_and_mended(cache, damage):
    _cached_compile(SOURCE)
    path = _only_file(cache)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    pattern = _cached_compile(SOURCE)
    assert CALLS == []
    assert pattern.pattern == SOURCE
    assert _matches(pattern)[1] == {"speaker": "Tom", "cue": "told"}
    assert path.read_bytes() == good


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="files have no owner and mode here")
def test_a_file_others_may_write_is_not_read(cache, monkeypatch):
    _cached_compile(SOURCE)
    path = _only_file(cache)
    path.chmod(0o666)
    _forbid_compiling(monkeypatch)
    with pytest.raises(AssertionError, match="compiled again"):
        _cached_compile(SOURCE)


def test_a_link_or_a_pipe_in_place_of_the_file_is_not_followed(cache):
    _cached_compile(SOURCE)
    path = _only_file(cache)
    target = cache / "elsewhere"
    path.rename(target)
    path.symlink_to(target)
    assert _cached_compile(SOURCE).pattern == SOURCE
    assert not path.is_symlink()  # compiled again and written in its place
    if hasattr(os, "mkfifo"):
        path.unlink()
        os.mkfifo(path)
        done = []
        reader = threading.Thread(target=lambda: done.append(_cached_compile(SOURCE)), daemon=True)
        reader.start()
        reader.join(30)
        assert done and done[0].pattern == SOURCE  # not blocked waiting for a writer


def test_no_home_directory_means_no_cache(monkeypatch):
    def lost(*args, **kwargs):
        raise RuntimeError("could not determine home directory")

    monkeypatch.delenv("QUOTES_CACHE_DIR", raising=False)
    monkeypatch.setattr(patterns.platformdirs, "user_cache_dir", lost)
    assert patterns.cache_dir() is None
    assert _matches(_cached_compile(SOURCE))[1] == {"speaker": "Tom", "cue": "told"}
    monkeypatch.setenv("QUOTES_CACHE_DIR", "~no-such-user-here/cache")  # a home that cannot be found either
    assert patterns.cache_dir() is None


def test_an_unwritable_cache_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("")
    monkeypatch.setenv("QUOTES_CACHE_DIR", str(blocker / "cache"))
    assert _matches(_cached_compile(SOURCE))[0] == {"speaker": "Lee", "cue": "said"}


def test_an_empty_cache_setting_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTES_CACHE_DIR", "")
    monkeypatch.chdir(tmp_path)
    assert patterns.cache_dir() is None
    assert _cached_compile(SOURCE).pattern == SOURCE
    assert list(tmp_path.iterdir()) == []


def test_the_patterns_are_written_alike_in_every_run():
    # The cache is keyed by the source: a source that changed with Python's string hashing (a set's
    # order) would be compiled again in every run.
    script = (
        "import hashlib; from quotes.rules import load_rules; from quotes.speakers.patterns import compiled_patterns; "
        "print(hashlib.sha256('\\n'.join(p.source for p in compiled_patterns(load_rules())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1
