"""'You're close' messages: their outbox worker and channels (e-mail, SMS, Slack, Teams).

Network I/O: ``apprise`` and ``requests`` are imported here only. Like ``kiosk.sync``, its
``__init__`` is empty, so importing one module loads no channel.
"""
