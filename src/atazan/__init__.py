"""Atazan: participatory constitutional reform, end to end."""

__version__ = "0.1.0"
