"""``atazan analyze`` over a file: outputs, and clear errors for bad options."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import CommandError, call_command

from atazan.portal.management.commands.load_demo import SAMPLES


def _export(tmp_path):
    path = tmp_path / "export.csv"
    letter = (
        "Мы требуем закрепить право каждого на чистый воздух и открытые данные о выбросах заводов, "
        "а жители должны участвовать в решениях о строительстве рядом с их домами, иначе дети будут болеть. "
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["номер", "текст"])
        writer.writerow(["1", "Предлагаю изменить пункт 1 статьи 33 об окружающей среде."])
        writer.writerow(["2", "Конституцияда мемлекеттік тілдің мәртебесін нақтылау керек."])
        writer.writerow(["3", "👍"])
        for i in range(6):
            writer.writerow(
                [f"c{i}", ("Здравствуйте! " if i % 2 else "") + letter + f"Подпись {i}."]
            )
    return path


def test_analyze_writes_every_output_file(tmp_path, capsys):
    out = tmp_path / "out"
    taxonomy = tmp_path / "topics.txt"
    taxonomy.write_text("Экология\nГосударственный язык\n", encoding="utf-8")
    call_command(
        "analyze",
        str(_export(tmp_path)),
        text_column="текст",
        id_column="номер",
        constitution=str(SAMPLES / "kenbel-1998.ru.txt"),
        lang="ru",
        taxonomy=str(taxonomy),
        out=str(out),
        quiet=True,
    )
    rows = {r["id"]: r for r in csv.DictReader((out / "proposals.csv").open(encoding="utf-8"))}
    assert rows["1"]["cited_provisions"] == "art_33__para_1"
    assert rows["1"]["linked_provisions"].startswith("sec_2__art_33__para_1 1.000 cited")
    assert rows["2"]["language"] == "kk"
    assert rows["3"]["flags"] == "no_letters"
    assert len({rows[f"c{i}"]["campaign_id"] for i in range(6)}) == 1
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["input"]["records"] == 9
    assert run["counts"]["campaigns"] == 1
    assert (out / "coverage.csv").exists()
    assert "analysed 9 records" in capsys.readouterr().out


def test_a_missing_text_column_names_the_columns_there_are(tmp_path):
    with pytest.raises(
        CommandError,
        match="--text-column: the input has no column 'text'; its columns are: номер, текст",
    ):
        call_command(
            "analyze",
            str(_export(tmp_path)),
            text_column="text",
            out=str(tmp_path / "o"),
            quiet=True,
        )


def test_an_unreadable_constitution_is_named(tmp_path):
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CommandError, match="--constitution"):
        call_command(
            "analyze",
            str(_export(tmp_path)),
            text_column="текст",
            constitution=str(broken),
            lang="ru",
            out=str(tmp_path / "o"),
            quiet=True,
        )


def test_file_mode_needs_an_output_directory(tmp_path):
    with pytest.raises(CommandError, match="--out"):
        call_command("analyze", str(_export(tmp_path)), text_column="текст", quiet=True)


def test_labelled_examples_teach_the_taxonomy_and_the_top_three_are_written(tmp_path):
    path = tmp_path / "proposals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        for i in range(8):
            writer.writerow([f"v{i}", f"участие граждан через референдумы и выборы {i}"])
            writer.writerow([f"l{i}", f"участие граждан через сходы жителей и маслихаты {i}"])
    topics = tmp_path / "topics.txt"
    topics.write_text("Участие\nУчастие граждан\nЭкология\n", encoding="utf-8")
    examples = tmp_path / "labelled.csv"
    examples.write_text(
        "text;topic\nголосовать на референдумах и выборах;Участие\n"
        "сходы жителей решают дела;Участие граждан\n;Экология\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    call_command(
        "analyze",
        str(path),
        text_column="text",
        id_column="id",
        taxonomy=str(topics),
        taxonomy_examples=str(examples),
        out=str(out),
        quiet=True,
    )
    rows = {r["id"]: r for r in csv.DictReader((out / "proposals.csv").open(encoding="utf-8"))}
    assert sum(rows[f"v{i}"]["taxonomy_label"] == "Участие" for i in range(8)) >= 7
    assert sum(rows[f"l{i}"]["taxonomy_label"] == "Участие граждан" for i in range(8)) >= 7
    first, *others = rows["v0"]["taxonomy_top3"].split("; ")
    assert first == f"{rows['v0']['taxonomy_label']} ({rows['v0']['taxonomy_score']})"
    assert len(others) == 2


def test_taxonomy_examples_without_a_topic_column_are_refused_by_name(tmp_path):
    topics = tmp_path / "topics.txt"
    topics.write_text("Экология\n", encoding="utf-8")
    examples = tmp_path / "labelled.csv"
    examples.write_text("text,label\nчистый воздух,Экология\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--taxonomy-examples: .*no column topic"):
        call_command(
            "analyze",
            str(_export(tmp_path)),
            text_column="текст",
            taxonomy=str(topics),
            taxonomy_examples=str(examples),
            out=str(tmp_path / "out"),
            quiet=True,
        )
