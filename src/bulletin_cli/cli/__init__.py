"""The command line: each command module registers on the one typer app."""

from .app import app, main  # noqa: F401
from . import core, export, lint, preview, week, archive, system, manage  # noqa: F401,E402  (registers commands)
