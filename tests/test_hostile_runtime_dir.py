"""Another account on the same machine: the runtime folder (sockets, RAM copies) is never theirs.

Without ``HEARTH_RUNTIME_DIR`` and ``XDG_RUNTIME_DIR`` (how MCP clients start servers) the
runtime folder is ``/dev/shm/hearth-<uid>``, a name anyone can create first. These tests
plant what another account would (a 0777 folder, a symbolic link to its own folder, a folder
it owns) and check that Hearth goes elsewhere, to a folder it made 0700 and checked. The
last tests run as a second account for real (a forked child that drops to uid 65534, with
the planted folder in the real ``/dev/shm``) where the test runs as root.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from vault import paths
from vault.errors import UnsafeFolder

OTHER_UID = 65534  # "nobody": an account that is not the one running Hearth
as_root = pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                             reason="making a folder owned by another account needs root")


@pytest.fixture
def shm(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in /dev/shm (sticky and world-writable, as the real one), no runtime variables."""
    fake = tmp_path / "shm"
    fake.mkdir()
    fake.chmod(0o1777)
    monkeypatch.setattr(paths, "SHM", fake)
    monkeypatch.delenv("HEARTH_RUNTIME_DIR", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return fake


def _is_private(path: Path) -> bool:
    st = os.lstat(path)
    return (stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid()
            and stat.S_IMODE(st.st_mode) & 0o077 == 0)


def test_the_usual_shm_folder_is_made_private(shm: Path) -> None:
    run = paths.runtime_dir()
    assert run.parent == shm / f"hearth-{os.geteuid()}"
    assert _is_private(run) and _is_private(run.parent)


def test_a_world_writable_folder_planted_first_is_skipped(shm: Path) -> None:
    planted = shm / f"hearth-{os.geteuid()}"
    planted.mkdir()
    planted.chmod(0o777)
    run = paths.runtime_dir()
    assert not run.is_relative_to(planted)
    assert run.parent == paths.data_dir() / "run"
    assert _is_private(run) and _is_private(run.parent)
    assert list(planted.iterdir()) == []            # nothing of ours went into it
    assert stat.S_IMODE(planted.stat().st_mode) == 0o777


def test_a_symbolic_link_planted_first_is_not_followed(shm: Path, tmp_path: Path) -> None:
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    (shm / f"hearth-{os.geteuid()}").symlink_to(theirs)
    run = paths.runtime_dir()
    assert not run.resolve().is_relative_to(theirs.resolve())
    assert list(theirs.iterdir()) == []
    assert _is_private(run)


@as_root
def test_a_folder_another_account_owns_is_skipped(shm: Path) -> None:
    planted = shm / f"hearth-{os.geteuid()}"
    planted.mkdir(mode=0o700)
    os.chown(planted, OTHER_UID, OTHER_UID)
    run = paths.runtime_dir()
    assert not run.is_relative_to(planted)
    assert _is_private(run)
    assert list(planted.iterdir()) == []


@as_root
def test_a_home_folder_planted_inside_our_own_folder_is_skipped(shm: Path) -> None:
    first = paths.runtime_dir()
    first.rmdir()
    first.mkdir(mode=0o700)
    os.chown(first, OTHER_UID, OTHER_UID)       # the per-home folder inside is someone else's
    run = paths.runtime_dir()
    assert run != first and _is_private(run)


def test_an_unsafe_runtime_folder_named_on_purpose_is_refused(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    monkeypatch.setenv("HEARTH_RUNTIME_DIR", str(shared))
    with pytest.raises(UnsafeFolder, match="other accounts can use it"):
        paths.runtime_dir()
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "home")
    monkeypatch.setenv("HEARTH_RUNTIME_DIR", str(link))
    with pytest.raises(UnsafeFolder, match="symbolic link"):
        paths.runtime_dir()


def test_a_folder_of_ours_that_others_may_only_read_is_tightened(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(0o755)
    monkeypatch.setenv("HEARTH_RUNTIME_DIR", str(mine))
    assert paths.runtime_dir() == mine
    assert stat.S_IMODE(mine.stat().st_mode) == 0o700


# -- a second account for real --------------------------------------------------------------------

@pytest.fixture
def other_home() -> Iterator[Path]:
    """A data folder the second account can use (pytest's own temp folders are root's 0700)."""
    home = Path(tempfile.mkdtemp(prefix="hearth-other-", dir="/tmp"))
    os.chown(home, OTHER_UID, OTHER_UID)
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _runtime_dir_as(uid: int, home: Path) -> dict[str, object]:
    """runtime_dir() computed in a forked child running as ``uid`` (real /dev/shm, no runtime
    variables); returns what it found or the error it raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop to the other account, answer on the pipe, never return
        code = 0
        try:
            os.close(read)
            os.setgid(uid)
            os.setuid(uid)
            os.environ["HEARTH_HOME"] = str(home / "data")
            os.environ.pop("HEARTH_RUNTIME_DIR", None)
            os.environ.pop("XDG_RUNTIME_DIR", None)
            try:
                run = paths.runtime_dir()
                st = os.lstat(run)
                answer = {"path": str(run), "uid": st.st_uid, "mode": stat.S_IMODE(st.st_mode)}
            except Exception as exc:
                answer = {"error": f"{type(exc).__name__}: {exc}"}
            os.write(write, json.dumps(answer).encode())
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        data = fh.read()
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0 and data, "the child running as the other account failed"
    result: dict[str, object] = json.loads(data)
    return result


@as_root
@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="no /dev/shm here")
@pytest.mark.parametrize("planted_as", ["world-writable folder", "symbolic link"])
def test_a_second_account_cannot_take_the_shm_folder(other_home: Path, planted_as: str) -> None:
    target = Path(f"/dev/shm/hearth-{OTHER_UID}")
    if target.exists() or target.is_symlink():
        pytest.skip(f"{target} exists already on this machine")
    decoy = Path(tempfile.mkdtemp(prefix="hearth-decoy-", dir="/dev/shm"))
    try:
        if planted_as == "symbolic link":
            decoy.chmod(0o777)
            target.symlink_to(decoy)
        else:
            target.mkdir()
            target.chmod(0o777)             # root's, so another account's for uid 65534
        found = _runtime_dir_as(OTHER_UID, other_home)
        assert "error" not in found, found
        run = Path(str(found["path"]))
        assert not run.is_relative_to(target) and not run.is_relative_to(decoy)
        assert found["uid"] == OTHER_UID and found["mode"] == 0o700
        assert run.is_relative_to(other_home)       # the data folder's run/ was the safe place
        assert list(decoy.iterdir()) == [] and (target.is_symlink() or list(target.iterdir()) == [])
    finally:
        if target.is_symlink():
            target.unlink()
        elif target.is_dir():
            shutil.rmtree(target)
        shutil.rmtree(decoy)
