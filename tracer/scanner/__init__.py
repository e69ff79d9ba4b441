"""Scanning: from a repository's files to the immutable Project (``scan`` in ``project.py``).

``files.py`` lists the files and sorts them into kinds, ``parsing.py`` parses them or takes them from the
parse cache (``cache.py``), and ``project.py`` assembles the Project. The names below are loaded on first use,
so that a caller needing only the file listing (a check whose result is reused) does not import the parsers.
"""

from __future__ import annotations

__all__ = ["scan", "plan", "Plan", "Progress", "choose_profiles"]


def __getattr__(name: str):
    if name in __all__:
        from tracer.scanner import project

        return getattr(project, name)
    raise AttributeError(f"module 'tracer.scanner' has no attribute {name!r}")
