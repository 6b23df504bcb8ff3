"""The `hearth` command: the app's features, headless, for people and scripts.

Each command group lives in its own module with a ``register(subparsers)``
function. Errors from the core print one line to stderr and exit non-zero;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import (
    data_cmds,
    engine_cmds,
    eval_cmds,
    identity_cmds,
    keys_cmds,
    link_cmds,
    mcp_cmds,
    network_cmds,
    notes_cmds,
    split_cmds,
    vault_cmds,
)
from app.cli.common import CliError
from app.cli.safe_text import guarded_output, shown
from app.hardening import harden_process
from app.services import USER_ERRORS

COMMAND_GROUPS = [vault_cmds, notes_cmds, engine_cmds, data_cmds, identity_cmds, keys_cmds, eval_cmds,
                  mcp_cmds, network_cmds, link_cmds, split_cmds]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hearth",
        description="Hearth: your private AI, on your own computer. "
                    "With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"Hearth {__version__}")
    parser.add_argument("--quick", action="store_true",
                        help="open only the quick-ask box (bind this to a desktop shortcut)")
    parser.add_argument("--passphrase-stdin", action="store_true",
                        help="read the vault passphrase from standard input")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    harden_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from app.gui import run_gui

        return run_gui(quick=args.quick)
    try:
        with guarded_output():      # text from outside never reaches the terminal raw
            return int(args.func(args) or 0)
    except CliError as exc:
        print(f"hearth: {shown(exc)}", file=sys.stderr)
        return 2
    except USER_ERRORS as exc:      # may quote a file name, a Hub answer, a model's words
        print(f"hearth: {shown(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("hearth: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
