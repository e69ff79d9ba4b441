"""The drift rules: the catalog (``catalog.py``), one module per family of rules, the engine that runs them
(``engine.py``) and what a run produces (``base.py``, ``result.py``).

The catalog is loaded on first use, so that a check whose result is reused does not import every rule.
"""

from __future__ import annotations

__all__ = ["RULES", "RULES_BY_CODE", "Rule", "Finding", "Draft"]


def __getattr__(name: str):
    if name in __all__:
        from tracer.rules import catalog

        return getattr(catalog, name)
    raise AttributeError(f"module 'tracer.rules' has no attribute {name!r}")
