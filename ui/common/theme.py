"""The look: Fusion style, a palette, the application font and a QSS theme.

One QSS template (``resources/themes/base.qss``) is filled with a theme's named
colours (:data:`THEMES`: light and high-contrast); a scale factor enlarges every
font size for the larger-text setting. :data:`TEXT_PAIRS` and :data:`UI_PAIRS` list
the foreground/background pairs the template uses, so a test can check their WCAG
contrast.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEME_DIR = Path(__file__).resolve().parents[2] / "resources" / "themes"
ARROW_DIR = THEME_DIR.parent / "icons"
TEMPLATE = THEME_DIR / "base.qss"
FONT_FAMILIES = ["Inter", "Segoe UI", "Noto Sans", "Cantarell", "DejaVu Sans", "Arial"]
BASE_FONT_PX = 15
LARGE_TEXT_SCALE = 1.25
_FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


@dataclass(frozen=True)
class ThemeColours:
    """The named colours of one theme (``#rrggbb``); the template refers to them by name."""

    canvas: str
    surface: str
    surface_alt: str
    ink: str
    ink_soft: str
    muted: str
    button_text: str
    border: str
    border_strong: str
    field_border: str
    hover: str
    pressed: str
    accent: str
    accent_text: str
    on_accent: str
    accent_hover: str
    accent_pressed: str
    accent_soft: str
    accent_soft_border: str
    focus: str
    focus_on_accent: str
    selection: str
    invalid: str
    error_text: str
    error_bg: str
    error_border: str
    info_text: str
    info_bg: str
    info_border: str
    success_text: str
    success_bg: str
    success_border: str
    disabled_text: str
    disabled_bg: str
    alert: str
    scrim: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


LIGHT = ThemeColours(
    canvas="#f3f5f9", surface="#ffffff", surface_alt="#f6f8fb", ink="#111827",
    ink_soft="#374151", muted="#4b5563", button_text="#1f2937", border="#dde2ea",
    border_strong="#758093", field_border="#7b8596", hover="#f1f4f9", pressed="#e5e7eb",
    accent="#1d4ed8", accent_text="#1d4ed8", on_accent="#ffffff", accent_hover="#1e40af",
    accent_pressed="#1e3a8a", accent_soft="#e8eefc", accent_soft_border="#5b83e6",
    focus="#1d4ed8", focus_on_accent="#000000", selection="#dbe7ff", invalid="#b91c1c",
    error_text="#991b1b", error_bg="#fef2f2", error_border="#e05252",
    info_text="#1e3a8a", info_bg="#eff6ff", info_border="#93b4f5",
    success_text="#14532d", success_bg="#f0fdf4", success_border="#4ade80",
    disabled_text="#4b5563", disabled_bg="#e5e7eb", alert="#a14a06", scrim="#0f172a",
)

HIGH_CONTRAST = ThemeColours(
    canvas="#000000", surface="#0d0d0d", surface_alt="#1a1a1a", ink="#ffffff",
    ink_soft="#ffffff", muted="#e6e6e6", button_text="#ffffff", border="#ffffff",
    border_strong="#ffffff", field_border="#ffffff", hover="#262626", pressed="#333333",
    accent="#ffd500", accent_text="#ffd500", on_accent="#000000", accent_hover="#ffe14d",
    accent_pressed="#e6c000", accent_soft="#333000", accent_soft_border="#ffd500",
    focus="#00e5ff", focus_on_accent="#000000", selection="#333000", invalid="#ff6b6b",
    error_text="#ffb3b3", error_bg="#1a0000", error_border="#ff6b6b",
    info_text="#b3e5ff", info_bg="#001a26", info_border="#66ccff",
    success_text="#b3ffb3", success_bg="#001a00", success_border="#66ff66",
    disabled_text="#d9d9d9", disabled_bg="#333333", alert="#ffd500", scrim="#000000",
)

THEMES: dict[str, ThemeColours] = {"light": LIGHT, "high-contrast": HIGH_CONTRAST}

#: Text colours on the backgrounds they are drawn on (WCAG AA: 4.5:1).
TEXT_PAIRS: tuple[tuple[str, str], ...] = (
    ("ink", "canvas"), ("ink", "surface"), ("ink", "surface_alt"), ("ink", "hover"),
    ("ink", "selection"), ("ink", "accent_soft"), ("ink_soft", "surface"),
    ("ink_soft", "canvas"), ("muted", "canvas"), ("muted", "surface"),
    ("muted", "surface_alt"), ("muted", "hover"), ("button_text", "surface"),
    ("button_text", "hover"), ("button_text", "pressed"), ("accent_text", "surface"),
    ("accent_text", "canvas"), ("accent_text", "accent_soft"), ("on_accent", "accent"),
    ("on_accent", "accent_hover"), ("on_accent", "accent_pressed"),
    ("error_text", "error_bg"), ("error_text", "surface"), ("info_text", "info_bg"),
    ("info_text", "selection"), ("success_text", "success_bg"),
    ("disabled_text", "disabled_bg"),
    # the queue's states, marks and waits, on its rows (plain, alternate, selected, new)
    *((fg, bg) for fg in ("accent_text", "success_text", "alert", "error_text", "invalid")
      for bg in ("surface", "surface_alt", "selection", "accent_soft")),
)

#: Borders, focus rings and other non-text parts (WCAG AA: 3:1).
UI_PAIRS: tuple[tuple[str, str], ...] = (
    ("field_border", "surface"), ("field_border", "canvas"), ("focus", "surface"),
    ("focus", "canvas"), ("focus_on_accent", "accent"), ("invalid", "surface"),
    ("accent", "canvas"), ("accent", "surface"), ("border_strong", "surface"),
    ("border_strong", "canvas"), ("alert", "surface"), ("accent_soft_border", "surface"),
)


def theme_colours(name: str = "light") -> ThemeColours:
    """The colours of a theme.

    Raises:
        KeyError: no theme of that name.
    """
    try:
        return THEMES[name]
    except KeyError:
        raise KeyError(f"unknown theme '{name}': use one of {', '.join(THEMES)}") from None


def template_text() -> str:
    return TEMPLATE.read_text(encoding="utf-8")


def load_stylesheet(name: str = "light", scale: float = 1.0) -> str:
    """The QSS of a theme, every font size multiplied by ``scale``.

    Raises:
        KeyError: no theme of that name (or the template names an unknown colour).
    """
    colours = theme_colours(name)
    return _scaled(_with_arrows(Template(template_text()).substitute(colours.as_dict()),
                                colours), scale)


def _scaled(qss: str, scale: float) -> str:
    """``qss`` with every font size multiplied by ``scale``."""
    if scale == 1.0:
        return qss
    return _FONT_SIZE.sub(lambda m: f"font-size: {round(int(m.group(1)) * scale)}px", qss)


def _with_arrows(qss: str, colours: ThemeColours) -> str:
    """Fill ``@arrow-down@`` and ``@arrow-up@`` with the drop-down arrows drawn for the theme:
    dark strokes on a light surface, light ones on a dark surface."""
    shade = "light" if QColor(colours.surface).lightnessF() < 0.5 else "dark"
    for way in ("down", "up"):
        qss = qss.replace(f"@arrow-{way}@", (ARROW_DIR / f"arrow-{way}-{shade}.svg").as_posix())
    return qss


def apply_theme(app: QApplication, name: str = "light", *, large_text: bool = False) -> None:
    """Style the whole application: Fusion, palette, font and the theme's QSS."""
    scale = LARGE_TEXT_SCALE if large_text else 1.0
    app.setStyle("Fusion")
    app.setPalette(_palette(theme_colours(name)))
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(round(BASE_FONT_PX * scale))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(load_stylesheet(name, scale))
    app.setProperty("techbar_theme", name)
    app.setProperty("techbar_text_scale", scale)


def current_colours(app: QApplication | None = None) -> ThemeColours:
    """The colours of the theme last applied to the application (light when none)."""
    instance = app or QApplication.instance()
    name = instance.property("techbar_theme") if instance is not None else None
    return THEMES.get(str(name), LIGHT)


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


def _palette(colours: ThemeColours) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: colours.canvas,
        QPalette.ColorRole.WindowText: colours.ink,
        QPalette.ColorRole.Base: colours.surface,
        QPalette.ColorRole.AlternateBase: colours.surface_alt,
        QPalette.ColorRole.Text: colours.ink,
        QPalette.ColorRole.Button: colours.surface,
        QPalette.ColorRole.ButtonText: colours.button_text,
        QPalette.ColorRole.Highlight: colours.accent,
        QPalette.ColorRole.HighlightedText: colours.on_accent,
        QPalette.ColorRole.ToolTipBase: colours.surface,
        QPalette.ColorRole.ToolTipText: colours.ink,
        QPalette.ColorRole.PlaceholderText: colours.muted,
        QPalette.ColorRole.Link: colours.accent_text,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colours.disabled_text))
    return palette


def window_stylesheet(filename: str, *, follow_text_size: bool = True) -> str:
    """A window's own QSS template (``resources/themes/<filename>``) in the current theme,
    its font sizes as large as the application's text (``large_text``) unless
    ``follow_text_size`` is False (the display board, sized to be read across a room)."""
    text = (THEME_DIR / filename).read_text(encoding="utf-8")
    app = QApplication.instance()
    scale = app.property("techbar_text_scale") if app is not None else None
    if not follow_text_size or not isinstance(scale, (int, float)):
        scale = 1.0
    return _scaled(Template(text).substitute(current_colours().as_dict()), float(scale))
