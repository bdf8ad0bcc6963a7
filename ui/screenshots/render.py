"""Render every window and screen offscreen into PNG files named after the screen.

Reads the database only (the kiosk's confirmation shows an existing waiting visit),
so it can run against any database, demo or not.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.security import PinGate
from kiosk.bootstrap import Core
from kiosk.clock import SystemClock
from kiosk.domain.pins import hash_pin
from kiosk.domain.visit import Visit, VisitState
from ui.app import SIZES
from ui.checkin.lockdown import PinPadDialog
from ui.checkin.options import KioskOptions, Page
from ui.checkin.view import CheckInView
from ui.common.collector import MainThreadCollector
from ui.common.i18n import LANGUAGE_NAMES
from ui.common.tasks import TaskRunner
from ui.common.theme import THEMES, apply_theme
from ui.screenshots.camera import Camera as _Shots
from ui.screenshots.checkin import render_kiosk_flow_screenshots
from ui.screenshots.console import render_console_screenshots
from ui.screenshots.laptop import render_laptop_screenshots
from ui.screenshots.liaison import render_display_screenshots, render_liaison_screenshots
from ui.startup import StartupWindow

_QUIET_POLL_MS = 3_600_000
_SAMPLE_NAME = "Alex Morgan"
_SAMPLE_DESCRIPTION = "My laptop won't connect to the Wi-Fi since this morning's update."


def render_screenshots(core: Core, out: Path, *,
                       themes: Sequence[str] = tuple(THEMES),
                       languages: Sequence[str] = tuple(LANGUAGE_NAMES),
                       large_text: bool = False) -> list[Path]:
    """Write ``kiosk-<page>-<language>-<theme>.png``, ``console-*.png`` and ``liaison.png``.

    The kiosk pages (start-up, welcome, missing name, category, details, details with the
    on-screen keyboard, idle countdown, confirmation, admin PIN pad) are taken in
    every language and theme. Creates an offscreen QApplication when none exists yet.

    Returns:
        The files written, in the order the screens appear to a user.
    """
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(["techbar-screenshots", "-platform", "offscreen"])
    apply_theme(app)
    out.mkdir(parents=True, exist_ok=True)
    collector = MainThreadCollector(parent=app)
    collector.start()
    runner = TaskRunner()
    try:
        shots = _Shots(out, runner)
        _kiosk_screens(core, runner, shots, themes, languages, large_text)
        shots.written += render_kiosk_flow_screenshots(core, out, languages=languages,
                                                       themes=themes)
        shots.written += render_console_screenshots(core, out)
        shots.written += render_liaison_screenshots(core, out)
        shots.written += render_display_screenshots(core, out)
        shots.written += render_laptop_screenshots(core, out)
        return shots.written
    finally:
        runner.shutdown()
        collector.stop()


def _show(widget: QWidget, kind: str) -> None:
    """Show at the screen size it is made for; fixed, as a full-screen kiosk cannot grow."""
    widget.setFixedSize(*SIZES[kind])
    widget.show()


def _kiosk_screens(core: Core, runner: TaskRunner, shots: _Shots,
                   themes: Sequence[str], languages: Sequence[str], large_text: bool) -> None:
    """Every kiosk page, the idle overlay and the PIN pad, per theme and language."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    visits = core.visits
    waiting = [v for v in shots.call(visits.active_visits) if v.state is VisitState.WAITING]
    sample = waiting[-1] if waiting else None
    position = shots.call(lambda: visits.position(sample.id)) if sample else 0
    for theme in themes:
        apply_theme(app, theme, large_text=large_text)
        for language in languages:
            _kiosk_in(core, runner, shots, (sample, position), f"{language}-{theme}",
                      language)
    apply_theme(app, "light")


def _kiosk_in(core: Core, runner: TaskRunner, shots: _Shots,
              ticket: tuple[Visit | None, int], suffix: str, language: str) -> None:
    settings = core.settings
    options = KioskOptions.from_settings(
        settings, default_language=language, touch_keyboard="off",
        confirmation_seconds=_QUIET_POLL_MS / 1000, idle_seconds=_QUIET_POLL_MS / 1000)
    startup = StartupWindow(settings.site_name, "kiosk", (tuple(LANGUAGE_NAMES), language))
    _show(startup, "kiosk")
    shots.take(startup, f"kiosk-startup-{suffix}")  # before the core has loaded
    startup.close()
    startup.deleteLater()
    view = CheckInView(core, runner, options=options)
    _show(view, "kiosk")
    try:
        shots.take(view, f"kiosk-welcome-{suffix}")
        view.identify_flow.on_next()
        shots.take(view, f"kiosk-name-missing-{suffix}")
        view.reset()
        view.pages.welcome.name_edit.setText(_SAMPLE_NAME)
        view.identify_flow.on_next()
        shots.take(view, f"kiosk-category-{suffix}")
        view.walk_in_flow.choose(settings.categories[0].id)
        view.pages.details.description_edit.setPlainText(_SAMPLE_DESCRIPTION)
        shots.take(view, f"kiosk-details-{suffix}")
        view.set_keyboard_enabled(True)
        shots.take(view, f"kiosk-details-keyboard-{suffix}")
        view.set_keyboard_enabled(False)
        view.idle_overlay.show_countdown(view.idle.countdown_seconds)
        shots.take(view, f"kiosk-idle-{suffix}")
        view.idle_overlay.hide()
        visit, position = ticket
        if visit is not None:
            view.show_confirmation(visit, position)
            assert view.page is Page.CONFIRMATION
            shots.take(view, f"kiosk-confirmation-{suffix}")
        _pin_pad(view, runner, shots, f"kiosk-admin-pin-{suffix}")
    finally:
        view.close()
        view.deleteLater()


def _pin_pad(parent: QWidget, runner: TaskRunner, shots: _Shots, name: str) -> None:
    gate = PinGate(hash_pin("000000"), SystemClock())
    pad = PinPadDialog(gate, runner, parent)
    pad.resize(440, 600)
    pad.show()
    try:
        pad.press_digit("1")
        pad.press_digit("2")
        pad.press_enter()
        runner.wait_idle()
        pad.press_digit("3")
        shots.take(pad, name)
    finally:
        pad.close()
        pad.deleteLater()
