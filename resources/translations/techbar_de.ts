<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AlreadyInLineCard</name>
    <message>
        <source>You&apos;re already in line as %1.</source>
        <translation>Sie stehen schon in der Warteschlange: %1.</translation>
    </message>
    <message>
        <source>You keep your place. Did you come about something else, or do you no longer need help?</source>
        <translation>Ihr Platz bleibt. Kommen Sie wegen etwas anderem, oder brauchen Sie keine Hilfe mehr?</translation>
    </message>
    <message>
        <source>Change my reason</source>
        <translation>Grund ändern</translation>
    </message>
    <message>
        <source>Leave the line</source>
        <translation>Warteschlange verlassen</translation>
    </message>
</context>
<context>
    <name>AppointmentPage</name>
    <message>
        <source>Check in for your appointment</source>
        <translation>Mit Termin anmelden</translation>
    </message>
    <message>
        <source>Type the code from your confirmation, or scan its QR code at the reader.</source>
        <translation>Geben Sie den Code aus Ihrer Bestätigung ein oder halten Sie den QR-Code an den Leser.</translation>
    </message>
    <message>
        <source>Appointment code</source>
        <translation>Termincode</translation>
    </message>
    <message>
        <source>e.g. TB-7K3Q9M</source>
        <translation>z. B. TB-7K3Q9M</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Zurück zum Anfang</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Einen Moment …</translation>
    </message>
</context>
<context>
    <name>BadgePrompt</name>
    <message>
        <source>Have a badge? Just scan it at the reader.</source>
        <translation>Mit Mitarbeiterausweis? Einfach an den Leser halten.</translation>
    </message>
    <message>
        <source>No badge? Type your employee ID or email below, or your name to check in as a guest.</source>
        <translation>Ohne Ausweis? Geben Sie unten Ihre Personalnummer oder E-Mail ein – oder Ihren Namen, um sich als Gast anzumelden.</translation>
    </message>
</context>
<context>
    <name>CategoryPage</name>
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
        <source>Welcome back, %1!</source>
        <translation>Willkommen zurück, %1!</translation>
    </message>
