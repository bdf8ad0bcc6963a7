"""Translations through Qt: ``.ts`` sources, ``.qm`` built with the venv's own tools.

``python -m ui.common.i18n update`` refreshes ``resources/translations/*.ts`` from the
``tr()`` calls in ``ui/*.py`` (pyside6-lupdate); ``python -m ui.common.i18n build`` compiles
them to ``.qm`` (pyside6-lrelease). The ``.qm`` files are build output, never
committed. :class:`LanguageManager` switches the language at run time; widgets
retranslate themselves on ``QEvent.LanguageChange``, most simply through a
:class:`TextBinder`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QObject, QTranslator, Signal

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = ROOT / "ui"
PREFIX = "techbar"
SOURCE_LANGUAGE = "en"
#: Every language the kiosk can speak, named in itself (shown on the switcher).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español", "de": "Deutsch"}
_TOOL_TIMEOUT_S = 120


def ts_path(language: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"{PREFIX}_{language}.ts"


def qm_path(language: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"{PREFIX}_{language}.qm"


def find_tool(name: str) -> Path:
    """A PySide6 tool (``lrelease``, ``lupdate``) of the running interpreter's install.

    Looks for ``pyside6-<name>`` next to ``sys.executable``, then for the binary in
    PySide6's package directory, then on ``PATH``.

    Raises:
        FileNotFoundError: the tool is nowhere.
    """
    candidates = [Path(sys.executable).parent / f"pyside6-{name}"]
    try:
        import PySide6

        candidates.append(Path(PySide6.__file__).parent / name)
    except ImportError:  # pragma: no cover - PySide6 is a dependency
        pass
    on_path = shutil.which(f"pyside6-{name}")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"pyside6-{name} not found (is PySide6 installed in this venv?)")


def build_translations(directory: Path = TRANSLATIONS, out: Path | None = None) -> list[Path]:
    """Compile every ``techbar_*.ts`` in ``directory`` to ``.qm`` (into ``out`` or beside it).

    Raises:
        FileNotFoundError: pyside6-lrelease is missing.
        subprocess.CalledProcessError: lrelease failed.
    """
    tool = find_tool("lrelease")
    target = out or directory
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for ts in sorted(directory.glob(f"{PREFIX}_*.ts")):
        qm = target / ts.with_suffix(".qm").name
        _run([str(tool), "-silent", "-removeidentical", str(ts), "-qm", str(qm)])
        written.append(qm)
    return written


def update_translations(languages: Sequence[str] = ("es", "de"),
                        directory: Path = TRANSLATIONS,
                        sources: Sequence[Path] | None = None) -> list[Path]:
    """Refresh the ``.ts`` files from the ``tr()`` calls in ``sources`` (default ``ui/*.py``).

    Each of ``languages`` gets every message; English (the source language) gets only
    the plural forms ("%n seconds"). Obsolete messages are dropped; new ones arrive
    unfinished, for a translator.
    """
    tool = find_tool("lupdate")
    files = [str(p) for p in (sources or source_files())]
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for language in (SOURCE_LANGUAGE, *languages):
        ts = ts_path(language, directory)
        extra = ["-pluralonly"] if language == SOURCE_LANGUAGE else []
        _run([str(tool), "-silent", "-no-obsolete", "-locations", "none", *extra,
              "-source-language", SOURCE_LANGUAGE, "-target-language", language,
              *files, "-ts", str(ts)])
        written.append(ts)
    return written


def source_files() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True, timeout=_TOOL_TIMEOUT_S)


class LanguageManager(QObject):
    """Installs one QTranslator on the application and switches it at run time.

    English is the source language: its translator only holds plural forms, and the
    kiosk still works without it. A missing ``.qm`` is built from its ``.ts`` once,
    so a fresh checkout works without a build step.

    Qt delivers ``QEvent.LanguageChange`` to the widgets on the next turn of the event
    loop; a view that must show the new texts at once can retranslate itself on
    ``language_changed``.

    Signals:
        language_changed(str): the new language code, after the translator changed.
    """

    language_changed = Signal(str)

    def __init__(self, languages: Sequence[str] = ("en", "es", "de"), default: str = "en",
                 directory: Path = TRANSLATIONS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        known = [code for code in languages if code in LANGUAGE_NAMES]
        self.languages: tuple[str, ...] = tuple(known) or (SOURCE_LANGUAGE,)
        self.default = default if default in self.languages else self.languages[0]
        self.directory = directory
        self._translator: QTranslator | None = None
        self._language = ""
        self._built = False
        if not self.set_language(self.default):
            self._language = SOURCE_LANGUAGE

    @property
    def language(self) -> str:
        return self._language

    def names(self) -> list[tuple[str, str]]:
        """``(code, name in its own language)`` for the switcher."""
        return [(code, LANGUAGE_NAMES[code]) for code in self.languages]

    def set_language(self, code: str) -> bool:
        """Switch to ``code``; False (and no change) when it cannot be loaded."""
        if code == self._language:
            return True
        if code not in self.languages:
            return False
        translator = self._load(code)
        if code != SOURCE_LANGUAGE and translator is None:
            return False
        app = QCoreApplication.instance()
        if self._translator is not None and app is not None:
            QCoreApplication.removeTranslator(self._translator)
        self._translator = translator
        if translator is not None:
            QCoreApplication.installTranslator(translator)
        self._language = code
        QLocale.setDefault(QLocale(code))
        self.language_changed.emit(code)
        return True

    def reset(self) -> None:
        """Back to the default language (for the next visitor)."""
        self.set_language(self.default)

    def release(self) -> None:
        """Take this manager's translator off the application (its view is closing).

        Another view built afterwards starts from the untranslated texts, whatever
        language this one was showing.
        """
        if self._translator is not None:
            QCoreApplication.removeTranslator(self._translator)
            self._translator = None
        self._language = ""

    def _load(self, code: str) -> QTranslator | None:
        path = qm_path(code, self.directory)
        if not ts_path(code, self.directory).exists():
            return None
        if not path.exists() and not self._built:
            self._built = True
            try:
                build_translations(self.directory)
            except (OSError, subprocess.SubprocessError):
                log.warning("cannot build the translations", exc_info=True)
        translator = QTranslator(self)
        if not translator.load(str(path)):
            log.warning("no translation for '%s' (%s)", code, path.name)
            return None
        return translator


class TextBinder:
    """Remembers how each text is made, so all of them can be made again in a new language.

    ``bind(label.setText, lambda: self.tr("Hello"))`` sets the text now and again
    on every :meth:`retranslate` (call it from ``changeEvent`` on LanguageChange).
    """

    def __init__(self) -> None:
        self._bindings: list[tuple[Callable[[str], object], Callable[[], str]]] = []

    def bind(self, setter: Callable[[str], object], source: Callable[[], str]) -> None:
        setter(source())
        self._bindings.append((setter, source))

    def retranslate(self) -> None:
        for setter, source in self._bindings:
            setter(source())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ui.common.i18n build|update``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["build"]:
        paths = build_translations()
    elif args == ["update"]:
        paths = update_translations()
    else:
        sys.stderr.write("usage: python -m ui.common.i18n build|update\n")
        return 2
    for path in paths:
        sys.stdout.write(f"{path.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
