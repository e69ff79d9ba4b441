from datetime import date

from harbor.tasks.service import is_overdue


def test_overdue():
    assert is_overdue(date(2026, 1, 1), date(2026, 1, 2))
    assert not is_overdue(None, date(2026, 1, 2))
