"""`hearth network log`: everything Hearth sent and received over the network.

One line per exchange from the vault's network log (``vault.netlog``): model
downloads and the Hub lookups made for them, and every remote model call,
sent or held back, with its host, bytes out and in, the SHA-256 of the body
sent (or of the file fetched), whether personal data went out, the
redactions, and the consent that let it go. ``--json`` gives the same fields.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from app.cli.common import emit_json, open_vault
from app.cli.safe_text import shown
from app.formats import size, timestamp
from vault.netlog import KINDS, NetEntry, entries, flush_pending


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    net = sub.add_parser("network", help="what Hearth sent and received over the network")
    nsub = net.add_subparsers(dest="network_cmd", required=True, metavar="COMMAND")
    p = nsub.add_parser("log", help="every download and remote model call, newest first")
    p.add_argument("--kind", choices=KINDS, help="only this kind of exchange")
    p.add_argument("--limit", type=int, default=200, help="at most this many entries (default 200)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_network_log)


def entry_dict(e: NetEntry) -> dict[str, Any]:
    return dataclasses.asdict(e) | {"seconds": round(e.seconds, 3)}


def cmd_network_log(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        flush_pending(vault)  # anything this process logged before the vault was open
        rows = entries(vault, kind=args.kind, limit=max(1, args.limit))
    if args.json:
        emit_json({"entries": [entry_dict(e) for e in rows]})
        return 0
    if not rows:
        print("Nothing has left this machine: no downloads and no remote model calls are logged.")
        return 0
    for e in rows:
        when = timestamp(e.started_at, precision="second")
        personal = "personal" if e.personal else "not personal"
        # Hosts, paths, statuses and details came from servers and callers: one line each.
        print(f"{when}  {shown(e.kind):<10} {shown(e.method)} {shown(e.host)}{shown(e.path)}  "
              f"out {size(e.bytes_out, decimal=True)}, in {size(e.bytes_in, decimal=True)}  "
              f"{shown(e.status)}")
        extra = [f"sha256 {e.sha256}" if e.sha256 else "", personal if e.kind == "model_call" else "",
                 f"consent: {e.consent}" if e.consent else "", e.detail, e.started_by]
        print("    " + " · ".join(shown(x) for x in extra if x))
    return 0
