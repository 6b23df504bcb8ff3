"""Hearth's engine: local model runtime, router, retrieval and evaluation."""
