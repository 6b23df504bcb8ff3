"""Hearth's engine against raw llama-cpp-python: same model, prompts and settings, one run.

Usage: .venv/bin/python bench/engine.py [--reps N] [--max-tokens N]

Both sides stream ``create_chat_completion`` (greedy) on the bundled model
and are timed the same way from outside: TTFT is the time from the call to
the first text delta; generation speed is deltas after the first divided by
the time after the first. Runs alternate (which side goes first flips every
repetition) and medians are reported. A first turn starts from an empty KV
cache (``reset()`` on both); the follow-up turn is the same conversation one
exchange later, on the warm cache, which is what llama-cpp-python#1437 is
about. ``ttft_overhead_ms`` is the median of paired Hearth-minus-raw TTFT
differences on follow-up turns, where prompt evaluation adds the least noise
(the first-turn pairs are printed too). ``followup_ttft_ratio`` is measured with a
short system prompt (:data:`SHORT_SYSTEM`, a sentence, like a plain chat): with the
long one, reusing the cached prefix makes any follow-up look nearly free. When the
greedy answers of the two sides differ, they are not doing the same work: the run
fails and prints no ratios. The last line is machine-read:

    engine gen_ratio=<hearth/raw> prompt_ratio=<hearth/raw> ttft_overhead_ms=<hearth-raw> \
followup_ttft_ratio=<hearth follow-up / hearth first>
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import llama_cpp

from engine.models.registry import ModelRegistry, bundled_model_path
from engine.running.generate import GenerationSettings
from engine.running.pool import ModelPool
from engine.running.runtime import LoadOptions, silence_llama_logs

N_CTX = 4096
SYSTEM = ("You are Hearth, a private assistant that runs on the user's own computer. " * 3 + "\n"
          + "Rules: answer briefly; say when you are unsure; never invent facts; prefer plain "
            "words; use lists for steps; keep code in code blocks; quote the user's notes "
            "exactly when you use them; mention the source of each fact; do not repeat the "
            "question; be kind. " * 6)
QUESTIONS = ["How do I boil an egg?", "What is a good name for a cat?",
             "Explain what a GGUF file is.", "Give me three tips for sleeping well."]
FOLLOW_UP = "Thanks. Can you say that again in one sentence?"
SHORT_SYSTEM = "You are Hearth, a private assistant on the user's computer. Answer briefly."


def rss_mib() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def timed(stream: Iterator[str]) -> tuple[float, float, int, str]:
    """(ttft_s, generation tok/s, deltas, text) for a stream started just before the call."""
    start = time.perf_counter()
    first = end = 0.0
    parts: list[str] = []
    for delta in stream:
        if not parts:
            first = time.perf_counter()
        parts.append(delta)
    end = time.perf_counter()
    n = len(parts)
    return first - start, (n - 1) / max(end - first, 1e-9), n, "".join(parts)


def raw_stream(llm: llama_cpp.Llama, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
    chunks: Any = llm.create_chat_completion(messages=messages, stream=True,  # type: ignore[arg-type]
                                             temperature=0.0, max_tokens=max_tokens)
    for chunk in chunks:
        text = chunk["choices"][0]["delta"].get("content")
        if text:
            yield text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=4)
    parser.add_argument("--max-tokens", type=int, default=64)
    args = parser.parse_args()
    path = bundled_model_path()
    if path is None:
        print("the bundled model is not installed", file=sys.stderr)
        return 1
    silence_llama_logs()
    base_rss = rss_mib()
    raw = llama_cpp.Llama(model_path=str(path), n_ctx=N_CTX, verbose=False)
    raw_rss = rss_mib() - base_rss
    pool = ModelPool(ModelRegistry(home=Path(tempfile.mkdtemp())), options=LoadOptions(n_ctx=N_CTX))
    hearth_model = pool.get()
    hearth_rss = rss_mib() - base_rss - raw_rss
    # The same work as the raw binding: no loop guard (it cuts a loop the raw side keeps writing,
    # and the texts would differ for that reason alone), no repetition penalty.
    settings = GenerationSettings(temperature=0.0, max_tokens=args.max_tokens, loop_guard=False)

    def raw_run(messages: list[dict[str, str]]) -> Iterator[str]:
        return raw_stream(raw, messages, args.max_tokens)

    def hearth_run(messages: list[dict[str, str]]) -> Iterator[str]:
        return iter(pool.chat(messages, settings=settings))

    sides: dict[str, tuple[Callable[[list[dict[str, str]]], Iterator[str]], Callable[[], None]]] = {
        "raw": (raw_run, raw.reset),
        "hearth": (hearth_run, lambda: hearth_model.submit(hearth_model.llm.reset).result()),
    }
    results: dict[str, dict[str, list[float]]] = {
        s: {"ttft": [], "gen": [], "prompt": [], "followup": [], "short_ttft": [],
            "short_followup": []} for s in sides}
    prompt_tokens = 0
    # Warm-up (pages in the weights, fills CPU caches), not measured.
    for side in sides.values():
        side[1]()
        list(side[0]([{"role": "user", "content": "Hi"}]))

    answers: dict[str, list[str]] = {s: [] for s in sides}
    for rep in range(args.reps):
        question = QUESTIONS[rep % len(QUESTIONS)]
        first_msgs = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": question}]
        order = ["raw", "hearth"] if rep % 2 == 0 else ["hearth", "raw"]
        for name in order:
            run, reset = sides[name]
            reset()
            ttft, gen, _, text = timed(run(first_msgs))
            follow_msgs = [*first_msgs, {"role": "assistant", "content": text},
                           {"role": "user", "content": FOLLOW_UP}]
            f_ttft, _, _, _ = timed(run(follow_msgs))
            answers[name].append(text)
            r = results[name]
            r["ttft"].append(ttft)
            r["gen"].append(gen)
            r["followup"].append(f_ttft)
            # The follow-up figure again behind a one-sentence system prompt.
            reset()
            short = [{"role": "system", "content": SHORT_SYSTEM}, {"role": "user", "content": question}]
            s_ttft, _, _, s_text = timed(run(short))
            s_follow, _, _, _ = timed(run([*short, {"role": "assistant", "content": s_text},
                                            {"role": "user", "content": FOLLOW_UP}]))
            r["short_ttft"].append(s_ttft)
            r["short_followup"].append(s_follow)
        last = pool.chat(first_msgs, settings=GenerationSettings(temperature=0.0, max_tokens=1))
        prompt_tokens = last.result().prompt_tokens
        for name in sides:
            results[name]["prompt"].append(prompt_tokens / results[name]["ttft"][-1])

    if answers["raw"] != answers["hearth"]:
        differ = sum(a != b for a, b in zip(answers["raw"], answers["hearth"], strict=True))
        print(f"FAILED: greedy answers differ between raw and Hearth in {differ} of {args.reps} "
              "repetitions: the two sides did not do the same work, so no ratio is printed",
              file=sys.stderr)
        pool.close()
        return 1
    med = {s: {k: statistics.median(v) for k, v in r.items()} for s, r in results.items()}
    def paired(key: str) -> float:
        diffs = [h - r for h, r in zip(results["hearth"][key], results["raw"][key], strict=True)]
        return statistics.median(diffs) * 1000

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"model {path.name}; n_ctx {N_CTX}; first-turn prompt {prompt_tokens} tokens; "
          f"max_tokens {args.max_tokens}; {args.reps} alternating repetitions (medians)")
    print(f"{'':8}{'TTFT ms':>10}{'prompt tok/s':>14}{'gen tok/s':>11}{'follow-up TTFT ms':>19}")
    for s in sides:
        m = med[s]
        print(f"{s:8}{m['ttft'] * 1000:>10.1f}{m['prompt']:>14.1f}{m['gen']:>11.1f}"
              f"{m['followup'] * 1000:>19.1f}")
    print(f"raw follow-up/first TTFT: {med['raw']['followup'] / med['raw']['ttft']:.3f}")
    print(f"TTFT hearth-raw, median of pairs: first turn {paired('ttft'):+.1f} ms "
          f"(noisy: a {med['raw']['ttft'] * 1000:.0f} ms prompt eval), "
          f"follow-up {paired('followup'):+.1f} ms")
    print(f"RSS: raw model +{raw_rss:.0f} MiB, Hearth model +{hearth_rss:.0f} MiB, "
          f"process peak {peak:.0f} MiB")
    pool.close()
    gen_ratio = med["hearth"]["gen"] / med["raw"]["gen"]
    prompt_ratio = med["hearth"]["prompt"] / med["raw"]["prompt"]
    # The engine's own latency does not depend on prompt length; the follow-up pairs measure it
    # with the least noise from prompt evaluation (first-turn pairs are printed above).
    overhead_ms = paired("followup")
    followup_ratio = med["hearth"]["short_followup"] / med["hearth"]["short_ttft"]
    print(f"hearth follow-up/first TTFT: long system prompt "
          f"{med['hearth']['followup'] / med['hearth']['ttft']:.3f}, short {followup_ratio:.3f}")
    print(f"engine gen_ratio={gen_ratio:.3f} prompt_ratio={prompt_ratio:.3f} "
          f"ttft_overhead_ms={overhead_ms:.1f} followup_ttft_ratio={followup_ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
