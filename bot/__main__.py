"""`python -m bot` is the `relations` command, for an installed package without its script."""

from .cli import main

raise SystemExit(main())
