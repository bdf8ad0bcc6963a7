<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AlreadyInLineCard</name>
    <message>
        <source>You&apos;re already in line as %1.</source>
        <translation>Ya está en la fila con el número %1.</translation>
    </message>
    <message>
        <source>You keep your place. Did you come about something else, or do you no longer need help?</source>
        <translation>Conserva su lugar. ¿Viene por otro motivo o ya no necesita ayuda?</translation>
    </message>
    <message>
        <source>Change my reason</source>
        <translation>Cambiar el motivo</translation>
    </message>
    <message>
        <source>Leave the line</source>
        <translation>Salir de la fila</translation>
    </message>
</context>
<context>
    <name>AppointmentPage</name>
    <message>
        <source>Check in for your appointment</source>
        <translation>Registro con cita</translation>
    </message>
    <message>
        <source>Type the code from your confirmation, or scan its QR code at the reader.</source>
        <translation>Escriba el código de su confirmación o escanee su código QR en el lector.</translation>
    </message>
    <message>
        <source>Appointment code</source>
        <translation>Código de la cita</translation>
    </message>
    <message>
        <source>e.g. TB-7K3Q9M</source>
        <translation>p. ej., TB-7K3Q9M</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Volver al inicio</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Registrarme</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Un momento…</translation>
    </message>
</context>
<context>
    <name>BadgePrompt</name>
    <message>
        <source>Have a badge? Just scan it at the reader.</source>
        <translation>¿Tiene tarjeta de empleado? Acérquela al lector.</translation>
    </message>
    <message>
        <source>No badge? Type your employee ID or email below, or your name to check in as a guest.</source>
        <translation>¿Sin tarjeta? Escriba abajo su número de empleado o su correo, o su nombre para registrarse como invitado.</translation>
    </message>
</context>
<context>
    <name>CategoryPage</name>
    <message>
        <source>What do you need help with?</source>
        <translation>¿En qué necesita ayuda?</translation>
    </message>
    <message>
        <source>Tap the closest match.</source>
        <translation>Toque la opción que más se parezca.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Back to your name</source>
        <translation>Volver a su nombre</translation>
    </message>
    <message>
        <source>Welcome back, %1!</source>
        <translation>¡Hola de nuevo, %1!</translation>
    </message>
</context>
<context>
    <name>CategoryTile</name>
    <message numerus="yes">
        <source>We aim to see you within %n min</source>
        <translation>
            <numerusform>Le atenderemos en menos de %n min</numerusform>
            <numerusform>Le atenderemos en menos de %n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CheckInView</name>
    <message>
        <source>%1 — Check in</source>
        <translation>%1 — Registro</translation>
    </message>
    <message>
        <source>Check-in kiosk</source>
        <translation>Quiosco de registro</translation>
    </message>
    <message>
        <source>Please choose a reason.</source>
        <translation>Elija un motivo, por favor.</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Un momento…</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Obtener mi turno</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>Cita</translation>
    </message>
    <message>
        <source>Your feedback</source>
        <translation>Su opinión</translation>
    </message>
    <message>
        <source>All done</source>
        <translation>¡Listo!</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Paso %1 de %2</translation>
    </message>
</context>
<context>
    <name>ConfirmationPage</name>
    <message>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>Done: back to the start</source>
        <translation>Terminar: volver al inicio</translation>
    </message>
