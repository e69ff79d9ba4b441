-- Assignment and due dates (task-assignment spec)
ALTER TABLE tasks
    ADD COLUMN assignee_id INTEGER,
    ADD COLUMN due_date DATE;
