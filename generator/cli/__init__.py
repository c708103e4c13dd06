"""The `safeprint` command: parses arguments and calls the library."""

from generator.cli import files  # noqa: F401  (registers its commands)
from generator.cli.commands import cli, main

__all__ = ["cli", "main"]
