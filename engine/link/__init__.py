"""The link: the person's own devices using each other's models, over mutual TLS 1.3.

Owns the wire (``wire``: TLS contexts with pinned self-signed Ed25519 certificates, bounded JSON
lines, pairing codes and the 6-digit confirmation), the serving side (``server``: one listener,
a door that decides who passes, the chat stream of this device's models), the asking side
(``client``: pairing, and a chat through the link as a ``Generation``), the serving process's
private control socket (``control``) and the link's errors (``errors``).

Who may pass is not decided here: the ``app`` layer gives the server a door that asks
``identity`` (device DIDs, grants), and gives the client a callable that proves this device's
DID. May use: ``engine.routing`` (the remote exchange record), ``engine.running``,
``engine.models``, ``engine.errors``, ``vault``. Nothing in the engine uses the link; ``app``
wires it into the dispatcher.
"""
