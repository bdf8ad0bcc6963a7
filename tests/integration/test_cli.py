"""The command line: exit codes and one-line reasons."""

import json
from pathlib import Path

import pytest

import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_on_a_new_sqlite_file(capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    code, out, _ = run(capsys, "migrate", "--db", f"sqlite:///{tmp_path}/a.db")
    assert code == 0
    assert "newest schema" in out


def test_options_before_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "--db", f"sqlite:///{tmp_path}/b.db", "migrate")
    assert code == 0
    assert "b.db" in out


def test_bad_usage_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "fly")
    assert code == 2
    assert err.startswith("techbar: ")
    assert "invalid choice" in err
    assert err.count("\n") == 1


def test_bad_settings_file_exits_2_naming_file_and_key(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[site]\nid = "Not OK"\n')
    code, _, err = run(capsys, "migrate", "--config", str(bad))
    assert code == 2
    assert str(bad) in err
    assert "site.id" in err


def test_unreachable_database_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "migrate", "--db", "postgresql+psycopg://u@127.0.0.1:1/x")
    assert code == 1
    assert "database unavailable" in err
    assert err.count("\n") == 1


def test_simulate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "simulate", "--visitors", "30", "--technicians", "2",
                       "--seed", "7", "--json", "--db", f"sqlite:///{tmp_path}/s.db")
    assert code == 0
    report = json.loads(out)
    assert report["visits"] == 30
    assert sum(report["by_state"].values()) == 30


def test_simulate_rejects_nonsense(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "simulate", "--visitors", "10", "--technicians", "0",
                       "--db", f"sqlite:///{tmp_path}/s.db")
    assert code == 2
    assert "technician" in err


def test_directory_import_reports_bad_rows_and_keeps_good_ones(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("employee_id,name,email\nE1,Ana,ana@example.com\nE2,,b@example.com\n"
                        "E3,Émile Zola,emile@example.com\n", encoding="utf-8")
    code, out, _ = run(capsys, "directory", "import", str(csv_file),
                       "--db", f"sqlite:///{tmp_path}/d.db")
    assert code == 1
    assert "2 added, 0 updated, 1 rows rejected" in out
    assert "line 3: name is empty" in out


def test_directory_import_of_an_unusable_file_exits_2(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    csv_file = tmp_path / "people.csv"
    csv_file.write_text("who,what\n", encoding="utf-8")
    code, _, err = run(capsys, "directory", "import", str(csv_file),
                       "--db", f"sqlite:///{tmp_path}/d.db")
    assert code == 2
    assert "lacks the column(s) employee_id, name" in err


def test_appointment_and_notice_commands(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/a.db"
    code, out, _ = run(capsys, "appointment", "book", "--name", "Mei", "--category", "laptop",
                       "--at", "2030-01-02T14:30", "--db", db)
    assert code == 0
    assert out.startswith("TB-")
    assert "2030-01-02 14:30" in out
    code, out, _ = run(capsys, "notice", "post", "--title", "Wi-Fi down", "--category", "laptop",
                       "--hours", "2", "--db", db)
    assert (code, out.strip()) == (0, "notice 1 posted")
    code, out, _ = run(capsys, "notice", "list", "--db", db)
    assert "[laptop] Wi-Fi down" in out
    code, _, err = run(capsys, "appointment", "book", "--name", "Mei", "--category", "laptop",
                       "--at", "soon", "--db", db)
    assert code == 2
    assert "not a date and time" in err


def test_admin_pin_prints_a_hash_that_verifies(capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from kiosk.domain.pins import verify_pin

    answers = iter(["12", "4711", "4711"])
    monkeypatch.setattr("getpass.getpass", lambda _prompt: next(answers))
    code, out, _ = run(capsys, "admin-pin")
    assert code == 0
    line = next(li for li in out.splitlines() if li.startswith("admin_pin_hash"))
    assert verify_pin("4711", line.split('"')[1])
    assert not verify_pin("4712", line.split('"')[1])


def test_export_writes_the_visits_of_a_range(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/e.db"
    code, _, _ = run(capsys, "simulate", "--visitors", "12", "--technicians", "2", "--json",
                     "--db", db)
    assert code == 0
    out = tmp_path / "visits.csv"
    code, text, _ = run(capsys, "export", "--from", "2000-01-01", "--to", "2100-01-01",
                        "--out", str(out), "--db", db)
    assert code == 0
    assert text.strip() == f"0 visits written to {out}", "simulated days stay out of exports"
    code, _, err = run(capsys, "export", "--from", "2026-13-01", "--to", "2026-12-01",
                       "--out", str(out), "--db", db)
    assert code == 2
    assert "--from" in err


def test_directory_import_of_a_non_utf8_file_exits_2(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    csv_file = tmp_path / "people.csv"
    csv_file.write_bytes("employee_id,name\nE1,Zoë\n".encode("latin-1"))
    code, _, err = run(capsys, "directory", "import", str(csv_file),
                       "--db", f"sqlite:///{tmp_path}/d.db")
    assert code == 2
    assert "is not UTF-8 text" in err
