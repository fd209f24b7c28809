from hypothesis import given
from hypothesis import strategies as st

from telegram_bot.ratelimit import MemoryCounter, UpdateRateLimiter


class Clock:
    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


async def test_it_allows_a_burst_up_to_the_limit_then_refuses_once_and_says_how_long_to_wait():
    clock = Clock(1_000_040.0)  # 20 s into a minute
    limiter = UpdateRateLimiter(3, MemoryCounter(), clock)

    verdicts = [await limiter.hit(7) for _ in range(5)]

    assert [verdict.allowed for verdict in verdicts] == [True, True, True, False, False]
    assert [verdict.first_refusal for verdict in verdicts] == [False, False, False, True, False]
    assert verdicts[3].retry_in_seconds == 40


async def test_a_new_minute_starts_a_new_count_and_users_are_counted_apart():
    clock = Clock(1_000_020.0)
    limiter = UpdateRateLimiter(1, MemoryCounter(), clock)

    assert (await limiter.hit(7)).allowed
    assert (await limiter.hit(8)).allowed
    assert not (await limiter.hit(7)).allowed
    clock.now += 60
    assert (await limiter.hit(7)).allowed


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=60))
async def test_exactly_the_limit_passes_in_any_minute(limit, extra):
    limiter = UpdateRateLimiter(limit, MemoryCounter(), Clock(600.0))

    verdicts = [await limiter.hit(1) for _ in range(limit + extra)]

    assert sum(verdict.allowed for verdict in verdicts) == limit
    assert sum(verdict.first_refusal for verdict in verdicts) == (1 if extra else 0)
    assert all(1 <= verdict.retry_in_seconds <= 60 for verdict in verdicts)
