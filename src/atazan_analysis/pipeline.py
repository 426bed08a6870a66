"""The whole analysis, step by step, over plain records.

Per-record steps (cleaning, language, citations) are pure functions of one
record and run in chunks, locally or on a Dask cluster; the steps that need
every record at once (duplicates, themes, links, taxonomy, coverage) run in
this process on the chunks' results. Both paths give identical results
because every step is deterministic and the record order is kept.
"""

from __future__ import annotations

import hashlib
import platform
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from atazan_analysis.citations import find_citations, resolve_citations
from atazan_analysis.duplicates import DuplicateSettings, find_duplicates
from atazan_analysis.language import detect_many
from atazan_analysis.linking import ArticleIndex, Encoder, LinkSettings
from atazan_analysis.records import (
    Corrections,
    CoverageRow,
    Link,
    ProposalResult,
    Record,
    RunResult,
    Theme,
)
from atazan_analysis.taxonomy import assign
from atazan_analysis.textprep import FLAG_EMPTY, FLAG_NO_LETTERS, clean, prepare, stems
from atazan_analysis.themes import Idea, ThemeSettings, cluster_language, pinned_theme
from atazan_texts import Document

#: Raised whenever a change alters results, so runs say which method made them.
PIPELINE_VERSION = (
    "1.1"  # 1.1: mixed Kazakh-Russian texts weighed by the character model's segments
)
CHUNK_SIZE = 2000

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Config:
    """Every parameter that changes results; stored with each run."""

    seed: int = 2026
    campaign_min_size: int = 5
    themes_per_language: int | None = None
    max_themes: int = 60
    link_min_score: float = 0.12
    links_per_proposal: int = 3
    model_dir: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PreparedRecord:
    """A record after the per-record steps."""

    id: str
    text: str
    words: tuple[str, ...]
    flags: list[str]
    language: str
    mixed: bool
    cited: list[Any] = field(default_factory=list)
    body: str = ""  # the text without its title, for summaries that quote sentences


def prepare_chunk(records: Sequence[Record]) -> list[PreparedRecord]:
    """Clean, identify the language and find citations: pure, so it can run anywhere."""
    prepared = [prepare(r.text, r.title) for r in records]
    guesses = detect_many([p.text for p in prepared])
    out = []
    for record, item, guess in zip(records, prepared, guesses, strict=True):
        unusable = FLAG_EMPTY in item.flags or FLAG_NO_LETTERS in item.flags
        out.append(
            PreparedRecord(
                id=record.id,
                text=item.text,
                words=item.words,
                flags=list(item.flags),
                language="other" if unusable else guess.language,
                mixed=guess.mixed,
                cited=[] if unusable else find_citations(item.text),
                body=clean(record.text)[0] if record.title else item.text,
            )
        )
    return out


