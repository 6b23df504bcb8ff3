"""`hearth ask`, `hearth chat`, `hearth models …`: the local model from the command line.

``ask`` works on a fresh install with no vault: it needs only the bundled
model. With a vault that opens without asking (keychain, ``HEARTH_PASSPHRASE``
or ``--passphrase-stdin``) it hands the vault to the answer pipeline (``app.services.Hearth``) for
personal context; ``--no-context`` skips that. ``chat`` stores every turn in
the vault as a conversation. The engine (and llama.cpp) is imported only by
the commands that need it, so other commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.cli.common import CliError, emit_json, open_vault, optional_vault, pool_for
from app.cli.link_cmds import add_via_option, paired_device_rows
from app.cli.model_cmds import add_model_commands
from app.cli.remote_cmds import add_remote_commands, add_route_options
from app.cli.safe_text import shown
from app.cli.split_cmds import add_across_options
from engine.models.registry import DEFAULT_MODEL, ModelRegistry

if TYPE_CHECKING:
    from engine.running.generate import GenerationSettings
    from engine.running.pool import ModelPool


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ask", help="ask the local model a question (streams the answer)")
    p.add_argument("question", nargs="+")
    _generation_options(p)
    p.add_argument("--json", action="store_true",
                   help="print the answer, model, route, token counts and timings as JSON")
    add_route_options(p)
    add_via_option(p)
    add_across_options(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("chat", help="an interactive conversation, stored in the vault")
    p.add_argument("--conversation", type=int, metavar="ID", help="resume this conversation")
    _generation_options(p)
    p.set_defaults(func=cmd_chat)

    models_p = sub.add_parser("models", help="the models Hearth can run")
    msub = models_p.add_subparsers(dest="models_cmd", required=True, metavar="COMMAND")
    p = msub.add_parser("add", help="register a GGUF model file")
    p.add_argument("file")
    p.add_argument("--name", help="the name to use it by (default: from the file name)")
    p.set_defaults(func=cmd_models_add)
    p = msub.add_parser("list", help="list the registered models")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_list)
    p = msub.add_parser("info", help="what a model file says about itself")
    p.add_argument("name", nargs="?", default=DEFAULT_MODEL)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_info)
    p = msub.add_parser("remove", help="forget a model you added (the file stays)")
    p.add_argument("name")
    p.set_defaults(func=cmd_models_remove)
    add_remote_commands(msub)
    add_model_commands(msub)
    p = msub.add_parser("devices", help="GPU offload support and the devices llama.cpp sees")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models_devices)


def _generation_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", help=f"model name or GGUF path (default: {DEFAULT_MODEL})")
    p.add_argument("--system", help="system prompt (default: Hearth's own)")
    p.add_argument("--temperature", type=float, help="sampling temperature (default: by model)")
    p.add_argument("--top-p", type=float, help="nucleus sampling (default: by model)")
    p.add_argument("--seed", type=int)
    p.add_argument("--max-tokens", type=int,
                   help="longest answer in tokens (default: by model and kind of request)")
    p.add_argument("--stop", action="append", default=[], metavar="TEXT",
                   help="stop when the model writes TEXT (repeatable)")
    p.add_argument("--gpu-layers", type=int, metavar="N",
                   help="layers to put on the GPU (-1 all, 0 none; default: fit automatically)")
    p.add_argument("--ctx", type=int, metavar="TOKENS", help="context length (default 4096)")
    p.add_argument("--no-context", action="store_true",
                   help="answer without looking at your notes and documents")


def _settings(args: argparse.Namespace) -> GenerationSettings:
    from engine.running.generate import GenerationSettings

    return GenerationSettings(temperature=0.2 if args.temperature is None else args.temperature,
                              top_p=0.9 if args.top_p is None else args.top_p, seed=args.seed,
                              max_tokens=args.max_tokens or 512, stop=tuple(args.stop))


def _load_notice(pool: ModelPool, model: str | None) -> None:
    loaded = pool.get(model)
    if loaded.plan.warn:
        print(f"hearth: {shown(loaded.plan.note)}", file=sys.stderr)


def _ask_options(args: argparse.Namespace) -> dict[str, Any]:
    """The pipeline's options from the command line (defaults are the pipeline's own)."""
    return {"use_context": not args.no_context, "model": args.model, "system": args.system,
            "max_tokens": args.max_tokens, "temperature": args.temperature, "top_p": args.top_p,
            "seed": args.seed, "stop": tuple(args.stop)}


def _consent(args: argparse.Namespace) -> Any:
    """The terminal's consent step for a remote model and a personal request."""
    from app.cli.routed_ask import confirm_remote

    return lambda plan: confirm_remote(args, plan)


