"""Search: finding the person's passages by keyword and by meaning.

Owns hybrid retrieval and the context an answer is built from (``retrieval``), the vector index
(``index``), text embeddings and their background worker (``embeddings``, ``embedding_worker``),
and keeping watched folders in sync (``watcher``).

May use: ``engine.text``, ``engine.plugins``, ``engine.assets``, ``engine.errors``, ``vault``.
Never model files, running models, routing or the answer pipeline.
"""
