"""The link between the person's own devices, composed: :mod:`engine.link` with :mod:`identity.devices`.

``serving``: this computer's models for the person's paired devices (``hearth link serve``).
``using``: pairing with, listing, unpairing and asking through another device.
"""
