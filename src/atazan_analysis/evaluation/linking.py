"""How often the lexical links put the right article first, or among the first three.

The labelled set ``linking.tsv`` holds proposals that name no article
number, in Russian and English, each with the articles of the sample
constitution (``kenbel-1998``) a careful analyst would link it to; a link
to any of them counts as right. Proposals are compared with the text in
their own language, as a run does, and the set's proposals of that language
are the corpus the word weights come from.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atazan_analysis.linking import ArticleIndex, LinkSettings
from atazan_analysis.textprep import prepare, stems

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[1] / "atazan" / "constitution" / "samples"


@dataclass(frozen=True)
class LinkCase:
    id: str
    language: str
    provisions: frozenset[str]
    text: str


def load_cases(path: Path = HERE / "linking.tsv") -> list[LinkCase]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [
        LinkCase(row["id"], row["language"], frozenset(row["provisions"].split()), row["text"])
        for row in rows
    ]


def ranked_links(
    cases: list[LinkCase], language: str, samples: Path = SAMPLES
) -> dict[str, list[str]]:
    """The eids each case of ``language`` is linked to, best first."""
    from atazan_texts.io import load_document

    document = load_document(
        samples / f"kenbel-1998.{language}.txt", language=language, uid_namespace="analysis"
    )
    chosen = [case for case in cases if case.language == language]
    docs = [stems(prepare(case.text).words, language) for case in chosen]
    index = ArticleIndex(document, docs)
    links = index.link(docs, [case.text for case in chosen], LinkSettings(per_proposal=3))
    return {
        case.id: [link.eid for link in found] for case, found in zip(chosen, links, strict=True)
    }


def linking_report(path: Path = HERE / "linking.tsv", samples: Path = SAMPLES) -> dict[str, Any]:
    """Top-1 and top-3 accuracy per language, the share left without a link, and the misses."""
    cases = load_cases(path)
    by_language: dict[str, list[LinkCase]] = defaultdict(list)
    for case in cases:
        by_language[case.language].append(case)
    report: dict[str, Any] = {}
    for language, group in sorted(by_language.items()):
        found = ranked_links(cases, language, samples)
        top1 = sum(1 for c in group if found[c.id][:1] and found[c.id][0] in c.provisions)
        top3 = sum(1 for c in group if set(found[c.id][:3]) & c.provisions)
        unlinked = sum(1 for c in group if not found[c.id])
        report[language] = {
            "proposals": len(group),
            "top1": round(top1 / len(group), 4),
            "top3": round(top3 / len(group), 4),
            "no link": unlinked,
            "misses (top 3)": [c.id for c in group if not set(found[c.id][:3]) & c.provisions],
        }
    return report
