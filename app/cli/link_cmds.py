"""`hearth link …` and `hearth ask --via`: the person's own devices, paired by their DID.

``serve`` lets paired devices use this computer's models over mutual TLS 1.3 and prints
``serving on HOST:PORT`` before it accepts anything; ``code`` (while it serves) prints a one-time
pairing code; ``confirm`` accepts the 6 digits a pairing shows; ``pair`` pairs this device with
the one that showed a code; ``list`` shows the paired devices both ways; ``unpair`` works from
either side; ``status`` shows what the running server has done (counts, never content);
``cache`` shows the weight pieces kept for devices that split models across this computer (their
count, bytes, limit and folder), ``cache --limit SIZE`` keeps a new limit (as ``serve
--cache-limit`` does) and ``cache clear`` empties the folder, asking nothing, as ``unpair`` does.
``ask --via NAME`` asks through a paired device and answers locally when it cannot be reached.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import CliError, emit_json, open_vault, optional_vault, pool_for

if TYPE_CHECKING:
    from vault import Vault

DEFAULT_LISTEN = "0.0.0.0:7461"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    link = sub.add_parser("link", help="your own devices: use another computer's models, safely")
    lsub = link.add_subparsers(dest="link_cmd", required=True, metavar="COMMAND")
    p = lsub.add_parser("serve", help="let your paired devices use this computer's models")
    p.add_argument("--listen", default=DEFAULT_LISTEN, metavar="HOST:PORT",
                   help=f"where to listen (default {DEFAULT_LISTEN}: every network of this computer)")
    p.add_argument("--accept-pairing", action="store_true",
                   help="a valid pairing code is enough: no confirmation asked (for a computer "
                        "with no screen)")
    p.add_argument("--cache-limit", metavar="SIZE",
                   help="the most the weight cache of split models may hold, e.g. 4GiB, or 'default' "
                        "(kept for later runs; see 'hearth link cache')")
    p.set_defaults(func=cmd_serve)
    p = lsub.add_parser("code", help="a one-time pairing code (while 'hearth link serve' runs)")
    p.add_argument("--ttl", type=int, default=600, metavar="SECONDS",
                   help="how long the code is valid (at most 600 seconds, the default)")
    p.add_argument("--address", action="append", metavar="HOST:PORT",
                   help="where the other device reaches this one (repeatable; default: the "
                        "listening address, or this computer's addresses)")
    p.set_defaults(func=cmd_code)
    p = lsub.add_parser("confirm", help="accept the pairing whose 6 digits both screens show")
    p.add_argument("digits")
    p.set_defaults(func=cmd_confirm)
    p = lsub.add_parser("pair", help="pair with the device that showed a code (the code, or a file)")
    p.add_argument("code", help="the code, a file holding it, or - for standard input")
    p.add_argument("--name", help="what to call that device here (default: its own name)")
    p.add_argument("--personal", choices=("yes", "no"), default="no",
                   help="may it answer from your data (your files' excerpts go to it)? default no")
    p.add_argument("--as", dest="my_name", help="what that device calls this one (default: host name)")
    p.set_defaults(func=cmd_pair)
    p = lsub.add_parser("list", help="your paired devices, both ways, and whether they are online")
    p.add_argument("--json", action="store_true")
    p.add_argument("--offline", action="store_true", help="do not connect to see who is online")
    p.set_defaults(func=cmd_list)
    p = lsub.add_parser("unpair", help="unpair a device (works from either side; revokes at once)")
    p.add_argument("name")
    p.set_defaults(func=cmd_unpair)
    p = lsub.add_parser("cache", help="the weight pieces kept for split models: size, limit, clear")
    p.add_argument("action", nargs="?", choices=("clear",), help="clear: remove every piece kept")
    p.add_argument("--limit", metavar="SIZE",
                   help="keep at most SIZE (e.g. 4GiB, 500MB; 0 keeps nothing; 'default': 8 GiB, "
                        "or half the disk's free space when less)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cache)
    p = lsub.add_parser("status", help="what the running link server has served and refused")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)


def add_via_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--via", metavar="DEVICE",
                   help="ask through one of your paired devices (see 'hearth link list')")


def paired_device_rows(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The devices this one may use, as known at pairing (no connection made): for `models list`.

    Empty when the vault does not open without asking (a fresh install, no passphrase given)."""
    from app.link.using import device_rows

    vault = optional_vault(args)
    if vault is None:
        return []
    try:
        return [r for r in device_rows(vault, probe=False) if r["role"] == "serves this device"]
    finally:
        vault.lock()


