"""`hearth keys create | list | revoke`: app keys for tools that take a base URL and an API key.

A key makes the tool an app of its own with exactly the scopes named here
(:mod:`identity.appkeys`); the key is printed once, on a line of its own, and
kept only as a hash.
"""

from __future__ import annotations

import argparse
import shlex

from app.cli.common import CliError, emit_json, open_vault
from app.formats import timestamp
from identity import appkeys
from identity.scopes import SCOPES, label


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    keys_p = sub.add_parser("keys", help="API keys for tools that speak the OpenAI API (llm, editors…)")
    ksub = keys_p.add_subparsers(dest="keys_cmd", required=True, metavar="COMMAND")
    p = ksub.add_parser("create", help="make a key for one app, with exactly the access you name",
                        description="Make an app key: the app gets its own identity and a grant with "
                                    "the scopes you name (plus the models without your data). "
                                    f"{appkeys.WEAKER_THAN_PAIRING}")
    p.add_argument("name", help="the app's name, as the Privacy view and the audit log will show it")
    readable = ", ".join(s for s in SCOPES if s not in appkeys.BASE_SCOPES)
    p.add_argument("--scopes", default="", help=f"what it may read, comma-separated ({readable})")
    p.add_argument("--days", type=int, default=30, help="expire after N days (default 30)")
    p.add_argument("--personal", choices=("yes", "no"),
                   help="may its questions to the assistant use the data it may read? (default no)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_keys_create)
    p = ksub.add_parser("list", help="app keys, with their scopes, expiry and last use")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_keys_list)
    p = ksub.add_parser("revoke", help="revoke an app key now: its next request is refused")
    p.add_argument("name")
    p.set_defaults(func=cmd_keys_revoke)


def _scopes(text: str) -> list[str]:
    named = [s.strip() for s in text.split(",") if s.strip()]
    unknown = [s for s in named if s not in SCOPES]
    if unknown:
        raise CliError(f"unknown scope {unknown[0][:64]!r}; known: {', '.join(SCOPES)}")
    return named


def _row(key: appkeys.AppKey) -> dict[str, object]:
    return {"name": key.name, "scopes": list(key.scopes), "status": key.status,
            "created_at": key.created_at, "expires_at": key.expires_at, "last_used_at": key.last_used_at,
            "app_did": key.app_did, "grant_id": key.grant_id}


def cmd_keys_create(args: argparse.Namespace) -> int:
    from vault.settings import get_setting

    scopes = _scopes(args.scopes)
    personal = None if args.personal is None else args.personal == "yes"
    with open_vault(args) as vault:
        made = appkeys.create_app_key(vault, name=args.name, scopes=scopes, days=args.days, personal=personal)
        port = get_setting(vault, "gateway_tcp_port")
    key = made.app_key
    if args.json:
        emit_json({**_row(key), "key": made.key})
        return 0
    reads = [s for s in key.scopes if s not in appkeys.BASE_SCOPES]
    print(f"App key for {key.name}, until {timestamp(key.expires_at, missing='-')}. It may use Hearth's "
          "models on questions without your data" + (", and:" if reads else "; it reads none of your data."))
    for scope in reads:
        print(f"  {scope:<20} {label(scope)}")
    print("The key (shown only now; Hearth keeps only a hash of it):")
    print(made.key)
    print(f"Warning: {appkeys.WEAKER_THAN_PAIRING}")
    url = f"http://127.0.0.1:{port}/v1" if isinstance(port, int) and port else \
        "http://127.0.0.1:PORT/v1 (run 'hearth serve --tcp PORT', or turn on the port in Settings)"
    print(f"Base URL: {url}. Revoke with: hearth keys revoke {shlex.quote(key.name)}")
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        keys = appkeys.list_app_keys(vault)
    if args.json:
        emit_json([_row(k) for k in keys])
        return 0
    for k in keys:
        used = timestamp(k.last_used_at, missing="never")
        print(f"{k.name:<24} {k.status:<8} until {timestamp(k.expires_at, missing='-')}  last use: {used}  "
              f"{', '.join(k.scopes)}")
    if not keys:
        print("No app keys. Make one with 'hearth keys create NAME --scopes …'.")
    return 0


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        revoked = appkeys.revoke_app_key(vault, args.name)
    print(f"Revoked the app key {revoked[0].name}: its next request is refused, and an answer it is "
          "receiving stops now.")
    return 0
