"""The command line's grammar: every command and option explains itself."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from kiosk.cli.parser import build_parser


def _parsers(parser: argparse.ArgumentParser, path: str = "techbar"
             ) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, child in action.choices.items():
                assert helps.get(name), f"{path} {name} has no help text"
                yield from _parsers(child, f"{path} {name}")


def test_every_command_and_option_has_help_text() -> None:
    missing = [f"{path} {'/'.join(action.option_strings) or action.dest}"
               for path, parser in _parsers(build_parser())
               for action in parser._actions
               if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert missing == []
