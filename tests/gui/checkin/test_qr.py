"""The QR code: drawn module by module, crisp at any size, with its quiet zone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage
from ui.checkin.qr import QUIET_ZONE, QrCodeWidget, qr_matrix
from ui.checkin.view import CheckInView, KioskOptions, status_url
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
URL = "https://help.example.com/visit/4f0c2a9e-5d1b-4b7e-9a51-3c2d1e0f9a77"


@pytest.mark.parametrize("side", [97, 240, 613])
def test_every_module_is_drawn_where_the_matrix_says(qtbot: QtBot, side: int) -> None:
    widget = QrCodeWidget(URL)
    qtbot.addWidget(widget)
    widget.resize(side, side)
    image = widget.grab().toImage()
    matrix = widget.matrix
    assert matrix == qr_matrix(URL)
    module = widget.module_size()
    assert module == side // (len(matrix) + 2 * QUIET_ZONE)
    area = widget.code_rect()
    origin = area.left() + QUIET_ZONE * module, area.top() + QUIET_ZONE * module
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            centre = image.pixelColor(origin[0] + x * module + module // 2,
                                      origin[1] + y * module + module // 2)
            assert centre == QColor("#000000" if dark else "#ffffff"), (x, y)
    quiet = [image.pixelColor(area.left() + i, area.top() + 1)
             for i in range(QUIET_ZONE * module)]
    assert set(c.name() for c in quiet) == {"#ffffff"}, "a white quiet zone"
    greys = {image.pixelColor(x, y).name() for x in range(area.left(), area.right())
             for y in range(area.top(), area.bottom(), 7)}
    assert greys == {"#000000", "#ffffff"}, "crisp: no blurred or scaled pixels"


def test_empty_text_draws_nothing() -> None:
    widget = QrCodeWidget("")
    assert widget.matrix == []
    assert widget.isHidden()
    widget.deleteLater()


def test_status_url_template() -> None:
    class FakeVisit:
        id = "abc-123"
        ticket_number = "L-007"

    visit = FakeVisit()
    assert status_url("https://x/{visit_id}?t={ticket_number}", visit) == (  # type: ignore[arg-type]
        "https://x/abc-123?t=L-007")
    assert status_url("  ", visit) == ""  # type: ignore[arg-type]
    assert status_url("https://x/{0}{unknown}", visit) == "https://x/{0}{unknown}"  # type: ignore[arg-type]


@pytest.mark.parametrize(("template", "shown"), [("", False),
                                                  ("https://h/{ticket_number}", True)])
def test_confirmation_shows_a_qr_only_with_a_template(
        core: Core, service: VisitService, runner: TaskRunner, qtbot: QtBot,
        open_view: Callable[[CheckInView], CheckInView], template: str, shown: bool) -> None:
    view = CheckInPage(open_view(CheckInView(core, runner, options=KioskOptions(
        status_url_template=template, touch_keyboard="off", confirmation_seconds=3600))))
    view.show_confirmation(service.check_in(name="Ana", category="laptop"), 1)
    assert view.qr_widget.isVisible() is shown
    assert view.qr_widget.text == ("https://h/L-001" if shown else "")
    view.reset()
    assert view.qr_widget.text == "", "the next visitor never sees it"
