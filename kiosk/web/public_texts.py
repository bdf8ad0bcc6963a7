"""The public page's words (English, Spanish, German) and its view of the floor.

:func:`public_view` turns a :class:`~kiosk.web.public_feed.PublicSummary` into the texts
the page, the embeddable fragment, their JSON and their live events show, so the browser's
script only places them. Nothing here knows who is waiting: only how many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kiosk.config import Category
from kiosk.config.hours import clock_text
from kiosk.web.texts import Words, wait_text

if TYPE_CHECKING:
    from kiosk.web.public_feed import PublicSummary

_EN = {
    "title": "{site}: live status",
    "heading": "{site} right now",
    "open": "Open now",
    "closed": "Closed now",
    "hours_today": "Today's hours: {start}\u2013{end}",
    "closed_today": "Closed all day today",
    "waiting_0": "No one is waiting.",
    "waiting_1": "1 person is waiting.",
    "waiting_n": "{n} people are waiting.",
    "waits": "Current wait by reason",
    "reason": "Reason",
    "wait": "Expected wait",
    "wait_few": "a few minutes",
    "wait_under": "under {high} minutes",
    "wait_range": "about {low}\u2013{high} minutes",
    "wait_half_hour": "under half an hour",
    "wait_hour": "under an hour",
    "wait_over_hour": "more than an hour",
    "wait_maybe_hour": "perhaps more than an hour",
    "waits_closed": "Waits are shown while we are open.",
    "notices": "Known issues",
    "no_notices": "No known issues right now.",
    "info": "Information",
    "warning": "Warning",
    "critical": "Outage",
    "live": "This page updates by itself.",
    "full_page": "Open the full status page",
    "language": "Language",
}
_ES = {
    "title": "{site}: estado en directo",
    "heading": "{site} ahora mismo",
    "open": "Abierto ahora",
    "closed": "Cerrado ahora",
    "hours_today": "Horario de hoy: {start}\u2013{end}",
    "closed_today": "Hoy cerrado todo el día",
    "waiting_0": "No hay nadie esperando.",
    "waiting_1": "Hay 1 persona esperando.",
    "waiting_n": "Hay {n} personas esperando.",
    "waits": "Espera actual por motivo",
    "reason": "Motivo",
    "wait": "Espera prevista",
    "wait_few": "unos minutos",
    "wait_under": "menos de {high} minutos",
    "wait_range": "unos {low}\u2013{high} minutos",
    "wait_half_hour": "menos de media hora",
    "wait_hour": "menos de una hora",
    "wait_over_hour": "más de una hora",
    "wait_maybe_hour": "quizá más de una hora",
    "waits_closed": "Las esperas se muestran mientras estamos abiertos.",
    "notices": "Incidencias conocidas",
    "no_notices": "No hay incidencias conocidas en este momento.",
    "info": "Información",
    "warning": "Aviso",
    "critical": "Caída del servicio",
    "live": "Esta página se actualiza sola.",
    "full_page": "Abrir la página de estado completa",
    "language": "Idioma",
}
_DE = {
    "title": "{site}: Live-Status",
    "heading": "{site} im Moment",
    "open": "Jetzt geöffnet",
    "closed": "Jetzt geschlossen",
    "hours_today": "Heute geöffnet: {start}\u2013{end}",
    "closed_today": "Heute ganztägig geschlossen",
    "waiting_0": "Niemand wartet.",
    "waiting_1": "1 Person wartet.",
    "waiting_n": "{n} Personen warten.",
    "waits": "Aktuelle Wartezeit nach Anliegen",
    "reason": "Anliegen",
    "wait": "Voraussichtliche Wartezeit",
    "wait_few": "wenige Minuten",
    "wait_under": "unter {high} Minuten",
    "wait_range": "etwa {low}\u2013{high} Minuten",
    "wait_half_hour": "unter einer halben Stunde",
    "wait_hour": "unter einer Stunde",
    "wait_over_hour": "mehr als eine Stunde",
    "wait_maybe_hour": "vielleicht mehr als eine Stunde",
    "waits_closed": "Wartezeiten werden während der Öffnungszeiten angezeigt.",
    "notices": "Bekannte Störungen",
    "no_notices": "Derzeit sind keine Störungen bekannt.",
    "info": "Information",
    "warning": "Warnung",
    "critical": "Ausfall",
    "live": "Diese Seite aktualisiert sich selbst.",
    "full_page": "Vollständige Statusseite öffnen",
    "language": "Sprache",
}
CATALOGUE: Mapping[str, Mapping[str, str]] = {"en": _EN, "es": _ES, "de": _DE}


class PublicWords(Words):
    """The public page's texts in one language (English when it has none): the status
    page's lookup, over this page's own catalogue."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self._texts = CATALOGUE[self.language]


def waiting_words(count: int, words: PublicWords) -> str:
    if count == 0:
        return words["waiting_0"]
    return words["waiting_1"] if count == 1 else words("waiting_n", n=count)


def public_view(summary: PublicSummary, words: PublicWords, site: str,
                categories: Sequence[Category]) -> dict[str, Any]:
    """The page's texts: open or closed, today's hours, the waits, the notices."""
    lang = words.language
    hours = (words("hours_today", start=clock_text(summary.hours[0]),
                   end=clock_text(summary.hours[1]))
             if summary.hours is not None else words["closed_today"])
    state = words["open" if summary.open else "closed"]
    waiting = waiting_words(summary.waiting, words)
    waits = dict(summary.waits)
    return {
        "title": words("title", site=site),
        "open": summary.open,
        "state": state,
        "hours": hours,
        "waiting": summary.waiting,
        "waiting_text": waiting,
        "announce": f"{state}. {waiting}",
        "waits": [{"category": c.id, "label": c.label_for(lang),
                   "text": wait_text(waits[c.id], words)}
                  for c in categories if c.id in waits] if summary.open else [],
        "notices": [{"severity": n.severity, "kind": words[n.severity],
                     "title": n.title_for(lang), "message": n.message_for(lang)}
                    for n in summary.notices],
    }
