"""The one exception family for user-facing errors: a one-line message and exit code 2."""


class TracerError(Exception):
    """A usage, configuration or environment error the user can fix; printed as one line."""

    exit_code = 2


class ConfigError(TracerError):
    """The configuration is invalid; the message lists every problem at once."""
