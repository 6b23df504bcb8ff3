"""Model files: which GGUF models Hearth has, what they say about themselves, where they come from.

Owns the registry (``registry``), the GGUF header reader (``gguf``), the sandbox a model's chat
template is compiled and rendered in (``chat_template``), the curated catalog
(``catalog``), the Hugging Face Hub's API (``hub``), downloads and their byte transfer
(``download``, ``transfer``), and whether a model fits this computer (``fit``, ``gpu``).

May use: ``engine.errors``, ``engine.assets``, ``vault``. Never a running model, retrieval,
routing or the answer pipeline: those use model files, not the other way round.
"""