</context>
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
        <source>One moment…</source>
        <translation>Einen Moment …</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Nummer ziehen</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Termin</translation>
    </message>
    <message>
        <source>Your feedback</source>
        <translation>Ihre Meinung</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>Geschafft</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
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
        <source>Please take a seat. We&apos;ll call your ticket number on the screen.</source>
        <translation>Bitte nehmen Sie Platz. Wir rufen Ihre Nummer auf dem Bildschirm auf.</translation>
    </message>
    <message>
        <source>You&apos;re checked in, %1.</source>
        <translation>Sie sind angemeldet, %1.</translation>
    </message>
    <message>
        <source>Your ticket number is %1</source>
        <translation>Ihre Nummer ist %1</translation>
    </message>
    <message>
        <source>You&apos;re checked in.</source>
        <translation>Sie sind angemeldet.</translation>
    </message>
    <message>
        <source>Estimated wait: a few minutes</source>
        <translation>Geschätzte Wartezeit: wenige Minuten</translation>
    </message>
    <message>
        <source>Estimated wait: under %1 minutes</source>
        <translation>Geschätzte Wartezeit: unter %1 Minuten</translation>
    </message>
    <message>
        <source>Estimated wait: under half an hour</source>
        <translation>Geschätzte Wartezeit: unter einer halben Stunde</translation>
    </message>
    <message>
        <source>Estimated wait: under an hour</source>
        <translation>Geschätzte Wartezeit: unter einer Stunde</translation>
    </message>
    <message>
        <source>Estimated wait: more than an hour</source>
        <translation>Geschätzte Wartezeit: mehr als eine Stunde</translation>
    </message>
    <message>
        <source>Estimated wait: perhaps more than an hour</source>
        <translation>Geschätzte Wartezeit: vielleicht mehr als eine Stunde</translation>
    </message>
    <message>
        <source>Estimated wait: about %1–%2 minutes</source>
        <translation>Geschätzte Wartezeit: etwa %1–%2 Minuten</translation>
    </message>
    <message>
        <source>You&apos;re next in line.</source>
        <translation>Sie sind als Nächstes dran.</translation>
    </message>
    <message>
        <source>You are number %1 in line.</source>
        <translation>Sie sind Nummer %1 in der Warteschlange.</translation>
    </message>
    <message>
        <source>We&apos;ll call your number shortly.</source>
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
    <name>DescriptionHint</name>
    <message>
        <source>e.g. My laptop won&apos;t connect to the Wi-Fi</source>
        <translation>z. B. Mein Laptop verbindet sich nicht mit dem WLAN</translation>
    </message>
    <message>
        <source>e.g. I&apos;m locked out since I changed my password</source>
        <translation>z. B. Seit der Passwortänderung komme ich nicht mehr in mein Konto</translation>
    </message>
    <message>
        <source>e.g. My work email stopped syncing on my phone</source>
        <translation>z. B. Meine Dienst-E-Mails kommen auf dem Handy nicht mehr an</translation>
    </message>
    <message>
        <source>e.g. Excel closes when I open a shared file</source>
        <translation>z. B. Excel schließt sich beim Öffnen einer freigegebenen Datei</translation>
    </message>
    <message>
        <source>e.g. Returning a loan laptop, or collecting a repair</source>
        <translation>z. B. Leihgerät zurückgeben oder Reparatur abholen</translation>
    </message>
    <message>
        <source>A few words about what is wrong, and since when</source>
        <translation>Beschreiben Sie kurz, was nicht funktioniert und seit wann</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <source>Optional. A few words help the technician get ready for you.</source>
        <translation>Optional. Ein paar Worte helfen dem Techniker, sich vorzubereiten.</translation>
    </message>
    <message>
        <source>Device (optional)</source>
        <translation>Gerät (optional)</translation>
    </message>
    <message>
        <source>e.g. ThinkPad X1</source>
        <translation>z. B. ThinkPad X1</translation>
    </message>
    <message>
        <source>Asset tag (optional)</source>
        <translation>Inventarnummer (optional)</translation>
    </message>
    <message>
        <source>On a sticker, e.g. TB-20931</source>
        <translation>Auf dem Aufkleber, z. B. TB-20931</translation>
    </message>
    <message>
        <source>What is wrong? (optional)</source>
        <translation>Was ist los? (optional)</translation>
    </message>
    <message>
        <source>Describe the problem (optional)</source>
        <translation>Beschreiben Sie das Problem (optional)</translation>
    </message>
    <message>
        <source>Up to %1 characters.</source>
        <translation>Bis zu %1 Zeichen.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the reasons</source>
        <translation>Zurück zu den Anliegen</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Nummer ziehen</translation>
    </message>
    <message>
        <source>Anything we should know?</source>
        <translation>Sollen wir noch etwas wissen?</translation>
    </message>
    <message>
        <source>%1: anything we should know?</source>
        <translation>%1: Sollen wir noch etwas wissen?</translation>
    </message>
</context>
<context>
    <name>FeedbackFindPage</name>
    <message>
        <source>How did we do?</source>
        <translation>Wie waren wir?</translation>
    </message>
    <message>
        <source>Scan your badge at the reader, or type the ticket number of your visit.</source>
        <translation>Halten Sie Ihren Ausweis an den Leser oder geben Sie die Nummer Ihres Besuchs ein.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>e.g. L-042</source>
        <translation>z. B. L-042</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Zurück zum Anfang</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Next: rate the visit</source>
        <translation>Weiter: Besuch bewerten</translation>
    </message>
