"""``python -m spindetect`` is the ``spindetect`` command."""

from .cli import main

raise SystemExit(main())
