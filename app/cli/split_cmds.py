"""`hearth split …` and `hearth ask --across`: a model too big for one computer, run across several.

On the computer that lends its memory (it runs ``hearth link serve``): ``split allow NAME`` lets
the paired device NAME run models across this one (an ``engine.split`` grant; the device then
sees nothing here but its own RPC session), ``split stop NAME`` revokes it at once. ``split
check`` says whether this install can split at all (llama.cpp built with its RPC backend).

On the asking computer: ``ask --model MODEL --across NAME,NAME "…"`` plans which layers go to
which device (by their free memory, or ``--split 1:3``), loads the model in an engine process
of its own with the weights sent through the link (progress on standard error; weights a device
keeps from an earlier load are not sent again), and answers through the one answer pipeline
(your files searched and quoted as for any model; personal data only if every device was paired
as one that may see it);
``--json`` says in ``route`` which layers ran where and the bytes each device exchanged, which
the network log keeps too. When a device goes away mid-answer, the error names it within
seconds and the question is answered on this computer instead.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.cli.common import CliError, emit_json, open_vault
from app.cli.safe_text import shown


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    split = sub.add_parser("split", help="run a model too big for one computer across your devices")
    ssub = split.add_subparsers(dest="split_cmd", required=True, metavar="COMMAND")
    p = ssub.add_parser("allow", help="let a paired device run models across this computer")
    p.add_argument("name")
    p.add_argument("--days", type=float, default=90.0, help="how long (default 90 days)")
    p.set_defaults(func=cmd_allow)
    p = ssub.add_parser("stop", help="stop a device running models across this computer (revokes)")
    p.add_argument("name")
    p.set_defaults(func=cmd_stop)
    p = ssub.add_parser("check", help="whether this install can split models (llama.cpp's RPC backend)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)


def add_across_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--across", metavar="NAME,NAME",
                   help="run the model across these paired devices (see 'hearth link list')")
    p.add_argument("--split", metavar="A:B",
                   help="with --across: each device's share of the layers (default: by free memory)")


def cmd_allow(args: argparse.Namespace) -> int:
    from app.split.serving import allow_split

    with open_vault(args) as vault:
        client = allow_split(vault, args.name, days=args.days)
    print(f"{client.name} may now run models across this computer for {args.days:g} days. It sees "
          f"nothing here but its own sessions; this computer sees the activations of its layers. "
          f"'hearth split stop {client.name}' revokes it.")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    from app.split.serving import stop_split

    with open_vault(args) as vault:
        had = stop_split(vault, args.name)
    print(f"{args.name} may no longer run models across this computer." if had else
          f"{args.name} was not allowed to run models across this computer.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from engine.split import rpc

    ok = rpc.supported()
    out = {"rpc": ok, "ggml": rpc.ggml_version(), "protocol": rpc.protocol_text() if ok else None}
    if args.json:
        emit_json(out)
    else:
        print(f"This install can split models (ggml {out['ggml']}, RPC protocol {out['protocol']})." if ok
              else "This install cannot split models: llama.cpp was built without its RPC backend "
                   "(run scripts/ensure-venv).")
    return 0 if ok else 1


def _model_path(name: str | None) -> Path:
    from engine.models.registry import ModelRegistry

    if name and name.endswith(".gguf") and Path(name).is_file():
        return Path(name)
    return Path(ModelRegistry().resolve(name).path)


def _progress(total: int) -> Any:
    last = [0.0]

    def say(sent: int) -> None:
        now = time.monotonic()
        if now - last[0] >= 1.0 and sent:
            last[0] = now
            print(f"hearth: sending the model's weights to your devices: {sent / 2**20:.0f} MiB "
                  f"of about {total / 2**20:.0f} MiB", file=sys.stderr, flush=True)

    return say


def ask_across(args: argparse.Namespace, question: str) -> int:
    """``hearth ask --across``: see the module docstring."""
    from app.split.using import log_split, start_split
    from engine.errors import EngineError

    names = [n.strip() for n in args.across.split(",") if n.strip()]
    if not names:
        raise CliError("--across needs device names, like --across desktop,server")
    model = _model_path(args.model)
    messages = ([{"role": "system", "content": args.system}] if args.system else []) + \
        [{"role": "user", "content": question}]
    request = {"op": "chat", "messages": messages, "max_tokens": args.max_tokens or 512,
               "temperature": 0.0 if args.temperature is None else args.temperature}
    n_ctx = args.ctx or 2048
    started_by = "cli: hearth ask --across"
    with open_vault(args) as vault:
        try:
            run = start_split(vault, model, names, split=args.split, n_ctx=n_ctx,
                              on_progress=None if args.json else _progress(model.stat().st_size))
        except EngineError as exc:
            return _answer_here(args, model, request, n_ctx, f"{exc}")
        status = "ok"
        reply: Any = None
        try:
            reply = _ask_split(args, vault, run, question)
            if reply is None:
                status = "cancelled"
            elif reply.model != _name(names):   # the pipeline answered here (personal data, say)
                status = "not used: " + ("; ".join(str(n) for n in reply.notes) or "answered here")
        except EngineError as exc:
            status = f"failed: {exc}"
            if not args.json:
                print(file=sys.stderr)
            print(f"hearth: {exc}", file=sys.stderr, flush=True)
        finally:
            run.engine.close()
            log_split(vault, run, status=status[:200], started_by=started_by)
        if status.startswith("failed"):
            return _answer_here(args, model, request, n_ctx, status.removeprefix("failed: "))
        if reply is None:
            return 130
        if status.startswith("not used"):
            why = status.removeprefix("not used: ")
            if args.json:
                emit_json({"text": reply.text, "model": reply.model,
                           "sources": [s.as_dict() for s in reply.sources],
                           "route": {"split": False, "answered_by": "this computer", "why": why}})
            else:
                print(f"[{shown(reply.model)} on this computer: {shown(why)}]", file=sys.stderr)
            return 0
        answer = reply.answer
        route = {"split": True, "model": model.name, "answered_by": "across " + ", ".join(names),
                 "parts": run.plan.route(),
                 "devices": [{"name": f.name, "bytes_out": f.counts.a_to_b, "bytes_in": f.counts.b_to_a,
                              "weights_sent": f.weights_sent, "weights_held": f.weights_held,
                              "sessions": f.sessions} for f in run.engine.forwarders],
                 "this_computer": "token embeddings, sampling, and the search of your files",
                 "load_s": run.engine.load_s}
        if args.json:
            emit_json({"text": reply.text, "model": model.name, "route": route,
                       "sources": [s.as_dict() for s in reply.sources],
                       "completion_tokens": answer.completion_tokens if answer else None,
                       "ttft_s": answer.timings.ttft_s if answer else None,
                       "tokens_per_s": answer.timings.generation_tokens_per_s if answer else None})
        else:
            where = "; ".join(p.describe() for p in run.plan.parts)
            print(f"[{shown(model.name)} across {', '.join(names)}: {shown(where)}]", file=sys.stderr)
    return 0


def _name(names: list[str]) -> str:
    """The split model's name in the answer pipeline (model names are lower case)."""
    return ("across " + ", ".join(names)).lower()


