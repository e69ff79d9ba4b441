"""The in-app inbox."""

from harbor.db import connect


def list_for(user_id: int, limit: int = 50) -> list[tuple]:
    with connect() as conn:
        return conn.execute(
            "SELECT id, body, read_at FROM notifications WHERE user_id = %s ORDER BY id DESC LIMIT %s",
            (user_id, limit),
        ).fetchall()
