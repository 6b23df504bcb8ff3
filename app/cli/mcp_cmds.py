"""`hearth mcp`: Hearth as an MCP server for one MCP client, over stdio (the client starts it)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("mcp", help="serve Hearth's tools to an MCP client over stdio (the client runs this)",
                       description="Serve Hearth's tools to an MCP client over stdin/stdout. The client gets "
                                   "its own identity and only the access you grant it; Hearth (the app or "
                                   "'hearth serve') must be running.")
    p.add_argument("--client", metavar="NAME",
                   help="the client's name, as Hearth will show it (default: the name the client gives)")
    p.add_argument("--socket", type=Path, help="the gateway's socket (default: the running Hearth's)")
    p.set_defaults(func=cmd_mcp)


def cmd_mcp(args: argparse.Namespace) -> int:
    from app.mcp.server import serve_stdio

    return serve_stdio(client=args.client, socket_path=args.socket)
