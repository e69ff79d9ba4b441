-- Added during an incident review; no spec yet.
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    actor_id INTEGER,
    action TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT now()
);
