"""tracer: make a repository's PRDs, user stories and tech specs accountable to its code."""

__version__ = "0.1.0"
