"""Hearth for MCP clients: ``hearth mcp`` serves Hearth's tools over stdio, under each client's grants.

Each MCP client is a plugin app with its own did:key (:mod:`app.mcp.store`) that talks to the
running Hearth only through the gateway's private socket (:mod:`app.mcp.link`); its tools
(:mod:`app.mcp.tools`) are listed as the person grants their scopes, and the server
(:mod:`app.mcp.server`) tells the client when that list changes.
"""
