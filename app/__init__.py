"""Hearth's application layer: CLI, desktop GUI, tray and plugin gateway.

This is the only package that imports PySide6, and the only one that wires
``engine``, ``identity`` and ``vault`` together.
"""

__version__ = "0.1.0"
