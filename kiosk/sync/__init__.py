"""Sending finished visits to the ticketing system: the outbox worker and its adapters.

Deliberately empty: importing one module of this package (one adapter, the settings)
loads no other. :mod:`kiosk.sync.worker` drains the outbox; :mod:`kiosk.sync.factory`
builds the configured adapter from :mod:`kiosk.sync.adapters`.
"""