def _say(line: str) -> None:
    print(f"hearth link: {line}", flush=True)


def cmd_serve(args: argparse.Namespace) -> int:
    from app.link.serving import LinkService
    from engine.link.wire import split_address
    from engine.running.pool import ModelPool

    host, port = split_address(args.listen)
    keep = args.cache_limit is not None
    limit = _limit_arg(args.cache_limit) if keep else None
    vault = open_vault(args)
    pool = ModelPool()
    try:
        if keep:
            _keep_limit(vault, limit)
        service = LinkService(vault, pool, host=host, port=port, accept_pairing=args.accept_pairing,
                              say=_say).start()
        print(f"serving on {service.server.address}", flush=True)
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        while not stop.wait(0.5):
            pass
        service.stop()
        _say("stopped")
    finally:
        pool.close()
        vault.lock()
    return 0


def _limit_arg(text: str) -> int | None:
    """A limit as typed (None: the default), checked before anything is changed."""
    from app.split.serving import check_limit, parse_size

    if text.strip().lower() == "default":
        return None
    try:
        limit = parse_size(text)
        return check_limit(limit) if limit else 0
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _keep_limit(vault: Vault, limit: int | None) -> int:
    """Keep ``limit`` and hold it now: the pieces least recently used go; how many went."""
    from app.split.serving import cache_dir, cache_key, set_cache_limit
    from engine.split.cache import WeightCache, default_limit

    set_cache_limit(vault, limit)
    if not cache_dir().is_dir():
        return 0
    cache = WeightCache(cache_dir(), cache_key(vault), limit=limit)
    return cache.set_limit(default_limit(cache_dir()) if limit is None else limit)


def cmd_cache(args: argparse.Namespace) -> int:
    from app.formats import size as shown_size
    from app.split.serving import cache_dir, cache_summary, clear_cache
    from vault import vault_exists

    folder = cache_dir()
    if args.action == "clear":
        if args.limit is not None:
            raise CliError("give --limit or clear, not both")
        files, size = clear_cache()
        if not files:
            print(f"The weight cache was empty ({folder}).")
            return 0
        print(f"Removed {files} weight pieces ({shown_size(size)}) from {folder}. A device that "
              "splits a model across this computer sends its weights again.")
        return 0
    if args.limit is not None:
        limit = _limit_arg(args.limit)
        with open_vault(args) as vault:
            gone = _keep_limit(vault, limit)
            files, size, limit, chosen = cache_summary(vault)
        if gone:
            print(f"Removed {gone} weight pieces, the least recently used, to fit the new limit.")
    elif vault_exists():
        with open_vault(args) as vault:
            files, size, limit, chosen = cache_summary(vault)
    else:
        files, size, limit, chosen = cache_summary(None)
    if args.json:
        emit_json({"folder": str(folder), "files": files, "bytes": size, "limit": limit,
                   "limit_set": chosen})
        return 0
    why = "set by you" if chosen else "the default: 8 GiB, or half the disk's free space when less"
    print(f"Weight cache: {files} pieces, {shown_size(size)} of {shown_size(limit)} ({why})")
    print(f"Folder: {folder}")
    return 0


def _control(request: dict[str, Any]) -> dict[str, Any]:
    from app.link.serving import control_path
    from engine.link.control import ask

    reply = ask(control_path(), request)
    if reply.get("ok") is not True:
        raise CliError(str(reply.get("error") or "the link server refused"))
    return reply


def cmd_code(args: argparse.Namespace) -> int:
    if not 10 <= args.ttl <= 600:
        raise CliError("--ttl is between 10 and 600 seconds")
    reply = _control({"op": "code", "ttl": args.ttl, "addresses": args.address or []})
    print(reply["code"])
    print(f"One use, valid for {args.ttl // 60} min {args.ttl % 60} s. On the other device: "
          "hearth link pair CODE", file=sys.stderr)
    return 0


