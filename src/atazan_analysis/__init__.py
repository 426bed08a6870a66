"""Proposal analysis: a pure, typed pipeline over plain records.

Language, cited provisions, links to the constitution, duplicates and
campaigns, themes, taxonomy and coverage. No Django: the same code runs in
tests, over a file from the command line, inside the app on stored
proposals, and on a Dask cluster.
"""
