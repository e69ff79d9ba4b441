"""The README is true: its two set-up commands are the Makefile's, and each `$ tracer ...` example prints
what the README shows (in order; "..." stands for lines left out)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _examples() -> list[tuple[str, list[str]]]:
    """(command, the lines shown after it) for every ``$ tracer ...`` line of a code block."""
    out = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", README, re.S):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("$ tracer "):
                shown = []
                for follow in lines[i + 1:]:
                    if follow.startswith("$ "):
                        break
                    shown.append(follow)
                out.append((line[2:], shown))
    return out


EXAMPLES = _examples()


def test_the_readme_has_examples_and_the_two_commands():
    assert len(EXAMPLES) >= 2
    first = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first.strip().splitlines()] == [["make", "demo"], ["make", "test"]]
    makefile = (ROOT / "Makefile").read_text()
    assert "\n\t$(BIN)/tracer report sample_repo --out reports\n" in makefile  # what the README says make demo runs
    assert "\n\t$(BIN)/python -m pytest" in makefile


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_each_example_prints_what_the_readme_shows(command, shown):
    args = shlex.split(command)[1:]
    res = subprocess.run([sys.executable, "-m", "tracer", *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**{k: v for k, v in os.environ.items() if k != "FORCE_COLOR"}, "NO_COLOR": "1"})
    assert res.returncode in (0, 1), res.stderr
    got = [line.rstrip() for line in res.stdout.splitlines()]
    position = 0
    for want in (line.rstrip() for line in shown):
        if want.strip() in ("...", "…") or not want.strip():
            continue
        try:
            position = got.index(want, position) + 1
        except ValueError:
            pytest.fail(f"`{command}` no longer prints, in this order:\n{want}\n--- it printed:\n{res.stdout[:3000]}")
