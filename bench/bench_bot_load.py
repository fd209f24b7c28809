"""Bot load benchmark: N simulated users walk the new-campaign conversation at once against the fake Bot API.

    .venv/bin/python bench/bench_bot_load.py [--users 200] [--think 10 20] [--database-url URL]

The real `manage.py runbot` (middleware, rate limiter, database persistence, handlers) runs as its own process and
long-polls the fake Bot API from tests/fakes/telegram_api.py, served with the simulated users from this process,
over real HTTP; at the end it gets SIGTERM and must exit cleanly. Each user sends /start, /new, the name, the
description, the keywords, presses a region, sends the landing page, skips the selling points and sends the budget,
pausing a random "think time" between steps as people do. Telegram lets a bot send about 30 messages/s in all, and
the bot's rate limiter (TELEGRAM_SEND_PER_SECOND) holds it to that: when the crowd's answers outrun it, they queue
and latency grows by design. The default think time keeps 200 users near half of that rate; a shorter one shows the
queueing. The conversation stops at the summary: the pipeline is not part of this benchmark.

Prints p50/p95/p99 of the time from a user's update to the bot's first answer, and the number of lost (fewer
answers than the step sends) and duplicated (more) answers; the target is p95 < 150 ms and none lost. It also
counts the Bot API calls each step cost per update (the fake records them per chat), split into those the send limit
counts and all: one per update is the floor, and any more is budget the crowd's next answers wait for. Baseline,
measured in the same run: the fake server's bare round trip (an HTTP call answered without the bot), the floor
any answer pays.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from django_setup import setup_django

REPO = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 150
ANSWER_TIMEOUT_SECONDS = 15

# PTB's AIORateLimiter holds every call that names a chat_id to TELEGRAM_SEND_PER_SECOND; a button's answer names
# none, so it does not spend the send budget.
OUTSIDE_SEND_LIMIT = {"answerCallbackQuery"}

# (kind, payload, answers the bot sends for it)
STEPS = [
    ("command", "/start", 1),
    ("command", "/new", 1),
    ("text", "Диваны {user}", 1),
    ("text", "Продаём диваны и кровати от фабрики с доставкой", 1),
    ("text", "купить диван, диван кровать, угловой диван", 1),
    ("press", "region_213", 1),
    ("text", "https://example.com/divany", 1),
    ("press", "skip_benefits", 1),
    ("text", "30000", 1),
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def make_server():
    from tests.fakes.telegram_api import FakeTelegramServer

    class AnnouncingServer(FakeTelegramServer):
        """Tells the benchmark's event loop the moment the bot answers a chat, instead of being polled."""

        loop: asyncio.AbstractEventLoop | None = None
        waiters: dict[int, asyncio.Event] = {}

        def _record(self, outgoing) -> None:
            super()._record(outgoing)
            event = self.waiters.get(outgoing.chat_id)
            if self.loop is not None and event is not None:
                self.loop.call_soon_threadsafe(event.set)

    return AnnouncingServer()


async def bare_round_trips(url: str, count: int = 200) -> list[float]:
    import httpx

    timings = []
    async with httpx.AsyncClient() as client:
        for _ in range(count):
            started = time.monotonic()
            await client.post(f"{url}/getMe")
            timings.append((time.monotonic() - started) * 1000)
    return timings


async def simulate_user(api, user_id: int, think: tuple[float, float], rng: random.Random, results: dict) -> None:
    event = api.waiters.setdefault(user_id, asyncio.Event())
    await asyncio.sleep(rng.uniform(0, think[1]))
    for kind, payload, expected in STEPS:
        before = len(api.sent_to(user_id))
        calls_before = api.calls_to(user_id)
        event.clear()
        sent_at = time.monotonic()
        if kind == "command":
            api.push_command(user_id, payload, language="ru")
        elif kind == "text":
            api.push_text(user_id, payload.format(user=user_id), language="ru")
        else:
            api.push_callback(user_id, payload, language="ru")
        deadline = sent_at + ANSWER_TIMEOUT_SECONDS
        first_answer = None
        while True:
            answers = api.sent_to(user_id)[before:]
            if answers and first_answer is None:
                first_answer = answers[0].at
            if len(answers) >= expected or time.monotonic() >= deadline:
                break
            event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), max(0.01, deadline - time.monotonic()))
        await asyncio.sleep(rng.uniform(*think))  # late duplicates would show up during the pause
        answers = api.sent_to(user_id)[before:]
        results["calls"].setdefault(payload.split()[0], Counter()).update(api.calls_to(user_id) - calls_before)
        if first_answer is not None:
            results["latencies"].append((first_answer - sent_at) * 1000)
            results["by_step"].setdefault(payload.split()[0], []).append((first_answer - sent_at) * 1000)
        results["lost"] += max(0, expected - len(answers))
        results["duplicated"] += max(0, len(answers) - expected)


