"""`hearth models add-remote | enable | disable | remove-remote`, and the routing options of `ask`.

A remote endpoint's API key is read from standard input or the terminal and
kept in the vault, never in a file on disk.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from app.cli.common import CliError, open_vault
from app.cli.safe_text import shown
from engine.routing.router import PREFERENCES
from vault.settings import set_setting

if TYPE_CHECKING:
    from engine.routing.remote import RemoteRegistry

__all__ = ["add_remote_commands", "add_route_options"]


def add_route_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--prefer", choices=PREFERENCES,
                   help="auto (cheapest good enough), best, fastest, or local only")
    p.add_argument("--task", help="the request's task label (default: read from your eval sets' "
                                  "examples, or guessed)")
    p.add_argument("--allow-remote", action="store_true",
                   help="allow a remote model for this request after previewing what is sent")
    p.add_argument("--redact", action="store_true",
                   help="replace personal details with placeholders before anything is sent out")
    p.add_argument("--yes", action="store_true", help="send the previewed request without asking")


def _registry() -> RemoteRegistry:
    # engine.routing.remote pulls in the model runtime: import it only when a command needs it.
    from engine.routing.remote import RemoteRegistry

    return RemoteRegistry()


def add_remote_commands(msub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = msub.add_parser("add-remote", help="register an OpenAI-compatible server (disabled at first)")
    p.add_argument("name")
    p.add_argument("url", help="base URL, e.g. http://gpu-box:8080/v1")
    p.add_argument("--model", help="the model id to ask the server for (default: NAME)")
    p.add_argument("--api-key", action="store_true",
                   help="ask for an API key (terminal, or one line on stdin) and keep it in the vault")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before falling back")
    p.add_argument("--enable", action="store_true", help="enable it right away")
    p.set_defaults(func=cmd_add_remote)
    p = msub.add_parser("enable", help="let the router use a remote model")
    p.add_argument("name")
    p.set_defaults(func=cmd_enable)
    p = msub.add_parser("disable", help="keep a remote model off the path (no connection is made)")
    p.add_argument("name")
    p.set_defaults(func=cmd_disable)
    p = msub.add_parser("remove-remote", help="forget a remote model")
    p.add_argument("name")
    p.set_defaults(func=cmd_remove_remote)


def cmd_add_remote(args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        raise CliError("--timeout must be positive")
    registry = _registry()
    key = ""
    if args.api_key:
        key = (getpass.getpass("API key: ") if sys.stdin.isatty()
               else sys.stdin.readline().strip())
        if not key:
            raise CliError("no API key was given")
    endpoint = registry.add(args.name, args.url, model=args.model, timeout_s=args.timeout)
    if key:
        try:
            with open_vault(args) as vault:
                from engine.routing.remote import KEY_SETTING

                set_setting(vault, KEY_SETTING + endpoint.name, key)
        except BaseException:
            registry.remove(endpoint.name)
            raise
    if args.enable:
        endpoint = registry.set_enabled(endpoint.name, True)
    state = "enabled" if endpoint.enabled else f"disabled until 'hearth models enable {endpoint.name}'"
    print(f"Added remote model {shown(endpoint.name)} at {shown(endpoint.url)} "
          f"(model {shown(endpoint.model)}); {state}.")
    print("Requests carrying personal data are never sent to it without your consent per request.")
    return 0


def cmd_enable(args: argparse.Namespace) -> int:
    endpoint = _registry().set_enabled(args.name, True)
    print(f"{endpoint.name} is enabled: the router may use it.")
    return 0


def cmd_disable(args: argparse.Namespace) -> int:
    endpoint = _registry().set_enabled(args.name, False)
    print(f"{endpoint.name} is disabled: Hearth makes no connection to it.")
    return 0


def cmd_remove_remote(args: argparse.Namespace) -> int:
    endpoint = _registry().remove(args.name)
    print(f"Removed remote model {endpoint.name}.")
    return 0