</context>
<context>
    <name>FlowMessages</name>
    <message>
        <source>We don&apos;t know this badge. Please type your name to check in as a guest, or ask at the counter.</source>
        <translation>Diesen Ausweis kennen wir nicht. Bitte geben Sie Ihren Namen ein, um sich als Gast anzumelden, oder fragen Sie am Schalter.</translation>
    </message>
    <message>
        <source>We couldn&apos;t find “%1” in the directory. Please check it, or type your full name to check in as a guest.</source>
        <translation>„%1“ steht nicht im Verzeichnis. Bitte prüfen Sie die Eingabe oder geben Sie Ihren vollen Namen ein, um sich als Gast anzumelden.</translation>
    </message>
    <message>
        <source>Please type the code from your confirmation, e.g. TB-7K3Q9M.</source>
        <translation>Bitte geben Sie den Code aus Ihrer Bestätigung ein, z. B. TB-7K3Q9M.</translation>
    </message>
    <message>
        <source>We could not check you in just now. Please try again or ask at the counter.</source>
        <translation>Die Anmeldung hat gerade nicht geklappt. Bitte versuchen Sie es noch einmal oder fragen Sie am Schalter.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our system right now, so we can&apos;t check you in here. Please see the front desk: they will help you.</source>
        <translation>Wir erreichen unser System gerade nicht und können Sie hier nicht anmelden. Bitte gehen Sie zum Empfang: Dort hilft man Ihnen.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our system right now. Please try again later, or tell the front desk.</source>
        <translation>Wir erreichen unser System gerade nicht. Bitte versuchen Sie es später noch einmal oder sagen Sie am Empfang Bescheid.</translation>
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
        <source>&apos;%1&apos; does not look like an email address.</source>
        <translation>„%1“ sieht nicht wie eine E-Mail-Adresse aus.</translation>
    </message>
    <message>
        <source>We found no appointment with that code. Please check it, or ask at the counter.</source>
        <translation>Zu diesem Code gibt es keinen Termin. Bitte prüfen Sie ihn oder fragen Sie am Schalter.</translation>
    </message>
    <message>
        <source>That is not an appointment code. It looks like TB-7K3Q9M and is printed on your confirmation.</source>
        <translation>Das ist kein Termincode. Er sieht so aus: TB-7K3Q9M, und steht auf Ihrer Bestätigung.</translation>
    </message>
    <message>
        <source>You have already checked in with this appointment. Please take a seat; we&apos;ll call your ticket number.</source>
        <translation>Mit diesem Termin haben Sie sich schon angemeldet. Bitte nehmen Sie Platz; wir rufen Ihre Nummer auf.</translation>
    </message>
    <message>
        <source>This appointment was cancelled. Please ask at the counter.</source>
        <translation>Dieser Termin wurde abgesagt. Bitte fragen Sie am Schalter.</translation>
    </message>
    <message>
        <source>Your appointment is at %1. Please check in from %2.</source>
        <translation>Ihr Termin ist um %1 Uhr. Bitte melden Sie sich ab %2 Uhr an.</translation>
    </message>
    <message>
        <source>Your appointment is at %1: you go ahead of walk-ins.</source>
        <translation>Ihr Termin ist um %1 Uhr: Sie kommen vor allen ohne Termin dran.</translation>
    </message>
    <message>
        <source>Your appointment was at %1, so you have joined the line as a walk-in.</source>
        <translation>Ihr Termin war um %1 Uhr, deshalb stehen Sie jetzt wie ohne Termin in der Warteschlange.</translation>
    </message>
    <message>
        <source>Please type your ticket number, e.g. L-042, or scan your badge.</source>
        <translation>Bitte geben Sie Ihre Nummer ein, z. B. L-042, oder halten Sie Ihren Ausweis an den Leser.</translation>
    </message>
    <message>
        <source>We don&apos;t know this badge. Please type your ticket number instead.</source>
        <translation>Diesen Ausweis kennen wir nicht. Bitte geben Sie stattdessen Ihre Nummer ein.</translation>
    </message>
    <message>
        <source>We found no finished visit to rate. A visit can be rated once, after it has ended, for up to 7 days.</source>
        <translation>Wir haben keinen abgeschlossenen Besuch zum Bewerten gefunden. Ein Besuch kann einmal bewertet werden, nach seinem Ende und bis zu 7 Tage lang.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>Etwas ist schiefgelaufen. Bitte versuchen Sie es noch einmal oder fragen Sie am Schalter.</translation>
    </message>
    <message>
        <source>Thanks, this visit has already been rated.</source>
        <translation>Danke, dieser Besuch wurde schon bewertet.</translation>
    </message>
    <message>
        <source>Your comment is too long; please shorten it.</source>
        <translation>Ihr Kommentar ist zu lang; bitte kürzen Sie ihn.</translation>
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
        <source>I&apos;m still here</source>
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
    <name>KioskLineEdit</name>
    <message>
        <source>Clear “%1”</source>
        <translation>„%1“ leeren</translation>
    </message>
