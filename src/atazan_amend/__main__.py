"""``python -m atazan_amend``: see ``atazan_amend.cli``."""

from atazan_amend.cli import main

raise SystemExit(main())
