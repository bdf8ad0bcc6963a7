<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
    <context>
        <name>CategoryTile</name>
        <message numerus="yes">
            <source>We aim to see you within %n min</source>
            <translation>
                <numerusform>Wir sind in höchstens %n Min. für Sie da</numerusform>
                <numerusform>Wir sind in höchstens %n Min. für Sie da</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>CheckInView</name>
        <message>
            <source>%1 — Check in</source>
            <translation>%1 — Anmeldung</translation>
        </message>
        <message>
            <source>Check-in kiosk</source>
            <translation>Anmeldeterminal</translation>
        </message>
        <message>
            <source>Please choose a reason.</source>
            <translation>Bitte wählen Sie ein Anliegen.</translation>
        </message>
        <message>
            <source>We could not check you in just now. Please try again or ask at the counter.</source>
            <translation>Die Anmeldung hat gerade nicht geklappt. Bitte versuchen Sie es noch einmal oder fragen Sie am Schalter.</translation>
        </message>
        <message>
            <source>Something went wrong. Please try again or ask at the counter.</source>
            <translation>Etwas ist schiefgelaufen. Bitte versuchen Sie es noch einmal oder fragen Sie am Schalter.</translation>
        </message>
        <message>
            <source>That is %1 characters long; at most %2 are allowed.</source>
            <translation>Der Text hat %1 Zeichen; erlaubt sind höchstens %2.</translation>
        </message>
        <message>
            <source>Please enter your name.</source>
            <translation>Bitte geben Sie Ihren Namen ein.</translation>
        </message>
        <message>
            <source>'%1' does not look like an email address.</source>
            <translation>„%1“ sieht nicht wie eine E-Mail-Adresse aus.</translation>
        </message>
        <message>
            <source>One moment…</source>
            <translation>Einen Moment …</translation>
        </message>
        <message>
            <source>Get my ticket</source>
            <translation>Nummer ziehen</translation>
        </message>
        <message>
            <source>All done</source>
            <translation>Geschafft</translation>
        </message>
        <message>
            <source>Step %1 of %2</source>
            <translation>Schritt %1 von %2</translation>
        </message>
        <message>
            <source>Anything we should know?</source>
            <translation>Sollen wir noch etwas wissen?</translation>
        </message>
        <message>
            <source>%1: anything we should know?</source>
            <translation>%1: Sollen wir noch etwas wissen?</translation>
        </message>
        <message>
            <source>Welcome! Who are you?</source>
            <translation>Willkommen! Wer sind Sie?</translation>
        </message>
        <message>
            <source>Check in for walk-up IT help. We'll call you by your ticket number.</source>
            <translation>Melden Sie sich für die IT-Hilfe ohne Termin an. Wir rufen Sie mit Ihrer Nummer auf.</translation>
        </message>
        <message>
            <source>Your name or employee ID</source>
            <translation>Ihr Name oder Ihre Personalnummer</translation>
        </message>
        <message>
            <source>e.g. Ana García or E1234</source>
            <translation>z. B. Ana García oder E1234</translation>
        </message>
        <message>
            <source>Email (optional)</source>
            <translation>E-Mail (optional)</translation>
        </message>
        <message>
            <source>For updates about your visit</source>
            <translation>Für Neuigkeiten zu Ihrem Besuch</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Weiter</translation>
        </message>
        <message>
            <source>Next: choose a reason</source>
            <translation>Weiter: Anliegen wählen</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>Sprache</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Hinweis</translation>
        </message>
        <message>
            <source>What do you need help with?</source>
            <translation>Wobei brauchen Sie Hilfe?</translation>
        </message>
        <message>
            <source>Tap the closest match.</source>
            <translation>Tippen Sie auf das, was am besten passt.</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Zurück</translation>
        </message>
        <message>
            <source>Back to your name</source>
            <translation>Zurück zu Ihrem Namen</translation>
        </message>
        <message>
            <source>Optional. A few words help the technician get ready for you.</source>
            <translation>Optional. Ein paar Worte helfen dem Techniker, sich vorzubereiten.</translation>
        </message>
        <message>
            <source>Describe the problem (optional)</source>
            <translation>Beschreiben Sie das Problem (optional)</translation>
        </message>
        <message>
            <source>e.g. My laptop won't connect to the Wi-Fi</source>
            <translation>z. B. Mein Laptop verbindet sich nicht mit dem WLAN</translation>
        </message>
        <message>
            <source>Up to %1 characters.</source>
            <translation>Bis zu %1 Zeichen.</translation>
        </message>
        <message>
            <source>Back to the reasons</source>
            <translation>Zurück zu den Anliegen</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Fertig</translation>
        </message>
        <message>
            <source>Done: back to the start</source>
            <translation>Fertig: zurück zum Anfang</translation>
        </message>
    </context>
    <context>
        <name>ConfirmationPanel</name>
        <message>
            <source>Please take a seat. We'll call your ticket number on the screen.</source>
            <translation>Bitte nehmen Sie Platz. Wir rufen Ihre Nummer auf dem Bildschirm auf.</translation>
        </message>
        <message>
            <source>You're checked in, %1.</source>
            <translation>Sie sind angemeldet, %1.</translation>
        </message>
        <message>
            <source>Your ticket number is %1</source>
            <translation>Ihre Nummer ist %1</translation>
        </message>
        <message>
            <source>You're next in line.</source>
            <translation>Sie sind als Nächstes dran.</translation>
        </message>
        <message>
            <source>You are number %1 in line.</source>
            <translation>Sie sind Nummer %1 in der Warteschlange.</translation>
        </message>
        <message>
            <source>We'll call your number shortly.</source>
            <translation>Wir rufen Ihre Nummer gleich auf.</translation>
        </message>
        <message>
            <source>Your ticket number</source>
            <translation>Ihre Nummer</translation>
        </message>
        <message>
            <source>Scan to follow your place in line</source>
            <translation>Scannen und Wartezeit verfolgen</translation>
        </message>
        <message>
            <source>QR code: follow your place in line on your phone</source>
            <translation>QR-Code: Platz in der Warteschlange auf dem Handy verfolgen</translation>
        </message>
    </context>
    <context>
        <name>IdleOverlay</name>
        <message>
            <source>Still there?</source>
            <translation>Sind Sie noch da?</translation>
        </message>
        <message>
            <source>For your privacy, this screen will start over and forget what you typed in</source>
            <translation>Zum Schutz Ihrer Daten beginnt diese Anzeige von vorn und vergisst Ihre Eingaben in</translation>
        </message>
        <message>
            <source>I'm still here</source>
            <translation>Ich bin noch da</translation>
        </message>
        <message>
            <source>Seconds left before the screen starts over</source>
            <translation>Sekunden, bis die Anzeige von vorn beginnt</translation>
        </message>
        <message numerus="yes">
            <source>%n second(s)</source>
            <translation>
                <numerusform>Sekunde</numerusform>
                <numerusform>Sekunden</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>PinPadDialog</name>
        <message>
            <source>Staff only</source>
            <translation>Nur für Personal</translation>
        </message>
        <message>
            <source>Staff only: enter the PIN</source>
            <translation>Nur für Personal: PIN eingeben</translation>
        </message>
        <message>
            <source>Digits entered</source>
            <translation>Eingegebene Ziffern</translation>
        </message>
        <message numerus="yes">
            <source>Too many wrong tries. Try again in %n minute(s).</source>
            <translation>
                <numerusform>Zu viele Fehlversuche. Versuchen Sie es in %n Minute wieder.</numerusform>
                <numerusform>Zu viele Fehlversuche. Versuchen Sie es in %n Minuten wieder.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Wrong PIN. %n try(ies) left.</source>
            <translation>
                <numerusform>Falsche PIN. Noch %n Versuch.</numerusform>
                <numerusform>Falsche PIN. Noch %n Versuche.</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete a digit</source>
            <translation>Ziffer löschen</translation>
        </message>
        <message>
            <source>Check the PIN</source>
            <translation>PIN prüfen</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
    </context>
    <context>
        <name>TouchKeyboard</name>
        <message>
            <source>On-screen keyboard</source>
            <translation>Bildschirmtastatur</translation>
        </message>
        <message>
            <source>Shift</source>
            <translation>Umschalt</translation>
        </message>
        <message>
            <source>Backspace</source>
            <translation>Rücktaste</translation>
        </message>
        <message>
            <source>space</source>
            <translation>Leertaste</translation>
        </message>
        <message>
            <source>Space</source>
            <translation>Leertaste</translation>
        </message>
    </context>
</TS>
