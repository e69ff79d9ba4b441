"""The Harbor web application: mounts every router."""

from fastapi import FastAPI

from harbor.notifications.routes import router as notifications_router
from harbor.tasks.routes import router as tasks_router

app = FastAPI(title="Harbor")
app.include_router(tasks_router)
app.include_router(notifications_router)


@app.get("/healthz")
def health() -> dict:
    return {"ok": True}
