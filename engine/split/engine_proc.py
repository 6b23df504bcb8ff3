"""The split model's engine process: ``python -m engine.split.engine_proc``.

A model split over RPC lives here and nowhere else: llama.cpp's RPC client calls abort() when a
worker goes away or answers badly, and that must end only this process, never the window or the
CLI that started it (:mod:`engine.split.session`). It speaks JSON lines: requests on standard
input, replies on the standard output it started with (llama.cpp's own prints go to standard
error). Requests:

- ``load``: register each RPC endpoint (loopback forwarders into the link), then open the GGUF
  with ``n_gpu_layers`` and ``tensor_split`` (``[]``: local only); replies ``ok`` with the
  devices llama.cpp made of the endpoints and the load time.
- ``tokens``: greedy decoding of ``max_tokens`` from a text prompt, one line per token id (tests,
  benchmarks).
- ``chat``: a chat answer with the model's own template (rendered in Hearth's sandbox; a file
  without one gets the format Hearth gives its architecture), one line per piece of text.

Both end with a ``done`` line (time to first token, tokens/s). The weight-repacking choice of
:mod:`engine.running.runtime` (off on AMX CPUs) holds here too.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any


def _send(out: IO[str], value: dict[str, Any]) -> None:
    out.write(json.dumps(value) + "\n")
    out.flush()


def main() -> int:
    out = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    os.environ.setdefault("GGML_RPC_NO_RDMA", "1")
    from engine.models.gguf import read_gguf
    from engine.running import runtime  # the model parameters (weight repacking) and quiet logs
    from engine.split import rpc

    runtime.silence_llama_logs()
    llm: Any = None
    for raw in sys.stdin:
        try:
            req = json.loads(raw)
        except ValueError:
            _send(out, {"error": "not JSON"})
            continue
        op = req.get("op")
        try:
            if op == "load":
                started = time.perf_counter()
                names: list[str] = []
                for endpoint in req.get("endpoints") or []:
                    names += rpc.add_server(str(endpoint))
                split = [float(x) for x in req.get("tensor_split") or []]
                path = str(req["model"])
                llm = runtime._HearthLlama(
                    chat_format=runtime.fallback_format(read_gguf(Path(path))),
                    model_path=path, n_gpu_layers=int(req.get("n_gpu_layers", 0)),
                    tensor_split=split or None, n_ctx=int(req.get("n_ctx", 2048)),
                    n_threads=req.get("n_threads"), n_batch=int(req.get("n_batch", 512)),
                    seed=int(req.get("seed", 0)), verbose=False)
                runtime._use_chat_template(llm, os.path.basename(path))
                _send(out, {"ok": True, "devices": names, "load_s": time.perf_counter() - started})
            elif op == "tokens" and llm is not None:
                _tokens(out, llm, req)
            elif op == "chat" and llm is not None:
                _chat(out, llm, req)
            elif op == "quit":
                break
            else:
                _send(out, {"error": f"unknown or premature request {str(op)[:40]!r}"})
        except Exception as exc:  # reported to the asking side; this process goes on
            detail = runtime._last_errors() or str(exc)
            _send(out, {"error": f"{type(exc).__name__}: {detail}"[:500]})
    return 0


def _tokens(out: IO[str], llm: Any, req: dict[str, Any]) -> None:
    llm.reset()
    prompt = llm.tokenize(str(req["prompt"]).encode(), add_bos=True, special=True)
    started = time.perf_counter()
    first = None
    count = 0
    for token in llm.generate(prompt, top_k=1, top_p=1.0, min_p=0.0, temp=0.0, repeat_penalty=1.0,
                              reset=True):
        first = first or time.perf_counter()
        count += 1
        _send(out, {"t": int(token)})
        if count >= int(req.get("max_tokens", 64)):
            break
    _done(out, started, first, count)


def _chat(out: IO[str], llm: Any, req: dict[str, Any]) -> None:
    started = time.perf_counter()
    first = None
    count = 0
    stream = llm.create_chat_completion(messages=req["messages"], max_tokens=int(req.get("max_tokens", 256)),
                                        temperature=float(req.get("temperature", 0.0)), top_k=1,
                                        repeat_penalty=1.0, stream=True)
    for chunk in stream:
        text = chunk["choices"][0]["delta"].get("content")
        if text:
            first = first or time.perf_counter()
            count += 1
            _send(out, {"s": text})
    _done(out, started, first, count)


def _done(out: IO[str], started: float, first: float | None, count: int) -> None:
    end = time.perf_counter()
    first = first or end
    _send(out, {"done": True, "n": count, "ttft_s": first - started,
                "tokens_per_s": max(count - 1, 0) / max(end - first, 1e-9)})


if __name__ == "__main__":
    raise SystemExit(main())
