"""The whole analysis, step by step, over plain records.

Per-record steps (cleaning, language, citations) are pure functions of one
record and run in chunks, locally or on a Dask cluster; the steps that need
every record at once (duplicates, themes, links, taxonomy, coverage) run in
this process on the chunks' results. Both paths give identical results
because every step is deterministic and the record order is kept.

A million proposals must fit in a few gigabytes, so the per-record results
are kept as columns (words as int32 positions in one vocabulary), identical
texts are prepared once, and texts are read back from the input records
when a step needs them rather than copied.
"""

from __future__ import annotations

import hashlib
import platform
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, overload

import numpy as np

from atazan_analysis.citations import Citation, find_citations, resolve_citations
from atazan_analysis.crosslingual import ParallelSpace
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
from atazan_analysis.taxonomy import Assignment, assign, with_confirmed
from atazan_analysis.textprep import FLAG_EMPTY, FLAG_NO_LETTERS, clean, prepare, stems
from atazan_analysis.themes import Idea, ThemeSettings, cluster_all, pinned_theme
from atazan_texts import Document

#: Raised whenever a change alters results, so runs say which method made them.
PIPELINE_VERSION = (
    "1.2"  # 1.1: mixed Kazakh-Russian texts weighed by the character model's segments
    # 1.2: a duplicate of a duplicate takes theme, topic and links from the root of its chain;
    # languages beyond kk, ru, en named by code; language read from a text's first 5,000 characters
)
CHUNK_SIZE = 2000
#: Languages every run names; the languages of the constitution texts given are added.
BASE_LANGUAGES = ("kk", "ru", "en")
#: The language of a long text is read from its beginning; more words do not change the verdict.
LANGUAGE_SAMPLE_CHARS = 5000

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
    #: Languages to name by code besides kk, ru, en and those of the constitution texts given.
    languages: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def run_languages(config: Config, constitution: Sequence[Document]) -> tuple[str, ...]:
    """kk, ru and en, then the languages asked for and those of the constitution texts."""
    found = list(BASE_LANGUAGES)
    for code in [*config.languages, *(document.language for document in constitution)]:
        if code and code not in found:
            found.append(code)
    return tuple(found)


@dataclass(frozen=True)
class PreparedChunk:
    """The per-record steps' results for consecutive records, column by column.

    Words are positions in the chunk's own vocabulary (int32), so a chunk
    travels back from a worker, and stays in memory, at four bytes a word
    instead of a Python string per word; texts are not kept at all (see
    ``text_is_raw``).
    """

    vocabulary: list[str]
    tokens: np.ndarray  # int32 positions in ``vocabulary``, record after record
    ends: np.ndarray  # int64: record k's words are tokens[ends[k - 1] : ends[k]]
    languages: list[str]
    mixed: np.ndarray  # bool
    flags: dict[int, tuple[str, ...]]  # only records with flags
    cited: dict[int, list[Citation]]  # only records that cite provisions
    # The analysed text equals the record's own text, which the caller keeps; the others are
    # cleaned again on the rare occasions (summaries, campaign texts) their text is needed.
    text_is_raw: np.ndarray  # bool


def prepare_chunk(
    records: Sequence[Record], languages: Sequence[str] = BASE_LANGUAGES
) -> PreparedChunk:
    """Clean, identify the language and find citations: pure, so it can run anywhere."""
    vocabulary: dict[str, int] = {}
    tokens: list[int] = []
    ends = np.empty(len(records), dtype=np.int64)
    flags: dict[int, tuple[str, ...]] = {}
    text_is_raw = np.zeros(len(records), dtype=bool)
    prepared = []
    for k, record in enumerate(records):
        item = prepare(record.text, record.title)
        tokens.extend([vocabulary.setdefault(word, len(vocabulary)) for word in item.words])
        ends[k] = len(tokens)
        if item.flags:
            flags[k] = item.flags
        text_is_raw[k] = item.text == record.text
        prepared.append(item.text)
    guesses = detect_many([text[:LANGUAGE_SAMPLE_CHARS] for text in prepared], languages)
    found: list[str] = []
    mixed = np.zeros(len(records), dtype=bool)
    cited: dict[int, list[Citation]] = {}
    for k, (text, guess) in enumerate(zip(prepared, guesses, strict=True)):
        unusable = FLAG_EMPTY in flags.get(k, ()) or FLAG_NO_LETTERS in flags.get(k, ())
        found.append("other" if unusable else guess.language)
        mixed[k] = guess.mixed
        citations = [] if unusable else find_citations(text)
        if citations:
            cited[k] = citations
    return PreparedChunk(
        vocabulary=list(vocabulary),
        tokens=np.asarray(tokens, dtype=np.int32),
        ends=ends,
        languages=found,
        mixed=mixed,
        flags=flags,
        cited=cited,
        text_is_raw=text_is_raw,
    )


