"""Figures of a comparison, each computed exactly as docs/comparison.md defines it.

Everything counts base-side articles and words unless its name says "added"
or "new", so that shares are shares of the text people are asked to change.
"""

from __future__ import annotations

from collections.abc import Sequence

from atazan_compare.result import Figures, Pair, SectionFigures, SectionRef


def share(part: int, total: int) -> float:
    """``part / total`` rounded to 4 places, and 0.0 for an empty total."""
    if total <= 0:
        return 0.0
    return round(min(1.0, max(0.0, part / total)), 4)


def compute_figures(
    pairs: Sequence[Pair],
    base_sections: Sequence[SectionRef],
    new_sections: Sequence[SectionRef],
    section_map: dict[int, int],
) -> tuple[Figures, tuple[SectionFigures, ...]]:
    reverse_map = {new: old for old, new in section_map.items()}
    old_count = {rel: 0 for rel in ("identical", "renumbered", "moved", "modified")}
    old_count.update(split=0, merged=0, deleted=0)
    articles_total = 0
    articles_changed = 0
    articles_added = 0
    articles_new_total = 0
    numbers_changed = 0
    words_total = words_changed = chars_total = chars_changed = 0
    words_added = 0

    n_sections = len(base_sections)
    sec_articles = [0] * n_sections
    sec_changed = [0] * n_sections
    sec_moved_out = [0] * n_sections
    sec_moved_in = [0] * n_sections
    sec_added = [0] * n_sections
    sec_words = [0] * n_sections
    sec_words_changed = [0] * n_sections

    for pair in pairs:
        changed = pair.is_change_of_text
        for k, ref in enumerate(pair.old):
            articles_total += 1
            old_count[pair.relation] += 1
            if changed:
                articles_changed += 1
            words_total += pair.old_words[k]
            words_changed += pair.old_words_changed[k]
            chars_total += pair.old_chars[k]
            chars_changed += pair.old_chars_changed[k]
            if ref.section is not None:
                s = ref.section.index
                sec_articles[s] += 1
                sec_words[s] += pair.old_words[k]
                sec_words_changed[s] += pair.old_words_changed[k]
                if changed:
                    sec_changed[s] += 1
                if pair.relation == "moved":
                    sec_moved_out[s] += 1
        if pair.renumbered:
            numbers_changed += 1
        articles_new_total += len(pair.new)
        words_added += pair.words_added
        if pair.relation == "added":
            articles_added += len(pair.new)
        for ref in pair.new:
            if ref.section is None:
                continue
            home = reverse_map.get(ref.section.index)
            if home is None:
                continue
            if pair.relation == "added":
                sec_added[home] += 1
            elif pair.relation == "moved":
                sec_moved_in[home] += 1
    words_new_total = sum(sum(pair.new_words) for pair in pairs)

    per_section: list[SectionFigures] = []
    touched_total = 0
    for section in base_sections:
        s = section.index
        counterpart_index = section_map.get(s)
        counterpart = new_sections[counterpart_index] if counterpart_index is not None else None
        touched = bool(sec_changed[s] or sec_moved_out[s] or sec_added[s])
        touched_total += touched
        per_section.append(
            SectionFigures(
                section=section,
                counterpart=counterpart,
                heading_changed=counterpart is not None
                and counterpart.heading.casefold() != section.heading.casefold(),
                articles_total=sec_articles[s],
                articles_changed=sec_changed[s],
                articles_moved_out=sec_moved_out[s],
                articles_moved_in=sec_moved_in[s],
                articles_added=sec_added[s],
                words_total=sec_words[s],
                words_changed=sec_words_changed[s],
                words_changed_share=share(sec_words_changed[s], sec_words[s]),
                touched=touched,
            )
        )
    figures = Figures(
        articles_total=articles_total,
        articles_changed=articles_changed,
        articles_identical=old_count["identical"],
        articles_renumbered=old_count["renumbered"],
        articles_moved=old_count["moved"],
        articles_modified=old_count["modified"],
        articles_split=old_count["split"],
        articles_merged=old_count["merged"],
        articles_deleted=old_count["deleted"],
        articles_added=articles_added,
        articles_new_total=articles_new_total,
        numbers_changed=numbers_changed,
        sections_total=n_sections,
        sections_touched=touched_total,
        sections_added=len(new_sections) - len(section_map),
        words_total=words_total,
        words_changed=words_changed,
        words_changed_share=share(words_changed, words_total),
        chars_total=chars_total,
        chars_changed=chars_changed,
        chars_changed_share=share(chars_changed, chars_total),
        words_added=words_added,
        words_new_total=words_new_total,
    )
    return figures, tuple(per_section)
