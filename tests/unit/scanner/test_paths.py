import pytest

from tracer.globs import glob_match
from tracer.scanner.paths import normalise_declared


@pytest.mark.parametrize("raw, path, unsafe", [
    ("`src/a.py`", "src/a.py", ""),
    ("src/a.py:123", "src/a.py", ""),
    ("`src/a.py` (new file)", "src/a.py", ""),
    ("[a](src/a.py)", "src/a.py", ""),
    ("./src/../src/a.py", "src/a.py", ""),
    ("/etc/passwd", "/etc/passwd", "is absolute"),
    ("../outside.py", "../outside.py", "leaves the repository"),
    ("src/../../x.py", "src/../../x.py", "leaves the repository"),
    ("C:\\Users\\me\\a.py", "C:\\Users\\me\\a.py", "is an absolute Windows path"),
    ("src\\win\\a.py", "src/win/a.py", ""),
    ("src/a\x01.py", "src/a?.py", "contains control characters"),
])
def test_normalise_declared(raw, path, unsafe):
    assert normalise_declared(raw) == (path, unsafe)


def test_relative_to_a_base_folder():
    assert normalise_declared("../b.py", "docs/specs") == ("docs/b.py", "")


@pytest.mark.parametrize("path, pattern, ok", [
    ("docs/specs/a.md", "docs/**/*.md", True),
    ("docs/a.md", "docs/**/*.md", True),
    ("x/docs/a.md", "docs/**/*.md", False),
    ("a/b/c.prd.md", "**/*.prd.md", True),
    ("a.prd.md", "**/*.prd.md", True),
    ("db/migrations/001.sql", "**/migrations/**/*.sql", True),
    ("src/a.py", "src/*.md", False),
])
def test_glob(path, pattern, ok):
    assert glob_match(path, pattern) is ok