def fingerprint(records: Iterable[Record]) -> str:
    """A hash of the input, so a run can prove which data it read."""
    digest = hashlib.sha256()
    for record in records:
        for part in (record.id, record.title, record.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def _chunks(records: Sequence[Record]) -> list[Sequence[Record]]:
    return [records[i : i + CHUNK_SIZE] for i in range(0, len(records), CHUNK_SIZE)]


def _prepare_all(
    records: Sequence[Record], client: Any, progress: Progress | None
) -> list[PreparedRecord]:
    chunks = _chunks(records)
    prepared: list[PreparedRecord] = []
    if client is not None:
        futures = client.map(prepare_chunk, chunks, pure=False)
        for done, future in enumerate(futures, start=1):
            prepared.extend(future.result())
            if progress:
                progress("prepare", min(done * CHUNK_SIZE, len(records)), len(records))
        return prepared
    for chunk in chunks:
        prepared.extend(prepare_chunk(chunk))
        if progress:
            progress("prepare", len(prepared), len(records))
    return prepared


def run(
    records: Sequence[Record],
    *,
    config: Config | None = None,
    constitution: Sequence[Document] = (),
    taxonomy: Sequence[str] = (),
    corrections: Corrections | None = None,
    progress: Progress | None = None,
    client: Any = None,
    encoder: Encoder | None = None,
) -> RunResult:
    """Analyse ``records``; ``constitution`` holds the texts (one per language) to link to."""
    config = config or Config()
    corrections = corrections or Corrections()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def step(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = round(now - started, 3)
        started = now

    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise ValueError(
                f"id: {record.id!r} occurs more than once; every record needs its own id"
            )
        seen.add(record.id)

    prepared = _prepare_all(records, client, progress)
    step("prepare")

    ids = [p.id for p in prepared]
    dup = find_duplicates(
        ids,
        [p.words for p in prepared],
        DuplicateSettings(campaign_min_size=config.campaign_min_size, seed=config.seed),
        corrections,
    )
    by_id = {p.id: p for p in prepared}
    for campaign in dup.campaigns:
        campaign.representative_text = by_id[campaign.representative_id].text
    # Each record is represented by one "idea": itself, the record it duplicates, or its campaign.
    representative: dict[str, str] = {}
    rep_of_campaign = {c.id: c.representative_id for c in dup.campaigns}
    for p in prepared:
        if p.id in dup.campaign_of:
            representative[p.id] = rep_of_campaign[dup.campaign_of[p.id]]
        elif p.id in dup.duplicate_of:
            representative[p.id] = dup.duplicate_of[p.id]
        else:
            representative[p.id] = p.id
    weight: dict[str, int] = defaultdict(int)
    for p in prepared:
        weight[representative[p.id]] += 1
    ideas = [p for p in prepared if representative[p.id] == p.id]
    if progress:
        progress("duplicates", len(prepared), len(prepared))
    step("duplicates")

    themes = _themes(ideas, weight, config, corrections)
    theme_of = {member: theme.id for theme in themes for member in theme.members}
    if progress:
        progress("themes", len(prepared), len(prepared))
    step("themes")

    links = _links(ideas, constitution, config, encoder)
    if progress:
        progress("links", len(prepared), len(prepared))
    step("links")

    taxonomy_of: dict[str, tuple[str, float]] = {}
    if taxonomy:
        assigned = assign([stems(p.words, p.language) for p in ideas], list(taxonomy))
        for idea, result in zip(ideas, assigned, strict=True):
            if result is not None:
                taxonomy_of[idea.id] = (result.label, result.score)
    step("taxonomy")

    confirmed_for: dict[str, list[str]] = defaultdict(list)
    for proposal_id, provision in corrections.confirmed_links:
        confirmed_for[proposal_id].append(provision)
    results = []
    for p in prepared:
        rep = representative[p.id]
        own_links = [
            lk
            for lk in links.get(rep, [])
            if (p.id, lk.provision) not in corrections.rejected_links
        ]
        own_links = _with_confirmed(own_links, confirmed_for.get(p.id, []), constitution)
        label, score = taxonomy_of.get(rep, (None, 0.0))
        results.append(
            ProposalResult(
                id=p.id,
                language=p.language,
                mixed=p.mixed,
                flags=p.flags,
                cited=[c.key for c in p.cited],
                links=own_links,
                duplicate_of=dup.duplicate_of.get(p.id),
                campaign=dup.campaign_of.get(p.id),
                theme=theme_of.get(rep),
                taxonomy_label=label,
                taxonomy_score=score,
            )
        )
    coverage = compute_coverage(results, representative, constitution)
    step("coverage")

    info: dict[str, Any] = {
        "pipeline_version": PIPELINE_VERSION,
        "parameters": config.as_dict(),
        "input": {"records": len(records), "fingerprint": fingerprint(records)},
        "model": encoder.identity if encoder is not None else "lexical (no model)",
        "constitution": [
            {"title": d.title, "language": d.language, "version": d.version} for d in constitution
        ],
        "taxonomy": list(taxonomy),
        "corrections": not corrections.is_empty(),
        "versions": _versions(),
        "timings": timings,
        "counts": {
            "proposals": len(results),
            "ideas": len(ideas),
            "duplicates": len(dup.duplicate_of),
            "campaigns": len(dup.campaigns),
            "themes": len(themes),
            "flagged": sum(1 for r in results if r.flags),
        },
    }
    return RunResult(results, themes, dup.campaigns, coverage, info)


def _themes(
    ideas: list[PreparedRecord], weight: dict[str, int], config: Config, corrections: Corrections
) -> list[Theme]:
    settings = ThemeSettings(
        seed=config.seed, per_language=config.themes_per_language, max_themes=config.max_themes
    )
    pinned_ids = {member for _label, members in corrections.pinned_themes for member in members}
    themes: list[Theme] = []
    by_id = {p.id: p for p in ideas}
    for index, (label, members) in enumerate(corrections.pinned_themes, start=1):
        chosen = [by_id[m] for m in members if m in by_id]
        if chosen:
            language = max(
                {p.language for p in chosen},
                key=lambda lang: sum(p.language == lang for p in chosen),
            )
            group = [Idea(p.id, p.language, p.words, p.body, weight[p.id]) for p in chosen]
            themes.append(pinned_theme(group, label, language, index, settings))
    by_language: dict[str, list[Idea]] = defaultdict(list)
    for p in ideas:
        if p.id in pinned_ids or not p.words:
            continue
        by_language[p.language].append(Idea(p.id, p.language, p.words, p.body, weight[p.id]))
    for language in sorted(by_language):
        themes.extend(cluster_language(by_language[language], language, settings))
    return themes


def _links(
    ideas: list[PreparedRecord],
    constitution: Sequence[Document],
    config: Config,
    encoder: Encoder | None,
) -> dict[str, list[Link]]:
    settings = LinkSettings(min_score=config.link_min_score, per_proposal=config.links_per_proposal)
    result: dict[str, list[Link]] = {p.id: [] for p in ideas}
    if not constitution:
        return result
    by_language = {d.language: d for d in constitution}
    reference = constitution[0]
    for p in ideas:
        if not p.cited:
            continue
        document = by_language.get(p.language, reference)
        for resolved in resolve_citations(p.cited, document):
            if resolved.eid is None:
                continue
            provision = resolved.uid or resolved.eid
            if all(link.provision != provision for link in result[p.id]):
                result[p.id].append(
                    Link(provision, resolved.eid, 1.0, "cited", resolved.citation.key)
                )
    for language, document in by_language.items():
        group = [p for p in ideas if p.language == language and p.words]
        if not group:
            continue
        docs = [stems(p.words, language) for p in group]
        index = ArticleIndex(document, docs, encoder)
        for p, found in zip(
            group, index.link(docs, [p.text for p in group], settings), strict=True
        ):
            cited_articles = {
                link.eid.split("__para_")[0].split("__point_")[0] for link in result[p.id]
            }
            for link in found:
                if link.eid not in cited_articles and len(
                    result[p.id]
                ) < settings.per_proposal + len(p.cited):
                    result[p.id].append(link)
    return result


def _with_confirmed(
    links: list[Link], confirmed: list[str], constitution: Sequence[Document]
) -> list[Link]:
    """Links with the analysts' confirmed provisions added, or marked confirmed where already found."""
    if not confirmed:
        return links
    eids = _eid_index(constitution)
    present = {link.provision: i for i, link in enumerate(links)}
    out = list(links)
    for provision in sorted(confirmed):
        eid = eids.get(provision, provision)
        if provision in present:
            old = out[present[provision]]
            out[present[provision]] = Link(old.provision, old.eid, 1.0, "confirmed", old.why)
        else:
            out.append(Link(provision, eid, 1.0, "confirmed", "confirmed by an analyst"))
    return out


_EID_CACHE: dict[int, dict[str, str]] = {}


def _eid_index(constitution: Sequence[Document]) -> dict[str, str]:
    if not constitution:
        return {}
    key = id(constitution[0])
    if key not in _EID_CACHE:
        _EID_CACHE.clear()
        _EID_CACHE[key] = {
            loc.provision.uid: loc.eid for loc in constitution[0].located() if loc.provision.uid
        }
    return _EID_CACHE[key]


def compute_coverage(
    results: Sequence[ProposalResult],
    representative: dict[str, str],
    constitution: Sequence[Document],
) -> list[CoverageRow]:
    """Per article and per section: distinct proposals (ideas) and supporters (people)."""
    if not constitution:
        return []
    reference = constitution[0]
    ideas: dict[str, set[str]] = defaultdict(set)
    people: dict[str, int] = defaultdict(int)
    eid_of_uid = {loc.provision.uid: loc.eid for loc in reference.located() if loc.provision.uid}
    for result in results:
        touched: set[str] = set()
        for link in result.links:
            eid = eid_of_uid.get(link.provision, link.eid)
            article = eid.split("__para_")[0].split("__point_")[0]
            touched.add(article)
            if article.startswith("sec_") and "__" in article:
                touched.add(article.split("__")[0])
        for eid in touched:
            ideas[eid].add(representative.get(result.id, result.id))
            people[eid] += 1
    rows = []
    for located in reference.located():
        kind = located.provision.kind
        if kind not in ("section", "article"):
            continue
        label = f"{located.provision.num} {located.provision.heading}".strip()
        rows.append(
            CoverageRow(
                located.provision.uid or located.eid,
                located.eid,
                kind,
                label,
                len(ideas.get(located.eid, ())),
                people.get(located.eid, 0),
            )
        )
    return rows


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("atazan", "scikit-learn", "numpy", "scipy", "lingua-language-detector"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    return found
