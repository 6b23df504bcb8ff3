"""The terminal's consent step before personal data goes to a remote model.

The answer pipeline (``engine.answering.answer``) routes every question; when the route
is a remote model and the request carries personal data, it calls back here
with the exact request body (``engine.routing.dispatch.RemotePlan``). The person sees
it pretty-printed with its SHA-256 and size and says yes for this request;
``--yes`` says yes in scripts. Declining answers locally instead.
"""

from __future__ import annotations

import argparse
import json
import sys

from app.cli.common import CliError
from app.cli.safe_text import shown
from engine.routing.dispatch import RemotePlan


def _preview(plan: RemotePlan) -> None:
    pretty = json.dumps(json.loads(plan.body), indent=2, ensure_ascii=False)
    print(f"Hearth would send this request to {shown(plan.endpoint)} ({shown(plan.url)}):",
          file=sys.stderr)
    print(shown(pretty, one_line=False), file=sys.stderr)
    red = ", ".join(f"{n} {k}" for k, n in sorted(plan.redactions.items())) or "none"
    print(f"sha256 {plan.sha256}, {plan.size} bytes; redacted: {red}", file=sys.stderr)


def confirm_remote(args: argparse.Namespace, plan: RemotePlan) -> bool:
    """Show ``plan`` and ask; True sends exactly these bytes."""
    _preview(plan)
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CliError(f"sending personal data to {plan.endpoint} needs your confirmation: "
                       "review the request above and add --yes")
    ok = input(f"Send it to {plan.endpoint}? [y/N] ").strip().lower() in ("y", "yes")
    if not ok:
        print("Not sent; answering locally.", file=sys.stderr)
    return ok
