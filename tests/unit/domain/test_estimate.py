from datetime import timedelta

from kiosk.domain.estimate import DEFAULT_HANDLING, estimate_wait, typical_handling

M = timedelta(minutes=1)


def test_range_from_recent_handling_times() -> None:
    samples = [M * m for m in (6, 8, 10, 12, 14, 16, 20, 24)]
    estimate = estimate_wait(people_ahead=4, technicians=2, samples=samples, fallback=M * 30)
    assert estimate.samples == 8
    assert estimate.low < estimate.high
    assert estimate.low.total_seconds() % 300 == 0
    assert estimate.high.total_seconds() % 300 == 0
    assert (estimate.low_minutes, estimate.high_minutes) == (15, 60)


def test_more_technicians_shorten_the_range() -> None:
    samples = [M * 10] * 10
    slow = estimate_wait(6, 1, samples, M * 30)
    fast = estimate_wait(6, 3, samples, M * 30)
    assert fast.high < slow.high
    assert fast.low < slow.low


def test_first_in_line_waits_a_few_minutes() -> None:
    estimate = estimate_wait(0, 2, [M * 4] * 10, M * 30)
    assert estimate.low == timedelta(0)
    assert estimate.describe() == "a few minutes"


def test_without_history_the_category_target_is_used() -> None:
    estimate = estimate_wait(2, 1, [M * 10], fallback=M * 20)
    assert estimate.samples == 1
    assert (estimate.low_minutes, estimate.high_minutes) == (20, 75)
    assert estimate.describe() == "about 20\u201375 minutes"


def test_no_technician_is_treated_as_one() -> None:
    assert estimate_wait(3, 0, [], M * 10).technicians == 1


def test_typical_handling_is_the_category_target_else_twenty_minutes() -> None:
    assert typical_handling(M * 45) == M * 45
    assert typical_handling(None) == DEFAULT_HANDLING == M * 20
    thin = estimate_wait(2, 1, [], typical_handling(None))
    assert (thin.low_minutes, thin.high_minutes) == (20, 75)
