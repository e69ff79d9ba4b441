"""HTTP endpoints for tasks."""

from fastapi import APIRouter

from harbor.tasks import service

router = APIRouter(prefix="/api/v1/tasks")


@router.post("", status_code=201)
def create(payload: dict) -> dict:
    return service.create_task(payload["board_id"], payload["title"])


@router.get("/{task_id}")
def read(task_id: int) -> dict:
    return {"id": task_id}


@router.patch("/{task_id}/move")
def move(task_id: int, payload: dict) -> dict:
    service.move_task(task_id, payload["column"], payload["position"])
    return {"id": task_id}