def _route_line(reply: Any, device: dict[str, Any] | None) -> None:
    route = reply.route
    if route is not None and (route.fallbacks or route.remote or reply.notes):
        where = f"your device {device['name']}" if device else "remote" if route.model == reply.model \
            and route.remote else "local"
        print(f"[{shown(reply.model)}, {shown(where)}: {shown(route.reason)}]", file=sys.stderr)


def _with_device(reply: Any, device: dict[str, Any] | None) -> dict[str, Any]:
    """``hearth ask --json``: the reply, its route naming the paired device that answered (if one did)."""
    out: dict[str, Any] = reply.as_dict()
    if out.get("route") is not None:
        out["route"]["device"] = device
        out["route"]["answered_by"] = device["name"] if device else "this computer"
    return out


def cmd_ask(args: argparse.Namespace) -> int:
    from app.cli.answer_output import print_stream
    from app.services import Hearth

    question = " ".join(args.question).strip()
    if not question:
        raise CliError("ask needs a question")
    _settings(args)  # validates the sampling options before anything loads
    if getattr(args, "across", None) or getattr(args, "split", None):
        from app.cli.split_cmds import ask_across

        if not args.across or args.via:
            raise CliError("--split goes with --across, and --across does not go with --via")
        return ask_across(args, question)
    if getattr(args, "via", None):
        from app.cli.link_cmds import ask_via

        return ask_via(args, question, _ask_options(args) | {"redact": args.redact, "task": args.task})
    from app.link.routed import answered_by

    vault = optional_vault(args)
    try:
        with Hearth(vault, pool=pool_for(args)) as hearth:
            stream = hearth.ask(question, consent=_consent(args),
                                allow_remote=getattr(args, "allow_remote", False),
                                redact=getattr(args, "redact", False),
                                prefer=getattr(args, "prefer", None),
                                task=getattr(args, "task", None), **_ask_options(args))
            if args.json:
                done = stream.result()
                emit_json(_with_device(done, answered_by(vault, done)))
                return 0
            reply = print_stream(stream)
            if reply is None:
                return 130
            _route_line(reply, answered_by(vault, reply))
    finally:
        if vault is not None:
            vault.lock()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from app.cli.answer_output import print_stream
    from app.services import Hearth
    from engine.answering.chat import Chat

    _settings(args)
    interactive = sys.stdin.isatty()
    with open_vault(args) as vault, Hearth(vault, pool=pool_for(args)) as hearth:
        chat = Chat(vault, hearth.pool)
        if args.conversation is not None:
            conv = chat.conversation(args.conversation)
            conversation_id = conv.id
        else:
            conversation_id = chat.start(model=args.model or DEFAULT_MODEL,
                                         system_prompt=args.system or "")
            conv = chat.conversation(conversation_id)
        _load_notice(hearth.pool, conv.model or None)
        print(f"Conversation {conversation_id} with {conv.model or DEFAULT_MODEL}. "
              "Type /exit to leave.", file=sys.stderr)
        while True:
            if interactive:
                sys.stdout.write("you> ")
                sys.stdout.flush()
            line = sys.stdin.readline()
            if not line or line.strip() == "/exit":
                break
            text = line.strip()
            if not text:
                continue
            if not conv.title:
                chat.rename(conversation_id, text[:60])
                conv = chat.conversation(conversation_id)
            options = _ask_options(args) | {"model": conv.model or args.model,
                                            "system": conv.system_prompt or None}
            stream = hearth.ask(text, history=chat.history(conversation_id), **options)
            if interactive:
                sys.stdout.write("hearth> ")
            reply = print_stream(stream)
            chat.record(conversation_id, text, reply)
    return 0


