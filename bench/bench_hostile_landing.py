"""A whole build against a hostile landing page: seconds, the page's warning and the build's peak memory.

    .venv/bin/python bench/bench_hostile_landing.py [--bomb-mib 1024]

The security probe of issue 19 drove `build_campaign` to an 8,394 MB peak with a 13 KB page served as
`Content-Encoding: gzip, gzip`, and past 180 s with a page dripped a byte a second. Here a local site (the tests'
fake, on 127.0.0.1) serves, at one address each: the demo shop page (the baseline: a build that reads its page),
a gzip-of-gzip bomb under `gzip, gzip`, the same bomb's inner layer under a plain `gzip` (a bomb a real server's
compression could carry), and the shop page dripped a byte a second. Each build runs in a child process of its own
(the sofa keywords of `sample/keywords.csv`, the worker's stages, a throwaway SQLite database), so each peak RSS is
that build's alone. Targets (issue 19): every build ends in < 60 s and peaks < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time

from django_setup import REPO, setup_offline_build

KEYWORDS = REPO / "sample" / "keywords.csv"
TARGET_SECONDS = 60
TARGET_PEAK_MB = 1024


def build_against(url: str) -> dict:
    """In the child: one build whose landing page is `url`; what it took and what the page became."""
    with tempfile.TemporaryDirectory() as workdir:
        setup_offline_build(workdir, LANDING_FETCH="true", LANDING_ALLOW_PRIVATE_HOSTS="true")
        from django.core.files.base import ContentFile

        from campaigns.models import Campaign, PipelineRun
        from campaigns.pipeline.claims import claim_run
        from campaigns.pipeline.runner import execute_run

        campaign = Campaign(
            name="Диваны",
            target_url=url,
            keyword_source="file",
            product_description="Диваны и кровати от фабрики с доставкой по Москве",
            geo_ids=[213],
        )
        campaign.keywords_file.save("keywords.csv", ContentFile(KEYWORDS.read_bytes()), save=False)
        campaign.save()
        run = PipelineRun.objects.create(campaign=campaign)
        claim_run(run.pk)
        started = time.perf_counter()
        run = execute_run(run.pk)
        seconds = time.perf_counter() - started
        campaign.refresh_from_db()
        return {
            "status": run.status,
            "seconds": seconds,
            "warning": (campaign.landing_page or {}).get("warning", ""),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mib", type=int, default=1024, help="what the bomb inflates to")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build_against(args.child)))
        return
    sys.path.insert(0, str(REPO))
    from tests.fakes.landing_site import SOFA_SHOP, FakeSite, Page, gzip_bomb

    inner = gzip_bomb(args.bomb_mib << 20)
    outer = gzip_bomb(args.bomb_mib << 20, layers=2)
    pages = {
        "/shop": SOFA_SHOP,
        "/bomb-gzip-gzip": Page(raw=outer, headers={"Content-Encoding": "gzip, gzip"}),
        "/bomb-gzip": Page(raw=inner, headers={"Content-Encoding": "gzip"}),
        "/drip": Page(html=SOFA_SHOP, drip=1.0),
    }
    print(f"bomb: {args.bomb_mib} MiB of page in {len(outer):,} bytes (gzip, gzip) or {len(inner):,} bytes (gzip)")
    print(f"{'page':<16} {'status':<10} {'seconds':>8} {'peak RSS':>9}  warning")
    with FakeSite(pages) as site:
        for path in pages:
            child = subprocess.run(
                [sys.executable, __file__, "--child", site.page_url(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if child.returncode:
                raise SystemExit(f"the build against {path} failed:\n{child.stderr[-3000:]}")
            row = json.loads(child.stdout.strip().splitlines()[-1])
            verdict = "ok" if row["seconds"] < TARGET_SECONDS and row["peak_mb"] < TARGET_PEAK_MB else "MISSES"
            print(
                f"{path:<16} {row['status']:<10} {row['seconds']:>8.1f} {row['peak_mb']:>6.0f} MB  "
                f"{row['warning'] or '(read)'}  [{verdict}: < {TARGET_SECONDS} s, < {TARGET_PEAK_MB} MB]"
            )


if __name__ == "__main__":
    main()
