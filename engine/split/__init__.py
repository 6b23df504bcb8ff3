"""Splitting a model too big for one device across the person's paired devices (llama.cpp RPC).

llama.cpp's RPC backend exposes a worker's ggml devices to the main host as if they were local
GPUs; it has no authentication and no encryption, so Hearth never lets it listen beyond a
private loopback: the worker's RPC server runs per session in a child process of its own (in a
network namespace of its own where Linux allows it) and is reached only through the link's
mutually authenticated TLS, by a device that proved an ``engine.split`` grant.

Owns: the ctypes bindings to ``libggml-rpc`` (``rpc``), the byte pump between two sockets
(``pump``), the worker's per-session RPC server (``worker``, ``rpc_child``), the split plan
(``plan``: which layers where, from each device's free memory with the fit arithmetic), and
the main side (``session``: loopback forwarders into the link and the engine process of its
own, ``engine_proc``, whose abort() when a worker goes away kills only that process).

May use: ``engine.link`` (the link's sessions), ``engine.running`` (the model parameters),
``engine.models`` (fit arithmetic, GGUF headers), ``engine.errors``. Who may pass is decided
in ``app`` (it asks ``identity``).
"""
