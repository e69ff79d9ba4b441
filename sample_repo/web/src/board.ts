import { createTask } from "./api";

export function onNewTask(boardId: number, input: HTMLInputElement) {
  return createTask(boardId, input.value);
}
