"""vault.fsutil's JSON files (models.json, remotes.json, desktop.json): whole, private, loud when damaged."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from vault.errors import FileCorrupt, VaultError
from vault.fsutil import read_json, write_json

# Two versions of a list big enough (~1 MB) that writing one takes many write() calls.
WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from vault.fsutil import write_json
    path = Path(sys.argv[1])
    versions = [{"version": v, "models": [{"name": f"m{i}", "path": v * 40} for i in range(12000)]}
                for v in ("a", "b")]
    print("ready", flush=True)
    n = 0
    while True:
        write_json(path, versions[n % 2])
        n += 1
""")


def test_round_trip_is_private_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "models.json"
    value = {"models": [{"name": "qwen", "path": "/models/qwén.gguf"}]}
    write_json(path, value)
    assert read_json(path, what="the model list") == value
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(path.parent).st_mode & 0o777 == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["models.json"]
    write_json(path, {"models": []})
    assert read_json(path, what="the model list") == {"models": []}
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_a_missing_file_is_an_empty_list(tmp_path: Path) -> None:
    assert read_json(tmp_path / "remotes.json", what="the remote model list") == {}


@pytest.mark.parametrize(("content", "said"), [
    (b'{"models": [', "not JSON"),
    (b"", "not JSON"),
    (b"\xff\xfe{}", "not JSON"),
    (b"[]", "JSON list, not an object"),
    (b'"models"', "JSON str, not an object"),
])
def test_a_damaged_file_is_named_not_read_as_empty(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "models.json"
    path.write_bytes(content)
    with pytest.raises(FileCorrupt, match="the model list") as err:
        read_json(path, what="the model list")
    assert said in str(err.value) and str(path) in str(err.value)
    assert err.value.code == "file_corrupt"
    assert path.read_bytes() == content  # left for the person to look at


def test_a_file_that_cannot_be_read_is_a_vault_error(tmp_path: Path) -> None:
    (tmp_path / "models.json").mkdir()
    with pytest.raises(VaultError, match="cannot read the model list") as err:
        read_json(tmp_path / "models.json", what="the model list")
    assert not isinstance(err.value, FileCorrupt)


def test_a_failed_write_keeps_the_old_file(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    path = folder / "models.json"
    write_json(path, {"models": ["old"]})
    (folder / "remotes.json").mkdir()
    with pytest.raises(VaultError, match=r"remotes\.json"):
        write_json(folder / "remotes.json", {"remotes": []})  # a folder is in the way
    with pytest.raises(TypeError):
        write_json(path, {"models": [object()]})
    assert read_json(path, what="the model list") == {"models": ["old"]}
    assert sorted(p.name for p in folder.iterdir()) == ["models.json", "remotes.json"]


def test_readers_never_see_half_a_file_even_when_the_writer_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "models.json"
    root = Path(__file__).resolve().parents[1]
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=root,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        deadline = time.monotonic() + 10
        while not path.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen = set()
        for _ in range(60):
            seen.add(read_json(path, what="the model list")["version"])
        writer.kill()  # mid-write, most likely: the file is still one whole version
        writer.wait(timeout=10)
        assert read_json(path, what="the model list")["version"] in {"a", "b"}
        assert seen <= {"a", "b"}
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=10)
