// Thin client for the Harbor API used by the board UI.
export async function createTask(boardId: number, title: string) {
  const res = await fetch("/api/v1/tasks", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ board_id: boardId, title }),
  });
  return res.json();
}
