"""Translations: every visitor-facing string is translated, and switching really changes it."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app.visits import VisitService
from kiosk.bootstrap import Core
from tests.gui.checkin.pages import CheckInPage
from ui.checkin.touch_keyboard import TouchKeyboard
from ui.checkin.view import CheckInView, KioskOptions, Page
from ui.common.i18n import (
    TRANSLATIONS,
    LanguageManager,
    build_translations,
    main,
    source_files,
    update_translations,
)
from ui.common.tasks import TaskRunner

pytestmark = pytest.mark.gui
OpenView = Callable[[CheckInView], CheckInView]
#: Contexts of staff-only windows, which stay in English for now.
STAFF_CONTEXTS: frozenset[str] = frozenset()
PLACEHOLDERS = re.compile(r"%(?:n|\d)")


@pytest.fixture(scope="session")
def translations(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed .ts files and the .qm files built from them, in a scratch directory."""
    directory = tmp_path_factory.mktemp("translations")
    for ts in TRANSLATIONS.glob("*.ts"):
        shutil.copy(ts, directory)
    built = build_translations(directory)
    assert sorted(p.name for p in built) == ["techbar_de.qm", "techbar_en.qm",
                                             "techbar_es.qm"]
    return directory


@pytest.fixture
def fresh_scan(translations: Path, tmp_path: Path) -> Path:
    """lupdate over ui/*.py merged into copies of the committed translations."""
    for ts in translations.glob("*.ts"):
        shutil.copy(ts, tmp_path)
    update_translations(("es", "de"), tmp_path, source_files())
    return tmp_path


@pytest.fixture
def kiosk(core: Core, runner: TaskRunner, open_view: OpenView,
          translations: Path) -> Iterator[CheckInPage]:
    language = LanguageManager(("en", "es", "de"), "en", translations)
    view = open_view(CheckInView(core, runner, language=language,
                                 options=KioskOptions(touch_keyboard="off")))
    language.setParent(view)
    yield CheckInPage(view)
    language.set_language("en")


def _messages(ts: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(ts).getroot()
    return [(context.findtext("name") or "", message)
            for context in root.iter("context") for message in context.iter("message")]


@pytest.mark.parametrize("language", ["es", "de"])
def test_every_visitor_string_has_a_finished_translation(fresh_scan: Path,
                                                         language: str) -> None:
    messages = _messages(fresh_scan / f"techbar_{language}.ts")
    assert len(messages) > 50
    problems = []
    for context, message in messages:
        if context in STAFF_CONTEXTS:
            continue
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        forms = ([f.text or "" for f in translation.iter("numerusform")]
                 if message.get("numerus") == "yes" else [translation.text or ""])
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(
                form.strip() for form in forms):
            problems.append(f"{context}: {source!r} is not translated")
            continue
        wanted = set(PLACEHOLDERS.findall(source)) - {"%n"}
        problems += [f"{context}: {source!r} loses {wanted - set(PLACEHOLDERS.findall(f))}"
                     for f in forms if wanted - set(PLACEHOLDERS.findall(f))]
    assert problems == []


def test_english_plurals_are_real_words(fresh_scan: Path) -> None:
    messages = _messages(fresh_scan / "techbar_en.ts")
    assert messages, "English carries the plural forms"
    for _context, message in messages:
        forms = [f.text or "" for f in message.iter("numerusform")]
        assert len(forms) == 2
        assert all("(" not in form for form in forms), forms


def test_switching_language_changes_the_screen(kiosk: CheckInPage, qtbot: QtBot) -> None:
    assert kiosk.next_button.text() == "Next"
    qtbot.mouseClick(kiosk.language_switcher.buttons["es"], Qt.MouseButton.LeftButton)
    assert kiosk.language.language == "es"
    assert kiosk.next_button.text() == "Siguiente"
    assert kiosk.step_label.text() == "Paso 1 de 3"
    assert kiosk.name_edit.accessibleName() == "Su nombre o número de empleado"
    assert kiosk.category_tiles["laptop"].hint_label.text() == (
        "Le atenderemos en menos de 15 min")
    qtbot.mouseClick(kiosk.language_switcher.buttons["de"], Qt.MouseButton.LeftButton)
    assert kiosk.next_button.text() == "Weiter"
    assert kiosk.windowTitle().endswith("Anmeldung")
    qtbot.waitUntil(lambda: kiosk.keyboard.keys["space"].text() == "Leertaste")
    qtbot.mouseClick(kiosk.language_switcher.buttons["en"], Qt.MouseButton.LeftButton)
    assert kiosk.next_button.text() == "Next"


def test_what_was_typed_survives_a_language_switch(kiosk: CheckInPage, qtbot: QtBot) -> None:
    qtbot.keyClicks(kiosk.name_edit, "   ")
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)
    assert kiosk.welcome_message.text() == "Please enter your name."
    kiosk.name_edit.setText("Ana")
    kiosk.language.set_language("de")
    assert kiosk.name_edit.text() == "Ana"
    assert kiosk.welcome_message.text() == "Bitte geben Sie Ihren Namen ein."