def _ask_split(args: argparse.Namespace, vault: Any, run: Any, question: str) -> Any:
    """The question through the one answer pipeline (search, quotes), answered by the split model."""
    from app.cli.answer_output import print_stream
    from app.services import Hearth
    from app.split.answering import split_answerer
    from engine.errors import RemoteNotAllowed

    name = _name([p.name for p in run.peers])
    personal = all(p.personal for p in run.peers)   # a worker sees the question, in effect
    options = {"use_context": not args.no_context, "system": args.system,
               "max_tokens": args.max_tokens or 512, "temperature": args.temperature}
    with Hearth(vault) as hearth:
        answerer = split_answerer(hearth, vault, run, name)

        def consent(plan: Any) -> bool:
            return personal and plan.endpoint == name

        try:
            stream = answerer.ask(question, consent=consent, model=name, allow_remote=personal, **options)
            return stream.result() if args.json else print_stream(stream)
        except RemoteNotAllowed as exc:   # personal data, and a device that may not see it
            if not args.json:
                print(f"hearth: answering on this computer: {exc}", file=sys.stderr)
            stream = answerer.ask(question, consent=consent, model=None, prefer="local",
                                  allow_remote=False, **options)
            reply = stream.result() if args.json else print_stream(stream)
            return None if reply is None else replace(reply, notes=(*reply.notes, str(exc)))


def _answer_here(args: argparse.Namespace, model: Path, request: dict[str, Any], n_ctx: int,
                 why: str) -> int:
    """The same question, answered by the same model on this computer alone (its own process)."""
    from engine.split.session import SplitEngine

    print(f"hearth: answering on this computer instead ({shown(why)})", file=sys.stderr, flush=True)
    engine = SplitEngine([])
    pieces: list[str] = []
    done: dict[str, Any] = {}
    try:
        engine.load(model, tensor_split=[], n_gpu_layers=0, n_ctx=n_ctx)
        for line in engine.stream(request):
            if "s" in line:
                pieces.append(line["s"])
                if not args.json:
                    print(shown(line["s"]), end="", flush=True)
            done = line
    finally:
        engine.close()
    if args.json:
        emit_json({"text": "".join(pieces), "model": model.name,
                   "route": {"split": False, "answered_by": "this computer", "why": why},
                   "completion_tokens": done.get("n"), "ttft_s": done.get("ttft_s")})
    else:
        print()
    return 0
