"""Scout's HTTP API (Flask). Build it with :func:`create_app`."""

from search_api.app import create_app

__all__ = ["create_app"]
