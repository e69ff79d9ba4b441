"""Per-user notification switches."""

from harbor.db import connect


def allows(user_id: int, kind: str, channel: str) -> bool:
    with connect() as conn:
        row = conn.execute(
            "SELECT enabled FROM notification_preferences WHERE user_id = %s AND kind = %s AND channel = %s",
            (user_id, kind, channel),
        ).fetchone()
    return True if row is None else bool(row[0])