</context>
<context>
    <name>ConfirmationPanel</name>
    <message>
        <source>Please take a seat. We&apos;ll call your ticket number on the screen.</source>
        <translation>Tome asiento, por favor. Llamaremos a su número en la pantalla.</translation>
    </message>
    <message>
        <source>You&apos;re checked in, %1.</source>
        <translation>Registro completado, %1.</translation>
    </message>
    <message>
        <source>Your ticket number is %1</source>
        <translation>Su número de turno es %1</translation>
    </message>
    <message>
        <source>You&apos;re checked in.</source>
        <translation>Registro completado.</translation>
    </message>
    <message>
        <source>Estimated wait: a few minutes</source>
        <translation>Espera estimada: unos minutos</translation>
    </message>
    <message>
        <source>Estimated wait: under %1 minutes</source>
        <translation>Espera estimada: menos de %1 minutos</translation>
    </message>
    <message>
        <source>Estimated wait: under half an hour</source>
        <translation>Espera estimada: menos de media hora</translation>
    </message>
    <message>
        <source>Estimated wait: under an hour</source>
        <translation>Espera estimada: menos de una hora</translation>
    </message>
    <message>
        <source>Estimated wait: more than an hour</source>
        <translation>Espera estimada: más de una hora</translation>
    </message>
    <message>
        <source>Estimated wait: perhaps more than an hour</source>
        <translation>Espera estimada: quizá más de una hora</translation>
    </message>
    <message>
        <source>Estimated wait: about %1–%2 minutes</source>
        <translation>Espera estimada: entre %1 y %2 minutos</translation>
    </message>
    <message>
        <source>You&apos;re next in line.</source>
        <translation>Su turno es el siguiente.</translation>
    </message>
    <message>
        <source>You are number %1 in line.</source>
        <translation>Su turno es el número %1 de la fila.</translation>
    </message>
    <message>
        <source>We&apos;ll call your number shortly.</source>
        <translation>Llamaremos a su número en breve.</translation>
    </message>
    <message>
        <source>Your ticket number</source>
        <translation>Su número de turno</translation>
    </message>
    <message>
        <source>Scan to follow your place in line</source>
        <translation>Escanee para seguir su turno</translation>
    </message>
    <message>
        <source>QR code: follow your place in line on your phone</source>
        <translation>Código QR: siga su turno en el móvil</translation>
    </message>
</context>
<context>
    <name>DescriptionHint</name>
    <message>
        <source>e.g. My laptop won&apos;t connect to the Wi-Fi</source>
        <translation>p. ej., Mi portátil no se conecta al wifi</translation>
    </message>
    <message>
        <source>e.g. I&apos;m locked out since I changed my password</source>
        <translation>p. ej., No puedo entrar en mi cuenta desde que cambié la contraseña</translation>
    </message>
    <message>
        <source>e.g. My work email stopped syncing on my phone</source>
        <translation>p. ej., El correo del trabajo ya no se sincroniza en mi móvil</translation>
    </message>
    <message>
        <source>e.g. Excel closes when I open a shared file</source>
        <translation>p. ej., Excel se cierra al abrir un archivo compartido</translation>
    </message>
    <message>
        <source>e.g. Returning a loan laptop, or collecting a repair</source>
        <translation>p. ej., Devuelvo un portátil prestado o recojo una reparación</translation>
    </message>
    <message>
        <source>A few words about what is wrong, and since when</source>
        <translation>Cuéntenos en pocas palabras qué ocurre y desde cuándo</translation>
    </message>
</context>
<context>
    <name>DetailsPage</name>
    <message>
        <source>Optional. A few words help the technician get ready for you.</source>
        <translation>Opcional. Unas pocas palabras ayudan al técnico a prepararse.</translation>
    </message>
    <message>
        <source>Device (optional)</source>
        <translation>Dispositivo (opcional)</translation>
    </message>
    <message>
        <source>e.g. ThinkPad X1</source>
        <translation>p. ej., ThinkPad X1</translation>
    </message>
    <message>
        <source>Asset tag (optional)</source>
        <translation>Número de inventario (opcional)</translation>
    </message>
    <message>
        <source>On a sticker, e.g. TB-20931</source>
        <translation>En una etiqueta, p. ej., TB-20931</translation>
    </message>
    <message>
        <source>What is wrong? (optional)</source>
        <translation>¿Qué ocurre? (opcional)</translation>
    </message>
    <message>
        <source>Describe the problem (optional)</source>
        <translation>Describa el problema (opcional)</translation>
    </message>
    <message>
        <source>Up to %1 characters.</source>
        <translation>Hasta %1 caracteres.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Back to the reasons</source>
        <translation>Volver a los motivos</translation>
    </message>
    <message>
        <source>Get my ticket</source>
        <translation>Obtener mi turno</translation>
    </message>
    <message>
        <source>Anything we should know?</source>
        <translation>¿Algo que debamos saber?</translation>
    </message>
    <message>
        <source>%1: anything we should know?</source>
        <translation>%1: ¿algo que debamos saber?</translation>
    </message>
