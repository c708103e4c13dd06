"""`python -m generator.cli`: the `safeprint` command."""

from generator.cli.commands import main

main()
