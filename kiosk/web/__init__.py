"""The web service (FastAPI on uvicorn): the visitor's status page behind the QR code.

The only package besides ``kiosk/sync`` that speaks HTTP; no window imports it.
:func:`kiosk.web.app.create_app` builds the application, :mod:`kiosk.web.server` runs it.
"""
