<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CategoryTile</name>
    <message numerus="yes">
        <source>We aim to see you within %n min</source>
        <translation>
            <numerusform>We aim to see you within %n min</numerusform>
            <numerusform>We aim to see you within %n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>second</numerusform>
            <numerusform>seconds</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PinPadDialog</name>
    <message numerus="yes">
        <source>Too many wrong tries. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Too many wrong tries. Try again in %n minute.</numerusform>
            <numerusform>Too many wrong tries. Try again in %n minutes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. %n try(ies) left.</source>
        <translation>
            <numerusform>Wrong PIN. %n try left.</numerusform>
            <numerusform>Wrong PIN. %n tries left.</numerusform>
        </translation>
    </message>
</context>
</TS>
