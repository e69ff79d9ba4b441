"""Assigning tasks to teammates."""

from harbor.db import connect
from harbor.tasks.service import GAP  # noqa: F401  (shared constants)


def assign(task_id: int, assignee_id: int | None) -> None:
    with connect() as conn:
        conn.execute("UPDATE tasks SET assignee_id = %s WHERE id = %s", (assignee_id, task_id))
