"""Themes: WCAG AA contrast of every colour pair the template uses, larger text, parsing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QPushButton

from ui.common.theme import (
    TEXT_PAIRS,
    THEMES,
    UI_PAIRS,
    ThemeColours,
    apply_theme,
    load_stylesheet,
    template_text,
    window_stylesheet,
)

pytestmark = pytest.mark.gui


def luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#1d4ed8", "#ffffff") == pytest.approx(6.70, abs=0.02)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_text_pair_meets_aa(name: str) -> None:
    colours = THEMES[name].as_dict()
    low = {f"{fg} on {bg}": round(contrast(colours[fg], colours[bg]), 2)
           for fg, bg in TEXT_PAIRS if contrast(colours[fg], colours[bg]) < 4.5}
    assert low == {}


@pytest.mark.parametrize("name", sorted(THEMES))
def test_every_ui_part_meets_aa(name: str) -> None:
    colours = THEMES[name].as_dict()
    low = {f"{fg} on {bg}": round(contrast(colours[fg], colours[bg]), 2)
           for fg, bg in UI_PAIRS if contrast(colours[fg], colours[bg]) < 3.0}
    assert low == {}


def test_every_text_colour_in_the_template_is_checked() -> None:
    text = template_text()
    used = set(re.findall(r"(?<![-\w])color:\s*\$(\w+)", text))
    checked = {fg for fg, _ in TEXT_PAIRS}
    assert used, "the template names its text colours"
    assert used - checked == set(), "a text colour without a contrast check"
    borders = set(re.findall(r"border[\w-]*:\s*\d+px solid \$(\w+)", text))
    decorative = {"border", "accent_soft", "disabled_bg", "error_border", "info_border",
                  "success_border"}
    assert borders - {fg for fg, _ in UI_PAIRS} - decorative - checked == set()


def test_template_uses_only_named_colours_and_all_themes_fill_it() -> None:
    text = template_text()
    names = set(re.findall(r"\$(\w+)", text))
    assert names <= set(ThemeColours.__dataclass_fields__)
    stray = re.findall(r"#[0-9a-fA-F]{3,8}\b", text.split("*/", 1)[1])
    assert stray == [], "colours belong in the palettes"
    for name in THEMES:
        assert "$" not in load_stylesheet(name)


def test_larger_text_scales_every_font_size() -> None:
    normal = [int(x) for x in re.findall(r"font-size: (\d+)px", load_stylesheet("light"))]
    large = [int(x) for x in re.findall(r"font-size: (\d+)px", load_stylesheet("light", 1.25))]
    assert len(normal) == len(large) > 20
    assert all(big == round(small * 1.25) for small, big in zip(normal, large, strict=True))


@pytest.mark.parametrize("window", ["console.qss", "liaison.qss", "display.qss"])
def test_larger_text_scales_the_windows_own_font_sizes(qapp: QApplication, window: str) -> None:
    # The console's team chips, timeline and hints and the liaison's alerts are sized in
    # the windows' own style sheets: large text left them as they were. The board keeps
    # its sizes when asked to (it is read across a room, on a screen of its own).
    def sizes(**kwargs: bool) -> list[int]:
        return [int(x) for x in re.findall(r"font-size: (\d+)px",
                                           window_stylesheet(window, **kwargs))]

    try:
        apply_theme(qapp, "light")
        normal = sizes()
        apply_theme(qapp, "light", large_text=True)
        large, kept = sizes(), sizes(follow_text_size=False)
    finally:
        apply_theme(qapp, "light")
        qapp.setStyleSheet("")
    assert normal
    assert large == [round(size * 1.25) for size in normal]
    assert kept == normal


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_theme_parses_without_warnings(name: str, qapp: QApplication, qtlog: Any) -> None:
    try:
        apply_theme(qapp, name, large_text=True)
        probe = QPushButton("probe")
        probe.ensurePolished()
        assert qapp.font().pixelSize() == 19
        probe.deleteLater()
    finally:
        apply_theme(qapp, "light")
        qapp.setStyleSheet("")
    problems = [r.message for r in qtlog.records if "stylesheet" in r.message.lower()]
    assert problems == []
