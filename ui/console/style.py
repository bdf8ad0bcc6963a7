"""The console's own QSS rules (``resources/themes/console.qss``) in the current theme."""

from __future__ import annotations

from string import Template

from ui.common.theme import THEME_DIR, current_colours

CONSOLE_QSS = THEME_DIR / "console.qss"


def console_stylesheet() -> str:
    """``console.qss`` with the colours of the theme last applied to the application."""
    return Template(CONSOLE_QSS.read_text(encoding="utf-8")).substitute(
        current_colours().as_dict())
