"""The words of the "join from your desk" pages (``/join``), in English, Spanish and German."""

from __future__ import annotations

_EN = {
    "join_title": "Join the line from your desk",
    "join_intro": "We'll e-mail a six-digit code to your work address to confirm it's you.",
    "join_email": "Work e-mail",
    "join_reason": "Reason",
    "join_details": "Details (optional)",
    "join_send": "Send me a code",
    "join_link": "Join the line from your desk",
    "confirm_title": "Enter your code",
    "confirm_sent": "We sent a code to {address}. It is valid for 10 minutes.",
    "confirm_code": "Six-digit code",
    "confirm_send": "Join the line",
    "confirm_again": "Start again",
    "off": "Joining from your desk is not available here. Please come to the Tech Bar.",
    "no_mail": "Joining from your desk is not available: this site cannot send e-mail.",
    "paused": "Joining from your desk is paused for now. Please try again later or come to the "
              "Tech Bar.",
    "full": "Too many people are waiting remotely right now. Please try again later.",
    "unknown": "This address is not in the company directory. Use your work e-mail, or come to "
               "the Tech Bar.",
    "too_many": "Too many codes were asked for. Please wait an hour or come to the Tech Bar.",
    "not_sent": "We could not send the code. Please try again in a moment.",
    "bad_input": "Please check the reason and the details (at most 2000 characters).",
    "wrong": "That code is not right. Tries left: {left}.",
    "void": "Too many wrong codes: this code no longer works. Please start again.",
    "expired": "This code has expired. Please start again.",
    "used": "This code was already used. Please start again.",
    "already_title": "You're already in line",
    "already": "You're already in line as {ticket}.",
    "already_link": "Follow your place in line",
}

_ES = {
    "join_title": "Únase a la fila desde su puesto",
    "join_intro": "Le enviaremos un código de seis dígitos a su correo de trabajo para "
                  "confirmar que es usted.",
    "join_email": "Correo de trabajo",
    "join_reason": "Motivo",
    "join_details": "Detalles (opcional)",
    "join_send": "Enviarme un código",
    "join_link": "Únase a la fila desde su puesto",
    "confirm_title": "Introduzca su código",
    "confirm_sent": "Hemos enviado un código a {address}. Es válido durante 10 minutos.",
    "confirm_code": "Código de seis dígitos",
    "confirm_send": "Unirme a la fila",
    "confirm_again": "Empezar de nuevo",
    "off": "Aquí no es posible unirse a la fila a distancia. Acuda al Tech Bar, por favor.",
    "no_mail": "No es posible unirse a distancia: este sitio no puede enviar correos.",
    "paused": "Unirse a distancia está en pausa. Inténtelo más tarde o acuda al Tech Bar.",
    "full": "Ahora hay demasiadas personas esperando a distancia. Inténtelo más tarde.",
    "unknown": "Esta dirección no está en el directorio de la empresa. Use su correo de "
               "trabajo o acuda al Tech Bar.",
    "too_many": "Se han pedido demasiados códigos. Espere una hora o acuda al Tech Bar.",
    "not_sent": "No hemos podido enviar el código. Inténtelo de nuevo en un momento.",
    "bad_input": "Revise el motivo y los detalles (2000 caracteres como máximo).",
    "wrong": "Ese código no es correcto. Intentos restantes: {left}.",
    "void": "Demasiados códigos erróneos: este código ya no sirve. Empiece de nuevo.",
    "expired": "Este código ha caducado. Empiece de nuevo.",
    "used": "Este código ya se ha usado. Empiece de nuevo.",
    "already_title": "Ya está en la fila",
    "already": "Ya está en la fila con el número {ticket}.",
    "already_link": "Siga su lugar en la fila",
}

_DE = {
    "join_title": "Vom Arbeitsplatz aus anstellen",
    "join_intro": "Wir senden einen sechsstelligen Code an Ihre dienstliche E-Mail-Adresse, "
                  "um zu bestätigen, dass Sie es sind.",
    "join_email": "Dienstliche E-Mail",
    "join_reason": "Anliegen",
    "join_details": "Details (optional)",
    "join_send": "Code senden",
    "join_link": "Vom Arbeitsplatz aus anstellen",
    "confirm_title": "Code eingeben",
    "confirm_sent": "Wir haben einen Code an {address} gesendet. Er gilt 10 Minuten.",
    "confirm_code": "Sechsstelliger Code",
    "confirm_send": "Anstellen",
    "confirm_again": "Neu beginnen",
    "off": "Anstellen vom Arbeitsplatz ist hier nicht möglich. Bitte kommen Sie zur Tech Bar.",
    "no_mail": "Anstellen vom Arbeitsplatz ist nicht möglich: Dieser Standort kann keine "
               "E-Mails senden.",
    "paused": "Anstellen vom Arbeitsplatz ist gerade pausiert. Bitte versuchen Sie es später "
              "oder kommen Sie zur Tech Bar.",
    "full": "Gerade warten zu viele Personen vom Arbeitsplatz aus. Bitte versuchen Sie es "
            "später.",
    "unknown": "Diese Adresse steht nicht im Firmenverzeichnis. Nutzen Sie Ihre dienstliche "
               "E-Mail oder kommen Sie zur Tech Bar.",
    "too_many": "Es wurden zu viele Codes angefordert. Bitte warten Sie eine Stunde oder kommen "
                "Sie zur Tech Bar.",
    "not_sent": "Der Code konnte nicht gesendet werden. Bitte versuchen Sie es gleich noch "
                "einmal.",
    "bad_input": "Bitte prüfen Sie Anliegen und Details (höchstens 2000 Zeichen).",
    "wrong": "Dieser Code stimmt nicht. Verbleibende Versuche: {left}.",
    "void": "Zu viele falsche Codes: Dieser Code gilt nicht mehr. Bitte beginnen Sie neu.",
    "expired": "Dieser Code ist abgelaufen. Bitte beginnen Sie neu.",
    "used": "Dieser Code wurde schon benutzt. Bitte beginnen Sie neu.",
    "already_title": "Sie stehen schon an",
    "already": "Sie stehen schon mit der Nummer {ticket} an.",
    "already_link": "Ihren Platz in der Warteschlange verfolgen",
}

JOIN_TEXTS: dict[str, dict[str, str]] = {"en": _EN, "es": _ES, "de": _DE}
