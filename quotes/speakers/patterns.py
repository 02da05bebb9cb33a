"""The attribution patterns of `rules/attribution_patterns.jsonl`, ready to search: `{VERB}` and
`{SPEAKER}` filled in with the speech verbs' forms and what a speaker's mention looks like (a name
with its titles and role, a description, a pronoun), compiled when first searched.

Compiling them takes seconds (the regex module parses their word lists in Python), so a compiled
pattern is kept in a cache directory and read back, in milliseconds, by the next run.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import stat
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import platformdirs
import regex

from ..errors import RuleError
from ..rules import RuleSet
from .names import FUNCTION_WORDS, HYPHENATED_PARTICLE, PARTICLES, ROLE_WORDS, SUFFIXES, longest_first

# A "before" pattern that needs a comma or a colon right before the quote.
_ENDS_WITH_MARK = regex.compile(r"(?:\[,:\]|:|,)\\s\*\$$")
# Words of seven letters or more with an agent noun's ending that name no one.
_NOT_AGENTS = "however|whether|together|another|neither|whatever|whenever|wherever|further|moreover|present|current|recent"


@dataclass
class Compiled:
    """An attribution pattern ready to search, with what a window needs before it is worth trying.

    The regex is compiled when first searched, or read back from the cache (`cache_dir`): with
    the word lists filled in, the patterns take four seconds to compile, and a run over a few
    articles tries only some of them.
    """

    id: str
    side: str
    source: str
    quote_ends: str | None
    needs_mark: bool  # a "before" pattern that ends in a comma or colon right before the quote
    needs_verb: bool  # it cannot match without its {VERB} (verb_required): only where a speech verb is
    not_after_verb: str = ""  # characters that never follow its {VERB} (`not_after_verb`): the verb is after the last
    before_verb: regex.Pattern | None = None  # what alone may stand before its {VERB}, at the window's start (`verb_first`)

    @cached_property
    def compiled(self) -> regex.Pattern:
        try:
            return _cached_compile(self.source)
        except regex.error as exc:  # what the check when the rules load cannot see
            raise RuleError(f"attribution pattern [{self.id}]: not a regular expression once {{VERB}} and "
                            f"{{SPEAKER}} are filled in: {exc}") from None


def cache_dir() -> Path | None:
    """The directory where compiled attribution patterns are kept between runs: `$QUOTES_CACHE_DIR`
    if set, else the user's cache directory (`~/.cache/quotes` on Linux). None when
    `QUOTES_CACHE_DIR` is set but empty, or when there is no user's cache directory to find (a
    home directory unknown): every run then compiles the patterns again.

    The directory is trusted like the user's own files: a file is read only if it is a regular
    file that the user owns and that no one else may write (on systems with owners and modes).

    Example:
        >>> folder = cache_dir()  # e.g. PosixPath('/home/ann/.cache/quotes')
        >>> folder is None or isinstance(folder, Path)
        True
    """
    chosen = os.environ.get("QUOTES_CACHE_DIR")
    try:
        if chosen is not None:
            return Path(chosen).expanduser() if chosen else None
        return Path(platformdirs.user_cache_dir("quotes", appauthor=False))
    except (RuntimeError, OSError, KeyError):  # no home directory to be found ("~nobody-here/c")
        return None


class _PatternUnpickler(pickle.Unpickler):
    # A cache file may only rebuild a compiled pattern: the regex module pickles one as a call to
    # its compiler with the compiled code, and no other callable is let through.
    def find_class(self, module: str, name: str):
        if (module, name) == ("regex._regex", "compile"):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"not a compiled pattern: {module}.{name}")


_MAX_FILE = 16 * 2**20  # the largest pattern compiles to under 200 KB


def _trusted_bytes(path: Path) -> bytes | None:
    """The file's bytes, if it is a regular file of ours that no one else may write. The compiled
    code in it goes to the regex module's matcher unchecked, which code that others chose could
    crash; a link, a pipe or a device is not followed, opened or read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with open(os.open(path, flags), "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_FILE:
            return None
        if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
            return None
        return file.read(_MAX_FILE)


def _cached_compile(source: str) -> regex.Pattern:
    folder = cache_dir()
    if folder is None:
        return regex.compile(source)
    # The compiled code is the regex module's own: a file is only for the version that wrote it.
    key = hashlib.sha256("\0".join((regex.__version__, sys.version, source)).encode()).hexdigest()[:32]
    path = folder / f"pattern-{key}.pickle"
    try:
        data = _trusted_bytes(path) or b""
        # A file cut short or damaged is compiled again, not handed to the matcher.
        if hashlib.sha256(data[32:]).digest() == data[:32]:
            pattern = _PatternUnpickler(io.BytesIO(data[32:])).load()
            if isinstance(pattern, regex.Pattern) and pattern.pattern == source:
                return pattern
    except Exception:  # noqa: BLE001 - a missing file or any fault in one: compiling again mends it
        pass
    pattern = regex.compile(source)
    body = pickle.dumps(pattern, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, written = tempfile.mkstemp(dir=folder, prefix=".pattern-")  # readable by the user only
    except OSError:  # a cache that cannot be written costs only time
        return pattern
    try:
        # Written aside and renamed, so that another process never reads half a file.
        with os.fdopen(handle, "wb") as out:
            out.write(hashlib.sha256(body).digest() + body)
        os.replace(written, path)
    except BaseException as exc:  # an interruption too: no half-written file is left behind
        Path(written).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
    return pattern


@lru_cache(maxsize=8)
def compiled_patterns(rules: RuleSet) -> tuple[Compiled, ...]:
    """The attribution patterns, `{VERB}` and `{SPEAKER}` filled in, in the rules' order.

    Example:
        >>> from quotes.rules import load_rules
        >>> first = compiled_patterns(load_rules())[0]
        >>> first.id, first.side, first.needs_verb
        ('quote-comma-verb-speaker', 'after', True)
    """
    verbs = rules.speech_form_pattern
    # "Stated Stone:" starts a sentence, but mid-sentence a capital after a word is part of a name
    # ("the United States and added"), unless the word is in capitals ("ANN LEE SAID:"); \b first,
    # so that a search tries the forms only at a word's start
    verbs = rf"\b(?:(?=\p{{Ll}}|\p{{Lu}}{{2}})|(?<![\p{{L}}\p{{N}}][ \t]{{1,3}}))(?i:{verbs})\b"
    titles = longest_first(map(regex.escape, rules.title_forms))
    roles = longest_first(map(regex.escape, ROLE_WORDS | rules.role_word_set | set(rules.title_forms)))
    particles = longest_first(PARTICLES)
    suffixes = longest_first(SUFFIXES)
    # A sentence's first function word is not a name ("When asked, Aldo Brix said").
    function_words = longest_first(FUNCTION_WORDS)
    # A role in lower case may stand before a name: "Otters head coach Lars Pemberton".
    # A role word: a title, or a lower-case agent noun ("organiser", "coordinator", "economist").
    # (seven letters or more: not "after", "later", "never", "other")
    agent = rf"(?!(?:{_NOT_AGENTS})\b)\p{{Ll}}{{4,}}(?:er|or|ist|ant|ent|man|woman|person)"
    # Right after a quote (patterns anchored at its edge, ^), up to three more words may stand before
    # the role word, capitalised ones among them: “…,” veteran analyst Charlie Cook wrote / former
    # Utah governor Michael Leavitt said; not a function word, nor a participle, whose name is its
    # object: “…,” lawyers representing Ann Lee said / residents near Gaza City said.
    content = rf"(?!(?:{function_words})\b)(?![\p{{Ll}}-]+ing\b)\p{{Ll}}[\p{{Ll}}-]+"
    role = (
        rf"(?:(?:\p{{Lu}}[\p{{L}}’'-]*\s+)?(?:[\p{{Ll}}-]+\s+){{0,2}}(?:{roles}|{agent})\s+(?=\p{{Lu}})"
        rf"|(?:\p{{Lu}}[\p{{L}}’'-]*\s+)?(?:(?:{content}|\p{{Lu}}[\p{{L}}’'-]*)\s+){{1,3}}(?:{roles}|{agent})\s+(?=\p{{Lu}}))"
    )
    # a nickname in marks between names: Robert “Bobby” Kessler, Dwayne “The Rock” Johnson
    nickname = r"[“\"‘]\p{Lu}[\p{L}\p{M}.-]*(?:\s\p{Lu}[\p{L}\p{M}.-]*){0,2}[”\"’](?=\s+\p{Lu})"
    body = (
        rf"(?:(?i:{titles})\.?\s+)*(?!(?i:{function_words})\b)"
        # a name may start with a particle joined by a hyphen: "al-Assad said", "el-Sisi told reporters"
        rf"(?:(?:{particles})\s+){{0,3}}(?:(?<![\p{{L}}\p{{M}}’'-]){HYPHENATED_PARTICLE})?\p{{Lu}}[\p{{L}}\p{{M}}’'.-]*(?:\s+(?:(?:{particles}|of|for)\s+)*(?:\p{{Lu}}[\p{{L}}\p{{M}}’'.-]*|al-\p{{L}}+|{nickname})){{0,4}}"
        rf"(?:,?\s+(?i:{suffixes})\b\.?)?(?<![’']s)(?<![’'])(?![\p{{L}}\p{{M}}’'])"
        # nor the first words of an owner: "said Paul Whitcombe's spokeswoman" is not Paul
        rf"(?!\s+\p{{Lu}}[\p{{L}}\p{{M}}.-]*[’']s?(?![\p{{L}}\p{{M}}]))"
    )
    # "the Mexican president": a determiner and up to five lower-case words, ending where the
    # clause goes on (punctuation, a relative pronoun, a preposition or a speech verb).
    description = (
        r"(?:(?<!\p{L})(?i:the|a|an|one|another|his|her|their|its)\s+[\p{L}\p{N}’'-]+(?:\s+[\p{Ll}\p{N}’'-]+){0,4}?"
        rf"(?=\s*[,.;:!?]|\s*$|\s+(?:who|on|in|at|for|to|of|by|during|after|before|when|as|{verbs})\b"
        rf"|\s+\p{{Ll}}{{2,}}ed(?=\s*[.,;!?]|\s*$)))"  # or a verb in the past that ends the clause: "the reporter pressed."
    )
    pronoun = r"(?:[Hh]e|[Ss]he|[Tt]hey|[Ii]t|I|[Ww]e)"

    def speaker(name: str) -> str:
        # "the White House said", "the Bank of England said", but not "the Mexican president"
        named_body = rf"(?:(?i:the)\s+{name}(?![\p{{L}}\p{{M}}])(?!\s+(?!(?:{verbs})\b)\p{{Ll}}))"
        return f"(?:{named_body}|{name}|{description}|{pronoun})"

    # The role prefix is dear to try at every position: only patterns anchored at the quote's edge
    # (^) take it; the others find the name after the role by searching on.
    with_role, plain = speaker(rf"(?<!\p{{L}})(?:{role}?{body})"), speaker(rf"(?<!\p{{L}})(?:{body})")
    out = []
    for p in rules.attribution_patterns:
        source = p.pattern.replace("{VERB}", verbs).replace("{SPEAKER}", with_role if p.pattern.startswith("^") else plain)
        needs_mark = p.side == "before" and bool(_ENDS_WITH_MARK.search(p.pattern))
        required = verb_required(p.pattern)
        never = not_after_verb(p.pattern) if required else ""
        if any(set(never.casefold()) & set(form.casefold()) for form in rules.speech_form_set):
            never = ""  # a speech verb written with one of them, in any case ("o.k.'d"): the verb is not after the last
        out.append(Compiled(p.id, p.side, source, p.quote_ends, needs_mark, required, never,
                            verb_first(p.pattern) if required else None))
    return tuple(out)


# A pattern that opens with its {VERB}, after blanks and punctuation only: `^[\s,;:]*(?P<cue>{VERB})`
# (not a negated class, `[^,]*`, which letters match).
_OPENS_WITH_VERB = regex.compile(r"\^\[(?!\^)(?P<before>(?:\\s|\\[^\p{L}\p{N}]|[^\]\\\p{L}\p{N}-])+)\]\*\(\?P<cue>\{VERB\}\)")


def verb_first(pattern: str) -> regex.Pattern | None:
    """What may stand before the speech verb of an attribution pattern that opens with it, after
    blanks and punctuation only (a class of them, as the pattern writes it); else None. Its verb
    then starts where they end, at the window's start: a window whose first word there starts no
    speech verb is not searched.

    Example:
        >>> verb_first(r"^[\\s,;:]*(?P<cue>{VERB})\\s+(?P<speaker>{SPEAKER})").pattern
        '[\\\\s,;:]*'
        >>> verb_first(r"^[\\s,]*(?P<speaker>{SPEAKER})\\s+(?P<cue>{VERB})") is None
        True
    """
    match = _OPENS_WITH_VERB.match(pattern)
    return regex.compile(f"[{match.group('before')}]*") if match and pattern.count("{VERB}") == 1 else None


# A pattern that ends with its {VERB} and a few words, each without some characters, before the
# window's end: `{VERB})(?:\s+[^\s"“”.!?]+){0,8}?\s*[,:]?\s*$`.
_VERB_THEN_WORDS = regex.compile(
    r"\{VERB\}\)\(\?:\\s\+\[\^\\s(?P<never>(?:\\.|[^\]\\])+)\]\+\)\{0,\d+\}\??\\s\*\[,:\]\?\\s\*\$$")


def not_after_verb(pattern: str) -> str:
    """The characters that no match of an attribution pattern has after its speech verb starts, where
    the pattern says so in the one form read here (its verb, then up to N words without them, then
    the window's end); else "". The verb is then after the last of them in a window, and a window
    without a speech verb there is not searched (the search is dear: it tries a name at every word).

    Example:
        >>> not_after_verb(r"(?P<speaker>{SPEAKER})\\s+(?P<cue>{VERB})(?:\\s+[^\\s.!?]+){0,8}?\\s*[,:]?\\s*$")
        '.!?'
        >>> not_after_verb(r"(?P<speaker>{SPEAKER})\\s+(?P<cue>{VERB})\\s*[,:]?\\s*$")
        ''
    """
    match = _VERB_THEN_WORDS.search(pattern)
    if match is None or pattern.count("{VERB}") != 1:
        return ""
    never = match.group("never")
    parts = regex.findall(r"\\.|.", never)
    if any(regex.fullmatch(r"\\[\p{L}\p{N}]", part) for part in parts) or "-" in parts:
        return ""  # a class escape ("\p{P}", "\n") or a range ("0-9"): not characters of their own
    # a comma, a colon or a blank may come after the verb all the same (`\\s*[,:]?\\s*$`)
    return "".join(ch for ch in regex.sub(r"\\(.)", r"\1", never) if ch not in ",:" and not ch.isspace())


def verb_required(pattern: str) -> bool:
    """Whether every match of an attribution pattern holds its `{VERB}`: the pattern has one, and
    none stands in a lookaround, in a group that is optional or one of alternatives, or under a
    quantifier that allows none. Only such a pattern may be skipped where no speech verb is near.

    Example:
        >>> verb_required(r"^\\s*(?P<cue>{VERB})\\s+(?P<speaker>{SPEAKER})")
        True
        >>> verb_required(r"^(?:(?P<cue>{VERB})\\s+)?(?P<speaker>{SPEAKER})")  # an optional group
        False
    """
    if "{VERB}" not in pattern:
        return False
    opened: list[int] = []  # where each group still open starts
    groups: dict[int, tuple[int, bool]] = {}  # start -> (end, whether it has alternatives of its own)
    verbs, branching, i, in_class = [], {-1: False}, 0, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            opened.append(i)
            branching[i] = False
        elif ch == ")" and opened:
            start = opened.pop()
            groups[start] = (i, branching[start])
        elif ch == "|":
            branching[opened[-1] if opened else -1] = True
        elif pattern.startswith("{VERB}", i):
            verbs.append((i, list(opened)))
        i += 1
    if branching[-1]:
        return False
    optional = regex.compile(r"[?*]|\{0|\{,")
    for at, enclosing in verbs:
        if optional.match(pattern, at + len("{VERB}")):
            return False
        for start in enclosing:
            end, alternatives = groups.get(start, (len(pattern), True))
            lookaround = pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), start)
            if alternatives or lookaround or optional.match(pattern, end + 1):
                return False
    return True
