"""HTTP endpoints for notifications."""

from fastapi import APIRouter

from harbor.notifications import inbox, preferences

router = APIRouter()


@router.get("/api/v1/notifications")
def list_notifications(user_id: int) -> list:
    return inbox.list_for(user_id)


@router.put("/api/v1/notifications/preferences")
def set_preference(user_id: int, payload: dict) -> dict:
    return {"allowed": preferences.allows(user_id, payload["kind"], payload["channel"])}
