<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
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
            <source>We could not check you in just now. Please try again or ask at the counter.</source>
            <translation>No hemos podido registrarle en este momento. Inténtelo de nuevo o pregunte en el mostrador.</translation>
        </message>
        <message>
            <source>Something went wrong. Please try again or ask at the counter.</source>
            <translation>Algo ha fallado. Inténtelo de nuevo o pregunte en el mostrador.</translation>
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
            <source>'%1' does not look like an email address.</source>
            <translation>«%1» no parece una dirección de correo electrónico.</translation>
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
            <source>All done</source>
            <translation>¡Listo!</translation>
        </message>
        <message>
            <source>Step %1 of %2</source>
            <translation>Paso %1 de %2</translation>
        </message>
        <message>
            <source>Anything we should know?</source>
            <translation>¿Algo que debamos saber?</translation>
        </message>
        <message>
            <source>%1: anything we should know?</source>
            <translation>%1: ¿algo que debamos saber?</translation>
        </message>
        <message>
            <source>Welcome! Who are you?</source>
            <translation>¡Hola! ¿Quién es usted?</translation>
        </message>
        <message>
            <source>Check in for walk-up IT help. We'll call you by your ticket number.</source>
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
            <source>Language</source>
            <translation>Idioma</translation>
        </message>
        <message>
            <source>Message</source>
            <translation>Mensaje</translation>
        </message>
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
            <source>Optional. A few words help the technician get ready for you.</source>
            <translation>Opcional. Unas pocas palabras ayudan al técnico a prepararse.</translation>
        </message>
        <message>
            <source>Describe the problem (optional)</source>
            <translation>Describa el problema (opcional)</translation>
        </message>
        <message>
            <source>e.g. My laptop won't connect to the Wi-Fi</source>
            <translation>p. ej., Mi portátil no se conecta al wifi</translation>
        </message>
        <message>
            <source>Up to %1 characters.</source>
            <translation>Hasta %1 caracteres.</translation>
        </message>
        <message>
            <source>Back to the reasons</source>
            <translation>Volver a los motivos</translation>
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
        <name>ConfirmationPanel</name>
        <message>
            <source>Please take a seat. We'll call your ticket number on the screen.</source>
            <translation>Tome asiento, por favor. Llamaremos a su número en la pantalla.</translation>
        </message>
        <message>
            <source>You're checked in, %1.</source>
            <translation>Registro completado, %1.</translation>
        </message>
        <message>
            <source>Your ticket number is %1</source>
            <translation>Su número de turno es %1</translation>
        </message>
        <message>
            <source>You're next in line.</source>
            <translation>Su turno es el siguiente.</translation>
        </message>
        <message>
            <source>You are number %1 in line.</source>
            <translation>Su turno es el número %1 de la fila.</translation>
        </message>
        <message>
            <source>We'll call your number shortly.</source>
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
            <source>I'm still here</source>
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
</TS>