</context>
<context>
    <name>KioskPage</name>
    <message>
        <source>Message</source>
        <translation>Hinweis</translation>
    </message>
</context>
<context>
    <name>NearbyChoice</name>
    <message>
        <source>Tell me when I&apos;m close:</source>
        <translation>Rechtzeitig Bescheid geben:</translation>
    </message>
    <message>
        <source>Tell me when I&apos;m close</source>
        <translation>Sagen Sie mir Bescheid, wenn ich bald dran bin</translation>
    </message>
    <message>
        <source>No messages. Your ticket number will be called on the screen.</source>
        <translation>Keine Nachrichten. Ihre Nummer wird auf dem Bildschirm aufgerufen.</translation>
    </message>
    <message>
        <source>We&apos;ll e-mail you</source>
        <translation>Wir schreiben Ihnen eine E-Mail</translation>
    </message>
    <message>
        <source>We&apos;ll text %1</source>
        <translation>Wir senden eine SMS an %1</translation>
    </message>
    <message>
        <source>We&apos;ll message you on Slack</source>
        <translation>Wir schreiben Ihnen in Slack</translation>
    </message>
    <message>
        <source>We&apos;ll message you on Teams</source>
        <translation>Wir schreiben Ihnen in Teams</translation>
    </message>
    <message>
        <source>%1 when you&apos;re called.</source>
        <translation>%1, wenn Sie aufgerufen werden.</translation>
    </message>
    <message>
        <source>%1 when %2 ahead of you, and when you&apos;re called.</source>
        <translation>%1 bei %2 vor Ihnen und wenn Sie aufgerufen werden.</translation>
    </message>
    <message>
        <source>1 person is</source>
        <translation>1 Person</translation>
    </message>
    <message>
        <source>%1 people are</source>
        <translation>%1 Personen</translation>
    </message>
    <message>
        <source>E-mail me</source>
        <translation>Per E-Mail</translation>
    </message>
    <message>
        <source>Text me</source>
        <translation>Per SMS</translation>
    </message>
    <message>
        <source>Slack me</source>
        <translation>Per Slack</translation>
    </message>
    <message>
        <source>Teams me</source>
        <translation>Per Teams</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>Nein, danke</translation>
    </message>
    <message>
        <source>When I&apos;m called</source>
        <translation>Beim Aufruf</translation>
    </message>
    <message>
        <source>Save number</source>
        <translation>Nummer speichern</translation>
    </message>
    <message>
        <source>Your mobile number, with the country code</source>
        <translation>Ihre Handynummer mit Ländervorwahl</translation>
    </message>
    <message>
        <source>+44 7700 900123</source>
        <translation>+49 151 23456789</translation>
    </message>
    <message>
        <source>%1 ahead</source>
        <translation>%1 vor mir</translation>
    </message>
    <message>
        <source>When %1 ahead of me</source>
        <translation>Bei %1 vor mir</translation>
    </message>
