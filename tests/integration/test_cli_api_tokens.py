"""``techbar api-token create|list|revoke``: the secret shown once, one-line refusals (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

import main
from kiosk.bootstrap import build_core


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> None:
    assert err.startswith("techbar: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert len(err) < 300


def test_create_shows_the_secret_once_and_stores_only_its_hash(
        capsys: pytest.CaptureFixture[str], sqlite_url: str) -> None:
    code, out, err = run(capsys, "api-token", "create", "--name", "portal", "--scope", "write",
                         "--db", sqlite_url)
    assert (code, err) == (0, "")
    secret = out.splitlines()[-1]
    assert secret.startswith("tbk_")
    assert len(secret) > 40
    with build_core(database_url=sqlite_url) as core:
        found = core.api_tokens.authenticate(secret)
        assert found is not None
        assert (found.name, found.scope) == ("portal", "write")
    assert secret.encode() not in Path(sqlite_url.removeprefix("sqlite:///")).read_bytes()
    code, out, err = run(capsys, "api-token", "list", "--db", sqlite_url)
    assert (code, err) == (0, "")
    assert secret not in out
    line = out.splitlines()[1].split("\t")
    assert line[:2] == ["portal", "write"]
    assert line[3] != "-", "authenticating marked it used"
    assert line[4] == "-"


def test_revoke_stops_the_token_and_lists_when(capsys: pytest.CaptureFixture[str],
                                                sqlite_url: str) -> None:
    _, out, _ = run(capsys, "api-token", "create", "--name", "dash", "--scope", "read",
                    "--db", sqlite_url)
    secret = out.splitlines()[-1]
    code, out, err = run(capsys, "api-token", "revoke", "dash", "--db", sqlite_url)
    assert (code, err) == (0, "")
    assert "revoked" in out
    with build_core(database_url=sqlite_url) as core:
        assert core.api_tokens.authenticate(secret) is None
    _, out, _ = run(capsys, "api-token", "list", "--db", sqlite_url)
    assert out.splitlines()[1].split("\t")[4] != "-"


@pytest.mark.parametrize(("argv", "reason"), [
    (["create", "--name", "x", "--scope", "admin"], "invalid choice: 'admin'"),
    (["create", "--name", "x"], "--scope"),
    (["create", "--name", "<b>x</b>", "--scope", "read"], "A token's name is 1 to 40"),
    (["create", "--name", "x" * 10_000, "--scope", "read"], "A token's name is 1 to 40"),
    (["create", "--name", "dup", "--scope", "read"], "There is already a token called dup"),
    (["revoke", "nobody"], "There is no token called nobody."),
    (["rename"], "invalid choice"),
])
def test_refusals_are_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], sqlite_url: str,
                                          argv: list[str], reason: str) -> None:
    run(capsys, "api-token", "create", "--name", "dup", "--scope", "write", "--db", sqlite_url)
    code, out, err = run(capsys, "api-token", *argv, "--db", sqlite_url)
    assert (code, out) == (2, "")
    _one_line(err)
    assert reason in err
