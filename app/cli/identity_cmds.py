"""`hearth id`, `hearth grants …`, `hearth audit`, `hearth serve`: identity, consent and the gateway."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from app.cli.common import CliError, emit_json, open_vault
from app.formats import timestamp
from identity import audit, consent, grants
from identity.apps import get_app
from identity.didkey import fingerprint
from identity.scopes import SCOPES, label
from identity.user import create_identity, hearth_domain, user_did


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("id", help="show your Hearth identity (DID)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_id)

    grants_p = sub.add_parser("grants", help="see, answer and revoke plugin apps' access")
    gsub = grants_p.add_subparsers(dest="grants_cmd", required=True, metavar="COMMAND")
    p = gsub.add_parser("list", help="grants given to plugin apps")
    p.add_argument("--all", action="store_true", help="include revoked, expired and used grants")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_grants_list)
    p = gsub.add_parser("pending", help="requests waiting for your answer")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_grants_pending)
    p = gsub.add_parser("approve", help="allow a pending request")
    p.add_argument("id")
    p.add_argument("--scopes", help="allow only these of the requested scopes (comma-separated)")
    p.add_argument("--once", action="store_true", help="allow only this time (one request)")
    p.add_argument("--days", type=int, help="expire after N days")
    p.set_defaults(func=cmd_grants_approve)
    p = gsub.add_parser("deny", help="refuse a pending request")
    p.add_argument("id")
    p.set_defaults(func=cmd_grants_deny)
    p = gsub.add_parser("revoke", help="revoke a grant now (or every grant with --all)")
    p.add_argument("id", nargs="?")
    p.add_argument("--all", action="store_true")
    p.set_defaults(func=cmd_grants_revoke)

    p = sub.add_parser("audit", help="every access by plugin apps, allowed or denied")
    p.add_argument("--app", metavar="DID", help="only this app")
    p.add_argument("--limit", type=int, default=100, help="the newest N entries (default 100)")
    p.add_argument("--verify", action="store_true", help="check that no entry was edited or removed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("serve", help="run the plugin gateway until interrupted")
    p.add_argument("--tcp", type=int, metavar="PORT",
                   help="also listen on 127.0.0.1:PORT (0 picks one) for apps that cannot use a socket")
    p.add_argument("--socket", type=Path, help="socket path (default: in the private runtime dir)")
    p.set_defaults(func=cmd_serve)


def cmd_id(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        did = create_identity(vault)  # vaults made before identities get one now
        domain = hearth_domain(vault)
    if args.json:
        emit_json({"did": did, "fingerprint": fingerprint(did), "domain": domain})
        return 0
    print(did)
    print(f"fingerprint: {fingerprint(did)}")
    return 0


def _grant_dict(g: grants.Grant, idle: float, app_name: str) -> dict[str, object]:
    return {"id": g.id, "app_did": g.app_did, "app_name": app_name, "scopes": list(g.scopes),
            "purpose": g.purpose, "mode": g.mode, "status": g.status(idle_days=idle),
            "issued_at": g.issued_at, "expires_at": g.expires_at, "revoked_at": g.revoked_at,
            "last_used_at": g.last_used_at, "use_count": g.use_count}


def cmd_grants_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        idle = grants.idle_days(vault)
        rows = []
        for g in grants.list_grants(vault):
            app = get_app(vault, g.app_did)
            rows.append(_grant_dict(g, idle, app.name if app else ""))
    if not args.all:
        rows = [r for r in rows if r["status"] == "active"]
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        until = timestamp(r["expires_at"], missing="-")  # type: ignore[arg-type]
        print(f"{r['id']}  {r['status']:<8} {r['app_name'] or '?'} ({fingerprint(str(r['app_did']))})  "
              f"{', '.join(r['scopes'])}  {r['mode']}  until {until}")  # type: ignore[arg-type]
    if not rows:
        print("No grants." if args.all else "No active grants (see all with --all).")
    return 0


def cmd_grants_pending(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        pending = consent.pending_requests(vault)
    if args.json:
        emit_json([{"id": r.id, "app_did": r.app_did, "app_name": r.app.name if r.app else "",
                    "fingerprint": fingerprint(r.app_did), "exe_path": r.app.exe_path if r.app else "",
                    "scopes": list(r.scopes), "purpose": r.purpose, "mode": r.mode, "days": r.days,
                    "created_at": r.created_at} for r in pending])
        return 0
    for r in pending:
        print(f"Request {r.id} from {r.app.name if r.app else 'an unknown app'}")
        print(f"  DID fingerprint: {fingerprint(r.app_did)}  ({r.app_did})")
        print(f"  executable: {(r.app.exe_path if r.app else '') or '(not given)'}")
        print(f"  purpose: {r.purpose}")
        print(f"  asks for ({'only this time' if r.mode == 'once' else f'{r.days} days'}):")
        for s in r.scopes:
            print(f"    {s:<20} {label(s)}")
    if not pending:
        print("No requests are waiting.")
    return 0


def cmd_grants_approve(args: argparse.Namespace) -> int:
    scopes = None
    if args.scopes:
        scopes = [s.strip() for s in args.scopes.split(",") if s.strip()]
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise CliError(f"unknown scope {unknown[0]!r}; known: {', '.join(SCOPES)}")
    with open_vault(args) as vault:
        g = consent.approve(vault, consent.RequestId(args.id), scopes=scopes,
                            once=True if args.once else None, days=args.days)
        app = get_app(vault, g.app_did)
    until = "only this time" if g.mode == "once" else "until " + timestamp(g.expires_at, missing="-")
    print(f"Granted {', '.join(g.scopes)} to {app.name if app else g.app_did} ({until}); grant {g.id}.")
    return 0


def cmd_grants_deny(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        r = consent.deny(vault, consent.RequestId(args.id))
    print(f"Denied request {r.id}.")
    return 0


def cmd_grants_revoke(args: argparse.Namespace) -> int:
    if args.all == bool(args.id):
        raise CliError("name one grant ID, or --all")
    with open_vault(args) as vault:
        if args.all:
            count = grants.revoke_all(vault)
            print(f"Revoked {count} grant{'s' if count != 1 else ''}.")
        else:
            g = grants.revoke_grant(vault, grants.GrantId(args.id))
            print(f"Revoked grant {g.id}.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        count = audit.verify(vault) if args.verify else None  # AuditBroken exits 1 with the reason
        rows = audit.entries(vault, app_did=args.app, limit=args.limit)
    if args.json:
        out: dict[str, object] = {"entries": [e.as_dict() for e in rows]}
        if count is not None:
            out["verified"] = count
        emit_json(out)
        return 0
    for e in rows:
        items = ", ".join(e.items[:6]) + (" …" if len(e.items) > 6 else "")
        when = timestamp(e.ts, missing="-")
        print(f"{e.seq:>6}  {when}  {e.decision:<5} {e.app_name or e.app_did[:24]:<24} "
              f"{e.scope:<18} {e.reason:<22} {items}")
    if not rows:
        print("No plugin app has asked for anything yet.")
    if count is not None:
        print(f"The audit log is intact ({count} entries).")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from app.gateway import Gateway

    if args.tcp is not None and not 0 <= args.tcp <= 65535:
        raise CliError("--tcp takes a port number")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with open_vault(args) as vault:
        create_identity(vault)
        with Gateway(vault, socket_path=args.socket, tcp_port=args.tcp) as gateway:
            print(f"Hearth gateway on {gateway.socket_path}", flush=True)
            if gateway.tcp_port is not None:
                print(f"also on http://127.0.0.1:{gateway.tcp_port}", flush=True)
                print(f"tools with an app key ('hearth keys create'): base URL "
                      f"http://127.0.0.1:{gateway.tcp_port}/v1", flush=True)
            print(f"identity: {user_did(vault)}", flush=True)
            stop.wait()
    print("Gateway stopped.")
    return 0