</context>
<context>
    <name>NearbyFlow</name>
    <message>
        <source>Please type your mobile number with its country code, like +44 7700 900123.</source>
        <translation>Bitte geben Sie Ihre Handynummer mit Ländervorwahl ein, z. B. +49 151 23456789.</translation>
    </message>
    <message>
        <source>We have no work e-mail for you: choose a text message instead.</source>
        <translation>Wir haben keine Arbeits-E-Mail von Ihnen: wählen Sie stattdessen eine SMS.</translation>
    </message>
    <message>
        <source>Your visit is no longer in line, so nothing can be sent.</source>
        <translation>Ihr Besuch ist nicht mehr in der Warteschlange, daher kann nichts gesendet werden.</translation>
    </message>
    <message>
        <source>That could not be saved just now. Please try again, or ask at the front desk.</source>
        <translation>Das konnte gerade nicht gespeichert werden. Bitte versuchen Sie es erneut oder fragen Sie am Empfang.</translation>
    </message>
    <message>
        <source>That did not work. Please choose again.</source>
        <translation>Das hat nicht geklappt. Bitte wählen Sie erneut.</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>We already know about this</source>
        <translation>Das wissen wir schon</translation>
    </message>
    <message>
        <source>If this is your problem, there is no need to wait: we are working on it.</source>
        <translation>Falls das Ihr Problem ist, müssen Sie nicht warten: Wir arbeiten schon daran.</translation>
    </message>
    <message>
        <source>Never mind</source>
        <translation>Schon gut</translation>
    </message>
    <message>
        <source>Never mind: back to the start</source>
        <translation>Schon gut: zurück zum Anfang</translation>
    </message>
    <message>
        <source>I still need help</source>
        <translation>Ich brauche trotzdem Hilfe</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Check-in is not available right now.</source>
        <translation>Die Anmeldung ist gerade nicht möglich.</translation>
    </message>
    <message>
        <source>Please see the front desk: they will help you.</source>
        <translation>Bitte gehen Sie zum Empfang: Dort hilft man Ihnen.</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>The board will update again in a moment.</source>
        <translation>Die Anzeige wird gleich wieder aktualisiert.</translation>
    </message>
    <message>
        <source>Offline: the database cannot be reached.</source>
        <translation>Offline: Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Nothing you typed is lost. Tech Bar reconnects by itself; try again once this bar is gone.</source>
        <translation>Nichts, was Sie eingegeben haben, geht verloren. Tech Bar verbindet sich von selbst neu; versuchen Sie es erneut, sobald dieser Balken verschwunden ist.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Keine Verbindung</translation>
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
    <message>
        <source>The PIN could not be checked. Try again.</source>
        <translation>Die PIN konnte nicht geprüft werden. Bitte noch einmal.</translation>
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
    <name>RatePage</name>
    <message>
        <source>How was your visit?</source>
        <translation>Wie war Ihr Besuch?</translation>
    </message>
    <message>
        <source>Not good</source>
        <translation>Nicht gut</translation>
    </message>
    <message>
        <source>Okay</source>
        <translation>Geht so</translation>
    </message>
    <message>
        <source>Great</source>
        <translation>Super</translation>
    </message>
    <message>
        <source>Anything to add? (optional)</source>
        <translation>Möchten Sie etwas ergänzen? (optional)</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>Kommentar (optional)</translation>
    </message>
    <message>
        <source>What went well, what could be better?</source>
        <translation>Was war gut, was könnte besser sein?</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>Not now: back to the start</source>
        <translation>Jetzt nicht: zurück zum Anfang</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send my answer</source>
        <translation>Meine Antwort senden</translation>
    </message>
    <message>
        <source>Ticket %1 · %2</source>
        <translation>Nummer %1 · %2</translation>
    </message>
</context>
<context>
    <name>SameDeviceCard</name>
    <message>
        <source>Same device as last time?</source>
        <translation>Dasselbe Gerät wie beim letzten Mal?</translation>
    </message>
    <message>
        <source>Yes, same one</source>
        <translation>Ja, dasselbe</translation>
    </message>
    <message>
        <source>Yes, the same device</source>
        <translation>Ja, dasselbe Gerät</translation>
    </message>
    <message>
        <source>Another one</source>
        <translation>Ein anderes</translation>
    </message>
    <message>
        <source>No, another device</source>
        <translation>Nein, ein anderes Gerät</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>Tech Bar is starting</source>
        <translation>Tech Bar startet</translation>
    </message>
    <message>
        <source>Getting ready</source>
        <translation>Wird vorbereitet</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>Wird vorbereitet…</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Technician console</source>
        <translation>Techniker-Konsole</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Empfang</translation>
    </message>
    <message>
        <source>Now serving</source>
        <translation>Jetzt an der Reihe</translation>
    </message>
</context>
<context>
    <name>ThanksPage</name>
    <message>
        <source>Thank you!</source>
        <translation>Vielen Dank!</translation>
    </message>
    <message>
        <source>Your answer helps us make the Tech Bar better.</source>
        <translation>Ihre Antwort hilft uns, die Tech Bar besser zu machen.</translation>
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
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome! Who are you?</source>
        <translation>Willkommen! Wer sind Sie?</translation>
    </message>
    <message>
        <source>Check in for walk-up IT help. We&apos;ll call you by your ticket number.</source>
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
        <source>I have an appointment</source>
        <translation>Ich habe einen Termin</translation>
    </message>
    <message>
        <source>Rate your visit</source>
        <translation>Besuch bewerten</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
</context>
</TS>
