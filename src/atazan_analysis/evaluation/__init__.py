"""Measuring the analysis on labelled data: language, citations, campaigns, themes and taxonomy.

``atazan evaluate_analysis`` runs every measurement and prints the figures per
language; docs/analysis.md records them with the command that made them.
"""