def cmd_models_add(args: argparse.Namespace) -> int:
    entry = ModelRegistry().add(args.file, name=args.name)
    print(f"Added {shown(entry.name)} ({shown(entry.path)}).")
    return 0


def cmd_models_list(args: argparse.Namespace) -> int:
    from engine.routing.remote import RemoteRegistry

    entries = ModelRegistry().list()
    remotes = RemoteRegistry().list()
    devices = paired_device_rows(args)
    if args.json:
        emit_json([{"name": e.name, "path": str(e.path), "builtin": e.builtin,
                    "present": e.path.is_file(), "remote": False} for e in entries]
                  + [{"name": r.name, "url": r.url, "model": r.model, "enabled": r.enabled,
                      "remote": True} for r in remotes]
                  + [{"name": d["name"], "device": True, "address": d["address"], "models": d["models"],
                      "sizes": d["sizes"], "personal": d["personal"], "remote": True} for d in devices])
        return 0
    for e in entries:
        flags = " (built in)" if e.builtin else ("" if e.path.is_file() else " (file missing)")
        print(f"{shown(e.name):<28} {shown(e.path)}{flags}")
    for r in remotes:
        state = "enabled" if r.enabled else "disabled: 'hearth models enable " + r.name + "'"
        print(f"{shown(r.name):<28} {shown(r.url)} model {shown(r.model)} (remote, {shown(state)})")
    for d in devices:
        print(f"{d['name']:<28} your device at {d['address']}: {shown(', '.join(d['models']))} "
              f"('hearth ask --via {d['name']}')")
    return 0


def cmd_models_info(args: argparse.Namespace) -> int:
    info = ModelRegistry().info(args.name)
    if args.json:
        emit_json(info.as_dict())
        return 0
    # The model's own words (name, template) came with the file: shown, never obeyed.
    print(f"name:            {shown(info.name)}{' (built in)' if info.builtin else ''}")
    print(f"model:           {shown(info.model_name)}")
    print(f"file:            {shown(info.path)} ({info.file_size / 2**20:.1f} MiB)")
    print(f"architecture:    {shown(info.architecture)}")
    print(f"parameters:      {_human_count(info.parameter_count)} ({info.parameter_count})")
    print(f"quantization:    {shown(info.quantization)}")
    print(f"context length:  {info.context_length}")
    print(f"layers:          {info.layers}")
    print("chat template:   " + ("(none: a generic format is used)" if info.chat_template is None
                                 else "\n" + shown(info.chat_template, one_line=False)))
    return 0


def cmd_models_remove(args: argparse.Namespace) -> int:
    entry = ModelRegistry().remove(args.name)
    print(f"Removed {shown(entry.name)} (the file {shown(entry.path)} was left in place).")
    return 0


def cmd_models_devices(args: argparse.Namespace) -> int:
    from engine.models import gpu

    supported = gpu.offload_supported()
    devices = gpu.list_devices()
    if args.json:
        emit_json({"offload_supported": supported, "devices": [d.__dict__ for d in devices]})
        return 0
    print(f"GPU offload: {'supported' if supported else 'not in this build (CPU only)'}")
    for d in devices:
        print(f"  {d.index}: {d.kind:<5} {d.description or d.name}  "
              f"{d.free_bytes / 2**30:.1f} GiB free of {d.total_bytes / 2**30:.1f} GiB")
    return 0


def _human_count(n: int) -> str:
    for unit, size in (("B", 10**9), ("M", 10**6), ("K", 10**3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)
