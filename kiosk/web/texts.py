"""The status page's words in English, Spanish and German, and the page's view of a status.

The windows translate through Qt's .ts files; the web service has this small catalogue of
its own (no Qt here). :func:`status_view` turns a :class:`VisitStatus` into the texts the
page, its JSON and its live events show, so the browser's script only places them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kiosk.app.status import VisitStatus
from kiosk.domain.estimate import WaitEstimate
from kiosk.domain.text import LANGUAGES
from kiosk.domain.visit import VisitState

DEFAULT_LANGUAGE = "en"

_EN = {
    "your_ticket": "Your ticket",
    "reason": "Reason",
    "next": "You're next in line.",
    "number": "You are number {n} in line.",
    "in_line": "You're in line. We'll call your number soon.",
    "wait_few": "Estimated wait: a few minutes",
    "wait_under": "Estimated wait: under {high} minutes",
    "wait_range": "Estimated wait: about {low}\u2013{high} minutes",
    "wait_half_hour": "Estimated wait: under half an hour",
    "wait_hour": "Estimated wait: under an hour",
    "wait_over_hour": "Estimated wait: more than an hour",
    "wait_maybe_hour": "Estimated wait: perhaps more than an hour",
    "turn_desk": "It's your turn: go to {desk}",
    "turn": "It's your turn: please come to the Tech Bar",
    "turn_title": "\u25b6 Your turn! {ticket}",
    "in_service": "You're being helped now.",
    "parked": "Your visit is on hold. Please stay nearby: we'll call you.",
    "resolved": "Your visit has ended. Thank you for coming!",
    "escalated": "Your request went to a specialist team. Thank you for coming!",
    "no_show": "We called you but couldn't find you. Please see the front desk.",
    "cancelled": "You have left the line.",
    "live": "This page updates by itself: you can leave the waiting area and keep it open.",
    "title": "Ticket {ticket} \u00b7 {site}",
    "leave": "I no longer need help",
    "leave_title": "Leave the line?",
    "leave_question": "Ticket {ticket} will lose its place in line.",
    "leave_yes": "Yes, leave the line",
    "leave_no": "No, keep my place",
    "leave_refused": "You can't leave the line now: a technician is already with you.",
    "sound": "Turn on sound",
    "sound_on": "Sound is on",
    "language": "Language",
    "not_found_title": "Not found",
    "not_found": "This link is unknown or has expired. Please ask at the Tech Bar.",
    "busy_title": "Please try again",
    "busy": "The Tech Bar's system cannot be reached right now. Please try again in a moment.",
    "too_many": "Too many requests. Please wait a moment and try again.",
    "refused": "This request was refused.",
    "notify_title": "Tell me when I'm close",
    "notify_when": "When",
    "notify_ahead_n": "{n} people ahead of me",
    "notify_ahead_1": "1 person ahead of me",
    "notify_called": "Only when I'm called",
    "notify_how": "How",
    "notify_email": "E-mail to my work address",
    "notify_sms": "Text message",
    "notify_slack": "Slack message",
    "notify_teams": "Teams message",
    "notify_page": "Only on this page",
    "notify_phone": "Mobile number (for a text message)",
    "notify_phone_hint": "With the country code, like +44 7700 900123",
    "notify_save": "Save",
    "notify_back": "Back to my ticket",
    "told_none": "Nothing is sent: keep this page open to follow your place.",
    "told_email": "We'll e-mail {address}",
    "told_sms": "We'll text {address}",
    "told_slack": "We'll message you on Slack",
    "told_teams": "We'll message you on Teams",
    "told_ahead_1": "when 1 person is ahead of you, and when you're called.",
    "told_ahead_n": "when {n} people are ahead of you, and when you're called.",
    "told_called": "when you're called.",
    "bad_channel": "Please choose how to be told.",
    "bad_ahead": "Please choose when to be told.",
    "bad_phone": "Please type your mobile number with its country code, like +44 7700 900123.",
    "bad_email": "We have no work e-mail for you: choose a text message, or ask at the Tech Bar.",
    "bad_visit": "You're no longer waiting, so nothing can be sent now.",
    "bad_other": "That didn't work. Please check your choice and try again.",
}
_ES = {
    "your_ticket": "Tu número",
    "reason": "Motivo",
    "next": "Eres el siguiente.",
    "number": "Eres el número {n} de la fila.",
    "in_line": "Estás en la fila. Pronto llamaremos tu número.",
    "wait_few": "Espera estimada: unos minutos",
    "wait_under": "Espera estimada: menos de {high} minutos",
    "wait_range": "Espera estimada: unos {low}\u2013{high} minutos",
    "wait_half_hour": "Espera estimada: menos de media hora",
    "wait_hour": "Espera estimada: menos de una hora",
    "wait_over_hour": "Espera estimada: más de una hora",
    "wait_maybe_hour": "Espera estimada: quizá más de una hora",
    "turn_desk": "Es tu turno: ve a {desk}",
    "turn": "Es tu turno: acércate al Tech Bar",
    "turn_title": "\u25b6 ¡Es tu turno! {ticket}",
    "in_service": "Te están atendiendo.",
    "parked": "Tu visita está en pausa. Quédate cerca: te llamaremos.",
    "resolved": "Tu visita ha terminado. ¡Gracias por venir!",
    "escalated": "Tu solicitud pasó a un equipo especializado. ¡Gracias por venir!",
    "no_show": "Te llamamos pero no te encontramos. Pasa por el mostrador.",
    "cancelled": "Has dejado la fila.",
    "live": "Esta página se actualiza sola: puedes salir de la sala de espera y dejarla abierta.",
    "title": "Número {ticket} \u00b7 {site}",
    "leave": "Ya no necesito ayuda",
    "leave_title": "¿Dejar la fila?",
    "leave_question": "El número {ticket} perderá su lugar en la fila.",
    "leave_yes": "Sí, dejar la fila",
    "leave_no": "No, mantener mi lugar",
    "leave_refused": "Ya no puedes dejar la fila: un técnico ya te está atendiendo.",
    "sound": "Activar sonido",
    "sound_on": "Sonido activado",
    "language": "Idioma",
    "not_found_title": "No encontrado",
    "not_found": "Este enlace no existe o ha caducado. Pregunta en el Tech Bar.",
    "busy_title": "Inténtalo de nuevo",
    "busy": "No se puede acceder al sistema del Tech Bar ahora. Inténtalo en un momento.",
    "too_many": "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo.",
    "refused": "Se rechazó esta solicitud.",
    "notify_title": "Avísame cuando me toque pronto",
    "notify_when": "Cuándo",
    "notify_ahead_n": "Cuando queden {n} personas delante",
    "notify_ahead_1": "Cuando quede 1 persona delante",
    "notify_called": "Solo cuando me llamen",
    "notify_how": "Cómo",
    "notify_email": "Correo a mi dirección del trabajo",
    "notify_sms": "Mensaje de texto",
    "notify_slack": "Mensaje de Slack",
    "notify_teams": "Mensaje de Teams",
    "notify_page": "Solo en esta página",
    "notify_phone": "Número de móvil (para el mensaje de texto)",
    "notify_phone_hint": "Con el prefijo del país, como +34 612 345 678",
    "notify_save": "Guardar",
    "notify_back": "Volver a mi número",
    "told_none": "No se envía nada: deja esta página abierta para seguir tu lugar.",
    "told_email": "Te escribiremos a {address}",
    "told_sms": "Te enviaremos un mensaje al {address}",
    "told_slack": "Te escribiremos por Slack",
    "told_teams": "Te escribiremos por Teams",
    "told_ahead_1": "cuando quede 1 persona delante de ti, y cuando te llamen.",
    "told_ahead_n": "cuando queden {n} personas delante de ti, y cuando te llamen.",
    "told_called": "cuando te llamen.",
    "bad_channel": "Elige cómo quieres que te avisemos.",
    "bad_ahead": "Elige cuándo quieres que te avisemos.",
    "bad_phone": "Escribe tu número de móvil con el prefijo del país, como +34 612 345 678.",
    "bad_email": "No tenemos tu correo del trabajo: elige un mensaje de texto o pregunta en "
                 "el Tech Bar.",
    "bad_visit": "Ya no estás en la fila, así que no se puede enviar nada.",
    "bad_other": "No ha funcionado. Revisa tu elección e inténtalo de nuevo.",
}
_DE = {
    "your_ticket": "Ihre Nummer",
    "reason": "Anliegen",
    "next": "Sie sind als Nächstes dran.",
    "number": "Sie sind Nummer {n} in der Warteschlange.",
    "in_line": "Sie stehen in der Warteschlange. Wir rufen Ihre Nummer bald auf.",
    "wait_few": "Geschätzte Wartezeit: wenige Minuten",
    "wait_under": "Geschätzte Wartezeit: unter {high} Minuten",
    "wait_range": "Geschätzte Wartezeit: etwa {low}\u2013{high} Minuten",
    "wait_half_hour": "Geschätzte Wartezeit: unter einer halben Stunde",
    "wait_hour": "Geschätzte Wartezeit: unter einer Stunde",
    "wait_over_hour": "Geschätzte Wartezeit: mehr als eine Stunde",
    "wait_maybe_hour": "Geschätzte Wartezeit: vielleicht mehr als eine Stunde",
    "turn_desk": "Sie sind dran: bitte zu {desk}",
    "turn": "Sie sind dran: bitte kommen Sie zur Tech Bar",
    "turn_title": "\u25b6 Sie sind dran! {ticket}",
    "in_service": "Sie werden gerade bedient.",
    "parked": "Ihr Besuch ist pausiert. Bitte bleiben Sie in der Nähe: wir rufen Sie.",
    "resolved": "Ihr Besuch ist beendet. Danke für Ihren Besuch!",
    "escalated": "Ihr Anliegen ging an ein Fachteam. Danke für Ihren Besuch!",
    "no_show": "Wir haben Sie aufgerufen, aber nicht gefunden. Bitte melden Sie sich am Empfang.",
    "cancelled": "Sie haben die Warteschlange verlassen.",
    "live": "Diese Seite aktualisiert sich selbst: Sie können den Wartebereich verlassen "
            "und sie geöffnet lassen.",
    "title": "Nummer {ticket} \u00b7 {site}",
    "leave": "Ich brauche keine Hilfe mehr",
    "leave_title": "Warteschlange verlassen?",
    "leave_question": "Nummer {ticket} verliert ihren Platz in der Warteschlange.",
    "leave_yes": "Ja, Warteschlange verlassen",
    "leave_no": "Nein, Platz behalten",
    "leave_refused": "Sie können die Warteschlange nicht mehr verlassen: ein Techniker "
                     "kümmert sich bereits um Sie.",
    "sound": "Ton einschalten",
    "sound_on": "Ton ist an",
    "language": "Sprache",
    "not_found_title": "Nicht gefunden",
    "not_found": "Dieser Link ist unbekannt oder abgelaufen. Bitte fragen Sie an der Tech Bar.",
    "busy_title": "Bitte erneut versuchen",
    "busy": "Das System der Tech Bar ist gerade nicht erreichbar. Bitte versuchen Sie es "
            "gleich noch einmal.",
    "too_many": "Zu viele Anfragen. Bitte warten Sie einen Moment und versuchen Sie es erneut.",
    "refused": "Diese Anfrage wurde abgelehnt.",
    "notify_title": "Sagen Sie mir Bescheid, wenn ich bald dran bin",
    "notify_when": "Wann",
    "notify_ahead_n": "Wenn noch {n} Personen vor mir sind",
    "notify_ahead_1": "Wenn noch 1 Person vor mir ist",
    "notify_called": "Nur wenn ich aufgerufen werde",
    "notify_how": "Wie",
    "notify_email": "E-Mail an meine Arbeitsadresse",
    "notify_sms": "SMS",
    "notify_slack": "Slack-Nachricht",
    "notify_teams": "Teams-Nachricht",
    "notify_page": "Nur auf dieser Seite",
    "notify_phone": "Handynummer (für die SMS)",
    "notify_phone_hint": "Mit Ländervorwahl, z. B. +49 151 23456789",
    "notify_save": "Speichern",
    "notify_back": "Zurück zu meiner Nummer",
    "told_none": "Es wird nichts gesendet: lassen Sie diese Seite offen, um Ihren Platz zu sehen.",
    "told_email": "Wir schreiben an {address},",
    "told_sms": "Wir senden eine SMS an {address},",
    "told_slack": "Wir schreiben Ihnen in Slack,",
    "told_teams": "Wir schreiben Ihnen in Teams,",
    "told_ahead_1": "wenn noch 1 Person vor Ihnen ist, und wenn Sie aufgerufen werden.",
    "told_ahead_n": "wenn noch {n} Personen vor Ihnen sind, und wenn Sie aufgerufen werden.",
    "told_called": "wenn Sie aufgerufen werden.",
    "bad_channel": "Bitte wählen Sie, wie Sie benachrichtigt werden möchten.",
    "bad_ahead": "Bitte wählen Sie, wann Sie benachrichtigt werden möchten.",
    "bad_phone": "Bitte geben Sie Ihre Handynummer mit Ländervorwahl ein, z. B. +49 151 23456789.",
    "bad_email": "Wir haben keine Arbeits-E-Mail von Ihnen: wählen Sie eine SMS oder fragen "
                 "Sie an der Tech Bar.",
    "bad_visit": "Sie warten nicht mehr, daher kann nichts gesendet werden.",
    "bad_other": "Das hat nicht geklappt. Bitte prüfen Sie Ihre Auswahl und versuchen Sie es erneut.",
}
CATALOGUE: Mapping[str, Mapping[str, str]] = {"en": _EN, "es": _ES, "de": _DE}
#: Each language's name in itself, for the language links.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "de": "Deutsch"}
_STATE_KEYS = {VisitState.IN_SERVICE: "in_service", VisitState.PARKED: "parked",
               VisitState.RESOLVED: "resolved", VisitState.ESCALATED: "escalated",
               VisitState.NO_SHOW: "no_show", VisitState.CANCELLED: "cancelled"}


class Words:
    """The catalogue of one language: ``words["leave"]``, ``words("number", n=3)``."""

    def __init__(self, language: str) -> None:
        self.language = language if language in CATALOGUE else DEFAULT_LANGUAGE
        self._texts = CATALOGUE[self.language]

    def __getitem__(self, key: str) -> str:
        return self._texts[key]

    def __call__(self, key: str, **values: object) -> str:
        return self._texts[key].format(**values)


def choose_language(asked: str | None, accept_language: str | None, fallback: str) -> str:
    """``?lang=`` when it is one we have, else the browser's best (Accept-Language), else
    ``fallback`` (the language chosen at the kiosk), else English."""
    if asked in CATALOGUE:
        return str(asked)
    best = _accepted(accept_language or "")
    if best:
        return best
    return fallback if fallback in CATALOGUE else DEFAULT_LANGUAGE


def _accepted(header: str) -> str:
    """The supported language the Accept-Language header likes best ("" for none)."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(header[:512].split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and primary in CATALOGUE and weight > 0:
            ranked.append((-weight, index, primary))
    return min(ranked)[2] if ranked else ""


