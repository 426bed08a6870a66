"""Cleaning flags bad input instead of failing on it."""

from __future__ import annotations

from atazan_analysis.textprep import MAX_ANALYSED_CHARS, clean, prepare, sentences, strip_html


def test_empty_text_is_flagged_empty():
    assert clean("   \n ")[1] == ["empty"]


def test_only_emoji_is_flagged_as_having_no_letters():
    text, flags = clean("👍👍🔥🇰🇿")
    assert flags == ["no_letters"]
    assert text


def test_megabyte_text_is_cut_and_flagged_truncated():
    text, flags = clean("Сөз " * 300_000)
    assert "truncated" in flags
    assert len(text) <= MAX_ANALYSED_CHARS


def test_utf8_read_as_cp1251_is_flagged_bad_encoding():
    garbled = "Предлагаю изменить статью".encode().decode("cp1251")
    assert "bad_encoding" in clean(garbled)[1]


def test_replacement_characters_are_flagged_bad_encoding_and_removed():
    text, flags = clean("Ұсыныс \ufffd\ufffd мәтіні")
    assert "bad_encoding" in flags
    assert "\ufffd" not in text


def test_ordinary_russian_is_not_mistaken_for_mojibake():
    assert clean("СССР и Республика Казахстан: статья 33 Конституции")[1] == []


def test_html_from_portals_becomes_plain_text_with_paragraphs():
    assert strip_html("<p>Uno &amp; dos</p><p>tres<br>cuatro</p>").split() == [
        "Uno",
        "&",
        "dos",
        "tres",
        "cuatro",
    ]
    assert "<" not in prepare("<div><b>Parque</b> infantil</div>").text


def test_title_is_analysed_with_the_text_once():
    prepared = prepare("Жергілікті бюджет туралы", title="Бюджет")
    assert prepared.words[0] == "бюджет"
    assert prepare("Бюджет туралы ұсыныс", title="Бюджет").words.count("бюджет") == 1


def test_sentences_skip_fragments_too_short_for_a_summary():
    found = sentences("Иә. Парламенттің өкілеттік мерзімін бес жылға ұзарту керек. Жоқ!")
    assert found == ["Парламенттің өкілеттік мерзімін бес жылға ұзарту керек."]
