"""desktop.json (app.gui.prefs): whole and private; damaged, it reads as the defaults and stays
as it was until the person changes a setting, which keeps the damaged file aside."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from app.gui import prefs
from vault.errors import FileCorrupt

DAMAGED = b'{"model": "smol-test", "gpu_layers": {"smol-test": 12'   # cut short mid-write


def test_settings_are_kept_whole_and_private(home: Path) -> None:
    assert prefs.get("model", "default") == "default"          # no file yet: the defaults
    prefs.put("model", "smol-test")
    prefs.set_gpu_layers("smol-test", 12)
    prefs.set_gpu_layers("other", 0)
    prefs.set_gpu_layers("other", None)                         # automatic again: forgotten
    path = home / "desktop.json"
    assert json.loads(path.read_text()) == {"model": "smol-test", "gpu_layers": {"smol-test": 12}}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert prefs.get("model") == "smol-test"
    assert prefs.gpu_layers("smol-test") == 12 and prefs.gpu_layers("other") is None


def test_a_damaged_file_gives_the_defaults_and_is_not_written_over_by_the_app(home: Path) -> None:
    path = home / "desktop.json"
    path.write_bytes(DAMAGED)
    assert prefs.load() == {}
    assert prefs.get("model", "default") == "default"
    assert prefs.gpu_layers("smol-test") is None
    # The app's own write (the model host remembering the last model) leaves it alone.
    with pytest.raises(FileCorrupt, match="desktop preferences"):
        prefs.put("model", "default")
    assert path.read_bytes() == DAMAGED
    assert not (home / "desktop.json.damaged").exists()


def test_a_setting_the_person_changes_replaces_it_and_keeps_the_damaged_file(home: Path) -> None:
    path = home / "desktop.json"
    path.write_bytes(DAMAGED)
    prefs.set_gpu_layers("smol-test", 0)
    assert (home / "desktop.json.damaged").read_bytes() == DAMAGED
    assert json.loads(path.read_text()) == {"gpu_layers": {"smol-test": 0}}
    assert prefs.gpu_layers("smol-test") == 0


def test_a_list_where_the_table_should_be_reads_as_automatic(home: Path) -> None:
    (home / "desktop.json").write_text(json.dumps({"gpu_layers": [12]}))
    assert prefs.gpu_layers("smol-test") is None
    prefs.set_gpu_layers("smol-test", 4)
    assert prefs.gpu_layers("smol-test") == 4


def test_not_now_on_the_model_offer_is_the_persons_choice(home: Path, qtbot: Any) -> None:
    from app.gui.model_offer import ModelOffer

    path = home / "desktop.json"
    path.write_bytes(DAMAGED)
    offer = ModelOffer()
    qtbot.addWidget(offer)
    offer.not_now()
    assert prefs.get("model_offer_dismissed") is True
    assert (home / "desktop.json.damaged").read_bytes() == DAMAGED
