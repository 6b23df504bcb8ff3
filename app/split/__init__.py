"""A model split across the person's devices, composed: ``engine.split`` with ``identity``.

``serving`` puts the ``rpc`` and ``split_grant`` requests on the link server and lets the
person allow or stop a device's ``engine.split``; ``using`` opens the RPC sessions through the
link from the asking device and runs a split model (the plan, the engine process, the network log).
"""
