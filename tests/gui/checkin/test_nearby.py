"""'Tell me when I'm close' on the kiosk's ticket page: the toggles, through the runner, to the core."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.domain.nearby import Channel, Choice
from kiosk.store import Database
from tests.gui.checkin.support import wait_done
from ui.checkin.view import CheckInView, Page
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
CHANNELS = NotifySettings(smtp_url="mailto://mail.example.com",
                          sms_url="twilio://AC1:t@+15550000000")


@pytest.fixture
def notifying(db: Database, settings: Settings, clock: ManualClock) -> Core:
    return assemble(db, replace(settings, notify=CHANNELS), clock)


@pytest.fixture
def kiosk(notifying: Core, runner: TaskRunner, open_view: OpenView) -> CheckInView:
    return open_view(CheckInView(notifying, runner, reset_after_ms=3_600_000))


def _click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_email_and_a_threshold_are_stored_through_the_runner(
        qtbot: QtBot, notifying: Core, runner: TaskRunner, kiosk: CheckInView) -> None:
    visit = notifying.visits.check_in(name="Ana García", email="ana@example.com",
                                      category="laptop")
    kiosk.show_confirmation(visit, 1)
    choice = kiosk.pages.confirmation_page.nearby
    assert kiosk.page is Page.CONFIRMATION
    assert choice.isVisible()
    assert choice.how_buttons["email"].isVisible()
    assert choice.how_buttons["sms"].isVisible()
    assert not choice.how_buttons["slack"].isVisible(), "Slack is not set up here"
    assert choice.when_buttons["2"].isChecked()
    _click(qtbot, choice.when_buttons["3"])
    _click(qtbot, choice.how_buttons["email"])
    wait_done(qtbot, runner)
    assert notifying.notify.choice(visit.id) == Choice(Channel.EMAIL, "ana@example.com", 3)
    assert choice.result_label.text() == ("We'll e-mail you when 3 people are ahead of you, "
                                          "and when you're called.")
    _click(qtbot, choice.when_buttons["called"])
    wait_done(qtbot, runner)
    assert notifying.notify.choice(visit.id) == Choice(Channel.EMAIL, "ana@example.com", None)
    _click(qtbot, choice.how_buttons["page"])
    wait_done(qtbot, runner)
    assert notifying.notify.choice(visit.id) is None


def test_a_text_message_uses_the_on_screen_keyboard_and_refuses_a_bad_number(
        qtbot: QtBot, notifying: Core, runner: TaskRunner, kiosk: CheckInView) -> None:
    kiosk.set_keyboard_enabled(True)
    guest = notifying.visits.check_in(name="Guest", category="laptop")
    kiosk.show_confirmation(guest, 2)
    choice = kiosk.pages.confirmation_page.nearby
    assert not kiosk.keyboard.isVisible()
    assert not choice.how_buttons["email"].isVisible(), "no e-mail on file"
    _click(qtbot, choice.how_buttons["sms"])
    assert choice.phone_edit.isVisible()
    assert kiosk.keyboard.isVisible()
    assert not kiosk.reset_timer.isActive(), "the ticket waits while a number is typed"
    assert choice.phone_edit.text() == "+", "the plus the keys lack is typed already"
    choice.phone_edit.setText("+12")
    _click(qtbot, choice.save_button)
    wait_done(qtbot, runner)
    assert "country code" in choice.result_label.text()
    assert notifying.notify.choice(guest.id) is None
    choice.phone_edit.setText("+44 7700 900123")
    _click(qtbot, choice.save_button)
    wait_done(qtbot, runner)
    assert notifying.notify.choice(guest.id) == Choice(Channel.SMS, "+447700900123", 2)
    assert "+44\u2022\u2022\u2022123" in choice.result_label.text()
    assert "7700 900" not in choice.result_label.text(), "the number is masked on screen"
    kiosk.reset()
    assert kiosk.page is Page.WELCOME
    assert choice.phone_edit.text() == "+", "the number is forgotten"
    assert not choice.result_label.text()


def test_the_failure_is_translated(qtbot: QtBot, notifying: Core, runner: TaskRunner,
                                   kiosk: CheckInView) -> None:
    visit = notifying.visits.check_in(name="Ana", email="ana@example.com", category="laptop")
    kiosk.show_confirmation(visit, 1)
    assert kiosk.language.set_language("de")
    notifying.visits.call(visit.id, "Kim")
    notifying.visits.start(visit.id, "Kim")
    choice = kiosk.pages.confirmation_page.nearby
    assert choice.how_buttons["email"].text() == "Per E-Mail"
    _click(qtbot, choice.how_buttons["email"])
    wait_done(qtbot, runner)
    assert choice.result_label.text() == ("Ihr Besuch ist nicht mehr in der Warteschlange, "
                                          "daher kann nichts gesendet werden.")


def test_hidden_without_channels(core: Core, runner: TaskRunner, open_view: OpenView) -> None:
    kiosk = open_view(CheckInView(core, runner, reset_after_ms=3_600_000))
    visit = core.visits.check_in(name="Ana", email="ana@example.com", category="laptop")
    kiosk.show_confirmation(visit, 1)
    assert not kiosk.pages.confirmation_page.nearby.isVisible()
