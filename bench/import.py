"""Import benchmark: a 100,000-message mailbox and a 20,000-file folder, the product's path.

Run: ``.venv/bin/python bench/import.py [--messages N] [--files N] [--embed-sample N]``
(full size: ~1.5 GB of mailbox written to a temporary folder, about 10 minutes on 2 cores;
scale down with the flags while developing). Not part of CI.

Everything runs as ``hearth add`` and the app run it (``Retriever.ingest`` with text first,
``EmbeddingWorker`` after), in child processes so that each one's peak memory is its own:

* ``msgs_per_s``: messages stored per second, and ``searchable_s``: seconds from the start
  of the import until every message's text is committed and keyword-searchable (checked:
  one document per message, and a sample of each message's unique code word each found in
  exactly one document).
* ``embed_ratio``: passages/s of Hearth's background embedding (read from the vault, embed,
  store, add to the index) over passages/s of bare onnxruntime + tokenizers (the same model
  file, default session options, batches of 32 sorted by length) on exactly the same
  passages, right after it in the same process.
* ``peak_rss_mb``: the import process's peak resident memory, import and embedding (taken
  before the reference run, whose second model session is not Hearth's), plus the peak of
  the process that parses a large file beside it (``vault.importers.worker``; the sum is an
  upper bound). The mail line also gives the import's CPU seconds (both processes), which
  other work on a shared machine disturbs less than the wall-clock time.
* ``resume_ok``: a second import of the same mailbox into a fresh vault is SIGKILLed at
  about 40% of its bytes, then run again: ``yes`` when it resumes (does not start over)
  and every message is stored exactly once.
* A separate line reports the folder import (files/s, peak memory) and the hybrid query
  latency at the resulting size (``Retriever.search_with_vector``, vectors so far).
* ``--code DIR`` runs the imports with the code in DIR (e.g. ``git archive HEAD~3 | tar -x -C
  DIR``): before and after, measured by the same script on the same machine.
* ``--folder PATH`` imports an existing folder instead (e.g. the shared folder of real files,
  ``../shared/wild``) and prints only its line: files/s, peak memory, what was skipped.

The mailbox text is real English (``bench/mail_corpus.py``); a third of the messages
carry a base64 attachment, as real mail does.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PASSPHRASE = "bench passphrase"
#: The Hearth code the import children run (``--code``; this checkout unless told).
CODE = ROOT

IMPORT_CHILD = r"""
import json, random, resource, sys, time, threading
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from keyring.backends import fail
from vault import Keychain, Vault
mode, target, home = sys.argv[2], sys.argv[3], Path(sys.argv[4])
n, sample = int(sys.argv[5]), int(sys.argv[6])
home.mkdir(mode=0o700, exist_ok=True)
keychain = Keychain(backend=fail.Keyring())
def peak_mb(pid="self"):
    return int(next(l for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM")).split()[1]) / 1024
children_peak = {}
def watch_children():
    # A large file is parsed in a child process (vault.importers.worker): its memory counts too.
    while True:
        for task in Path("/proc/self/task").iterdir():
            try:
                pids = (task / "children").read_text().split()
            except OSError:
                continue
            for pid in pids:
                try:
                    children_peak[pid] = max(children_peak.get(pid, 0), peak_mb(pid))
                except (OSError, StopIteration):
                    pass
        time.sleep(0.1)
threading.Thread(target=watch_children, daemon=True).start()

vault = (Vault.unlock(passphrase=sys.argv[7], home=home, keychain=keychain) if mode == "resume"
         else Vault.create(sys.argv[7], home=home, keychain=keychain, kdf_log2_n=12))
from engine.search.retrieval import Retriever
from engine.search.embedding_worker import EmbeddingWorker
out = {}
retriever = Retriever.open(vault)
def progress(state):
    print(f"progress {state.bytes_done} {state.bytes_total}", file=sys.stderr, flush=True)
start = time.perf_counter()
report = retriever.ingest([target], embed_now=False, progress=progress)
out["import_s"] = time.perf_counter() - start
cpu = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
out["import_cpu_s"] = sum(u.ru_utime + u.ru_stime for u in cpu)
out["parse_child_cpu_s"] = cpu[1].ru_utime + cpu[1].ru_stime
out["parse_child_peak_mb"] = max(children_peak.values(), default=0)
out["statuses"] = {s: report.count(s) for s in ("added", "updated", "unchanged", "skipped", "partial")}
out["documents"] = vault.query_one("SELECT count(*) FROM documents")[0]
out["chunks"] = vault.query_one("SELECT count(*) FROM chunks")[0]
if mode in ("mail", "resume"):
    codes = random.Random(5).sample(range(n), min(n, 1000))
    out["codes_once"] = sum(1 for i in codes if vault.query_one(
        "SELECT count(DISTINCT c.document_id) FROM chunks_fts f JOIN chunks c ON c.id = f.rowid "
        "WHERE chunks_fts MATCH ?", (f'"hx{i:06d}"',))[0] == 1)
    out["codes_checked"] = len(codes)
    out["message_ids"] = vault.query_one(
        "SELECT count(DISTINCT json_extract(meta, '$.message_id')) FROM documents")[0]
    out["searchable_s"] = time.perf_counter() - start
if mode == "mail" and sample:
    from vault.sources import chunks_missing_embedding
    todo = chunks_missing_embedding(vault, model=retriever.embedder.model_id, limit=sample)
    texts = [t for _, t in todo]
    def raw():
        import numpy as np, onnxruntime as ort
        from tokenizers import Tokenizer
        from engine.search.embeddings import TOKENIZER, assets_dir, default_model_file
        tok = Tokenizer.from_file(str(assets_dir() / TOKENIZER))
        tok.enable_truncation(max_length=256); tok.enable_padding(pad_id=0, pad_token="[PAD]")
        session = ort.InferenceSession(str(default_model_file()), providers=["CPUExecutionProvider"])
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        t = time.perf_counter()
        for s in range(0, len(order), 32):
            enc = tok.encode_batch([texts[i] for i in order[s:s + 32]])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0]
            w = mask[:, :, None].astype(np.float32)
            pooled = (hidden * w).sum(1) / w.sum(1)
            pooled /= np.linalg.norm(pooled, axis=1, keepdims=True)
        return len(texts) / (time.perf_counter() - t)
    worker = EmbeddingWorker(retriever)
    cancel = threading.Event()
    def stop_at(p):
        if p.done >= len(texts):
            cancel.set()
    t = time.perf_counter()
    done = worker.run(cancel=cancel, progress=stop_at)
    hearth = done / (time.perf_counter() - t)
    out["peak_rss_mb"] = peak_mb()
    out.update(hearth_per_s=hearth, raw_per_s=raw(), embedded=done, index_count=retriever.index.count())
if mode == "mail":
    import numpy as np
    words = ["invoice", "meeting", "parser", "thread", "archive", "socket", "calendar", "message",
             "encoding", "timeout", "locale", "decimal", "cookie", "header", "format", "process"]
    rng = random.Random(3)
    latencies = []
    for i in range(120):
        q = " ".join(rng.sample(words, 3))
        vector = retriever.embedder.embed([q])[0]
        t = time.perf_counter()
        retriever.search_with_vector(q, vector, limit=10)
        if i >= 20:
            latencies.append((time.perf_counter() - t) * 1000)
    latencies.sort()
    out["query_p50_ms"] = latencies[len(latencies) // 2]
    out["query_p95_ms"] = latencies[int(len(latencies) * 0.95)]
retriever.close()
vault.lock()
# The reference run's own memory (a second model session) is not Hearth's: measured before it.
# VmHWM, not ru_maxrss: Linux carries the parent's high-water mark over fork and exec.
out.setdefault("peak_rss_mb", peak_mb())
out["peak_rss_mb"] += out["parse_child_peak_mb"]  # both at their peaks at once: an upper bound
print(json.dumps(out))
"""


def child(mode: str, target: Path, home: Path, n: int, sample: int, *,
          kill_at: float | None = None) -> dict[str, object] | None:
    """Run one import child; with ``kill_at`` (a fraction of the bytes) SIGKILL it there."""
    out_file = home.parent / f"{home.name}-{mode}.json"
    with out_file.open("w") as sink:
        proc = subprocess.Popen([sys.executable, "-c", IMPORT_CHILD, str(CODE), mode, str(target),
                                 str(home), str(n), str(sample), PASSPHRASE],
                                stdout=sink, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    last_print = 0.0
    for line in proc.stderr:
        if line.startswith("progress "):
            done, total = (int(x) for x in line.split()[1:3])
            if time.monotonic() - last_print > 15:
                last_print = time.monotonic()
                print(f"  {mode}: {done / 2**20:,.0f} of {total / 2**20:,.0f} MB", flush=True)
            if kill_at is not None and total and done >= kill_at * total:
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return {"killed_at": done / total}
        elif line.strip():
            sys.stderr.write(line)
    if proc.wait() != 0:
        raise SystemExit(f"the {mode} child failed")
    return dict(json.loads(out_file.read_text().strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--embed-sample", type=int, default=1024,
                        help="passages embedded to measure embed_ratio")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--small", action="store_true",
                        help="small messages (~420 bytes, no attachments: a long-kept account's "
                             "export; 1,000,000 of them is about 420 MB)")
    parser.add_argument("--mail-only", action="store_true", help="no resume run, no folder")
    parser.add_argument("--folder", type=Path, default=None,
                        help="import this existing folder (nothing generated) and report on it")
    parser.add_argument("--code", type=Path, default=None,
                        help="run the imports with the Hearth code in this folder (an earlier "
                             "commit unpacked with 'git archive', for a before and after here)")
    args = parser.parse_args()
    if args.code is not None:
        global CODE
        CODE = args.code.resolve()
    if args.folder is not None:
        folder_only(args.folder.resolve(), keep=args.keep)
        return
    from bench.mail_corpus import write_folder, write_mbox

    work = Path(tempfile.mkdtemp(prefix="hearth-bench-import-"))
    os.environ["HEARTH_RUNTIME_DIR"] = str(work / "run")
    (work / "run").mkdir(mode=0o700)
    try:
        box = work / "mail.mbox"
        t = time.perf_counter()
        size = write_small_mbox(box, args.messages) if args.small else write_mbox(box, args.messages)
        print(f"mailbox: {args.messages:,} messages, {size / 2**20:,.0f} MB, written in "
              f"{time.perf_counter() - t:.0f} s", flush=True)

        mail = child("mail", box, work / "home-mail", args.messages, args.embed_sample)
        assert mail is not None
        searchable = (mail["documents"] == mail["message_ids"] == args.messages
                      and mail["codes_once"] == mail["codes_checked"])
        msgs_per_s = args.messages / float(mail["import_s"])  # type: ignore[arg-type]
        ratio = float(mail.get("hearth_per_s", 0)) / max(float(mail.get("raw_per_s", 1)), 1e-9)
        print(f"mail: {mail['documents']:,} messages, {mail['chunks']:,} passages stored in "
              f"{mail['import_s']:.1f} s ({msgs_per_s:.0f} msgs/s; CPU {mail['import_cpu_s']:.0f} s, of "
              f"which {mail.get('parse_child_cpu_s', 0):.0f} s parsing beside); "
              f"every message searchable: {'yes' if searchable else 'NO'} after "
              f"{mail['searchable_s']:.1f} s; embedding {mail.get('hearth_per_s', 0):.1f}/s "
              f"(raw onnxruntime {mail.get('raw_per_s', 0):.1f}/s); query p50 "
              f"{mail['query_p50_ms']:.1f} ms p95 {mail['query_p95_ms']:.1f} ms at "
              f"{mail['chunks']:,} passages ({mail.get('index_count', 0):,} with vectors); "
              f"peak {mail['peak_rss_mb']:.0f} MB (of which parsing beside "
              f"{mail['parse_child_peak_mb']:.0f} MB)", flush=True)

        if args.mail_only:
            return
        killed = child("mail", box, work / "home-resume", args.messages, 0, kill_at=0.4)
        resumed = child("resume", box, work / "home-resume", args.messages, 0)
        assert killed is not None and resumed is not None
        resume_ok = (resumed["statuses"]["added"] == 1 and resumed["documents"] == args.messages  # type: ignore[index]
                     and resumed["message_ids"] == args.messages
                     and resumed["codes_once"] == resumed["codes_checked"]
                     and float(resumed["import_s"]) < 0.9 * float(mail["import_s"]))  # type: ignore[arg-type]
        print(f"resume: killed at {float(killed['killed_at']):.0%} of the bytes; the second run took "  # type: ignore[arg-type]
              f"{resumed['import_s']:.1f} s and stored {resumed['documents']:,} messages "
              f"({resumed['message_ids']:,} distinct)", flush=True)
        box.unlink()

        if args.files:
            folder = work / "folder"
            total = write_folder(folder, args.files)
            files = child("folder", folder, work / "home-folder", args.files, 0)
            assert files is not None
            print(f"folder: {args.files:,} files ({total / 2**20:.0f} MB) in {files['import_s']:.1f} s "
                  f"({args.files / float(files['import_s']):.0f} files/s), "  # type: ignore[arg-type]
                  f"{files['chunks']:,} passages, peak {files['peak_rss_mb']:.0f} MB", flush=True)

        print(f"import msgs_per_s={msgs_per_s:.0f} "
              f"searchable_s={float(mail['searchable_s']) if searchable else float('nan'):.1f} "  # type: ignore[arg-type]
              f"embed_ratio={ratio:.2f} peak_rss_mb={float(mail['peak_rss_mb']):.0f} "  # type: ignore[arg-type]
              f"resume_ok={'yes' if resume_ok else 'no'}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def write_small_mbox(path: Path, n: int, *, seed: int = 7) -> int:
    """``n`` small plain-text messages (about 420 bytes each), code words hx000000… as in
    ``bench.mail_corpus``; returns the file's size."""
    import random
    from email.utils import format_datetime

    from bench.mail_corpus import _NAMES, _date, sentences

    rng = random.Random(seed)
    pool = [s for s in sentences() if len(s) < 240]
    with path.open("wb") as out:
        for i in range(n):
            sender, to = rng.choice(_NAMES), rng.choice(_NAMES)
            when = format_datetime(_date(rng))  # type: ignore[arg-type]
            subject = " ".join(rng.choice(pool).split()[:rng.randint(3, 6)]).rstrip(".,:;")
            out.write((f"From {sender.split()[0].lower()}@example.org {when}\n"
                       f"From: {sender} <{sender.split()[0].lower()}@example.org>\n"
                       f"To: {to} <{to.split()[0].lower()}@example.org>\n"
                       f"Subject: {subject}\nDate: {when}\nMessage-ID: <m{i}@example.org>\n\n"
                       f"{rng.choice(pool)} Reference hx{i:06d} for our records.\n\n").encode())
    return path.stat().st_size


def folder_only(folder: Path, *, keep: bool) -> None:
    """``hearth add FOLDER`` into a fresh vault, in a child: files/s and peak memory."""
    work = Path(tempfile.mkdtemp(prefix="hearth-bench-import-"))
    os.environ["HEARTH_RUNTIME_DIR"] = str(work / "run")
    (work / "run").mkdir(mode=0o700)
    try:
        n = sum(1 for p in folder.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        files = child("folder", folder, work / "home-folder", n, 0)
        assert files is not None
        statuses = files["statuses"]
        print(f"folder {folder.name}: {n:,} files ({size / 2**20:.1f} MB) in {files['import_s']:.1f} s "
              f"({n / float(files['import_s']):.1f} files/s), {statuses}, "  # type: ignore[arg-type]
              f"{files['documents']:,} documents, {files['chunks']:,} passages, "
              f"peak {files['peak_rss_mb']:.0f} MB", flush=True)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
