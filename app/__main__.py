"""`python -m app` runs the `neuvo` command (and is the entry point of the frozen build)."""

import sys

from app.cli import main

sys.exit(main())
