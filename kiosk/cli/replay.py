"""``replay`` and ``staffing``: recorded arrivals through the real services.

Both read an arrivals CSV (:mod:`kiosk.sim.replay_csv`); a bad file is one line naming
the file, the line and the problem (exit code 2). Both run on a scratch database unless
``--db`` is given (chosen in :mod:`kiosk.cli.run`).
"""

from __future__ import annotations

import argparse
import json
from datetime import timedelta
from pathlib import Path

from kiosk.cli.parser import UsageError, read_csv_text
from kiosk.cli.progress import progress_bar
from kiosk.cli.session import Session
from kiosk.config import Settings
from kiosk.sim.replay import parse_skill_groups, run_replay
from kiosk.sim.replay_csv import Arrivals, ArrivalsError, read_arrivals
from kiosk.sim.replay_report import summarise, write_visits
from kiosk.sim.staffing import advise_staffing

EXIT_OK = 0


def replay_command(args: argparse.Namespace, session: Session) -> int:
    settings = session.core.settings
    arrivals = load_arrivals(Path(args.file), settings)
    skills = parse_skill_groups(args.skills, args.technicians, settings)
    out = _jsonl_target(args.visits) if args.visits else None
    with progress_bar("replay", "visitors") as progress:
        run = run_replay(session.database, settings, arrivals.rows, skills, progress=progress)
    summary = summarise(run, source=arrivals.source, skipped=arrivals.skipped)
    if out is not None:
        try:
            with out.open("w", encoding="utf-8") as file:
                write_visits(run.visits, file)
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(json.dumps(summary.as_dict()) if args.json else summary.format_text())
    return EXIT_OK


def staffing_command(args: argparse.Namespace, session: Session) -> int:
    settings = session.core.settings
    arrivals = load_arrivals(Path(args.file), settings)
    with progress_bar("staffing", "visitors") as progress:
        advice = advise_staffing(session.database, settings, arrivals.rows,
                                 target_wait=timedelta(minutes=args.target_wait), sla=args.sla,
                                 max_technicians=args.max_technicians, progress=progress)
    print(json.dumps(advice.as_dict()) if args.json else advice.format_text())
    return EXIT_OK


def load_arrivals(path: Path, settings: Settings) -> Arrivals:
    """The file's arrivals, or a :class:`UsageError` naming the file, line and problem."""
    text = read_csv_text(path, "utf-8-sig")
    try:
        return read_arrivals(text, settings)
    except ArrivalsError as exc:
        raise UsageError(f"{path}: {exc}") from None


def _jsonl_target(name: str) -> Path:
    """Check before the replay runs that ``--visits`` can be written."""
    out = Path(name)
    if out.is_dir():
        raise UsageError(f"--visits: {out} is a folder; name a file, e.g. {out / 'visits.jsonl'}")
    if not out.resolve().parent.is_dir():
        raise UsageError(f"--visits: the folder {out.resolve().parent} does not exist")
    return out