</context>
<context>
    <name>FeedbackFindPage</name>
    <message>
        <source>How did we do?</source>
        <translation>¿Qué tal lo hicimos?</translation>
    </message>
    <message>
        <source>Scan your badge at the reader, or type the ticket number of your visit.</source>
        <translation>Acerque su tarjeta al lector o escriba el número de turno de su visita.</translation>
    </message>
    <message>
        <source>Ticket number</source>
        <translation>Número de turno</translation>
    </message>
    <message>
        <source>e.g. L-042</source>
        <translation>p. ej., L-042</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Volver al inicio</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Next: rate the visit</source>
        <translation>Siguiente: valorar la visita</translation>
    </message>
</context>
<context>
    <name>FlowMessages</name>
    <message>
        <source>We don&apos;t know this badge. Please type your name to check in as a guest, or ask at the counter.</source>
        <translation>No reconocemos esta tarjeta. Escriba su nombre para registrarse como invitado o pregunte en el mostrador.</translation>
    </message>
    <message>
        <source>We couldn&apos;t find “%1” in the directory. Please check it, or type your full name to check in as a guest.</source>
        <translation>No encontramos «%1» en el directorio. Compruébelo o escriba su nombre completo para registrarse como invitado.</translation>
    </message>
    <message>
        <source>Please type the code from your confirmation, e.g. TB-7K3Q9M.</source>
        <translation>Escriba el código de su confirmación, p. ej., TB-7K3Q9M.</translation>
    </message>
    <message>
        <source>We could not check you in just now. Please try again or ask at the counter.</source>
        <translation>No hemos podido registrarle en este momento. Inténtelo de nuevo o pregunte en el mostrador.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our system right now, so we can&apos;t check you in here. Please see the front desk: they will help you.</source>
        <translation>Ahora mismo no podemos conectar con nuestro sistema, así que no podemos registrarle aquí. Acuda a la recepción: allí le ayudarán.</translation>
    </message>
    <message>
        <source>We can&apos;t reach our system right now. Please try again later, or tell the front desk.</source>
        <translation>Ahora mismo no podemos conectar con nuestro sistema. Inténtelo más tarde o avise en la recepción.</translation>
    </message>
    <message>
        <source>That is %1 characters long; at most %2 are allowed.</source>
        <translation>El texto tiene %1 caracteres; se permiten como máximo %2.</translation>
    </message>
    <message>
        <source>Please enter your name.</source>
        <translation>Escriba su nombre, por favor.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not look like an email address.</source>
        <translation>«%1» no parece una dirección de correo electrónico.</translation>
    </message>
    <message>
        <source>We found no appointment with that code. Please check it, or ask at the counter.</source>
        <translation>No hay ninguna cita con ese código. Compruébelo o pregunte en el mostrador.</translation>
    </message>
    <message>
        <source>That is not an appointment code. It looks like TB-7K3Q9M and is printed on your confirmation.</source>
        <translation>Eso no es un código de cita. Tiene este aspecto: TB-7K3Q9M, y figura en su confirmación.</translation>
    </message>
    <message>
        <source>You have already checked in with this appointment. Please take a seat; we&apos;ll call your ticket number.</source>
        <translation>Ya se ha registrado con esta cita. Tome asiento; llamaremos a su número.</translation>
    </message>
    <message>
        <source>This appointment was cancelled. Please ask at the counter.</source>
        <translation>Esta cita se canceló. Pregunte en el mostrador, por favor.</translation>
    </message>
    <message>
        <source>Your appointment is at %1. Please check in from %2.</source>
        <translation>Su cita es a las %1. Regístrese a partir de las %2, por favor.</translation>
    </message>
    <message>
        <source>Your appointment is at %1: you go ahead of walk-ins.</source>
        <translation>Su cita es a las %1: tiene prioridad sobre quienes vienen sin cita.</translation>
    </message>
    <message>
        <source>Your appointment was at %1, so you have joined the line as a walk-in.</source>
        <translation>Su cita era a las %1, así que se ha unido a la fila como visita sin cita.</translation>
    </message>
    <message>
        <source>Please type your ticket number, e.g. L-042, or scan your badge.</source>
        <translation>Escriba su número de turno, p. ej., L-042, o acerque su tarjeta al lector.</translation>
    </message>
    <message>
        <source>We don&apos;t know this badge. Please type your ticket number instead.</source>
        <translation>No reconocemos esta tarjeta. Escriba su número de turno, por favor.</translation>
    </message>
    <message>
        <source>We found no finished visit to rate. A visit can be rated once, after it has ended, for up to 7 days.</source>
        <translation>No hay ninguna visita terminada que valorar. Cada visita se puede valorar una vez, cuando ha terminado, durante 7 días.</translation>
    </message>
    <message>
        <source>Something went wrong. Please try again or ask at the counter.</source>
        <translation>Algo ha fallado. Inténtelo de nuevo o pregunte en el mostrador.</translation>
    </message>
    <message>
        <source>Thanks, this visit has already been rated.</source>
        <translation>Gracias, esta visita ya está valorada.</translation>
    </message>
    <message>
        <source>Your comment is too long; please shorten it.</source>
        <translation>Su comentario es demasiado largo; acórtelo, por favor.</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <source>Still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <source>For your privacy, this screen will start over and forget what you typed in</source>
        <translation>Por su privacidad, esta pantalla volverá al inicio y borrará lo que ha escrito en</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>Sigo aquí</translation>
    </message>
    <message>
        <source>Seconds left before the screen starts over</source>
        <translation>Segundos que quedan antes de volver al inicio</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>segundo</numerusform>
            <numerusform>segundos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>KioskLineEdit</name>
    <message>
        <source>Clear “%1”</source>
        <translation>Borrar «%1»</translation>
    </message>
