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
