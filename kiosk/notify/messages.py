"""The messages' words, in the visitor's language (en, es, de): short, no description.

Each carries the ticket number, what happened and the status page's link. Nothing the
visitor typed appears in them (only the ticket number and the desk, both plain text).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.nearby import CALLED

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "ahead_subject": "Tech Bar {ticket}: almost your turn",
        "ahead_one": "Tech Bar: 1 person is ahead of you ({ticket}). Head back soon. {link}",
        "ahead_many": "Tech Bar: {ahead} people are ahead of you ({ticket}). Head back soon. {link}",
        "next": "Tech Bar: you are next ({ticket}). Please come back now. {link}",
        "called_subject": "Tech Bar {ticket}: it's your turn",
        "called": "Tech Bar: it's your turn ({ticket}). Please go to the Tech Bar now. {link}",
        "called_desk": "Tech Bar: it's your turn ({ticket}). Please go to {desk}. {link}",
        "link_subject": "Tech Bar {ticket}: your place in line",
        "link": "Tech Bar: follow your place in line ({ticket}) here: {link}",
    },
    "es": {
        "ahead_subject": "Tech Bar {ticket}: casi es su turno",
        "ahead_one": "Tech Bar: hay 1 persona delante de usted ({ticket}). Vuelva pronto. {link}",
        "ahead_many": "Tech Bar: hay {ahead} personas delante de usted ({ticket}). "
                      "Vuelva pronto. {link}",
        "next": "Tech Bar: usted es el siguiente ({ticket}). Vuelva ahora, por favor. {link}",
        "called_subject": "Tech Bar {ticket}: es su turno",
        "called": "Tech Bar: es su turno ({ticket}). Acuda ahora al Tech Bar, por favor. {link}",
        "called_desk": "Tech Bar: es su turno ({ticket}). Acuda a {desk}, por favor. {link}",
        "link_subject": "Tech Bar {ticket}: su lugar en la fila",
        "link": "Tech Bar: siga su lugar en la fila ({ticket}) aquí: {link}",
    },
    "de": {
        "ahead_subject": "Tech Bar {ticket}: Sie sind bald dran",
        "ahead_one": "Tech Bar: Vor Ihnen ist noch 1 Person ({ticket}). Bitte kommen Sie bald "
                     "zurück. {link}",
        "ahead_many": "Tech Bar: Vor Ihnen sind noch {ahead} Personen ({ticket}). Bitte kommen "
                      "Sie bald zurück. {link}",
        "next": "Tech Bar: Sie sind als Nächstes dran ({ticket}). Bitte kommen Sie jetzt "
                "zurück. {link}",
        "called_subject": "Tech Bar {ticket}: Sie sind dran",
        "called": "Tech Bar: Sie sind dran ({ticket}). Bitte kommen Sie jetzt zur Tech Bar. {link}",
        "called_desk": "Tech Bar: Sie sind dran ({ticket}). Bitte gehen Sie zu {desk}. {link}",
        "link_subject": "Tech Bar {ticket}: Ihr Platz in der Warteschlange",
        "link": "Tech Bar: Ihr Platz in der Warteschlange ({ticket}): {link}",
    },
}


@dataclass(frozen=True)
class Message:
    """One message: a subject (e-mail only) and a one-paragraph text."""

    subject: str
    body: str


def compose(language: str, threshold: int | None, people_ahead: int, ticket: str,
            desk: str, link: str) -> Message:
    """The message for reaching ``threshold`` (:data:`CALLED` for the call, None for a
    re-sent link) in ``language`` (English when unknown)."""
    words = _TEXTS.get(language, _TEXTS["en"])
    values = {"ticket": ticket, "ahead": people_ahead, "desk": desk, "link": link}
    if threshold is None:
        key, subject = "link", "link_subject"
    elif threshold == CALLED:
        key, subject = ("called_desk" if desk else "called"), "called_subject"
    else:
        key = "next" if people_ahead == 0 else "ahead_one" if people_ahead == 1 else "ahead_many"
        subject = "ahead_subject"
    return Message(words[subject].format(**values), words[key].format(**values).strip())