def _visible_texts(view: QWidget) -> dict[str, str]:
    """Every text a visitor can see or hear, keyed by widget path."""
    texts: dict[str, str] = {}
    for index, widget in enumerate(view.findChildren(QWidget)):
        if any(isinstance(p, TouchKeyboard) for p in _parents(widget)):
            continue  # single letters and digits
        key = f"{type(widget).__name__}#{index}"
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text().strip():
            texts[key + ".text"] = widget.text()
        if isinstance(widget, (QLineEdit, QPlainTextEdit)) and widget.placeholderText():
            texts[key + ".placeholder"] = widget.placeholderText()
        if widget.accessibleName():
            texts[key + ".name"] = widget.accessibleName()
    return texts


def _parents(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


@pytest.mark.parametrize("language", ["es", "de"])
def test_no_english_left_on_any_page(kiosk: CheckInPage, qtbot: QtBot, service: VisitService,
                                     language: str) -> None:
    visit = service.check_in(name="Ana", category="laptop")
    kiosk.name_edit.setText("Ana")
    kiosk.on_category_chosen("laptop")
    kiosk.show_confirmation(visit, 1)
    kiosk.idle_overlay.set_seconds(20)
    english = _visible_texts(kiosk.view)
    kiosk.language.set_language(language)
    qtbot.waitUntil(lambda: kiosk.keyboard.keys["space"].text() != "space")
    translated = _visible_texts(kiosk.view)
    assert english.keys() == translated.keys()
    categories = {c.label for c in service.settings.categories}
    allowed = categories | {service.settings.site_name, "English", "Español", "Deutsch",
                            "L-001", "20", "Ana"}
    same = {english[k] for k in english if english[k] == translated[k]} - allowed
    assert same == set(), "still in English after switching"
    assert kiosk.page is Page.CONFIRMATION


def test_unknown_or_missing_language_is_refused(translations: Path, tmp_path: Path) -> None:
    manager = LanguageManager(("en", "es", "xx"), "en", tmp_path)
    assert manager.languages == ("en", "es")
    assert not manager.set_language("es"), "no .ts or .qm in that directory"
    assert not manager.set_language("de")
    assert manager.language == "en"
    shutil.copy(translations / "techbar_es.ts", tmp_path)
    assert manager.set_language("es"), "a missing .qm is built from its .ts"
    assert (tmp_path / "techbar_es.qm").exists()
    manager.set_language("en")
    manager.deleteLater()


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nonsense"]) == 2
    assert "usage" in capsys.readouterr().err


def test_a_closed_kiosk_leaves_no_translation_behind(core: Core, runner: TaskRunner,
                                                     open_view: OpenView, qtbot: QtBot) -> None:
    german = CheckInPage(open_view(CheckInView(core, runner, options=KioskOptions(
        touch_keyboard="off", default_language="de"))))
    assert german.next_button.text() == "Weiter"
    german.close()
    english = CheckInPage(open_view(CheckInView(core, runner, options=KioskOptions(
        touch_keyboard="off", default_language="en"))))
    qtbot.waitUntil(lambda: english.next_button.text() == "Next", timeout=5_000)
    assert english.step_label.text() == "Step 1 of 3"
