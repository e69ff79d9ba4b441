"""Every regular expression in tracer runs in linear time on input built to make it backtrack.

The patterns are found, not listed: every compiled pattern a module of ``tracer`` holds, and every literal
pattern passed to ``re.compile`` / ``re.match`` / ``re.search`` / ``re.sub`` / … in its source. A new pattern
is therefore covered the day it is written. Each is run on long runs of characters that make a backtracking
pattern try every split (behind the pattern's own literal prefix, so that it gets past its first token), at
two sizes; the time must grow like the input (compared as a ratio in the same run, against a pattern that is
linear by construction: no wall-clock limit).
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import time
from pathlib import Path

import pytest

import tracer

UNITS = [" ", "a", "1", "a-", "a/", "1.", "a.", "{", "}", "`", "*", ":", "-", "_", "/", ".", "a ", "\t", "|", "(", "[",
         "<", "#", "$", "a1", "ab", "{a,", "a,", "{{", "`a", "a b", "é", "\\", "'", '"', "!", " \n", "a\n", "- ", "1-",
         "a:", "US-1 ", "FR1,", "@a", "a=", "~", "+", "x " * 2]
SMALL, BIG = 1_000, 8_000


def _source_patterns() -> list[tuple[str, str, int]]:
    """(where, pattern, flags) of every literal pattern in the source of tracer's modules."""
    out = []
    for path in sorted(Path(tracer.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
                    and node.func.value.id == "re" and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                flags = 0
                for arg in list(node.args[2 if node.func.attr in ("sub", "subn") else 1:][:1]) + [k.value for k in node.keywords if k.arg == "flags"]:
                    try:
                        flags |= int(eval(compile(ast.Expression(arg), "<flags>", "eval"), {"re": re}))  # noqa: S307
                    except Exception:  # noqa: BLE001 - a non-constant flag: try without
                        pass
                out.append((f"{path.relative_to(Path(tracer.__file__).parent.parent)}:{node.lineno}", node.args[0].value,
                            flags))
    return out


def _compiled_patterns() -> list[tuple[str, re.Pattern]]:
    """(where, pattern) of every compiled pattern a module of tracer holds at module or class level."""
    out = []
    for info in pkgutil.walk_packages(tracer.__path__, "tracer."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                out.append((f"{info.name}.{name}", value))
            elif isinstance(value, type) and value.__module__ == module.__name__:
                out += [(f"{info.name}.{value.__name__}.{n}", v) for n, v in vars(value).items() if isinstance(v, re.Pattern)]
    return out


def _profile_patterns() -> list[tuple[str, re.Pattern]]:
    """The patterns the document formats are made of (profiles are data: stories, coverage, file names)."""
    from tracer.profiles import registry

    out = []
    for profile in registry().values():
        for rule in profile.rules + profile.located:
            for i, pat in enumerate(rule.stories + rule.covers + rule.refs):
                out.append((f"profile {profile.name} {rule.glob or rule.types} #{i}", re.compile(pat.regex)))
            if rule.covers_from_name:
                out.append((f"profile {profile.name} {rule.glob} name", re.compile(rule.covers_from_name)))
    return out


def _all() -> list[tuple[str, re.Pattern]]:
    seen, out = set(), []
    for where, pattern in _compiled_patterns() + _profile_patterns():
        if (pattern.pattern, pattern.flags) not in seen:
            seen.add((pattern.pattern, pattern.flags))
            out.append((where, pattern))
    for where, text, flags in _source_patterns():
        try:
            pattern = re.compile(text, flags)
        except re.error:
            continue
        if (pattern.pattern, pattern.flags) not in seen:
            seen.add((pattern.pattern, pattern.flags))
            out.append((where, pattern))
    return out


def _example(items, depth: int = 0) -> str:
    """A short string that the parsed pattern ``items`` matches, best effort (first branches, fewest repeats)."""
    out = []
    for op, arg in items:
        name = str(op)
        if depth > 20:
            break
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            kinds = [(str(o), a) for o, a in arg]
            if kinds and kinds[0][0] == "NEGATE":
                out.append("a" if not any(k == "LITERAL" and a == ord("a") for k, a in kinds) else "b")
            elif kinds and kinds[0][0] == "LITERAL":
                out.append(chr(kinds[0][1]))
            elif kinds and kinds[0][0] == "RANGE":
                out.append(chr(kinds[0][1][0]))
            elif kinds and kinds[0][0] == "CATEGORY":
                cat = str(kinds[0][1])
                out.append(" " if "SPACE" in cat and "NOT" not in cat else "1" if "DIGIT" in cat and "NOT" not in cat else "a")
        elif name == "BRANCH":
            out.append(_example(arg[1][0], depth + 1))
        elif name == "SUBPATTERN":
            out.append(_example(arg[-1], depth + 1))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, body = arg
            out.append(_example(body, depth + 1) * max(low, 1 if low == 0 and depth == 0 else low))
        elif name == "ATOMIC_GROUP":
            out.append(_example(arg, depth + 1))
    return "".join(out)


def _prefixes(pattern: re.Pattern) -> list[str]:
    """Strings that take the pattern past its first tokens (where a hostile run does its damage)."""
    try:
        parsed = list(re._parser.parse(pattern.pattern, pattern.flags))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return [""]
    # after each of the first tokens, after the literal text a pattern opens with, and before its last token
    literal = next((i for i, (op, _) in enumerate(parsed) if str(op) != "LITERAL"), len(parsed))
    cuts = sorted({0, 1, 2, 3, 4, 5, literal, literal + 1, literal + 2, len(parsed) // 2, max(len(parsed) - 1, 0)})
    return list(dict.fromkeys(_example(parsed[:k]) for k in cuts if k <= len(parsed)))


def _elapsed(pattern: re.Pattern, text: str, repeat: int = 2) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _m in pattern.finditer(text):
            pass
        best = min(best, time.perf_counter() - start)
    return best


PATTERNS = _all()
REFERENCE = re.compile(r"[a-z]+")  # linear by construction: the scale for "fast enough to be linear"


def test_every_pattern_is_found():
    assert len(PATTERNS) > 100  # the discovery itself works (compiled and literal patterns of every module)


def _slow(pattern: re.Pattern, *, first: bool = False) -> list[str]:
    reference = _elapsed(REFERENCE, "a" * BIG) + 1e-4
    slow = []
    for prefix in _prefixes(pattern):
        for unit in UNITS:
            small = prefix + unit * (SMALL // len(unit))
            big = prefix + unit * (BIG // len(unit))
            t_small, t_big = _elapsed(pattern, small), _elapsed(pattern, big)
            # linear: 8 times the input, about 8 times the time; quadratic would be 64 times
            if t_big > 30 * reference and t_big > 25 * max(t_small, 1e-6):
                # a pause of the machine during both quick timings is not backtracking: a suspect is timed
                # again, more times, and reported only when it is still slow
                t_small, t_big = _elapsed(pattern, small, 5), _elapsed(pattern, big, 5)
            if t_big > 30 * reference and t_big > 25 * max(t_small, 1e-6):
                slow.append(f"{prefix!r}+{unit!r}: {t_small * 1e3:.1f} ms at {SMALL}, {t_big * 1e3:.1f} ms at {BIG}")
                if first:
                    return slow
    return slow


@pytest.mark.parametrize("pattern", [r"^Status:\s*(?P<v>.*)\s*\(x\)", r"\s*\(", r"\{[^}]*,[^}]*\}"])
def test_the_detector_catches_backtracking(pattern):
    assert _slow(re.compile(pattern), first=True)  # quadratic patterns of the kinds fixed here are caught


@pytest.mark.parametrize(("where", "pattern"), PATTERNS, ids=[w for w, _ in PATTERNS])
def test_pattern_is_linear(where, pattern):
    slow = _slow(pattern)
    assert not slow, f"{where} {pattern.pattern!r} backtracks: " + "; ".join(slow)


def _timed(func, text: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("unit", ["$ ", "$a$ ", "'' ", "-- \n", "; "])
def test_sql_splitting_is_linear(unit):
    """The SQL splitter is a hand-written scanner, not a pattern: it is timed on runs of the characters it
    treats specially, at 80,000 and 1,280,000 characters (16 times the input: about 16 times the time when
    linear, 256 times when quadratic; a ``$`` that opens no tag once copied the rest of the text each time,
    30 times slower than linear at this size)."""
    from tracer.scanner.sql import split_statements

    small, big = unit * (80_000 // len(unit)), unit * (1_280_000 // len(unit))
    t_small, t_big = _timed(split_statements, small), _timed(split_statements, big)
    assert t_big < 40 * max(t_small, 1e-5), f"{unit!r}: {t_small * 1e3:.1f} ms at 80k, {t_big * 1e3:.1f} ms at 1.28M"


@pytest.mark.parametrize("item", ["Update `src/m{i}/a.py` ", "Remove x from `src/m{i}.py`, ", "Add src/m{i}/b.py and ",
                                  "Update `apps/m{i}/c.json` to extend `../../base{i}.json` "])
def test_a_list_item_naming_many_paths_is_read_in_linear_time(item):
    """One task or list item naming thousands of paths (a pull request controls every byte of a document):
    each path's intent is looked up, not found by reading the text before it again (that was quadratic: 4,000
    paths took 1.8 s, 16 times 500's); timed at 500 and 8,000 paths."""
    from tracer.model import Intent
    from tracer.scanner.declarations import item_paths

    def read(n: int):
        source = "[x] " + "".join(item.format(i=i) for i in range(n))
        return item_paths(source, 1, default=Intent.EITHER, source_kind="task", prose=True, done=True)

    assert len(read(500)) >= 500
    t_small, t_big = _timed(lambda _: read(500), None), _timed(lambda _: read(8000), None)
    assert t_big < 40 * max(t_small, 1e-5), f"{item!r}: {t_small * 1e3:.1f} ms at 500, {t_big * 1e3:.1f} ms at 8,000"
