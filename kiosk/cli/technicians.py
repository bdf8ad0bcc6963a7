"""``python main.py technician add|list``: the console's people, from a terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from kiosk.app.technicians import TechnicianService, parse_skills
from kiosk.cli.prompts import ask_new_pin
from kiosk.errors import ValidationError


def add_technician_command(service: TechnicianService, *, name: str, skills: str,
                           counter: str, input_fn: Callable[[str], str], out: TextIO) -> int:
    """Ask the PIN twice and add the technician.

    Args:
        skills: comma-separated category ids; empty means every category.
        input_fn: reads a secret without echo (``getpass.getpass``).

    Returns:
        The process exit code: 0 when added, 1 when refused (the reason is printed).
    """
    pin = ask_new_pin(input_fn, out, "PIN (4-12 digits): ")
    if pin is None:
        out.write("No PIN set; nothing added.\n")
        return 1
    try:
        added = service.add(name=name, pin=pin, skills=parse_skills(skills), counter=counter)
    except ValidationError as error:
        out.write(f"Not added: {error}\n")
        return 1
    scope = ", ".join(added.skills) or "every category"
    where = f" at {added.counter}" if added.counter else ""
    out.write(f"Added {added.name}{where} ({scope}).\n")
    return 0


def list_technicians_command(service: TechnicianService, out: TextIO) -> int:
    """One line per technician: name, counter, skills, status."""
    for tech in service.list(active_only=False):
        skills = ",".join(tech.skills) or "all"
        state = tech.status.value if tech.active else "inactive"
        out.write(f"{tech.name}\t{tech.counter or '-'}\t{skills}\t{state}\n")
    return 0
