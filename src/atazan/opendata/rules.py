"""Who may prepare the open-data files.

Everyone: a file holds only what is public already, and preparing it writes
nothing but that file, so the first visitor who asks for a stale download
may have it rebuilt (under a lock, once) instead of being refused.
"""

from __future__ import annotations

import rules

rules.add_perm("opendata.prepare", rules.always_allow)
