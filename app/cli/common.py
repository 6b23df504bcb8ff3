"""What every CLI command shares: passphrase input, opening the vault, output."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING, Any

from app.cli.safe_text import json_text
from vault import Keychain, Vault, locked_status, vault_exists

if TYPE_CHECKING:
    from engine.running.pool import ModelPool


class CliError(Exception):
    """A problem the user must fix; printed as one line, exit status 2."""


def read_secret(args: argparse.Namespace, prompt: str, *, env: str = "HEARTH_PASSPHRASE",
                confirm: bool = False) -> str:
    """A passphrase from stdin (--passphrase-stdin), the environment, or the terminal."""
    if getattr(args, "passphrase_stdin", False):
        line = sys.stdin.readline()
        if not line:
            raise CliError("--passphrase-stdin was given but standard input is empty")
        return line.rstrip("\r\n")
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise CliError(f"a passphrase is needed: run in a terminal, set {env}, "
                       "or use --passphrase-stdin")
    first = getpass.getpass(prompt)
    if confirm:
        again = getpass.getpass("Repeat it: ")
        if again != first:
            raise CliError("the two passphrases differ; nothing was changed")
    return first


def open_vault(args: argparse.Namespace) -> Vault:
    """Unlock the vault: keychain first, then the passphrase (asked only if needed)."""
    return Vault.unlock(passphrase=lambda: read_secret(args, "Vault passphrase: "),
                        keychain=keychain_for(args))


def keychain_for(args: argparse.Namespace) -> Keychain:
    return Keychain()


def emit_json(value: Any) -> None:
    sys.stdout.write(json_text(value) + "\n")


def print_notices(vault: Vault) -> None:
    for notice in vault.notices:
        print(f"note: {notice}", file=sys.stderr)


def optional_vault(args: argparse.Namespace) -> Vault | None:
    """The vault if it opens without a prompt; None on a fresh install.

    It is opened with --no-context too: no personal context is read then, but remote calls
    are written to its audit log and remote API keys come from it.
    """
    if not vault_exists():
        return None
    can_open = (getattr(args, "passphrase_stdin", False) or os.environ.get("HEARTH_PASSPHRASE")
                or locked_status(keychain=keychain_for(args)).remembered)
    return open_vault(args) if can_open else None


def pool_for(args: argparse.Namespace) -> ModelPool:
    """The model pool the generation options ask for (--ctx, --gpu-layers)."""
    from engine.running.pool import ModelPool
    from engine.running.runtime import DEFAULT_CTX, LoadOptions

    if args.ctx is not None and args.ctx < 64:
        raise CliError("--ctx must be at least 64 tokens")
    return ModelPool(options=LoadOptions(n_ctx=args.ctx or DEFAULT_CTX, n_gpu_layers=args.gpu_layers))
