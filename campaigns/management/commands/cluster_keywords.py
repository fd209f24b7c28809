"""`manage.py cluster_keywords INPUT [--out clusters.csv]`: group a keyword file without running the pipeline."""

from __future__ import annotations

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from campaigns.keyword_files import keyword_file_limits
from campaigns.pipeline.options import clustering_options
from core.formatting import format_seconds
from core.spreadsheet_safety import neutralise_formula
from semantic.clustering import cluster
from semantic.errors import SemanticError
from semantic.sources.files import read_keyword_file
from semantic.types import ClusterResult, Phrase


class Command(BaseCommand):
    help = (
        "Cluster the phrases of a keyword file (CSV/XLSX/TXT: a phrase column, an optional frequency column) into ad "
        "groups and write phrase,frequency,group rows (UTF-8 with a header)."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="keyword file: .csv, .tsv, .txt or .xlsx")
        parser.add_argument("--out", type=Path, default=Path("clusters.csv"), help="output CSV (default clusters.csv)")

    def handle(self, *args, **options):
        started = time.perf_counter()
        phrases = self.read(options["input"])
        result = self.group(phrases)
        self.write(result, options["out"])
        self.summarize(result, len(phrases), options["out"], time.perf_counter() - started)

    def read(self, path: Path) -> list[Phrase]:
        try:
            return read_keyword_file(path, path.name, keyword_file_limits())
        except SemanticError as error:
            raise CommandError(f"{path}: {error}") from None

    def group(self, phrases: list[Phrase]) -> ClusterResult:
        self.stdout.write(f"Clustering {len(phrases)} phrases…")
        return cluster(phrases, options=clustering_options())

    def write(self, result: ClusterResult, out: Path) -> None:
        with out.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["phrase", "frequency", "group"])
            for group in result.clusters:
                for phrase in group.phrases:
                    # Not Direct's format: a leading + or - is a formula here like any other (core.spreadsheet_safety).
                    writer.writerow([neutralise_formula(phrase.text), phrase.frequency, neutralise_formula(group.name)])

    def summarize(self, result: ClusterResult, total: int, out: Path, seconds: float) -> None:
        single = sum(1 for group in result.clusters if len(group.phrases) == 1)
        share = single / total if total else 0.0
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(result.clusters)} groups from {total} phrases; unclustered (groups of one): {share:.1%}; "
                f"{format_seconds(seconds)}. Written to {out}."
            )
        )
        for note in result.notes:
            self.stdout.write(f"  {note}")
