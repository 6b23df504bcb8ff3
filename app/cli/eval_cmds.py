"""`hearth eval …` and `hearth route`: measure models on your own tasks, tune the router.

``eval run`` asks every model every item of a JSONL eval set and stores the
results in the vault (a paired device's model, ``NAME/MODEL``, is asked through the
link, as routing would ask it); ``eval report`` prints the per-model, per-task table and
writes a chart (SVG, or PNG through Qt); ``eval tune`` turns the results into
the router's policy; ``route`` shows which model the router would pick, and
why, without running anything.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliError, emit_json, open_vault, optional_vault
from engine.routing.router import PREFERENCES


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    eval_p = sub.add_parser("eval", help="measure models on your own eval sets; tune the router")
    esub = eval_p.add_subparsers(dest="eval_cmd", required=True, metavar="COMMAND")
    p = esub.add_parser("run", help="run every model on every item of SET.jsonl")
    p.add_argument("set", type=Path)
    p.add_argument("--models", required=True, help="comma-separated model names")
    p.add_argument("--max-tokens", type=int, default=96)
    p.add_argument("--allow-remote", action="store_true",
                   help="let remote models in --models receive the eval items")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_run)
    p = esub.add_parser("report", help="the latest results per model and task, and a chart")
    p.add_argument("--chart", type=Path, default=Path("hearth-eval.svg"),
                   help="chart file to write (.svg or .png; default hearth-eval.svg)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_report)
    p = esub.add_parser("tune", help="set the router's policy from the latest results")
    p.add_argument("--bar", type=float, default=0.6, help="the score a model must reach (0..1)")
    p.add_argument("--prefer", choices=PREFERENCES, default="auto")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_tune)

    p = sub.add_parser("route", help="which model would answer this, and why (runs nothing)")
    p.add_argument("prompt", nargs="+")
    p.add_argument("--task", help="the request's task label (default: read from your eval sets' "
                                   "examples, or guessed)")
    p.add_argument("--prefer", choices=PREFERENCES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_route)


def cmd_eval_run(args: argparse.Namespace) -> int:
    import contextlib

    from app.link.routed import STARTED_BY, device_models
    from app.link.using import MODEL_SEP, DeviceRemotes, device_dispatcher
    from app.routing import candidates, dispatcher
    from engine.models.registry import ModelRegistry
    from engine.routing.evals import (
        embed_examples,
        format_table,
        load_eval_set,
        run_eval,
        save_examples,
        save_run,
        summarise,
    )
    from engine.routing.remote import RemoteRegistry
    from engine.routing.router import Route
    from engine.running.generate import Answer, GenerationSettings
    from engine.running.pool import ModelPool
    from engine.search.embeddings import MODEL_ID, default_embedder

    eval_set = load_eval_set(args.set)
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    if not models:
        raise CliError("--models needs at least one model name")
    with contextlib.ExitStack() as stack:
        registry, remotes = ModelRegistry(), RemoteRegistry()
        # A paired device's model (NAME/MODEL) is asked through the link, as routing would ask it:
        # only a device whose grant lets this one ask it now (app.link.routed).
        wanted = [m for m in models if MODEL_SEP in m]
        vault = stack.enter_context(open_vault(args)) if wanted else None
        found = {d.name: d for d in device_models(vault)} if vault is not None else {}
        for name in wanted:
            if name not in found:
                raise CliError(f"{name!r} is not a model of one of your paired devices that this computer "
                               "may ask; see 'hearth link list'")
        routed = DeviceRemotes([found[m].endpoint for m in wanted]) if wanted else None
        remotes = routed or remotes
        known = {c.name: c for c in candidates(registry, remotes)}
        for name in models:
            endpoint = remotes.find(name)
            if name in found:
                continue
            if endpoint is not None:
                if not endpoint.enabled:
                    raise CliError(f"the remote model {name!r} is not enabled "
                                   f"(hearth models enable {name})")
                if not args.allow_remote:
                    raise CliError(f"{name} is a remote model: add --allow-remote to send it the eval items")
            elif name not in known:
                registry.resolve(name)  # raises ModelNotFound with the list of known names
        settings = GenerationSettings(temperature=0.0, max_tokens=args.max_tokens, seed=0)
        # The embedding model scores 'similarity' items and turns the inputs into the examples the
        # router reads the person's task labels by.
        embedder = default_embedder()
        if vault is None:
            vault = stack.enter_context(open_vault(args))
        pool = stack.enter_context(ModelPool(registry))
        runner = (device_dispatcher(pool, vault, routed, {m: found[m].peer for m in wanted},
                                    started_by=f"{STARTED_BY} (hearth eval run)")
                  if routed is not None else dispatcher(pool, vault, remotes))

        def complete(model: str, messages: list[dict[str, str]]) -> Answer:
            route = Route(model, remotes.find(model) is not None, "quick", "eval")
            return runner.start(route, messages, settings=settings).result()

        def progress(done: int, total: int, model: str) -> None:
            if not args.json:
                print(f"\r{done}/{total} answered ({model})", end="", file=sys.stderr, flush=True)

        results = run_eval(eval_set, models, complete,
                           embed=embedder.embed,
                           remote=lambda n: remotes.find(n) is not None, progress=progress)
        if not args.json:
            print(file=sys.stderr)
        run_id = save_run(vault, eval_set, models, results)
        save_examples(vault, eval_set, embed_examples(eval_set, embedder.embed), model_id=MODEL_ID)
    stats = summarise(results)
    if args.json:
        emit_json({"run": run_id, "set": eval_set.name, "stats": [s.__dict__ for s in stats]})
    else:
        print(format_table(stats))
        print(f"Saved as run {run_id}. 'hearth eval tune' sets the router from these results.")
    return 0


def cmd_eval_report(args: argparse.Namespace) -> int:
    from engine.routing.evals import format_table, latest_results, summarise, svg_chart

    with open_vault(args) as vault:
        stats = summarise(latest_results(vault))
    if not stats:
        raise CliError("no eval results yet: run 'hearth eval run SET.jsonl --models A,B' first")
    svg = svg_chart(stats)
    chart = args.chart.expanduser()
    if chart.suffix.lower() == ".png":
        from app.charts import svg_to_png

        svg_to_png(svg, chart)
    else:
        chart.write_text(svg, encoding="utf-8")
    if args.json:
        emit_json({"stats": [s.__dict__ for s in stats], "chart": str(chart)})
    else:
        print(format_table(stats))
        print(f"Chart written to {chart}")
    return 0


def cmd_eval_tune(args: argparse.Namespace) -> int:
    from app.link.routed import device_candidates
    from app.routing import candidates, load_policy, load_stats, save_policy
    from engine.models.registry import ModelRegistry
    from engine.routing.remote import RemoteRegistry
    from engine.routing.router import tune

    if not 0 < args.bar <= 1:
        raise CliError("--bar must be above 0 and at most 1")
    with open_vault(args) as vault:
        stats = [s for s in load_stats(vault) if s.task != "all"]
        if not stats:
            raise CliError("no eval results yet: run 'hearth eval run' first")
        old = load_policy(vault)
        policy = tune(stats, candidates(ModelRegistry(), RemoteRegistry(), device_candidates(vault)),
                      bar=args.bar, preference=args.prefer, rules=old.rules)
        save_policy(vault, policy)
    if args.json:
        emit_json({"bar": policy.bar, "preference": policy.preference, "choices": policy.choices})
    else:
        print(f"Router tuned: bar {policy.bar:.2f}, preference {policy.preference}")
        remote = {e.name for e in RemoteRegistry().list()}
        for task, model in sorted(policy.choices.items()):
            print(f"  {task:<10} -> {model}{' (remote)' if model in remote else ''}")
    return 0


def cmd_route(args: argparse.Namespace) -> int:
    from app.link.routed import device_candidates
    from app.routing import build_router, known_names

    args.no_context = False
    vault = optional_vault(args)  # the same vault rules as 'ask'
    try:
        devices = device_candidates(vault)
        router = build_router(vault, devices=devices)
        messages = [{"role": "user", "content": " ".join(args.prompt)}]
        route = router.route(messages, task=args.task, preference=args.prefer,
                             known_names=known_names(vault), task_given=args.task is not None)
    finally:
        if vault is not None:
            vault.lock()
    out: dict[str, Any] = route.as_dict()
    if args.json:
        emit_json(out)
        return 0
    where = "your device" if route.model in {d.name for d in devices} else \
        "remote" if route.remote else "local"
    print(f"{route.model} ({where}) for a request labelled "
          f"'{route.task}': "
          f"{route.reason}")
    for line in route.blocked:
        print(f"  held back {line}")
    if route.fallbacks:
        print("  fallbacks: " + ", ".join(route.fallbacks))
    return 0
