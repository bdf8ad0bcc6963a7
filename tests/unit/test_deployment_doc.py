"""The sample site config in docs/deployment.md is a valid settings file."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.config import load_settings

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deployment.md"


def test_the_sample_site_config_loads(tmp_path: Path) -> None:
    sample = re.search(r"```toml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert sample is not None, "docs/deployment.md lost its sample config"
    config = tmp_path / "site.toml"
    config.write_text(sample.group(1), encoding="utf-8")
    settings = load_settings(config, environ={"KIOSK_WEBHOOK_SECRET": "from-the-environment"})
    assert (settings.site_id, settings.site_name) == ("berlin-hq", "Berlin Tech Bar")
    assert settings.kiosk.lockdown
