"""Amendments to a constitution and their consolidation into a new draft. Django-free.

``model`` holds the typed amendments (frozen dataclasses, one per kind);
``jsonio`` reads and writes them; ``consolidate`` applies the adopted ones
to every language of a base version, following cross-references through
renumbering; ``find_conflicts`` says which adopted amendments clash;
``derive`` writes the amendments that turn one version into another. Every
error is an ``AmendmentError`` with a stable ``code``. docs/amendments.md
describes the model, the conventions and the JSON format.
"""

from atazan_amend.consolidate import (
    Consolidation,
    ReferenceWarning,
    consolidate,
    find_conflicts,
)
from atazan_amend.derive import derive
from atazan_amend.errors import (
    AmendmentError,
    BaseMismatch,
    Conflict,
    ConflictError,
    DeriveError,
    InvalidEdit,
    InvalidResult,
    MalformedAmendments,
    MissingLanguage,
    Problem,
    UnknownLanguage,
    UnknownProvision,
)
from atazan_amend.jsonio import dump, dumps, from_json, load, loads, to_json
from atazan_amend.model import (
    AMENDMENT_KINDS,
    AddSection,
    Amendment,
    AmendmentSet,
    Delete,
    Insert,
    Merge,
    Move,
    Numbering,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
    fresh_uid,
)
from atazan_amend.references import ArticleCitation, find_article_citations

__all__ = [
    "AMENDMENT_KINDS",
    "AddSection",
    "Amendment",
    "AmendmentError",
    "AmendmentSet",
    "ArticleCitation",
    "BaseMismatch",
    "Conflict",
    "ConflictError",
    "Consolidation",
    "Delete",
    "DeriveError",
    "Insert",
    "InvalidEdit",
    "InvalidResult",
    "MalformedAmendments",
    "Merge",
    "MissingLanguage",
    "Move",
    "Numbering",
    "Problem",
    "ProvisionText",
    "ReferenceWarning",
    "RenameSection",
    "Renumber",
    "Replace",
    "Rewording",
    "Split",
    "UnknownLanguage",
    "UnknownProvision",
    "consolidate",
    "derive",
    "dump",
    "dumps",
    "find_article_citations",
    "find_conflicts",
    "fresh_uid",
    "from_json",
    "load",
    "loads",
    "to_json",
]
