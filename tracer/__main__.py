"""Allow ``python -m tracer``."""

import sys

from tracer.cli import main

if __name__ == "__main__":  # worker processes may import this module again; only the real run starts the CLI
    sys.exit(main())
