"""The command line: each command module registers on the one typer app."""

from .app import app, main  # noqa: F401
from . import core, export, lint, manage, preview  # noqa: F401,E402  (registers commands)
