"""`hearth vault …`: create, inspect, re-key, check, back up and restore the vault."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import CliError, emit_json, keychain_for, open_vault, print_notices, read_secret
from app.services import create_vault
from vault import Vault, locked_status, vault_exists
from vault.backup import backup, restore
from vault.errors import VaultExists
from vault.paths import data_dir


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    vault_p = sub.add_parser("vault", help="create and look after the encrypted vault")
    vsub = vault_p.add_subparsers(dest="vault_cmd", required=True, metavar="COMMAND")

    p = vsub.add_parser("init", help="create a new vault")
    p.add_argument("--remember", action="store_true",
                   help="remember the key in this device's keychain (no passphrase at unlock)")
    p.set_defaults(func=cmd_init)

    p = vsub.add_parser("status", help="where the vault is and what it holds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = vsub.add_parser("passwd", help="change the passphrase (the data is not re-encrypted)")
    p.set_defaults(func=cmd_passwd)

    p = vsub.add_parser("remember", help="remember or forget the key in this device's keychain")
    p.add_argument("--off", action="store_true", help="forget it instead")
    p.set_defaults(func=cmd_remember)

    p = vsub.add_parser("check", help="verify every page and index of the vault")
    p.set_defaults(func=cmd_check)

    p = vsub.add_parser("backup", help="write an encrypted backup to FILE")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_backup)

    p = vsub.add_parser("restore", help="replace the vault with the backup in FILE")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)


def cmd_init(args: argparse.Namespace) -> int:
    if vault_exists():
        raise VaultExists(f"a vault already exists in {data_dir()}")
    passphrase = read_secret(args, "New vault passphrase: ", confirm=True)
    if len(passphrase) < 8:
        raise CliError("choose a passphrase of at least 8 characters")
    vault = create_vault(passphrase, remember=args.remember, keychain=keychain_for(args))
    with vault:
        print(f"Created the vault in {vault.home}")
        if args.remember and vault.is_remembered():
            print("The key is remembered in this device's keychain.")
        print_notices(vault)
        print("Keep your passphrase safe: if it is lost, nobody can recover the vault.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    status = locked_status(keychain=keychain_for(args))
    if status.exists and status.remembered:
        with Vault.unlock(keychain=keychain_for(args)) as vault:
            status = vault.status()
    if args.json:
        emit_json(status.__dict__)
        return 0
    print(f"data directory: {status.path}")
    if not status.exists:
        print("vault: none yet (create one with 'hearth vault init')")
        return 0
    print("vault: " + ("unlocked with the keychain" if status.unlocked else "locked"))
    print(f"keychain: {'available' if status.keychain_available else 'not available'}; "
          f"key {'remembered' if status.remembered else 'not remembered'} on this device")
    if status.schema_version is not None:
        print(f"schema version: {status.schema_version}")
        for name, count in status.counts.items():
            print(f"{name}: {count}")
    return 0


def cmd_passwd(args: argparse.Namespace) -> int:
    old = read_secret(args, "Current passphrase: ")
    new = read_secret(args, "New passphrase: ", env="HEARTH_NEW_PASSPHRASE", confirm=True)
    if len(new) < 8:
        raise CliError("choose a passphrase of at least 8 characters")
    with Vault.unlock(passphrase=old, keychain=keychain_for(args)) as vault:
        vault.change_passphrase(old, new)
    print("Passphrase changed.")
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        kept = vault.set_remembered(not args.off)
        print_notices(vault)
        print("The key is remembered on this device." if kept else
              "The key is not remembered on this device.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        problems = vault.check()
    if problems:
        for problem in problems:
            print(f"problem: {problem}", file=sys.stderr)
        return 1
    print("The vault is sound.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_vault(args) as vault:
        size = backup(vault, args.file)
    print(f"Wrote an encrypted backup to {args.file} ({size} bytes). "
          "It opens with the current passphrase.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.file.exists():
        raise CliError(f"no backup file at {args.file}")
    passphrase = read_secret(args, "Passphrase of the backup: ")
    restore(args.file, passphrase)
    print(f"Restored the vault from {args.file}.")
    return 0
