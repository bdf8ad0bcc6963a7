"""The command line: each command's arguments (:mod:`.parser`), its work and printing
(:mod:`.commands`, :mod:`.sync`), and the loop that maps errors to exit codes (:mod:`.run`).

Commands that open windows are passed in by ``main.py``, so this package never imports Qt.
"""
