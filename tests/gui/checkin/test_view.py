"""The check-in kiosk: name, category, details, ticket; and its error messages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from kiosk.clock import ManualClock
from tests.gui.checkin.pages import CheckInPage
from ui.checkin.categories import description_hint
from ui.checkin.identify import first_name
from ui.checkin.view import CheckInView, Page
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView) -> CheckInPage:
    return CheckInPage(open_view(CheckInView(core, runner, reset_after_ms=3_600_000)))


def _fill_and_submit(qtbot: QtBot, view: CheckInPage, name: str, category: str,
                     description: str = "") -> None:
    if name.isascii():
        qtbot.keyClicks(view.name_edit, name)
    else:  # QTest only types ASCII
        view.name_edit.insert(name)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.page is Page.CATEGORY
    qtbot.mouseClick(view.category_tiles[category], Qt.MouseButton.LeftButton)
    assert view.page is Page.DETAILS
    if description:
        view.description_edit.setPlainText(description)
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)


def test_check_in_gives_a_ticket_number(service: VisitService, qtbot: QtBot,
                                        kiosk: CheckInPage) -> None:
    service.check_in(name="Earlier visitor", category="account")
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as blocker:
        _fill_and_submit(qtbot, kiosk, "Ana García", "laptop", "Laptop will not wake")
    visit = blocker.args[0]
    assert kiosk.page is Page.CONFIRMATION
    assert kiosk.ticket_label.text() == "L-002", "daily counter, category prefix"
    assert kiosk.position_label.text() == "You are number 2 in line."
    assert kiosk.greeting_label.text() == "You're checked in, Ana."
    shown = [label.text() + label.accessibleName()
             for label in kiosk.confirmation_page.findChildren(QLabel)]
    assert not [text for text in shown if "García" in text], "a public screen: first name only"
    stored = service.get(visit.id)
    assert stored.requester.name == "Ana García"
    assert stored.category == "laptop"
    assert stored.description == "Laptop will not wake"


@pytest.mark.parametrize(("name", "first"), [
    ("Ana García", "Ana"), ("  Ana  ", "Ana"), ("García, Ana María", "Ana"), ("Prince", "Prince"),
    ("García,", "García"), ("", "")])
def test_the_public_screen_uses_the_first_name(name: str, first: str) -> None:
    assert first_name(name) == first


def test_confirmation_returns_to_welcome_by_itself(core: Core, qtbot: QtBot,
                                                   runner: TaskRunner,
                                                   open_view: OpenView) -> None:
    view = CheckInPage(open_view(CheckInView(core, runner, reset_after_ms=50)))
    with qtbot.waitSignal(view.checked_in, timeout=10_000):
        _fill_and_submit(qtbot, view, "Ana", "mobile", "Phone mail")
    assert view.page is Page.CONFIRMATION
    assert view.position_label.text() == "You're next in line."
    qtbot.waitUntil(lambda: view.page is Page.WELCOME, timeout=5_000)
    assert view.name_edit.text() == ""
    assert view.description_edit.toPlainText() == ""


def test_back_button_and_done(service: VisitService, qtbot: QtBot, kiosk: CheckInPage) -> None:
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.keyClick(kiosk.name_edit, Qt.Key.Key_Return)
    assert kiosk.page is Page.CATEGORY
    kiosk.go_to(Page.WELCOME)
    assert kiosk.name_edit.text() == "Ana", "going back keeps what was typed"
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(kiosk.category_tiles["pickup"], Qt.MouseButton.LeftButton)
        qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    assert kiosk.ticket_label.text() == "P-001"
    qtbot.mouseClick(kiosk.done_button, Qt.MouseButton.LeftButton)
    assert kiosk.page is Page.WELCOME
    assert kiosk.name_edit.text() == ""


def test_empty_name_shows_a_clear_message(service: VisitService, qtbot: QtBot,
                                          kiosk: CheckInPage) -> None:
    qtbot.keyClicks(kiosk.name_edit, "   ")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.page is Page.WELCOME
    assert kiosk.welcome_message.isVisible()
    assert kiosk.welcome_message.text() == "Please enter your name."
    assert kiosk.welcome_message.tone == "error"
    assert kiosk.name_edit.property("invalid") is True
    assert service.latest_change() == 0, "nothing stored"


def test_bad_email_is_explained(kiosk: CheckInPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(kiosk.name_edit, "Ana")
    qtbot.keyClicks(kiosk.email_edit, "not-an-address")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.page is Page.WELCOME
    assert "does not look like an email address" in kiosk.welcome_message.text()


def test_service_validation_error_is_shown_on_its_page(service: VisitService, qtbot: QtBot,
                                                       runner: TaskRunner,
                                                       kiosk: CheckInPage) -> None:
    _fill_and_submit(qtbot, kiosk, "Ana", "software", "x" * 2001)
    qtbot.waitUntil(lambda: runner.pending == 0 and kiosk.details_message.isVisible())
    assert kiosk.page is Page.DETAILS
    assert kiosk.details_message.tone == "error"
    assert "at most 2,000 are allowed" in kiosk.details_message.text()
    assert kiosk.submit_button.isEnabled()
    assert service.latest_change() == 0


def test_html_name_is_shown_as_literal_text(service: VisitService, qtbot: QtBot,
                                            kiosk: CheckInPage) -> None:
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        _fill_and_submit(qtbot, kiosk, "<b>Ana</b>", "laptop")
    assert kiosk.greeting_label.textFormat() == Qt.TextFormat.PlainText
    assert kiosk.greeting_label.text() == "You're checked in, <b>Ana</b>."
    assert service.active_visits()[0].requester.name == "<b>Ana</b>"


def test_each_reason_has_its_own_example(kiosk: CheckInPage, core: Core) -> None:
    hints = {}
    for category in ("laptop", "account", "mobile", "software", "pickup"):
        kiosk.on_category_chosen(category)
        hints[category] = kiosk.description_edit.placeholderText()
    assert hints["laptop"] == "e.g. My laptop won't connect to the Wi-Fi"
    assert len(set(hints.values())) == len(hints), "no two reasons share an example"
    kiosk.on_category_chosen("account")
    kiosk.language.set_language("es")
    assert kiosk.description_edit.placeholderText() == (
        "p. ej., No puedo entrar en mi cuenta desde que cambié la contraseña")
    kiosk.language.set_language("en")
    assert description_hint("printing") == "A few words about what is wrong, and since when"
    assert description_hint(None) == description_hint("printing")


def test_controls_have_accessible_names(kiosk: CheckInPage) -> None:
    controls = [kiosk.name_edit, kiosk.email_edit, kiosk.description_edit, kiosk.next_button,
                kiosk.submit_button, kiosk.done_button, *kiosk.category_tiles.values()]
    assert all(c.accessibleName() for c in controls)
    assert kiosk.category_tiles["laptop"].accessibleName() == "Laptop & hardware"


def _again(qtbot: QtBot, view: CheckInPage, category: str) -> None:
    qtbot.keyClicks(view.name_edit, "Mei Chen")
    qtbot.keyClicks(view.email_edit, "mei.chen@example.com")
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.category_tiles[category], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.submit_button, Qt.MouseButton.LeftButton)
    already = view.details.already
    qtbot.waitUntil(lambda: already.isVisible(), timeout=10_000)


def test_someone_already_in_line_changes_the_reason(service: VisitService, qtbot: QtBot,
                                                    kiosk: CheckInPage) -> None:
    first = service.check_in(name="Mei Chen", email="mei.chen@example.com", category="mobile")
    _again(qtbot, kiosk, "laptop")
    already = kiosk.details.already
    assert already.title_label.text() == f"You're already in line as {first.ticket_number}."
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000) as done:
        qtbot.mouseClick(already.change_button, Qt.MouseButton.LeftButton)
    assert done.args[0].id == first.id
    assert service.get(first.id).category == "laptop"
    assert len(service.active_visits()) == 1, "still one visit"


def test_someone_already_in_line_leaves_it(service: VisitService, qtbot: QtBot,
                                           kiosk: CheckInPage) -> None:
    first = service.check_in(name="Mei Chen", email="mei.chen@example.com", category="mobile")
    _again(qtbot, kiosk, "laptop")
    qtbot.mouseClick(kiosk.details.already.leave_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.page is Page.WELCOME, timeout=10_000)
    assert service.active_visits() == []
    assert service.get(first.id).state.value == "cancelled"


def test_the_tiles_promise_the_wait_the_ticket_then_gives(service: VisitService, qtbot: QtBot,
                                                          clock: ManualClock,
                                                          kiosk: CheckInPage) -> None:
    for name in ("Ana", "Ben", "Cleo", "Dev"):
        service.check_in(name=name, category="laptop")
        clock.advance(timedelta(minutes=1))
    qtbot.keyClicks(kiosk.name_edit, "Eve")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    tile = kiosk.category_tiles["account"]
    # The welcome page's own load (before the four came) may land first; wait for the
    # reasons page's, which counts them.
    qtbot.waitUntil(lambda: tile.estimate is not None and tile.estimate.people_ahead == 4,
                    timeout=10_000)
    promised = tile.hint_label.text()
    assert promised.startswith("Estimated wait:")
    with qtbot.waitSignal(kiosk.checked_in, timeout=10_000):
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(kiosk.submit_button, Qt.MouseButton.LeftButton)
    assert kiosk.estimate_label.text() == promised


def test_the_welcome_page_says_the_wait_now(service: VisitService, qtbot: QtBot,
                                            runner: TaskRunner, kiosk: CheckInPage) -> None:
    service.check_in(name="Ana", category="laptop")
    kiosk.reset()
    label = kiosk.welcome.wait_label
    qtbot.waitUntil(lambda: label.isVisible() and label.text().startswith("Estimated wait"),
                    timeout=10_000)
    tiles = kiosk.category_tiles
    qtbot.waitUntil(lambda: all(t.estimate is not None for t in tiles.values()),
                    timeout=10_000)


def test_the_already_in_line_card_takes_the_forms_place_until_another_reason(
        service: VisitService, qtbot: QtBot, kiosk: CheckInPage) -> None:
    service.check_in(name="Mei Chen", email="mei.chen@example.com", category="mobile")
    _again(qtbot, kiosk, "laptop")
    details = kiosk.details
    assert not details.description_edit.isVisible()
    assert not details.submit_button.isVisible()
    qtbot.mouseClick(details.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(kiosk.category_tiles["software"], Qt.MouseButton.LeftButton)
    assert not details.already.isVisible()
    assert details.description_edit.isVisible()
    assert details.submit_button.isVisible()
