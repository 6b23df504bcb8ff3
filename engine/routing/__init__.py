"""Routing: which model answers a request, running it there, and the person's own measure of models.

Owns the router (``router``), running a routed request with its fallbacks (``dispatch``), models on
other machines the person trusts (``remote``), the privacy guard's local check (``privacy``), and
evaluation sets with their tables (``evals``, ``eval_store``).

May use: ``engine.running``, ``engine.models``, ``engine.errors``, ``vault``. Never the answer
pipeline, which uses routing.
"""
