from core.api_counters import ServiceCounts, counting, note_call


def test_it_counts_calls_errors_and_rate_limits_by_service_inside_the_block():
    with counting() as counts:
        note_call("wordstat", status=200)
        note_call("wordstat", status=429)
        note_call("wordstat", failed=True)
        note_call("openai", status=503)

    assert counts == {
        "wordstat": ServiceCounts(calls=3, errors=2, rate_limited=1),
        "openai": ServiceCounts(calls=1, errors=1, rate_limited=0),
    }


def test_calls_outside_a_block_count_nothing():
    note_call("wordstat", status=429)
    with counting() as counts:
        pass
    assert counts == {}
