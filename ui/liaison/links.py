"""A visit's status link for the liaison: shown to read out or copy, and sent again.

The address comes from ``Core.notify.link`` and "Send again" queues it to the visitor by
the way they chose (``Core.notify.resend_link``), both on the task runner.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from ui.common.tasks import TaskRunner, describe_error
from ui.common.widgets import MessageArea, button, plain_label


class StatusLinks(Protocol):
    """What the dialog needs of ``Core.notify``."""

    def link(self, visit_id: str) -> str: ...

    def resend_link(self, visit_id: str) -> str: ...


class StatusLinkDialog(QDialog):
    """The link of one visit, selectable, with "Copy" and "Send again".

    Args:
        ticket: the visit's ticket number (the title says whose link it is).
        url: the status page's address, from ``link``.
    """

    def __init__(self, ticket: str, visit_id: str, url: str, links: StatusLinks,
                 runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visit_id = visit_id
        self.links = links
        self.runner = runner
        self.setWindowTitle(f"Status link for {ticket}")
        self.setMinimumWidth(560)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 18, 20, 18)
        box.setSpacing(10)
        box.addWidget(plain_label(
            f"The visitor with ticket {ticket} can follow their place in line at this "
            "address. Read it out, copy it, or send it again the way they chose.",
            "field", wrap=True))
        self.url_edit = QLineEdit(url, self)
        self.url_edit.setReadOnly(True)
        self.url_edit.setAccessibleName("Status link")
        self.url_edit.setCursorPosition(0)
        box.addWidget(self.url_edit)
        self.message = MessageArea(self)
        self.message.setAccessibleName("What happened")
        self.message.hide()
        box.addWidget(self.message)
        row = QHBoxLayout()
        self.copy_button = button("Copy")
        self.send_button = button("Send again", "primary")
        self.close_button = button("Close")
        row.addWidget(self.copy_button)
        row.addWidget(self.send_button)
        row.addStretch(1)
        row.addWidget(self.close_button)
        box.addLayout(row)
        self.copy_button.clicked.connect(self.on_copy_clicked)
        self.send_button.clicked.connect(self.on_send_clicked)
        self.close_button.clicked.connect(self.accept)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.url_edit.text())
        self.message.show_success("Copied.")

    def on_send_clicked(self) -> None:
        links, visit_id = self.links, self.visit_id
        self.send_button.setEnabled(False)
        self.runner.run(lambda: links.resend_link(visit_id), self._on_sent, self._on_failed,
                        name="liaison.resend_link", context=self)

    def _on_sent(self, _url: str) -> None:
        self.send_button.setEnabled(True)
        self.message.show_success("Queued: the link goes out the way the visitor chose.")

    def _on_failed(self, error: BaseException) -> None:
        self.send_button.setEnabled(True)
        self.message.show_error(describe_error(error))

