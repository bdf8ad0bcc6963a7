"""``python main.py api-token create|list|revoke``: the company-facing API's tokens.

``create`` prints the secret once (it is stored only as a hash); a bad scope, a taken
or malformed name, or revoking a name no token has is one line on stderr, exit 2.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import TextIO

from kiosk.app.api_tokens import ApiTokenService
from kiosk.cli.parser import UsageError
from kiosk.config import Settings
from kiosk.errors import NotFound, ValidationError

EXIT_OK = 0


def api_token_command(args: argparse.Namespace, tokens: ApiTokenService, settings: Settings,
                      out: TextIO) -> int:
    try:
        if args.action == "create":
            made = tokens.create(args.name, args.scope)
            out.write(f"API token {made.token.name} ({made.token.scope}) made. Its secret, shown "
                      "only this once (send it as Authorization: Bearer ...):\n")
            out.write(f"{made.secret}\n")
        elif args.action == "revoke":
            gone = tokens.revoke(args.name)
            out.write(f"API token {gone.name} revoked; it no longer works.\n")
        else:
            _list(tokens, settings, out)
    except (ValidationError, NotFound) as error:
        raise UsageError(str(error)) from None
    return EXIT_OK


def _list(tokens: ApiTokenService, settings: Settings, out: TextIO) -> None:
    """One line per token: name, scope, made, last used, revoked (site time)."""
    found = tokens.list()
    if not found:
        out.write("No API tokens (make one with: api-token create --name NAME --scope read).\n")
        return
    out.write("name\tscope\tcreated\tlast used\trevoked\n")
    for token in found:
        out.write("\t".join((token.name, token.scope, _when(token.created_at, settings),
                             _when(token.last_used_at, settings),
                             _when(token.revoked_at, settings))) + "\n")


def _when(moment: datetime | None, settings: Settings) -> str:
    return (moment + settings.utc_offset).strftime("%Y-%m-%d %H:%M") if moment else "-"
