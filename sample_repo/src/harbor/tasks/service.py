"""Task rules: create, move, and the overdue filter."""

from datetime import date

from harbor.db import connect

GAP = 1024


def create_task(board_id: int, title: str) -> dict:
    if not title.strip():
        raise ValueError("title must not be empty")
    with connect() as conn:
        row = conn.execute(
            "INSERT INTO tasks (board_id, title, position) VALUES (%s, %s, "
            "(SELECT COALESCE(MAX(position), 0) + %s FROM tasks WHERE board_id = %s)) RETURNING id, position",
            (board_id, title, GAP, board_id),
        ).fetchone()
    return {"id": row[0], "board_id": board_id, "title": title, "column": "todo", "position": row[1]}


def move_task(task_id: int, column: str, position: int) -> None:
    with connect() as conn:
        conn.execute(
            "UPDATE tasks SET column_name = %s, position = %s, updated_at = now() WHERE id = %s",
            (column, position, task_id),
        )


def is_overdue(due: date | None, today: date) -> bool:
    return due is not None and due < today
