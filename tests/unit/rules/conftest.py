import pytest

from tracer.api import analyse, check


@pytest.fixture
def findings(make_repo):
    """Check a repository made from ``files``; returns [(rule, path, line, subject, severity)] of the rules asked for."""

    def run(files, *codes, enable=(), overrides=None):
        root = make_repo(files)
        result = check(analyse(root, overrides), enable=tuple(enable) or tuple(codes))
        return [(f.rule, f.path, f.line, f.subject, f.severity) for f in result.findings if not codes or f.rule in codes]

    return run
