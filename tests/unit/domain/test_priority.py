"""The priority mark: one rule for the queue table, the visit card and the front desk."""

from __future__ import annotations

import pytest

from kiosk.domain.priority import Priority, priority_mark


@pytest.mark.parametrize(("priority", "code", "mark"), [
    (Priority.NORMAL, "", Priority.NORMAL),
    (Priority.NORMAL, "K7Q2", Priority.APPOINTMENT),
    (Priority.APPOINTMENT, "", Priority.APPOINTMENT),
    (Priority.APPOINTMENT, "K7Q2", Priority.APPOINTMENT),
    (Priority.VIP, "K7Q2", Priority.VIP),
    (Priority.URGENT, "", Priority.URGENT),
    (25, "", Priority.VIP),
    (99, "", Priority.URGENT),
    (-5, "", Priority.NORMAL),
])
def test_the_highest_level_reached_marks_the_visit(priority: int, code: str,
                                                   mark: Priority) -> None:
    assert priority_mark(priority, code) is mark


def test_labels() -> None:
    assert [p.label for p in Priority] == ["Normal", "Appointment", "VIP", "Urgent"]
    assert priority_mark(Priority.VIP).label == "VIP"
