"""The reasons for a visit as big touch tiles: an icon, the label and the wait target;
and, for the details page, an example of what to write for each reason.

Labels come from the settings, per language; the view calls ``retranslate(language)``
on a language switch and Qt's ``tr()`` does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.config import Category
from kiosk.domain.estimate import WaitEstimate
from ui.checkin.waits import wait_text
from ui.common.theme import set_kind
from ui.common.widgets import IconBadge, plain_label

TILE_COLUMNS = 2


# Examples for the default categories, made on demand in the current language (each
# literal also sits in a ``translate()`` call, where lupdate finds it).
_HINTS: dict[str, Callable[[], str]] = {
    "laptop": lambda: QCoreApplication.translate(
        "DescriptionHint", "e.g. My laptop won't connect to the Wi-Fi"),
    "account": lambda: QCoreApplication.translate(
        "DescriptionHint", "e.g. I'm locked out since I changed my password"),
    "mobile": lambda: QCoreApplication.translate(
        "DescriptionHint", "e.g. My work email stopped syncing on my phone"),
    "software": lambda: QCoreApplication.translate(
        "DescriptionHint", "e.g. Excel closes when I open a shared file"),
    "pickup": lambda: QCoreApplication.translate(
        "DescriptionHint", "e.g. Returning a loan laptop, or collecting a repair"),
}


def category_label(category: Category, language: str) -> str:
    """The category's label in ``language`` (``label_for`` when the settings have it)."""
    label_for = getattr(category, "label_for", None)
    if callable(label_for):
        return str(label_for(language))
    return category.label


def description_hint(category_id: str | None) -> str:
    """An example of what to write about a visit for ``category_id``, in the current
    language (a general one for a category of the site's own, or none)."""
    hint = _HINTS.get(category_id or "")
    if hint is not None:
        return hint()
    return QCoreApplication.translate("DescriptionHint",
                                      "A few words about what is wrong, and since when")


def category_icon(category: Category) -> str:
    """The name of the category's icon (its ``icon`` setting, else its id)."""
    return str(getattr(category, "icon", "") or category.id)


class CategoryTile(QPushButton):
    """A big touch tile for one category: its icon, the label and the wait target."""

    def __init__(self, category: Category, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = category
        self.category_id = category.id
        self.estimate: WaitEstimate | None = None
        self._language = language
        set_kind(self, "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        badge = IconBadge(category_icon(category), 64, self)
        self.title_label = plain_label("", "tile-title", wrap=True)
        self.hint_label = plain_label("", "tile-hint", wrap=True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 16)
        layout.setSpacing(20)
        layout.addWidget(badge, 0, Qt.AlignmentFlag.AlignVCenter)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addStretch(1)
        text.addWidget(self.title_label)
        text.addWidget(self.hint_label)
        text.addStretch(1)
        layout.addLayout(text, 1)
        for child in (badge, self.title_label, self.hint_label):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.retranslate(language)

    def set_wait(self, estimate: WaitEstimate | None) -> None:
        """The wait a visitor checking in now would be told (None: the target instead)."""
        self.estimate = estimate
        self.retranslate(self._language)

    def retranslate(self, language: str) -> None:
        self._language = language
        minutes = int(self.category.wait_target.total_seconds() // 60)
        label = category_label(self.category, language)
        hint = (wait_text(self.estimate, QLocale(language)) if self.estimate is not None
                else self.tr("We aim to see you within %n min", "", minutes))
        self.title_label.setText(label)
        self.hint_label.setText(hint)
        self.setAccessibleName(label)
        self.setAccessibleDescription(hint)


class CategoryGrid(QWidget):
    """The category tiles, two to a row; arrow keys move between them.

    Signals:
        chosen(str): the id of the category tapped.
    """

    chosen = Signal(str)

    def __init__(self, categories: Sequence[Category], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(16)
        self.tiles: dict[str, CategoryTile] = {}
        for index, category in enumerate(categories):
            tile = CategoryTile(category, language, self)
            tile.clicked.connect(lambda _=False, cid=category.id: self.chosen.emit(cid))
            grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
            tile.installEventFilter(self)
            self.tiles[category.id] = tile

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys move through the grid (buttons alone would follow the focus chain)."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            return self.move_focus(event.key())
        return False

    def first_tile(self) -> CategoryTile | None:
        return next(iter(self.tiles.values()), None)

    def retranslate(self, language: str) -> None:
        for tile in self.tiles.values():
            tile.retranslate(language)

    def set_waits(self, waits: Mapping[str, WaitEstimate]) -> None:
        """Each tile's live wait (tiles the core gave none for keep their target)."""
        for category_id, tile in self.tiles.items():
            tile.set_wait(waits.get(category_id))

    def move_focus(self, key: int) -> bool:
        """Move the focus for an arrow key; whether the key was used."""
        steps = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1,
                 Qt.Key.Key_Up: -TILE_COLUMNS, Qt.Key.Key_Down: TILE_COLUMNS}
        step = steps.get(Qt.Key(key))
        tiles = list(self.tiles.values())
        focused = next((i for i, tile in enumerate(tiles) if tile.hasFocus()), None)
        if step is None or focused is None:
            return False
        target = focused + step
        if 0 <= target < len(tiles):
            tiles[target].setFocus(Qt.FocusReason.TabFocusReason)
        return True
