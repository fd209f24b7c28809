import csv

import pytest
from django.core.management import CommandError, call_command


def test_it_writes_phrase_frequency_group_rows_and_a_summary(tmp_path, capsys):
    source = tmp_path / "keys.csv"
    source.write_text(
        "Фраза;Частота\nкупить диван;300\nдиван угловой;200\nкупить чайник;150\nчайник электрический;90\n",
        encoding="utf-8-sig",
    )
    out = tmp_path / "clusters.csv"

    call_command("cluster_keywords", str(source), "--out", str(out))

    with out.open(encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["phrase", "frequency", "group"]
    assert sorted(rows[1:]) == [
        ["диван угловой", "200", "Купить диван"],
        ["купить диван", "300", "Купить диван"],
        ["купить чайник", "150", "Купить чайник"],
        ["чайник электрический", "90", "Купить чайник"],
    ]
    assert "2 groups from 4 phrases; unclustered (groups of one): 0.0%" in capsys.readouterr().out


def test_a_broken_file_stops_the_command_with_the_readers_message(tmp_path):
    source = tmp_path / "keys.csv"
    source.write_text("Фраза;Частота\nдиван;много\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Строка 2, столбец «Частота»"):
        call_command("cluster_keywords", str(source), "--out", str(tmp_path / "out.csv"))


def test_it_writes_phrases_a_spreadsheet_would_run_as_text(tmp_path):
    from campaigns.management.commands.cluster_keywords import Command
    from semantic.types import Cluster, ClusterResult, Phrase

    out = tmp_path / "clusters.csv"
    phrases = [Phrase("=HYPERLINK(A1)", 5), Phrase("+7 495", 3), Phrase("диван", 2)]
    result = ClusterResult([Cluster("=1+1", phrases, 10)])

    Command().write(result, out)

    assert out.read_text(encoding="utf-8").splitlines() == [
        "phrase,frequency,group",
        "'=HYPERLINK(A1),5,'=1+1",
        "'+7 495,3,'=1+1",
        "диван,2,'=1+1",
    ]
