"""`hearth ask` through the router: route, ask consent for remote personal requests, answer.

The route and its reason are printed with the answer (stderr, or in --json).
A remote model receives a request carrying personal data only after the user
has seen the exact body (and its SHA-256) and said yes for this request;
``--redact`` replaces personal details by placeholders first. Declining falls
back to local models.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli.common import CliError, emit_json
from app.routing import build_router, dispatcher, known_names
from engine.dispatch import plan_remote
from engine.generate import GenerationSettings
from engine.models import ModelRegistry
from engine.pool import ModelPool
from engine.remote import RemoteRegistry
from engine.router import Candidate, Route, classify_task
from vault import Vault


def _preview(plan_body: bytes, name: str, url: str, sha256: str, redactions: dict[str, int]) -> None:
    pretty = json.dumps(json.loads(plan_body), indent=2, ensure_ascii=False)
    print(f"Hearth would send this request to {name} ({url}):", file=sys.stderr)
    print(pretty, file=sys.stderr)
    red = ", ".join(f"{n} {k}" for k, n in sorted(redactions.items())) or "none"
    print(f"sha256 {sha256}, {len(plan_body)} bytes; redacted: {red}", file=sys.stderr)


def _confirm(args: argparse.Namespace, name: str) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise CliError(f"sending personal data to {name} needs your confirmation: "
                       "review the request above and add --yes")
    return input(f"Send it to {name}? [y/N] ").strip().lower() in ("y", "yes")


def ask_routed(args: argparse.Namespace, pool: ModelPool, vault: Vault | None,
               messages: list[dict[str, str]], sources: list[dict[str, Any]],
               settings: GenerationSettings, *, question: str | None = None,
               ) -> tuple[int, dict[str, Any] | None]:
    """Answer ``messages``; prints as it streams unless --json. Returns (exit code, json out)."""
    registry, remotes = ModelRegistry(), RemoteRegistry()
    router = build_router(vault, registry, remotes)
    endpoint = remotes.find(args.model) if args.model else None
    if endpoint is not None and not endpoint.enabled:
        raise CliError(f"the remote model {endpoint.name} is disabled: "
                       f"'hearth models enable {endpoint.name}' lets Hearth use it")
    if args.model and args.model not in router.candidates and remotes.find(args.model) is None:
        entry = registry.resolve(args.model)  # a GGUF path works as a model name
        router.candidates[entry.name] = Candidate(entry.name, False, 0)
        args.model = entry.name
    names = known_names(vault)
    prefer = getattr(args, "prefer", None)

    # The task is read from the question itself, not from the excerpts added around it.
    task = getattr(args, "task", None) or (classify_task([{"role": "user", "content": question}])
                                          if question else None)

    def route(preference: str | None) -> Route:
        return router.route(messages, task=task,
                            personal_context=bool(sources), preference=preference,
                            model=args.model, known_names=names,
                            remote_consent=getattr(args, "allow_remote", False))

    chosen = route(prefer)
    consent: str | None = None
    if chosen.remote and chosen.personal:
        plan = plan_remote(remotes, chosen.model, messages, settings,
                           redact=getattr(args, "redact", False), known_names=names)
        _preview(plan.body, plan.endpoint, plan.url, plan.sha256, plan.redactions)
        if _confirm(args, chosen.model):
            consent = plan.sha256
        else:
            if args.model:
                raise CliError("not sent; nothing left this machine")
            chosen = route("local")
            print("Not sent; answering locally.", file=sys.stderr)
    if not chosen.remote:
        loaded = pool.get(chosen.model)
        if loaded.plan.warn:
            print(f"hearth: {loaded.plan.note}", file=sys.stderr)
    generation = dispatcher(pool, vault, remotes).start(
        chosen, messages, settings=settings, consent_sha256=consent,
        redact=getattr(args, "redact", False), known_names=names)
    if args.json:
        answer = generation.result()
        out: dict[str, Any] = answer.as_dict()
        out.update(model=generation.model_used, sources=sources, route=chosen.as_dict(),
                   notes=generation.notes)
        return 0, out
    cancelled = False
    try:
        for delta in generation:
            sys.stdout.write(delta)
            sys.stdout.flush()
    except KeyboardInterrupt:
        generation.cancel()
        cancelled = True
    sys.stdout.write("\n")
    for note in generation.notes:
        print(f"hearth: {note}", file=sys.stderr)
    # With a single local model there is no choice to explain; otherwise say who answered and why.
    if len(router.candidates) > 1 or generation.notes or chosen.remote:
        where = "remote" if remotes.find(generation.model_used) else "local"
        print(f"[{generation.model_used or chosen.model}, {where}: {chosen.reason}]", file=sys.stderr)
    return (130 if cancelled else 0), None


__all__ = ["ask_routed", "emit_json"]
