"""The look: Fusion style, a palette, the application font and a QSS theme file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = Path(__file__).resolve().parent.parent / "resources" / "themes"
FONT_FAMILIES = ["Inter", "Segoe UI", "Noto Sans", "Cantarell", "DejaVu Sans", "Arial"]


def theme_path(name: str = "light") -> Path:
    return THEMES / f"{name}.qss"


def load_stylesheet(name: str = "light") -> str:
    """The QSS text of a theme in ``resources/themes``.

    Raises:
        FileNotFoundError: no theme of that name.
    """
    return theme_path(name).read_text(encoding="utf-8")


def apply_theme(app: QApplication, name: str = "light") -> None:
    """Style the whole application: Fusion, palette, font and the theme's QSS."""
    app.setStyle("Fusion")
    app.setPalette(_palette())
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(15)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(load_stylesheet(name))


def set_kind(widget: QWidget, kind: str, tone: str | None = None) -> None:
    """Tag a widget for the theme (``kind`` and optional ``tone`` properties) and restyle it."""
    widget.setProperty("kind", kind)
    if tone is not None:
        widget.setProperty("tone", tone)
    restyle(widget)


def set_property(widget: QWidget, name: str, value: object) -> None:
    """Change a property the theme selects on, and apply the change at once."""
    if widget.property(name) != value:
        widget.setProperty(name, value)
        restyle(widget)


def restyle(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def _palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#f3f5f9",
        QPalette.ColorRole.WindowText: "#111827",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fb",
        QPalette.ColorRole.Text: "#111827",
        QPalette.ColorRole.Button: "#ffffff",
        QPalette.ColorRole.ButtonText: "#1f2937",
        QPalette.ColorRole.Highlight: "#1d4ed8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffff",
        QPalette.ColorRole.ToolTipText: "#111827",
        QPalette.ColorRole.PlaceholderText: "#6b7280",
        QPalette.ColorRole.Link: "#1d4ed8",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#4b5563"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                     QColor("#4b5563"))
    return palette