</context>
<context>
    <name>KioskPage</name>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
</context>
<context>
    <name>NearbyChoice</name>
    <message>
        <source>Tell me when I&apos;m close:</source>
        <translation>Avísame cuando me toque pronto:</translation>
    </message>
    <message>
        <source>Tell me when I&apos;m close</source>
        <translation>Avísame cuando me toque pronto</translation>
    </message>
    <message>
        <source>No messages. Your ticket number will be called on the screen.</source>
        <translation>Sin mensajes. Tu número aparecerá en la pantalla.</translation>
    </message>
    <message>
        <source>We&apos;ll e-mail you</source>
        <translation>Te escribiremos un correo</translation>
    </message>
    <message>
        <source>We&apos;ll text %1</source>
        <translation>Te enviaremos un SMS al %1</translation>
    </message>
    <message>
        <source>We&apos;ll message you on Slack</source>
        <translation>Te escribiremos por Slack</translation>
    </message>
    <message>
        <source>We&apos;ll message you on Teams</source>
        <translation>Te escribiremos por Teams</translation>
    </message>
    <message>
        <source>%1 when you&apos;re called.</source>
        <translation>%1 cuando te llamen.</translation>
    </message>
    <message>
        <source>%1 when %2 ahead of you, and when you&apos;re called.</source>
        <translation>%1 cuando %2 delante de ti, y cuando te llamen.</translation>
    </message>
    <message>
        <source>1 person is</source>
        <translation>quede 1 persona</translation>
    </message>
    <message>
        <source>%1 people are</source>
        <translation>queden %1 personas</translation>
    </message>
    <message>
        <source>E-mail me</source>
        <translation>Por correo</translation>
    </message>
    <message>
        <source>Text me</source>
        <translation>Por SMS</translation>
    </message>
    <message>
        <source>Slack me</source>
        <translation>Por Slack</translation>
    </message>
    <message>
        <source>Teams me</source>
        <translation>Por Teams</translation>
    </message>
    <message>
        <source>No thanks</source>
        <translation>No, gracias</translation>
    </message>
    <message>
        <source>When I&apos;m called</source>
        <translation>Cuando me llamen</translation>
    </message>
    <message>
        <source>Save number</source>
        <translation>Guardar número</translation>
    </message>
    <message>
        <source>Your mobile number, with the country code</source>
        <translation>Tu número de móvil, con el prefijo del país</translation>
    </message>
    <message>
        <source>+44 7700 900123</source>
        <translation>+34 612 345 678</translation>
    </message>
    <message>
        <source>%1 ahead</source>
        <translation>%1 delante</translation>
    </message>
    <message>
        <source>When %1 ahead of me</source>
        <translation>Cuando %1 delante de mí</translation>
    </message>