class PreparedRecords:
    """Every record's per-record results, held compactly for the steps that need them all.

    Records with identical text and title share one prepared row (``row_of``);
    words are int32 positions in one vocabulary; texts are read from the
    caller's records when a step needs them, not copied.
    """

    def __init__(self, records: Sequence[Record], row_of: np.ndarray) -> None:
        self.records = records
        self.row_of = row_of
        self.vocabulary: list[str] = []
        self.language_names: list[str] = []
        self.flags: dict[int, tuple[str, ...]] = {}
        self.cited: dict[int, list[Citation]] = {}
        self._positions: dict[str, int] = {}
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self._rows = 0
        self._token_count = 0
        self.tokens = np.empty(0, dtype=np.int32)
        self.starts = np.zeros(1, dtype=np.int64)
        self.language_codes = np.empty(0, dtype=np.uint8)
        self.mixed = np.empty(0, dtype=bool)
        self.text_is_raw = np.empty(0, dtype=bool)

    def add(self, chunk: PreparedChunk) -> None:
        """Take in the next chunk's rows, translating its vocabulary into the run's."""
        mapping = np.empty(len(chunk.vocabulary), dtype=np.int32)
        for k, word in enumerate(chunk.vocabulary):
            position = self._positions.get(word)
            if position is None:
                position = self._positions[word] = len(self.vocabulary)
                self.vocabulary.append(word)
            mapping[k] = position
        codes = np.empty(len(chunk.languages), dtype=np.uint8)
        for k, language in enumerate(chunk.languages):
            if language not in self.language_names:
                self.language_names.append(language)
            codes[k] = self.language_names.index(language)
        self._parts.append(
            (
                mapping[chunk.tokens],
                chunk.ends + self._token_count,
                codes,
                chunk.mixed,
                chunk.text_is_raw,
            )
        )
        self.flags.update((self._rows + k, value) for k, value in chunk.flags.items())
        self.cited.update((self._rows + k, value) for k, value in chunk.cited.items())
        self._rows += len(chunk.ends)
        self._token_count += len(chunk.tokens)

    def finish(self) -> None:
        """Join the chunks' columns into one array each."""
        if self._parts:
            tokens, ends, codes, mixed, raw = (
                np.concatenate(column) for column in zip(*self._parts, strict=True)
            )
            self.tokens = tokens
            self.starts = np.concatenate([np.zeros(1, dtype=np.int64), ends])
            self.language_codes, self.mixed, self.text_is_raw = codes, mixed, raw
        self._parts = []
        self._positions = {}

    def __len__(self) -> int:
        return len(self.row_of)

    def words(self, index: int) -> tuple[str, ...]:
        row = int(self.row_of[index])
        span = self.tokens[self.starts[row] : self.starts[row + 1]].tolist()
        return tuple(map(self.vocabulary.__getitem__, span))

    def language(self, index: int) -> str:
        return self.language_names[self.language_codes[self.row_of[index]]]

    def is_mixed(self, index: int) -> bool:
        return bool(self.mixed[self.row_of[index]])

    def flags_of(self, index: int) -> tuple[str, ...]:
        return self.flags.get(int(self.row_of[index]), ())

    def cited_of(self, index: int) -> list[Citation]:
        return self.cited.get(int(self.row_of[index]), [])

    def text(self, index: int) -> str:
        """The analysed text (title and text, cleaned), from the record itself."""
        record = self.records[index]
        if self.text_is_raw[self.row_of[index]]:
            return record.text
        return prepare(record.text, record.title).text

    def body(self, index: int) -> str:
        """The cleaned text without its title, for summaries that quote sentences."""
        record = self.records[index]
        return clean(record.text)[0] if record.title else self.text(index)


