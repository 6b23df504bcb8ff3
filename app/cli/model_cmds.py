"""`hearth models catalog | search | pull | token`: a better model, from the command line.

``catalog`` and the fit labels need no network. ``search`` and ``pull`` talk
to the Hugging Face Hub (``HF_ENDPOINT`` when set) only when run. ``pull``
shows exactly what it will fetch (host, repository, file, size, checksum)
before the first byte and asks on a terminal (``--yes`` elsewhere); the
progress bar degrades to plain lines when stderr is not a terminal; Ctrl-C
cancels and keeps the partial file, so the same command resumes. Each
transfer is written to the network log: in the vault when it opens without a
prompt, else only in this run's memory (and the command says so).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from app.cli.common import CliError, emit_json, open_vault, optional_vault
from app.cli.safe_text import shown
from app.formats import countdown, size

if TYPE_CHECKING:
    from engine.models.catalog import CatalogModel
    from engine.models.fit import Fit, Machine
    from engine.models.transfer import Progress, PullPlan
    from vault import Vault

__all__ = ["add_model_commands"]


def add_model_commands(msub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = msub.add_parser("catalog", help="recommended models to download, with how well each fits here")
    p.add_argument("--json", action="store_true")
    p.add_argument("--check", action="store_true",
                   help="compare each file's size and SHA-256 with the Hub's (uses the network)")
    p.set_defaults(func=cmd_catalog)
    p = msub.add_parser("fit", help="will a model you have run here: GPU, CPU or too big, and how fast")
    p.add_argument("name", nargs="?", default="default", help="a model name or a GGUF file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fit)
    p = msub.add_parser("search", help="search the Hugging Face Hub for GGUF models")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=5, help="repositories to show (default 5)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)
    p = msub.add_parser("pull", help="download a model from the Hub, verify it and register it")
    p.add_argument("repo", help="a catalog name (see 'hearth models catalog') or a Hub repository")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--file", help="the GGUF file in the repository")
    which.add_argument("--quant", help="the quantisation, e.g. Q4_K_M")
    p.add_argument("--name", help="the name to use it by (default: the catalog name or the file)")
    p.add_argument("--yes", action="store_true", help="download without asking")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_pull)
    p = msub.add_parser("token", help="keep a Hugging Face access token in the vault (gated models)",
                        description="The token is asked on the terminal, or read as one line from "
                                    "standard input (with --passphrase-stdin, the passphrase is the "
                                    "line after it).")
    p.add_argument("--clear", action="store_true", help="forget the stored token")
    p.set_defaults(func=cmd_token)


def _machine() -> Machine:
    from engine.models.fit import this_machine

    return this_machine()


def cmd_catalog(args: argparse.Namespace) -> int:
    from engine.models.catalog import load_catalog
    from engine.models.fit import fit_catalog, recommend

    models = load_catalog()
    if args.check:
        return _check_catalog(args, models)
    machine = _machine()
    pick = recommend(models, machine)
    rows = [(m, fit_catalog(m, machine)) for m in models]
    if args.json:
        emit_json({"machine": machine.__dict__, "recommended": pick.model.id if pick else None,
                   "models": [_catalog_json(m, f, pick is not None and pick.model.id == m.id)
                              for m, f in rows]})
        return 0
    print(f"This computer: {machine.describe()}.")
    for m, f in rows:
        star = "*" if pick is not None and pick.model.id == m.id else " "
        file = m.default_file
        print(f"{star} {m.id:<22} {file.quant:<7} {size(file.size, decimal=True):>10}  {f.summary()}")
        print(f"    {m.name} · {m.license} · {m.context_length:,} tokens · {m.good_for}")
    if pick is not None:
        print(f"\n* recommended: {pick.model.name} ({size(pick.file.size, decimal=True)}, {pick.fit.label}). "
              f"Get it with: hearth models pull {pick.model.id}")
    else:
        print("\nNone of these fits in this computer's free memory.")
    print("Speeds are estimates from this computer's memory bandwidth.")
    from engine.models.download import models_dir, partials

    unfinished = partials()
    if unfinished:
        print(f"Unfinished downloads: {size(sum(n for _p, n in unfinished), decimal=True)} in "
              f"{models_dir() / '.partial'} (the same pull resumes them; delete them to free the space).")
    return 0


def _check_catalog(args: argparse.Namespace, models: list[CatalogModel]) -> int:
    """For maintainers (docs/catalog.md): the Hub's figures next to the catalog's."""
    from engine.errors import DownloadFailed
    from engine.models.hub import Hub

    vault = _vault_for_network(args)
    rows: list[dict[str, Any]] = []
    try:
        hub = Hub(vault=vault, started_by="cli: hearth models catalog --check")
        for m in models:
            try:
                listing = {f.name: f for f in hub.repo(m.repo).files}
            except DownloadFailed as exc:
                rows.extend({"id": m.id, "file": f.file, "status": f"error: {exc}"} for f in m.files)
                continue
            for f in m.files:
                remote = listing.get(f.file)
                if remote is None:
                    status = "missing on the Hub"
                elif f.sha256 and remote.sha256 and f.sha256 != remote.sha256:
                    status = "SHA-256 differs"
                elif remote.size != f.size:
                    status = "size differs" if f.size_exact else "size was approximate"
                else:
                    status = "matches" if f.sha256 else "matches (SHA-256 not pinned)"
                rows.append({"id": m.id, "file": f.file, "status": status,
                             "catalog_size": f.size, "hub_size": remote.size if remote else None,
                             "catalog_sha256": f.sha256,
                             "hub_sha256": remote.sha256 if remote else None})
    finally:
        if vault is not None:
            vault.lock()
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['id']:<22} {r['file']:<50} {shown(r['status'])}")
            if r.get("hub_sha256") and r["status"] != "matches":
                print(f"    hub: {r['hub_size']} bytes, sha256 {r['hub_sha256']}")
    return 0 if all(r["status"].startswith("matches") for r in rows) else 1


def cmd_fit(args: argparse.Namespace) -> int:
    from engine.models.fit import fit_path
    from engine.models.registry import ModelRegistry

    entry = ModelRegistry().resolve(args.name)
    machine = _machine()
    fit = fit_path(entry.path, machine)
    if args.json:
        emit_json({"name": entry.name, "path": str(entry.path), "where": fit.where,
                   "label": fit.label, "tokens_per_s": fit.tokens_per_s, "need_bytes": fit.need_bytes,
                   "gpu_layers": fit.gpu_layers, "n_ctx": fit.n_ctx, "estimate": fit.estimate,
                   "note": fit.note, "machine": machine.__dict__})
        return 0
    print(f"{shown(entry.name)}: {fit.summary()}")
    print(f"  {shown(fit.note)}; context {fit.n_ctx:,} tokens")
    print(f"  this computer: {machine.describe()}")
    return 0


def _catalog_json(m: CatalogModel, f: Fit, recommended: bool) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "repo": m.repo, "license": m.license,
            "parameters": m.parameters, "context_length": m.context_length, "good_for": m.good_for,
            "recommended": recommended,
            "files": [{"quant": x.quant, "file": x.file, "size": x.size, "size_exact": x.size_exact,
                       "sha256": x.sha256} for x in m.files],
            "fit": {"where": f.where, "label": f.label, "tokens_per_s": f.tokens_per_s,
                    "need_bytes": f.need_bytes, "estimate": f.estimate, "note": f.note}}


def _vault_for_network(args: argparse.Namespace) -> Vault | None:
    return optional_vault(args)


def cmd_search(args: argparse.Namespace) -> int:
    from engine.models.fit import fit_file
    from engine.models.hub import Hub

    query = " ".join(args.query).strip()
    if not query:
        raise CliError("search needs some words")
    vault = _vault_for_network(args)
    try:
        hub = Hub(vault=vault, started_by="cli: hearth models search")
        found = hub.search(query, limit=max(1, args.limit))
        machine = _machine()
        results = []
        for model in found:
            repo = hub.repo(model.repo)
            files = [(f, fit_file(f.size, machine, quant=f.quant)) for f in repo.files]
            results.append((model, repo, files))
    finally:
        if vault is not None:
            vault.lock()
    if args.json:
        emit_json([{"repo": m.repo, "downloads": m.downloads, "gated": r.gated, "license": r.license,
                    "files": [{"file": f.name, "quant": f.quant, "size": f.size, "sha256": f.sha256,
                               "fit": fit.label, "tokens_per_s": fit.tokens_per_s}
                              for f, fit in files]} for m, r, files in results])
        return 0
    if not results:
        print(f"No GGUF repositories match {query!r}.")
        return 0
    for m, r, files in results:
        gated = " (gated: needs a token)" if r.gated else ""
        licence = f", licence {shown(r.license)}" if r.license else ""
        print(f"{shown(m.repo)}  {m.downloads:,} downloads{gated}{licence}")
        for f, fit in files:
            print(f"    {f.quant:<8} {size(f.size, decimal=True):>10}  {fit.summary()}  {shown(f.name)}")
        if not files:
            print("    (no GGUF files)")
        for name, why in r.refused:
            print(f"    refused: {shown(name)} ({why})")
    print("Download one with: hearth models pull REPO --quant Q4_K_M (speeds are estimates)")
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    # Until the transfer starts, Ctrl-C stops the command (KeyboardInterrupt), even when the
    # process was started with SIGINT ignored; _run_pull then turns it into a cancel.
    with _sigint(signal.default_int_handler):
        return _pull(args)


def _pull(args: argparse.Namespace) -> int:
    from engine.errors import DownloadCancelled
    from engine.models import catalog as cat
    from engine.models.download import describe_plan, plan_pull
    from engine.models.hub import Hub

    entry = cat.find(args.repo)
    repo = entry.repo if entry is not None else args.repo.strip()
    if "/" not in repo:
        raise CliError(f"{args.repo!r} is neither a catalog name (see 'hearth models catalog') "
                       "nor a Hub repository (owner/name)")
    vault = _vault_for_network(args)
    try:
        hub = Hub(vault=vault, started_by="cli: hearth models pull")
        plan = plan_pull(repo, file=args.file, quant=args.quant, catalog=entry, hub=hub,
                         name=args.name)
        _show_plan(plan, sys.stderr if args.json else sys.stdout)
        if not args.yes:
            if not sys.stdin.isatty():
                raise CliError("add --yes to download without a terminal to confirm on")
            sys.stderr.write("Download it? [y/N] ")   # stderr: stdout may be JSON
            sys.stderr.flush()
            answer = sys.stdin.readline().strip().lower()
            if answer not in ("y", "yes"):
                print("Nothing was downloaded.")
                return 1
        try:
            result = _run_pull(plan, vault, hub.token)
        except DownloadCancelled as exc:
            print(f"\nhearth: {shown(exc)}. Run the same command to resume.", file=sys.stderr)
            return 130
        except _FinishedAnyway as done:
            print(f"\nhearth: interrupted, but the download had already finished: {shown(plan.file)} "
                  f"is verified and registered as {shown(done.result.entry.name)}.", file=sys.stderr)
            return 130
    finally:
        if vault is not None:
            vault.lock()
    if args.json:
        emit_json({"plan": describe_plan(plan), "name": result.entry.name, "path": str(result.path),
                   "sha256": result.sha256, "fetched": result.fetched,
                   "resumed_from": result.resumed_from, "seconds": round(result.seconds, 3),
                   "logged_in_vault": result.logged, "already_there": result.already_there})
        return 0
    if result.already_there:
        print(f"{shown(plan.file)} was already here and matches its SHA-256; nothing was downloaded.")
    else:
        speed = result.fetched / max(result.seconds, 1e-6)
        resumed = (f", resuming after {size(result.resumed_from, decimal=True)}"
                   if result.resumed_from else "")
        print(f"Fetched {size(result.fetched, decimal=True)} in {result.seconds:.1f} s "
              f"({size(speed, decimal=True)}/s){resumed}.")
        print(f"SHA-256 verified: {result.sha256}")
    print(f"Registered as {shown(result.entry.name)}. Try: hearth ask --model {shown(result.entry.name)} "
          "\"Hello\"")
    if not result.logged:
        print("note: no vault was open, so the network log entry for this download was kept only "
              "in this run's memory (it is not saved)", file=sys.stderr)
    return 0


def _show_plan(plan: PullPlan, out: TextIO) -> None:
    # Every field came from the Hub: one line each, whatever it holds (a newline in a file
    # name must not add a line of its own, such as a fake "SHA-256 verified").
    base = plan.url.split("/" + plan.repo)[0]
    lines = [f"From:      {shown(plan.host)} ({shown(base)})",
             f"Repo:      {shown(plan.repo)} (revision {shown(plan.revision[:12])})"
             + ("  [gated]" if plan.gated else "")
             + (f"  licence: {shown(plan.license)}" if plan.license else ""),
             f"File:      {shown(plan.file)}",
             f"Size:      {size(plan.size, decimal=True)} ({plan.size:,} bytes)",
             f"SHA-256:   {shown(plan.sha256)} ({plan.sha256_from})",
             f"Saved to:  {shown(plan.target)}  as model '{shown(plan.name)}'"]
    if plan.resume_from:
        lines.append(f"Resuming:  {size(plan.resume_from, decimal=True)} already downloaded; "
                     f"{size(plan.remaining, decimal=True)} to fetch")
    print("\n".join(lines), file=out, flush=True)


def _run_pull(plan: PullPlan, vault: Vault | None, token: str | None) -> Any:
    """The transfer on a worker thread; Ctrl-C sets the cancel event, which the transfer checks
    between pieces and once more before the file is moved in place and registered.

    While the worker runs, SIGINT only sets events (a handler of ours, whatever the process
    inherited): no KeyboardInterrupt can land between two lines of this loop and be lost, and
    a Ctrl-C that came as the last piece arrived still ends the command as cancelled."""
    from engine.models.download import pull

    cancel = threading.Event()
    interrupted = threading.Event()
    finished = threading.Event()
    bar = _Bar(sys.stderr.isatty())
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = pull(plan, vault=vault, token=token, cancel=cancel, progress=bar.show,
                                 started_by="cli: hearth models pull")
        except BaseException as exc:
            box["error"] = exc
        finally:
            finished.set()

    def on_sigint(_signum: int, _frame: object) -> None:
        interrupted.set()
        cancel.set()

    with _sigint(on_sigint):
        threading.Thread(target=work, name="hearth-pull", daemon=True).start()
        while not finished.wait(0.2):
            pass
    bar.end()
    if "error" in box:
        raise box["error"]
    if interrupted.is_set():    # the signal came after the transfer's last check
        raise _FinishedAnyway(box["result"])
    return box["result"]


class _FinishedAnyway(Exception):
    """Ctrl-C came when the pull had already moved the verified file in place."""

    def __init__(self, result: Any) -> None:
        super().__init__("finished")
        self.result = result


@contextlib.contextmanager
def _sigint(handler: Any) -> Iterator[None]:
    """``handler`` for SIGINT within the block (main thread only), the previous one after.

    Set explicitly because an inherited disposition cannot be trusted: a shell starts
    background jobs with SIGINT ignored, and Python then keeps it ignored, so a Ctrl-C (or
    ``kill -INT``) would be lost and the pull would run to the end."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class _Bar:
    """A one-line progress bar on a terminal; a line per 10% otherwise."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.next_tenth = 1
        self.drawn = False
        self.started = time.monotonic()

    def show(self, p: Progress) -> None:
        pct = p.done / p.total if p.total else 0.0
        so_far = f"{pct * 100:5.1f}%  {size(p.done, decimal=True)} of {size(p.total, decimal=True)}"
        if p.phase == "verify":
            text = f"{so_far}  checking the SHA-256…"
        elif time.monotonic() - self.started < 0.3:
            text = so_far
        else:
            eta = countdown(p.eta) if p.eta is not None else "--:--"
            text = f"{so_far}  {size(p.speed, decimal=True)}/s  ETA {eta}"
        if self.tty:
            width = 24
            filled = int(pct * width)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {text}\x1b[K")
            sys.stderr.flush()
            self.drawn = True
        elif p.phase == "download" and pct * 10 >= self.next_tenth:
            while pct * 10 >= self.next_tenth:
                self.next_tenth += 1
            print(f"downloaded {text}", file=sys.stderr, flush=True)

    def end(self) -> None:
        if self.tty and self.drawn:
            sys.stderr.write("\n")
            sys.stderr.flush()


def cmd_token(args: argparse.Namespace) -> int:
    from engine.models.hub import store_token

    if args.clear:
        token = ""
    else:
        token = (getpass.getpass("Hugging Face access token: ") if sys.stdin.isatty()
                 else sys.stdin.readline().strip())
        if not token:
            raise CliError("no token was given")
    with open_vault(args) as vault:
        store_token(vault, token)
    print("The Hugging Face token was removed." if args.clear else
          "The token is kept in the vault and sent only to the Hub, for downloads you start.")
    return 0
