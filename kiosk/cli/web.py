"""``web`` (serve the status pages) and ``status-link`` (print a ticket's link).

``web`` imports the web framework only when it runs, so no other command loads it.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.parser import UsageError
from kiosk.cli.session import Session
from kiosk.errors import KioskError, NotFound

EXIT_OK = 0


def web_command(args: argparse.Namespace, session: Session) -> int:
    """Serve until Ctrl+C (or SIGTERM); a port that is taken is one line, exit 1.

    Raises:
        KioskError: the framework is missing or the address cannot be listened on.
    """
    try:
        from kiosk.web.server import listen, serve
    except ImportError as exc:
        raise KioskError(f"the web service needs {exc.name or 'fastapi'}: "
                            "install Tech Bar again (pip install -e .)") from None
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        raise KioskError(f"cannot listen on {args.host}:{args.port}: "
                            f"{exc.strerror or exc}") from None
    public = session.core.settings.web.public_url
    print(f"serving status pages on http://{_host(args.host)}:{args.port} "
          f"(links: {public or 'none: [web] public_url is empty'}); Ctrl+C stops", flush=True)
    if not public:
        print("techbar: [web] public_url is empty: the kiosk shows no QR code for this service",
              file=sys.stderr)
    try:
        serve(session.core, sock)
    finally:
        sock.close()
    return EXIT_OK


def status_link_command(args: argparse.Namespace, session: Session) -> int:
    """Print the link; an unknown ticket (or one without a valid link) is exit 2."""
    try:
        link = session.core.status.status_link(args.ticket, args.date)
    except NotFound as exc:
        raise UsageError(str(exc)) from None
    print(link)
    sys.stdout.flush()
    return EXIT_OK


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
