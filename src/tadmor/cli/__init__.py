"""The ``tadmor`` command line. Every command calls the same service functions as the API;
none holds logic of its own beyond presenting results."""

from tadmor.cli.app import app, main

__all__ = ["app", "main"]
