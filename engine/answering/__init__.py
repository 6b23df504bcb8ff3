"""Answering: one way from a question to what the person reads, for every surface.

Owns the pipeline (``answer``), what a question asks for and what the answer was given
(``request``), the prompt and sampling (``prompting``), verbatim quotes (``quotes``), the support
check (``support``) and conversations (``chat``).

May use everything else in the engine: ``engine.routing``, ``engine.running``, ``engine.search``,
``engine.models``, and the shared ``engine.text``, ``engine.errors``. Nothing in the engine uses it.
"""
