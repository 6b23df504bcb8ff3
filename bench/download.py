"""Download benchmark: Hearth's pull against a plain httpx stream of the same file, same server.

The stand-in Hub (tests/hub_server.py, real HTTP on 127.0.0.1, sendfile, no
throttle, in its own process) serves the bundled GGUF (~98 MB). Each round, alternating:

  hearth: engine.models.download.pull (stream to the partial file, SHA-256 on a second
          thread, verify, fsync, move), the plan made beforehand; registering the
          file (reading its GGUF header) is timed apart: a fixed cost per model;
  httpx:  httpx.Client.stream + iter_raw() (pieces as they arrive; the fastest plain
          form here: asking httpx for 1 MiB chunks is slower) into a file, nothing else.

Both write to the same file system; the plan's metadata lookup is not timed
(it happens before the first byte, shown to the person). The arms alternate
which goes first; medians reported. On 2 cores the SHA-256 thread needs the
second core: on a busy machine the ratio drops (it is printed with the load).

Last line: download ratio=<hearth/httpx> hearth_mb_s=<…> httpx_mb_s=<…>
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

ROUNDS = 9
ROOT = Path(__file__).resolve().parents[1]
SERVE = """
import sys, time
from pathlib import Path
from tests.hub_server import HubServer, file_sha256
file_sha256(Path(sys.argv[3]))   # hashed once, before any timing
server = HubServer().start()
server.add_repo(sys.argv[1], {sys.argv[2]: Path(sys.argv[3])})
print(server.url, flush=True)
time.sleep(3600)
"""
REPO = "HearthBench/SmolLM2-135M-Instruct-GGUF"
FILE = "SmolLM2-135M-Instruct-Q4_1.gguf"


def plain(url: str, dest: Path) -> int:
    got = 0
    with httpx.Client(timeout=30.0) as client, client.stream("GET", url) as response, \
            dest.open("wb") as fh:
        response.raise_for_status()
        for chunk in response.iter_raw():
            fh.write(chunk)
            got += len(chunk)
    return got


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hearth-bench-") as tmp:
        root = Path(tmp)
        os.environ["HEARTH_HOME"] = str(root / "home")
        os.environ["HEARTH_RUNTIME_DIR"] = str(root / "run")
        from engine.models.download import plan_pull, pull
        from engine.models.registry import ModelRegistry, bundled_model_path

        gguf = bundled_model_path()
        if gguf is None:
            print("the bundled model is missing", file=sys.stderr)
            return 1
        size = gguf.stat().st_size
        times: dict[str, list[float]] = {"hearth": [], "httpx": [], "register": [], "fsync": []}
        # The server runs in its own process, as a real one would: its thread must not share
        # this process's interpreter lock with the client being measured.
        server = subprocess.Popen([sys.executable, "-c", SERVE, REPO, FILE, str(gguf)],
                                  stdout=subprocess.PIPE, text=True, cwd=ROOT)
        try:
            assert server.stdout is not None
            base = server.stdout.readline().strip()
            os.environ["HF_ENDPOINT"] = base
            url = f"{base}/{REPO}/resolve/main/{FILE}"
            plain(url, root / "warm.bin")
            for i in range(ROUNDS):
                # Alternate which arm goes first, so neither always meets a warmer cache.
                for arm in (("hearth", "httpx") if i % 2 == 0 else ("httpx", "hearth")):
                    if arm == "httpx":
                        t = time.perf_counter()
                        assert plain(url, root / f"plain{i}.bin") == size
                        times["httpx"].append(time.perf_counter() - t)
                        (root / f"plain{i}.bin").unlink()
                        continue
                    registry = ModelRegistry(home=root / f"reg{i}")
                    os.environ["HEARTH_MODELS_DIR"] = str(root / f"models{i}")
                    plan = plan_pull(REPO, file=FILE)
                    t = time.perf_counter()
                    result = pull(plan, registry=registry, register=False)
                    times["hearth"].append(time.perf_counter() - t)
                    times["fsync"].append(result.sync_seconds)
                    assert result.fetched == size
                    t = time.perf_counter()
                    registry.add(result.path, name="bench")
                    times["register"].append(time.perf_counter() - t)
                    result.path.unlink()
        finally:
            server.kill()
            server.wait()
        med = {k: statistics.median(v) for k, v in times.items()}
        mb_s = {k: size / v / 1e6 for k, v in med.items()}
        for k in ("hearth", "httpx"):
            print(f"{k:<7} median {med[k] * 1000:7.1f} ms  {mb_s[k]:7.1f} MB/s  "
                  f"rounds: {', '.join(f'{x * 1000:.0f}' for x in times[k])} ms")
        print(f"hearth's wait for the disk (fsync before registering): median "
              f"{med['fsync'] * 1000:.0f} ms, a cost per file that a slow network hides")
        print(f"file: {size / 1e6:.1f} MB; hearth streams, verifies the SHA-256 and fsyncs; then "
              f"registering it (reading the GGUF header) took {med['register'] * 1000:.0f} ms more, "
              "a cost that does not grow with the file")
        print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(f"download ratio={mb_s['hearth'] / mb_s['httpx']:.3f} hearth_mb_s={mb_s['hearth']:.1f} "
              f"httpx_mb_s={mb_s['httpx']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
