"""Any command line: exit code 0, 1 or 2, and when not 0 exactly one line on stderr
starting "techbar: "; never a traceback, and what the database held is still there.

The command lines are the real commands and options mixed with junk values. Every one
runs on one SQLite file (``--db``, ``--no-demo``) from a scratch folder, so the files
commands write land there. Windows, ``sync`` without ``--once`` and the verbose switch
(logs on stderr by design) are never generated; a PIN prompt reads end of input.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

import main
from kiosk.bootstrap import build_core
from kiosk.config import Settings
from kiosk.store import UnitOfWork
from tests.support.fuzz import hostile_text, outcome

FUZZ = hypothesis_settings(max_examples=300, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])
WINDOWS = ("all", "kiosk", "console", "liaison", "display", "screenshots")
#: Each command (with its action): its required options (and positional argument, as
#: ""), then the optional ones.
COMMANDS: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("migrate",): ((), ()),
    ("export",): (("--from", "--to", "--out"), ("--notes", "--bom")),
    ("simulate",): (("--visitors", "--technicians"), ("--seed", "--json")),
    ("backup",): (("",), ()),
    ("directory",): ((), ()),
    ("directory", "import"): (("",), ()),
    ("appointment",): ((), ()),
    ("appointment", "book"): (("--name", "--category", "--at"),
                              ("--email", "--employee-id", "--note")),
    ("appointment", "list"): ((), ()),
    ("technician", "add"): (("--name",), ("--skills", "--counter")),
    ("technician", "list"): ((), ()),
    ("notice",): ((), ()),
    ("notice", "post"): (("--title",), ("--message", "--severity", "--category", "--hours")),
    ("notice", "list"): ((), ()),
    ("notice", "end"): (("",), ()),
    ("sync", "--once"): ((), ()),
    ("admin-pin",): ((), ()),
}
COMMON = ("--config", "--no-demo")
FLAGS = frozenset({"--notes", "--bom", "--json", "--no-demo"})
#: Values that mean something somewhere (files made in the scratch folder, dates, ids).
MEANINGFUL = ("people.csv", "bad.toml", "good.toml", "copy.db", "out.csv", "2026-11-22",
              "2026-13-01", "2030-01-02T14:30", "0001-01-01T00:00+01:00",
              "9999-12-31T23:59-01:00", "1", "2", "0", "-1", "nan", "1e308", "laptop", "mobile",
              "info", "critical", "Ana", "ana@example.com", "E1", "", " ", "-", "--")


def _small(token: str) -> bool:
    """Not a number of visitors that would simulate for long."""
    try:
        return abs(int(token)) <= 60
    except ValueError:
        return True


#: What a command line can carry: no NUL; undecodable bytes arrive as surrogates; no
#: "/" so every file named stays in the scratch folder.
junk = hostile_text(max_size=16).map(lambda t: t.replace("\x00", "").replace("/", "")).filter(
    _small).filter(lambda t: t not in WINDOWS)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A command, often with its required options, then options and values in any order
    (a value may be missing, or junk), and sometimes junk anywhere."""
    words = draw(st.sampled_from(sorted(COMMANDS)))
    required, optional = COMMANDS[words]
    value = st.one_of(st.sampled_from(MEANINGFUL), st.sampled_from(MEANINGFUL), junk)
    often = st.sampled_from([True, True, True, False])
    chosen = list(required) if draw(often) else []
    chosen += draw(st.lists(st.sampled_from((*required, *optional, *COMMON)), max_size=4))
    tail: list[str] = []
    for option in chosen:
        if option and option not in FLAGS:
            tail.append(option)
        if option not in FLAGS and draw(often):
            tail.append(draw(value))
        elif option in FLAGS:
            tail.append(option)
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        tail.insert(draw(st.integers(0, len(tail))), draw(junk))
    return [*words, *tail]


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings) -> str:
    """The database URL; the working folder holds a directory file and two settings files."""
    url = f"sqlite:///{tmp_path / 'db' / 'techbar.db'}"
    with build_core(database_url=url, settings=settings) as core:
        core.migrate()
        core.visits.check_in(name="Kept", category="laptop")
        core.directory.import_csv("employee_id,name\nE0,Kept Person\n")
    work = tmp_path / "work"
    work.mkdir()
    (work / "people.csv").write_text("employee_id,name,email\nE1,Ana,ana@example.com\n"
                                     "E2,,nobody@example.com\n", encoding="utf-8")
    (work / "bad.toml").write_text('[site]\nid = "Not OK"\n', encoding="utf-8")
    (work / "good.toml").write_text('[site]\nid = "hq"\n[[categories]]\nid = "laptop"\n',
                                    encoding="utf-8")
    monkeypatch.chdir(work)
    for name in [n for n in os.environ if n.startswith("KIOSK_")]:
        monkeypatch.delenv(name)

    def no_input(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", no_input)
    return url


def still_there(url: str, settings: Settings) -> None:
    with build_core(database_url=url, settings=settings) as core, \
            UnitOfWork(core.visits.db, readonly=True) as uow:
        assert [r.requester_name for r in uow.visits.all_for_site("hq")][:1] == ["Kept"]
        assert uow.people.get("E0") is not None


@FUZZ
@given(argv=command_lines())
@example(argv=["sync", "--once"])  # no backend: "sync: ..." was not a "techbar: " line
@example(argv=["technician", "add", "--name", "Bo"])  # no PIN: exit 1, nothing on stderr
@example(argv=["directory", "import", "people.csv"])  # a row rejected: exit 1, no stderr
@example(argv=["appointment", "book", "--name", "Mei", "--category", "laptop",
               "--at", "0001-01-01T00:00+01:00"])  # before year 1 in UTC: OverflowError
@example(argv=["admin-pin", "\n"])  # a newline echoed in the reason made two lines
@example(argv=["backup", "copy.db"])
@example(argv=["notice", "post", "--help"])
def test_any_command_line_exits_0_1_or_2_with_one_reason(
        scratch: str, settings: Settings, capsys: pytest.CaptureFixture[str],
        argv: list[str]) -> None:
    capsys.readouterr()
    code = outcome(lambda: main.main(["--db", scratch, "--no-demo", *argv]), SystemExit)
    if isinstance(code, SystemExit):  # argparse's --help: the usage on stdout, exit 0
        assert "--help" in argv
        code = code.code
    _out, err = capsys.readouterr()
    event(f"exit {code}")
    assert code in (0, 1, 2)
    assert "Traceback" not in err
    if code:
        assert err.startswith("techbar: "), err
        assert err.count("\n") == 1, err
        assert err.endswith("\n"), err
    still_there(scratch, settings)