</context>
<context>
    <name>NearbyFlow</name>
    <message>
        <source>Please type your mobile number with its country code, like +44 7700 900123.</source>
        <translation>Escribe tu número de móvil con el prefijo del país, como +34 612 345 678.</translation>
    </message>
    <message>
        <source>We have no work e-mail for you: choose a text message instead.</source>
        <translation>No tenemos tu correo del trabajo: elige un SMS.</translation>
    </message>
    <message>
        <source>Your visit is no longer in line, so nothing can be sent.</source>
        <translation>Tu visita ya no está en la fila, así que no se puede enviar nada.</translation>
    </message>
    <message>
        <source>That could not be saved just now. Please try again, or ask at the front desk.</source>
        <translation>No se pudo guardar ahora. Inténtalo de nuevo o pregunta en el mostrador.</translation>
    </message>
    <message>
        <source>That did not work. Please choose again.</source>
        <translation>No ha funcionado. Elige de nuevo.</translation>
    </message>
</context>
<context>
    <name>NoticePage</name>
    <message>
        <source>We already know about this</source>
        <translation>Ya estamos al tanto</translation>
    </message>
    <message>
        <source>If this is your problem, there is no need to wait: we are working on it.</source>
        <translation>Si es su problema, no hace falta esperar: ya estamos trabajando en ello.</translation>
    </message>
    <message>
        <source>Never mind</source>
        <translation>No hace falta</translation>
    </message>
    <message>
        <source>Never mind: back to the start</source>
        <translation>No hace falta: volver al inicio</translation>
    </message>
    <message>
        <source>I still need help</source>
        <translation>Aun así necesito ayuda</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Check-in is not available right now.</source>
        <translation>El registro no está disponible en este momento.</translation>
    </message>
    <message>
        <source>Please see the front desk: they will help you.</source>
        <translation>Acuda a la recepción: allí le ayudarán.</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
    <message>
        <source>The board will update again in a moment.</source>
        <translation>El panel se actualizará de nuevo en un momento.</translation>
    </message>
    <message>
        <source>Offline: the database cannot be reached.</source>
        <translation>Sin conexión: no se puede acceder a la base de datos.</translation>
    </message>
    <message>
        <source>Nothing you typed is lost. Tech Bar reconnects by itself; try again once this bar is gone.</source>
        <translation>No se pierde nada de lo que ha escrito. Tech Bar se vuelve a conectar solo; inténtelo de nuevo cuando desaparezca esta barra.</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
