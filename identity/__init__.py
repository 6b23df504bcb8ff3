"""Hearth's identity layer: the user's DID, plugin grants and the audit log."""
