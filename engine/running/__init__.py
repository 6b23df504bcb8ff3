"""Running models: a loaded llama.cpp context, streaming generation, the pool of loaded models.

Owns one loaded model and its worker thread (``runtime``), generation with token counts and
timings (``generate``), the memory-bounded set of loaded models (``pool``) and the loop guard
(``loops``).

May use: ``engine.models`` (registry entries, GGUF headers), ``engine.errors``. Never retrieval,
routing or the answer pipeline.
"""