</context>
<context>
    <name>PinPadDialog</name>
    <message>
        <source>Staff only</source>
        <translation>Solo personal</translation>
    </message>
    <message>
        <source>Staff only: enter the PIN</source>
        <translation>Solo personal: introduzca el PIN</translation>
    </message>
    <message>
        <source>Digits entered</source>
        <translation>Dígitos introducidos</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Try again.</source>
        <translation>No se pudo comprobar el PIN. Inténtelo de nuevo.</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong tries. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Demasiados intentos fallidos. Vuelva a intentarlo en %n minuto.</numerusform>
            <numerusform>Demasiados intentos fallidos. Vuelva a intentarlo en %n minutos.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n try(ies) left.</source>
        <translation>
            <numerusform>PIN incorrecto. Queda %n intento.</numerusform>
            <numerusform>PIN incorrecto. Quedan %n intentos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete a digit</source>
        <translation>Borrar un dígito</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>Comprobar el PIN</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>RatePage</name>
    <message>
        <source>How was your visit?</source>
        <translation>¿Qué tal su visita?</translation>
    </message>
    <message>
        <source>Not good</source>
        <translation>Mal</translation>
    </message>
    <message>
        <source>Okay</source>
        <translation>Regular</translation>
    </message>
    <message>
        <source>Great</source>
        <translation>Muy bien</translation>
    </message>
    <message>
        <source>Anything to add? (optional)</source>
        <translation>¿Algo más? (opcional)</translation>
    </message>
    <message>
        <source>Comment (optional)</source>
        <translation>Comentario (opcional)</translation>
    </message>
    <message>
        <source>What went well, what could be better?</source>
        <translation>¿Qué fue bien y qué podríamos mejorar?</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Ahora no</translation>
    </message>
    <message>
        <source>Not now: back to the start</source>
        <translation>Ahora no: volver al inicio</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Send my answer</source>
        <translation>Enviar mi respuesta</translation>
    </message>
    <message>
        <source>Ticket %1 · %2</source>
        <translation>Turno %1 · %2</translation>
    </message>
</context>
<context>
    <name>SameDeviceCard</name>
    <message>
        <source>Same device as last time?</source>
        <translation>¿El mismo dispositivo que la última vez?</translation>
    </message>
    <message>
        <source>Yes, same one</source>
        <translation>Sí, el mismo</translation>
    </message>
    <message>
        <source>Yes, the same device</source>
        <translation>Sí, el mismo dispositivo</translation>
    </message>
    <message>
        <source>Another one</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>No, another device</source>
        <translation>No, otro dispositivo</translation>
    </message>
</context>
<context>
    <name>StartupWindow</name>
    <message>
        <source>Tech Bar is starting</source>
        <translation>Tech Bar se está iniciando</translation>
    </message>
    <message>
        <source>Getting ready</source>
        <translation>Preparando</translation>
    </message>
    <message>
        <source>Getting ready…</source>
        <translation>Preparando…</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Technician console</source>
        <translation>Consola del técnico</translation>
    </message>
    <message>
        <source>Floor</source>
        <translation>Sala</translation>
    </message>
    <message>
        <source>Now serving</source>
        <translation>Atendiendo ahora</translation>
    </message>
</context>
<context>
    <name>ThanksPage</name>
    <message>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
    <message>
        <source>Your answer helps us make the Tech Bar better.</source>
        <translation>Su respuesta nos ayuda a mejorar el Tech Bar.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>Done: back to the start</source>
        <translation>Terminar: volver al inicio</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <source>On-screen keyboard</source>
        <translation>Teclado en pantalla</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>Mayúsculas</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>space</source>
        <translation>espacio</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Espacio</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome! Who are you?</source>
        <translation>¡Hola! ¿Quién es usted?</translation>
    </message>
    <message>
        <source>Check in for walk-up IT help. We&apos;ll call you by your ticket number.</source>
        <translation>Regístrese para recibir ayuda informática sin cita. Le llamaremos por su número de turno.</translation>
    </message>
    <message>
        <source>Your name or employee ID</source>
        <translation>Su nombre o número de empleado</translation>
    </message>
    <message>
        <source>e.g. Ana García or E1234</source>
        <translation>p. ej., Ana García o E1234</translation>
    </message>
    <message>
        <source>Email (optional)</source>
        <translation>Correo electrónico (opcional)</translation>
    </message>
    <message>
        <source>For updates about your visit</source>
        <translation>Para recibir novedades sobre su visita</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Next: choose a reason</source>
        <translation>Siguiente: elegir un motivo</translation>
    </message>
    <message>
        <source>I have an appointment</source>
        <translation>Tengo cita</translation>
    </message>
    <message>
        <source>Rate your visit</source>
        <translation>Valorar mi visita</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
</context>
</TS>