def start_bot(api, database_url: str) -> subprocess.Popen:
    """The real `manage.py runbot` in its own process, so the bot does not share a GIL with the fake and users."""
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": database_url,
        "LANDING_FETCH": "false",  # the summary would read example.com: a site's speed is not the bot's send budget
    }
    bot = subprocess.Popen(
        [sys.executable, str(REPO / "manage.py"), "runbot"], cwd=REPO, env=environment, stdout=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while not api.commands:  # set in post_init: the bot is about to poll
        if bot.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"runbot did not start (exit code {bot.poll()})")
        time.sleep(0.1)
    return bot


async def run(users: int, think: tuple[float, float], database_url: str) -> dict:
    api = make_server().start()
    api.loop = asyncio.get_running_loop()
    baseline = await bare_round_trips(f"{api.base_url}{api.token}")
    bot = start_bot(api, database_url)
    results = {"latencies": [], "by_step": {}, "calls": {}, "lost": 0, "duplicated": 0}
    rng = random.Random(20261129)
    started = time.monotonic()
    try:
        await asyncio.gather(
            *(
                simulate_user(api, 10_000 + number, think, random.Random(rng.random()), results)
                for number in range(users)
            )
        )
        results["elapsed"] = time.monotonic() - started
    finally:
        bot.send_signal(signal.SIGTERM)
        results["exit_code"] = bot.wait(timeout=30)
        api.stop()
    results["baseline"] = baseline
    results["updates"] = users * len(STEPS)
    return results


def calls_report(calls: dict[str, Counter], users: int) -> str:
    """Where the send budget goes: per step, the calls each update cost on average, and the methods behind them."""
    parts, limited_total, all_total = [], 0, 0
    for step, counter in calls.items():
        limited = sum(count for method, count in counter.items() if method not in OUTSIDE_SEND_LIMIT)
        limited_total, all_total = limited_total + limited, all_total + counter.total()
        methods = "+".join(f"{method}" for method in sorted(counter))
        parts.append(f"{step} {limited / users:.2f}/{counter.total() / users:.2f} ({methods})")
    updates = users * len(calls)
    return f"{limited_total / updates:.2f}/{all_total / updates:.2f} · " + " · ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--think", type=float, nargs=2, default=(10.0, 20.0), metavar=("MIN", "MAX"))
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        setup_django(database_url=database_url, migrate=True)
        results = asyncio.run(run(args.users, tuple(args.think), database_url))
    latencies, baseline = results["latencies"], results["baseline"]
    print(f"users: {args.users}, updates: {results['updates']}, think time: {args.think[0]:g}–{args.think[1]:g} s")
    print(f"elapsed: {results['elapsed']:.1f} s ({results['updates'] / results['elapsed']:.1f} updates/s)")
    print(
        "update → first answer, ms: "
        f"p50 {statistics.median(latencies):.1f} · p95 {percentile(latencies, 0.95):.1f} · "
        f"p99 {percentile(latencies, 0.99):.1f} · max {max(latencies):.1f} (target p95 < {TARGET_P95_MS})"
    )
    by_step = " · ".join(
        f"{step} {statistics.median(values):.0f}/{percentile(values, 0.95):.0f}"
        for step, values in results["by_step"].items()
    )
    print(f"per step, p50/p95 ms: {by_step}")
    print(f"Bot API calls per update (sent under the send limit / all): {calls_report(results['calls'], args.users)}")
    print(f"lost answers: {results['lost']} · duplicated answers: {results['duplicated']} (target: 0 lost)")
    print(f"runbot exit code after SIGTERM: {results['exit_code']}")
    print(
        "baseline, the fake server's bare round trip, ms: "
        f"p50 {statistics.median(baseline):.1f} · p95 {percentile(baseline, 0.95):.1f}"
    )


if __name__ == "__main__":
    main()
