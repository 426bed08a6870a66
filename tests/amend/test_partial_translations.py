"""A language whose text is incomplete (a translation in progress) is consolidated as far as it goes."""

from __future__ import annotations

from amend_texts import LANGS, article, base, each, find, uid, words

from atazan_amend import Amendment, Delete, Insert, Move, Replace, consolidate, derive
from atazan_amend.derive import first_difference
from atazan_texts.model import Document


def _kk_up_to(documents: dict[str, Document], sections: int) -> dict[str, Document]:
    """The Kazakh text keeps only its preamble and first sections, like a translation underway."""
    kk = documents["kk"]
    kept = [p for p in kk.children if p.kind == "preamble"]
    kept += [p for p in kk.children if p.kind == "section"][:sections]
    kk.children = kept
    return documents


def test_an_incomplete_language_is_consolidated_over_what_it_has() -> None:
    docs = _kk_up_to(base(), 1)
    amendments: list[Amendment] = [
        Delete(id="d", target=uid(docs, "article", "1")),
        Replace(id="r", target=uid(docs, "article", "3"),
                texts={"en": words("Life is protected."), "ru": words("Жизнь охраняется."), "kk": None}),
    ]  # fmt: skip
    result = consolidate(docs, amendments, numbering="articles")
    assert [a.provision.num for a in result["en"].articles()] == ["1", "2", "3", "4", "5"]
    assert [a.provision.text for a in result["kk"].articles()] == ["Астанасы — Арлен."]
    assert [p.heading for p in result["kk"].children if p.kind == "section"] == ["Негіздер"]
    assert result.untranslated["kk"] == (uid(docs, "section", "II"), uid(docs, "section", "III"))


def test_moving_an_untranslated_article_into_a_translated_section_needs_its_words() -> None:
    docs = _kk_up_to(base(), 1)
    moved = uid(docs, "article", "3")
    texts = {"en": words("Life."), "ru": words("Жизнь."), "kk": words("Өмір.")}
    move = Move(id="m", target=moved, parent=uid(docs, "section", "I"), after=None, texts=texts)
    result = consolidate(docs, [move])
    assert find(result["kk"], "section", "I").children[0].text == "Өмір."


def test_null_for_a_translated_provision_takes_it_out_of_that_language() -> None:
    docs = base()
    texts = {"en": words("Capital."), "ru": words("Столица."), "kk": None}
    result = consolidate(docs, [Replace(id="r", target=uid(docs, "article", "2"), texts=texts)])
    assert [a.provision.num for a in result["kk"].articles()] == ["1", "3", "4", "5", "6"]
    assert [a.provision.num for a in result["ru"].articles()] == ["1", "2", "3", "4", "5", "6"]


def test_derive_reproduces_a_target_whose_translation_stops_earlier() -> None:
    target = dict(
        consolidate(
            base(),
            [Insert(id="new", parent=uid(base(), "section", "II"), after=None,
                    texts=each(lambda lang: article("x", f"Dignity [{lang}]."))),
             Replace(id="r", target=uid(base(), "article", "6"),
                     texts=each(lambda lang: words(f"{find(base()[lang], 'article', '6').text} +")))],
            numbering="articles",
        )
    )  # fmt: skip
    _kk_up_to(target, 2)
    derived = derive(base(), target)
    result = consolidate(base(), derived)
    for language in LANGS:
        assert first_difference(result[language], target[language]) == ""
    reworded = [a for a in derived.amendments if isinstance(a, Replace)]
    assert [a.target for a in reworded] == [uid(base(), "article", "6")]
    assert reworded[0].texts["kk"] is None, "no Kazakh text of the new wording yet"


def test_derive_supplies_a_translation_the_base_did_not_have() -> None:
    target = base()
    derived = derive(_kk_up_to(base(), 1), target)
    result = consolidate(_kk_up_to(base(), 1), derived)
    for language in LANGS:
        assert first_difference(result[language], target[language]) == ""
    assert {a.kind for a in derived.amendments} <= {"replace", "rename_section"}
    assert all(a.texts["en"] is not None for a in derived.amendments if isinstance(a, Replace))
