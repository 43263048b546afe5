"""`python -m server`: the same as the `neuvo-server` command."""

from server.cli import main

raise SystemExit(main())
