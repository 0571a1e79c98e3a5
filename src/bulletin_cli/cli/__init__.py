"""The command line: one typer app; each command module is imported when its command runs.

To add a command module, add its line to ``COMMAND_MODULES`` in ``cli/app.py`` (not an import
here: importing every command module at start-up is what made `bulletin --help` slow)."""

from .app import app, main  # noqa: F401
