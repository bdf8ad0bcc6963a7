"""The system libraries Qt needs on a Linux desktop, checked before Qt aborts without them.

Qt's xcb platform plugin (X11, and XWayland) loads a dozen libraries that a fresh
desktop may lack; without one, Qt prints a plugin error and aborts the process. This
module looks for each library first and names the packages to install instead.
Nothing here imports Qt.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

from kiosk.errors import KioskError

#: The shared library, then its Debian/Ubuntu package and its Fedora package.
LIBRARIES: tuple[tuple[str, str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    ("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    ("libEGL.so.1", "libegl1", "libglvnd-egl"),
    ("libGL.so.1", "libgl1", "libglvnd-glx"),
    ("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    ("libdbus-1.so.3", "libdbus-1-3", "dbus-libs"),
    ("libpulse.so.0", "libpulse0", "pulseaudio-libs"),
)


class DesktopLibrariesMissing(KioskError):
    """Qt could not open a window here: system libraries are missing."""


def uses_xcb(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """Whether Qt will use its xcb plugin (Linux, and no other platform chosen)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0]
    if not platform.startswith("linux") or chosen not in ("", "xcb"):
        return False
    return chosen == "xcb" or not environ.get("WAYLAND_DISPLAY")


def missing_libraries(load: Callable[[str], object] = ctypes.CDLL
                      ) -> list[tuple[str, str, str]]:
    """The entries of :data:`LIBRARIES` that cannot be loaded."""
    missing = []
    for entry in LIBRARIES:
        try:
            load(entry[0])
        except OSError:
            missing.append(entry)
    return missing


def require_desktop_libraries(environ: Mapping[str, str] = os.environ,
                              load: Callable[[str], object] = ctypes.CDLL) -> None:
    """Raise one clear error naming what to install, instead of Qt's abort.

    Raises:
        DesktopLibrariesMissing: with the Debian/Ubuntu and the Fedora command.
    """
    if not uses_xcb(environ):
        return
    if not environ.get("DISPLAY"):
        raise DesktopLibrariesMissing(
            "there is no display to open windows on (DISPLAY is not set); run it on a "
            "desktop, or under Xvfb (xvfb-run python main.py)")
    missing = missing_libraries(load)
    if not missing:
        return
    names = ", ".join(entry[0] for entry in missing)
    debian = " ".join(dict.fromkeys(entry[1] for entry in missing))
    fedora = " ".join(dict.fromkeys(entry[2] for entry in missing))
    raise DesktopLibrariesMissing(
        f"the desktop lacks {names}; install them with 'sudo apt-get install {debian}' "
        f"(Fedora: 'sudo dnf install {fedora}')")
