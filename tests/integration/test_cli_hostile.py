"""Bad command lines, settings and database URLs: one line naming the problem, never a
traceback or a password; and the backup command."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

import main
from kiosk.bootstrap import build_core
from kiosk.config import Settings

SECRET = "pa55-w0rd-never-shown"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.startswith("techbar: "), err
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize(("argv", "words"), [
    (("notice", "post", "--title", "x", "--hours", "nan"), "'nan': give a number of hours"),
    (("notice", "post", "--title", "x", "--hours", "inf"), "'inf': give a number of hours"),
    (("notice", "post", "--title", "x", "--hours", "1e308"), "'1e308': give a number"),
    (("notice", "post", "--title", "x", "--hours", "-1"), "above 0"),
    (("notice", "end", "99999999999999999999"), "is not a notice number"),
    (("export", "--from", "2026-11-01", "--to", "2026-11-02", "--out", "/proc/x.csv"),
     "Cannot write in /proc"),
])
def test_bad_arguments_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            argv: tuple[str, ...], words: str) -> None:
    code, _, err = run(capsys, "--db", f"sqlite:///{tmp_path}/a.db", *argv)
    assert code == 2
    assert words in one_line(err)


def test_export_to_a_folder_names_the_problem(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", f"sqlite:///{tmp_path}/a.db", "export", "--from",
                       "2026-11-01", "--to", "2026-11-02", "--out", str(tmp_path))
    assert code == 2
    assert "is a folder; name a file" in one_line(err)


def test_technician_add_without_input_gives_up_cleanly(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    def closed(_prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("getpass.getpass", closed)
    code, out, _ = run(capsys, "--db", f"sqlite:///{tmp_path}/a.db", "technician", "add",
                       "--name", "Bo")
    assert code == 1
    assert "No PIN was typed" in out


@pytest.mark.parametrize("nesting", ["[", "{a="])
def test_deeply_nested_settings_are_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            nesting: str) -> None:
    closing = "]" if nesting == "[" else "}"
    config = tmp_path / "deep.toml"
    config.write_text("a = " + nesting * 5000 + "1" * (nesting == "[") + closing * 5000,
                      encoding="utf-8")
    code, _, err = run(capsys, "--config", str(config), "migrate")
    assert code == 2
    assert "nested too deeply" in one_line(err)


@pytest.mark.parametrize(("url", "words"), [
    (f"postgresql+psycopg://admin:{SECRET}@db.example.com:notaport/techbar",
     "the port is not a number"),
    (f"not a url admin:{SECRET}@", "is not a database URL"),
    ("sqlite:////proc/no-such-folder/techbar.db", "cannot create the folder"),
])
def test_bad_database_urls_exit_1_without_the_password(capsys: pytest.CaptureFixture[str],
                                                       url: str, words: str) -> None:
    code, out, err = run(capsys, "--db", url, "migrate")
    assert code == 1
    assert words in one_line(err)
    assert SECRET not in err + out


def test_backup_copies_a_live_database(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                       settings: Settings) -> None:
    url = f"sqlite:///{tmp_path}/live.db"
    with build_core(database_url=url, settings=settings) as core:
        core.migrate()
        for number in range(150):
            core.visits.check_in(name=f"Visitor {number}", category="laptop")
        stop = threading.Event()

        def keep_writing() -> None:
            while not stop.is_set():
                core.visits.check_in(name="Late", category="laptop")

        writer = threading.Thread(target=keep_writing)
        writer.start()
        try:
            code, out, _ = run(capsys, "--db", url, "backup", str(tmp_path / "copy.db"))
        finally:
            stop.set()
            writer.join(10)
    assert code == 0
    assert "backed up" in out
    with sqlite3.connect(tmp_path / "copy.db") as copy:
        (count,) = copy.execute("SELECT count(*) FROM visits").fetchone()
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert count >= 150
    assert not list(tmp_path.glob(".*partial"))


def test_backup_of_postgresql_says_to_use_pg_dump(capsys: pytest.CaptureFixture[str],
                                                  postgres_url: str, tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", postgres_url, "backup", str(tmp_path / "x.db"))
    assert code == 1
    assert "pg_dump" in one_line(err)


def test_a_missing_directory_file_is_named_plainly(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", f"sqlite:///{tmp_path}/a.db", "directory", "import",
                       str(tmp_path / "nobody.csv"))
    assert code == 2
    assert "nobody.csv: No such file or directory" in one_line(err)
    assert "Errno" not in err


def test_simulate_without_db_uses_a_scratch_database(capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    live = tmp_path / "live.db"
    monkeypatch.setenv("KIOSK_DATABASE_URL", f"sqlite:///{live}")
    code, out, err = run(capsys, "simulate", "--visitors", "5", "--technicians", "1", "--json")
    assert code == 0
    assert "simulating on a scratch database" in err
    assert not live.exists(), "the live database is never touched"
    assert '"visits": 5' in out


def test_export_for_excel_with_notes(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                     settings: Settings) -> None:
    url = f"sqlite:///{tmp_path}/a.db"
    with build_core(database_url=url, settings=settings) as core:
        core.migrate()
        visit = core.visits.check_in(name="Zoë", category="laptop")
        core.visits.call(visit.id, "Kim")
        core.visits.start(visit.id, "Kim")
        core.visits.resolve(visit.id, "Kim", "fixed", "=cmd|' new café battery")
        day = core.visits.get(visit.id).checked_in_at.date().isoformat()
    out = tmp_path / "visits.csv"
    code, _, _ = run(capsys, "--db", url, "export", "--from", day, "--to", day, "--out", str(out),
                     "--notes", "--bom")
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header, row = raw.decode("utf-8-sig").splitlines()[:2]
    assert header.endswith(",resolution_notes")
    assert row.endswith(",'=cmd|' new café battery"), "formulas are defused"