class RecordWords(Sequence[tuple[str, ...]]):
    """Every record's words in record order, decoded from the store when read."""

    def __init__(self, prepared: PreparedRecords) -> None:
        self.prepared = prepared

    def __len__(self) -> int:
        return len(self.prepared)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[str, ...]]: ...

    def __getitem__(self, index: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        positions = range(len(self.prepared))[index]
        if isinstance(positions, range):
            return [self.prepared.words(i) for i in positions]
        return self.prepared.words(positions)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return (self.prepared.words(i) for i in range(len(self.prepared)))


class _Texts(Sequence[str]):
    """Records' analysed texts, read only if a step asks (the linker does for a model)."""

    def __init__(self, records: Sequence[PreparedRecord]) -> None:
        self.records = records

    def __len__(self) -> int:
        return len(self.records)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> list[str]: ...

    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [record.text for record in self.records[index]]
        return self.records[index].text


class PreparedRecord:
    """One record as the global steps see it, read from the store when asked."""

    __slots__ = ("index", "prepared")

    def __init__(self, prepared: PreparedRecords, index: int) -> None:
        self.prepared = prepared
        self.index = index

    @property
    def id(self) -> str:
        return self.prepared.records[self.index].id

    @property
    def language(self) -> str:
        return self.prepared.language(self.index)

    @property
    def words(self) -> tuple[str, ...]:
        return self.prepared.words(self.index)

    @property
    def cited(self) -> list[Citation]:
        return self.prepared.cited_of(self.index)

    @property
    def text(self) -> str:
        return self.prepared.text(self.index)

    @property
    def body(self) -> str:
        return self.prepared.body(self.index)


def fingerprint(records: Iterable[Record]) -> str:
    """A hash of the input, so a run can prove which data it read."""
    digest = hashlib.sha256()
    for record in records:
        for part in (record.id, record.title, record.text):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    return digest.hexdigest()


def _distinct(records: Sequence[Record]) -> tuple[list[Record], np.ndarray]:
    """The records with a text (and title) not seen before, and each record's row among them.

    Exact resubmissions are common in consultations; the per-record steps
    depend only on the text and title, so each distinct text is prepared once.
    """
    row_of_text: dict[str | tuple[str, str], int] = {}
    row_of = np.empty(len(records), dtype=np.int32)
    distinct: list[Record] = []
    for index, record in enumerate(records):
        key = (record.title, record.text) if record.title else record.text
        row = row_of_text.setdefault(key, len(distinct))
        if row == len(distinct):
            distinct.append(record)
        row_of[index] = row
    return distinct, row_of


def _prepare_all(
    records: Sequence[Record],
    client: Any,
    progress: Progress | None,
    languages: tuple[str, ...] = BASE_LANGUAGES,
) -> PreparedRecords:
    distinct, row_of = _distinct(records)
    prepared = PreparedRecords(records, row_of)
    chunks = [distinct[i : i + CHUNK_SIZE] for i in range(0, len(distinct), CHUNK_SIZE)]
    rows = len(distinct)
    del distinct
    if client is not None:
        results: Iterable[PreparedChunk] = _gathered(
            client.map(prepare_chunk, chunks, pure=False, languages=languages)
        )
    else:
        results = (prepare_chunk(chunk, languages) for chunk in chunks)
    done = 0
    for result in results:
        prepared.add(result)
        done += len(result.ends)
        if progress:
            progress("prepare", len(records) * done // max(rows, 1), len(records))
    prepared.finish()
    return prepared


def _gathered(futures: list[Any]) -> Iterator[PreparedChunk]:
    """Dask results in submission order, each released from the cluster once read."""
    for future in futures:
        result = future.result()
        future.release()
        yield result


def _positions(ids: Sequence[str], wanted: set[str]) -> dict[str, int]:
    """Where each of a few ids is in the input, without an index of every id."""
    return {record_id: index for index, record_id in enumerate(ids) if record_id in wanted}


def representatives(
    ids: Sequence[str],
    duplicate_of: Mapping[str, str],
    campaign_of: Mapping[str, str],
    campaign_representative: Mapping[str, str],
) -> dict[str, str]:
    """The idea that stands for each record represented by another one.

    A campaign member is represented by its campaign's representative; a
    duplicate by whatever represents the record it duplicates, followed to the
    end of the chain, so a copy of a copy takes its theme, topic and links
    from the original. In a cycle of duplicates the member that comes first
    in the input is the root, so every member agrees on it.
    """
    result: dict[str, str] = {}
    root_of: dict[str, str] = {}
    order: dict[str, int] = {}
    for start in ids:
        if start in campaign_of:
            root = campaign_representative[campaign_of[start]]
            if root != start:
                result[start] = root
            continue
        if start not in duplicate_of or start in root_of:
            continue
        path: list[str] = []
        on_path: set[str] = set()
        current = start
        while True:
            if current in root_of:
                root = root_of[current]
                break
            if current in campaign_of:
                root = campaign_representative[campaign_of[current]]
                break
            if current in on_path:
                if not order:
                    order = {record_id: index for index, record_id in enumerate(ids)}
                cycle = path[path.index(current) :]
                root = min(cycle, key=lambda member: order.get(member, len(order)))
                break
            following = duplicate_of.get(current)
            if following is None:
                root = current
                break
            path.append(current)
            on_path.add(current)
            current = following
        for member in path:
            root_of[member] = root
    result.update((member, root) for member, root in root_of.items() if member != root)
    return result


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

    languages = run_languages(config, constitution)
    prepared = _prepare_all(records, client, progress, languages)
    step("prepare")

    ids = [record.id for record in records]
    dup = find_duplicates(
        ids,
        RecordWords(prepared),
        DuplicateSettings(campaign_min_size=config.campaign_min_size, seed=config.seed),
        corrections,
    )
    position_of = _positions(ids, {c.representative_id for c in dup.campaigns})
    for campaign in dup.campaigns:
        campaign.representative_text = prepared.text(position_of[campaign.representative_id])
    # Each record is represented by one "idea": itself, the root of its chain of duplicates, or
    # its campaign's representative. Only records represented by another are in the mapping.
    representative = representatives(
        ids, dup.duplicate_of, dup.campaign_of, {c.id: c.representative_id for c in dup.campaigns}
    )
    weight: dict[str, int] = defaultdict(int)
    for record_id in ids:
        weight[representative.get(record_id, record_id)] += 1
    ideas = [
        PreparedRecord(prepared, index)
        for index, record_id in enumerate(ids)
        if record_id not in representative
    ]
    if progress:
        progress("duplicates", len(prepared), len(prepared))
    step("duplicates")

    themes = _themes(ideas, weight, config, corrections, constitution)
    theme_of = {member: theme.id for theme in themes for member in theme.members}
    if progress:
        progress("themes", len(prepared), len(prepared))
    step("themes")

    links = _links(ideas, constitution, config, encoder)
    if progress:
        progress("links", len(prepared), len(prepared))
    step("links")

    taxonomy_of: dict[str, Assignment] = {}
    confirmed_topics: dict[str, str] = {}
    if taxonomy:
        # Analysts' confirmed topics and a file's labelled texts teach the model (few-shot).
        idea_of = {p.id: p for p in ideas}
        examples = [(prepare(text).words, topic) for text, topic in corrections.topic_examples]
        for proposal_id, topic in sorted(corrections.confirmed_topics.items()):
            idea = idea_of.get(representative.get(proposal_id, proposal_id))
            if idea is not None and topic in taxonomy:
                examples.append((idea.words, topic))
                confirmed_topics[proposal_id] = topic
        idea_languages = [p.language for p in ideas]
        language = max(sorted(set(idea_languages)), key=idea_languages.count, default="other")
        assigned = assign(
            [p.words for p in ideas], list(taxonomy), language=language, examples=examples
        )
        for idea, result in zip(ideas, assigned, strict=True):
            if result is not None:
                taxonomy_of[idea.id] = result
    step("taxonomy")

    confirmed_for: dict[str, list[str]] = defaultdict(list)
    for proposal_id, provision in corrections.confirmed_links:
        confirmed_for[proposal_id].append(provision)
    cited_keys = {row: [c.key for c in found] for row, found in prepared.cited.items()}
    results = []
    for index, record_id in enumerate(ids):
        rep = representative.get(record_id, record_id)
        row = int(prepared.row_of[index])
        own_links = [
            lk
            for lk in links.get(rep, ())
            if (record_id, lk.provision) not in corrections.rejected_links
        ]
        own_links = _with_confirmed(own_links, confirmed_for.get(record_id, []), constitution)
        chosen_topic = with_confirmed(
            taxonomy_of.get(rep), confirmed_topics.get(record_id, confirmed_topics.get(rep))
        )
        results.append(
            ProposalResult(
                id=record_id,
                language=prepared.language_names[prepared.language_codes[row]],
                mixed=bool(prepared.mixed[row]),
                flags=list(prepared.flags.get(row, ())),
                cited=list(cited_keys.get(row, ())),
                links=own_links,
                duplicate_of=dup.duplicate_of.get(record_id),
                campaign=dup.campaign_of.get(record_id),
                theme=theme_of.get(rep),
                taxonomy_label=chosen_topic.label if chosen_topic else None,
                taxonomy_score=chosen_topic.score if chosen_topic else 0.0,
                taxonomy_top3=list(chosen_topic.ranked) if chosen_topic else [],
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
        "languages": list(languages),
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
    ideas: list[PreparedRecord],
    weight: dict[str, int],
    config: Config,
    corrections: Corrections,
    constitution: Sequence[Document] = (),
) -> list[Theme]:
    """Pinned themes first; then clusters, across languages whose constitution texts align."""
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
    free = [
        Idea(p.id, p.language, p.words, p.body, weight[p.id])
        for p in ideas
        if p.id not in pinned_ids and p.words
    ]
    space = ParallelSpace.from_documents(constitution) if constitution else None
    themes.extend(cluster_all(free, settings, space))
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
        for p, found in zip(group, index.link(docs, _Texts(group), settings), strict=True):
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
