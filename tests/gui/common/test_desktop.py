"""The desktop's system libraries: one line naming the packages instead of Qt's abort."""

from __future__ import annotations

import pytest

from ui.common.desktop import (
    LIBRARIES,
    DesktopLibrariesMissing,
    missing_libraries,
    require_desktop_libraries,
    uses_xcb,
)

WITHOUT = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def fake_load(name: str) -> object:
    if name in WITHOUT:
        raise OSError(f"{name}: cannot open shared object file")
    return object()


def test_a_fresh_desktop_is_told_which_packages_to_install() -> None:
    with pytest.raises(DesktopLibrariesMissing) as missing:
        require_desktop_libraries({"DISPLAY": ":0"}, load=fake_load)
    message = str(missing.value)
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1'" in message
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms'" in message
    assert "\n" not in message


def test_nothing_is_said_when_everything_is_there_or_qt_draws_elsewhere() -> None:
    require_desktop_libraries({"DISPLAY": ":0"}, load=lambda _name: object())
    require_desktop_libraries({"QT_QPA_PLATFORM": "offscreen"}, load=fake_load)
    require_desktop_libraries({"WAYLAND_DISPLAY": "wayland-0"}, load=fake_load)
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not uses_xcb({}, "win32")


def test_without_a_display_it_says_so() -> None:
    with pytest.raises(DesktopLibrariesMissing, match="DISPLAY is not set"):
        require_desktop_libraries({}, load=lambda _name: object())


def test_the_list_names_every_library_once() -> None:
    names = [entry[0] for entry in LIBRARIES]
    assert len(names) == len(set(names))
    assert [e[0] for e in missing_libraries(fake_load)] == [n for n in names if n in WITHOUT]


def test_only_http_links_are_ever_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtGui import QDesktopServices

    from ui.common.widgets import open_link

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()) or True)
    assert not open_link("file:///etc/passwd")
    assert not open_link("javascript:alert(1)")
    assert open_link("https://rt.example.com/Ticket/7")
    assert opened == ["https://rt.example.com/Ticket/7"]