def wait_text(estimate: WaitEstimate, words: Words) -> str:
    """A range, never a single number; in words only while history is thin (``coarse``)."""
    high, low = estimate.high_minutes, estimate.low_minutes
    if estimate.coarse:
        return words[_coarse_key(low, high)]
    if high <= 5:
        return words["wait_few"]
    if low <= 0:
        return words("wait_under", high=high)
    return words("wait_range", low=low, high=high)


def _coarse_key(low: int, high: int) -> str:
    if high <= 10:
        return "wait_few"
    if high <= 30:
        return "wait_half_hour"
    if high <= 60:
        return "wait_hour"
    return "wait_over_hour" if low >= 60 else "wait_maybe_hour"


def status_view(status: VisitStatus, words: Words, site: str) -> dict[str, Any]:
    """What the page shows of ``status`` in ``words``' language (also its JSON and events)."""
    turn = status.state is VisitState.CALLED
    return {
        "ticket": status.ticket_number,
        "state": status.state.value,
        "position": status.position,
        "wait_low": status.wait.low_minutes if status.wait else None,
        "wait_high": status.wait.high_minutes if status.wait else None,
        "coarse": status.wait.coarse if status.wait else None,
        "headline": _headline(status, words),
        "wait": wait_text(status.wait, words) if status.wait else "",
        "category": status.label(words.language),
        "turn": turn,
        "counter": status.counter,
        "title": (words("turn_title", ticket=status.ticket_number) if turn
                  else words("title", ticket=status.ticket_number, site=site)),
        "may_leave": status.may_leave,
        "ended": status.state.is_final,
    }


def _headline(status: VisitStatus, words: Words) -> str:
    if status.state is VisitState.CALLED:
        return words("turn_desk", desk=status.counter) if status.counter else words["turn"]
    if status.state is VisitState.WAITING:
        if status.position == 1:
            return words["next"]
        return words("number", n=status.position) if status.position > 1 else words["in_line"]
    return words[_STATE_KEYS[status.state]]
