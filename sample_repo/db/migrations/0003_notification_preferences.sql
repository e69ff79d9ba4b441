CREATE TABLE notification_preferences (
    user_id INTEGER NOT NULL,
    kind VARCHAR(30) NOT NULL,
    channel VARCHAR(10) NOT NULL,
    enabled BOOLEAN NOT NULL DEFAULT TRUE,
    PRIMARY KEY (user_id, kind, channel)
);
