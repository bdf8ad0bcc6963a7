"""The bootstrap: the documented API for scripts, and what importing the core loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.bootstrap import Core, build_core
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.domain.visit import VisitState

ROOT = Path(__file__).resolve().parents[2]
ADAPTERS = ("webhook", "rt", "servicenow", "jira", "zammad", "zendesk")


def test_the_documented_example_runs(db_url: str, settings: Settings, clock: ManualClock) -> None:
    with build_core(database_url=db_url, settings=settings, clock=clock) as core:
        core.migrate()
        visit = core.visits.check_in(name="Ada Lovelace", category="laptop")
        called = core.visits.call_next("Kim")
        core.visits.start(called.id, "Kim")
        core.visits.resolve(called.id, "Kim", "fixed", "Replaced the charger.")
        assert core.visits.get(visit.id).state is VisitState.RESOLVED
        assert core.floor.snapshot().waiting == 0


def test_every_service_shares_the_settings_and_the_clock(core: Core) -> None:
    for service in (core.visits, core.notices, core.feedback, core.metrics, core.technicians):
        assert service.settings is core.settings
        assert service.clock is core.clock
    assert core.floor.visits is core.visits
    assert core.appointments.visits is core.visits


def test_build_core_reads_a_settings_file(tmp_path: Path) -> None:
    config = tmp_path / "site.toml"
    config.write_text((ROOT / "resources" / "default-config.toml").read_text(encoding="utf-8")
                      .replace('name = "HQ', 'name = "Annex', 1), encoding="utf-8")
    with build_core(config, f"sqlite:///{tmp_path / 'x.db'}") as core:
        assert core.settings.site_name == "Annex Tech Bar"
        assert "x.db" in core.database_name


def _loaded_after(statement: str) -> set[str]:
    """The modules in ``sys.modules`` after running ``statement`` in a fresh interpreter."""
    code = f"import sys\n{statement}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    return set(done.stdout.split())


def test_the_core_loads_neither_qt_nor_http() -> None:
    loaded = _loaded_after("import kiosk.bootstrap, kiosk.cli.run")
    assert not {m for m in loaded if m.startswith(("PySide6", "requests", "kiosk.sync."))}


def test_importing_one_adapter_loads_no_other() -> None:
    loaded = _loaded_after("import kiosk.sync.adapters.rt")
    others = {f"kiosk.sync.adapters.{name}" for name in ADAPTERS if name != "rt"}
    assert "kiosk.sync.adapters.rt" in loaded
    assert not loaded & others


def test_the_sync_worker_loads_only_the_configured_adapter() -> None:
    loaded = _loaded_after(
        "from kiosk.config import DEFAULT_CONFIG, load_settings\n"
        "from kiosk.sync.factory import build_adapter\n"
        "settings = load_settings(DEFAULT_CONFIG, environ={'KIOSK_BACKEND': 'zammad', "
        "'KIOSK_ZAMMAD_URL': 'https://zammad.example.com', 'KIOSK_ZAMMAD_TOKEN': 't'})\n"
        "assert type(build_adapter(settings)).__name__ == 'ZammadAdapter'")
    assert {m for m in loaded if m.startswith("kiosk.sync.adapters.")} == {
        "kiosk.sync.adapters.zammad", "kiosk.sync.adapters.ticketing", "kiosk.sync.adapters.text"}


def test_the_example_in_the_architecture_document_runs(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    document = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    example = document.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KIOSK_NO_DEMO", "1")
    exec(compile(example, "docs/architecture.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "resolved"
    assert printed[1].startswith("1 ")
    assert (tmp_path / "techbar.db").exists()
