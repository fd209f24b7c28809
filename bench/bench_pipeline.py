"""End-to-end pipeline benchmark: N phrases of a real Wordstat export through the same stages the worker runs.

    .venv/bin/python bench/bench_pipeline.py [--sizes 1000 5000]

Each size builds a campaign from a keyword file (so the collect stage only imports it) and runs clean → cluster →
negatives → template ads → XLSX export in this process, on a throwaway SQLite database. The embedding model is
loaded before timing (the worker keeps it loaded between campaigns). Prints seconds per stage, the total against the
15 s target for 1,000 phrases, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import tempfile
import time
from pathlib import Path

from django_setup import setup_offline_build

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ru_skud_wordstat_unlabeled.csv"
TARGET_SECONDS_FOR_1000 = 15.0


def keyword_file(size: int) -> bytes:
    with DATA.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))[:size]
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["phrase", "frequency"])
    writer.writerows((row["phrase"], row["frequency"]) for row in rows)
    return output.getvalue().encode()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_once(size: int) -> dict:
    from django.core.files.base import ContentFile

    from campaigns.models import Campaign, PipelineRun
    from campaigns.pipeline.claims import claim_run
    from campaigns.pipeline.runner import execute_run

    campaign = Campaign(
        name=f"СКУД {size}",
        target_url="https://example.com/skud",
        keyword_source="file",
        product_description="Системы контроля доступа",
        geo_ids=[213],
    )
    campaign.keywords_file.save(f"skud-{size}.csv", ContentFile(keyword_file(size)), save=False)
    campaign.save()
    run = PipelineRun.objects.create(campaign=campaign)
    claim_run(run.pk)
    started = time.perf_counter()
    run = execute_run(run.pk)
    total = time.perf_counter() - started
    if run.status != "completed":
        raise SystemExit(f"run failed: {run.error_message}")
    campaign.refresh_from_db()
    return {
        "size": size,
        "total": total,
        "stages": run.stage_seconds(),
        "groups": campaign.group_count,
        "ads": campaign.ad_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    args = parser.parse_args()
    if not DATA.exists():
        raise SystemExit(f"{DATA} not found: the benchmark reads the shared evaluation data")
    with tempfile.TemporaryDirectory() as workdir:
        setup_offline_build(workdir)
        from semantic.clustering import cluster
        from semantic.types import Phrase

        warm = time.perf_counter()
        cluster([Phrase("контроль доступа", 10), Phrase("турникет купить", 5)])
        print(f"model load and warm-up: {time.perf_counter() - warm:.1f} s (not counted below)")
        print(
            f"{'phrases':>8} {'collect':>8} {'clean':>7} {'cluster':>8} {'negat.':>7} {'ads':>6} {'export':>7}"
            f" {'total':>7} {'groups':>7} {'ads':>5} {'peak RSS':>9}"
        )
        for size in args.sizes:
            row = run_once(size)
            stages = row["stages"]
            print(
                f"{size:>8} {stages['collect']:>8.2f} {stages['clean']:>7.2f} {stages['cluster']:>8.2f}"
                f" {stages['negatives']:>7.2f} {stages['ads']:>6.2f} {stages['export']:>7.2f} {row['total']:>7.2f}"
                f" {row['groups']:>7} {row['ads']:>5} {peak_rss_mb():>7.0f} MB"
            )
            if size == 1000:
                verdict = "meets" if row["total"] < TARGET_SECONDS_FOR_1000 else "MISSES"
                print(
                    f"         1,000 phrases end to end: {row['total']:.1f} s — {verdict} the "
                    f"{TARGET_SECONDS_FOR_1000:.0f} s target"
                )


if __name__ == "__main__":
    main()