def cmd_confirm(args: argparse.Namespace) -> int:
    reply = _control({"op": "confirm", "confirmation": args.digits})
    print(f"Confirmed: {reply.get('device')} is paired with this computer.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    reply = _control({"op": "status"})
    if args.json:
        emit_json(reply)
        return 0
    refused = ", ".join(f"{k} {v}" for k, v in sorted(reply["refused"].items())) or "none"
    print(f"serving on {reply['address']}; {reply['connections']} connections, "
          f"{reply['engine_requests']} answers ({reply['engine_bytes_in']} bytes to the engine), "
          f"refused: {refused}")
    return 0


def _read_code(text: str) -> str:
    if text == "-":
        return sys.stdin.read().strip()
    path = Path(text)
    if not text.startswith("hearth-link:") and len(text) < 4096 and path.is_file():
        return path.read_text(encoding="utf-8").strip()
    return text


def cmd_pair(args: argparse.Namespace) -> int:
    from app.link.serving import this_computer
    from app.link.using import pair_with

    code = _read_code(args.code)
    with open_vault(args) as vault:
        peer = pair_with(vault, code, name=args.name, personal=args.personal == "yes",
                         my_name=args.my_name or this_computer(),
                         on_confirmation=lambda digits: print(
                             f"Confirmation {digits}: check the other device shows the same, and "
                             f"confirm there ('hearth link confirm {digits}').", flush=True))
        from engine.link.wire import confirmation
        from identity.devices import device_identity

        digits = confirmation(peer.pin, device_identity(vault).link_pin)
    may = "may" if peer.personal else "may not"
    print(f"Paired with {peer.name} ({peer.addresses[0]}), confirmation {digits}. It {may} answer "
          f"from your data. Ask through it: hearth ask --via {peer.name} \"…\"")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from app.link.using import device_rows

    with open_vault(args) as vault:
        rows = device_rows(vault, probe=not args.offline)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        print("No paired devices. On the computer to use: hearth link serve, then hearth link code; "
              "here: hearth link pair CODE")
    for r in rows:
        if r["role"] == "uses this device":
            print(f"{r['name']:<20} uses this computer ({r['did'][:24]}…)")
            continue
        state = {True: "online", False: "offline", None: "not checked"}[r["online"]]
        data = "may answer from your data" if r["personal"] else "general questions only"
        models = ", ".join(_sized(m, r["sizes"].get(m)) for m in r["models"]) or "?"
        print(f"{r['name']:<20} {r['address']:<22} {state}; models: {models}; {data}")
    return 0


def _sized(model: str, size: dict[str, int] | None) -> str:
    """``default (135M parameters, 0.1 GB)``, or the name alone when the device never said."""
    from app.cli.safe_text import shown

    if not size or not (size.get("parameters") or size.get("bytes")):
        return shown(model)
    params = size.get("parameters") or 0
    words = [f"{params / 1e9:.1f}B parameters" if params >= 10**9 else f"{params / 1e6:.0f}M parameters"] \
        if params else []
    words += [f"{size['bytes'] / 1e9:.1f} GB"] if size.get("bytes") else []
    return f"{shown(model)} ({', '.join(words)})"


def cmd_unpair(args: argparse.Namespace) -> int:
    from app.link.using import unpair

    with open_vault(args) as vault:
        print(unpair(vault, args.name))
    return 0


def ask_via(args: argparse.Namespace, question: str, options: dict[str, Any]) -> int:
    """``hearth ask --via NAME``: the answer pipeline with that device as the chosen model."""
    from app.cli.answer_output import print_stream
    from app.link.using import device_answerer, endpoint_for
    from app.services import Hearth
    from engine.errors import RemoteNotAllowed
    from identity.devices import load_peer
    from identity.didkey import fingerprint

    with open_vault(args) as vault, Hearth(vault, pool=pool_for(args)) as hearth:
        peer = load_peer(vault, args.via)
        endpoint = endpoint_for(peer, args.model)
        answerer = device_answerer(hearth, vault, peer, model=args.model)

        def consent(plan: Any) -> bool:
            return bool(plan.endpoint == peer.name and peer.personal)

        opts = options | {"model": peer.name}
        try:
            stream = answerer.ask(question, consent=consent, allow_remote=peer.personal, **opts)
            reply = stream.result() if args.json else print_stream(stream)
        except RemoteNotAllowed:
            print(f"hearth: {peer.name} may not answer from your data (paired with --personal no); "
                  "answering on this computer", file=sys.stderr)
            stream = answerer.ask(question, **(options | {"model": None, "prefer": "local"}))
            reply = stream.result() if args.json else print_stream(stream)
        if reply is None:
            return 130
        answered = reply.model == peer.name
        if args.json:
            out = reply.as_dict()
            if out.get("route") is not None:
                out["route"]["device"] = ({"name": peer.name, "did": peer.did,
                                           "fingerprint": fingerprint(peer.did),
                                           "address": endpoint.url.removeprefix("hearth-link://")
                                           .removesuffix("/v1"), "model": endpoint.model}
                                          if answered else None)
                out["route"]["answered_by"] = peer.name if answered else "this computer"
            emit_json(out)
    return 0
