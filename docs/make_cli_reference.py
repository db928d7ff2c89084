"""Write docs/cli.md from the commands' own help text: python docs/make_cli_reference.py"""

from __future__ import annotations

from pathlib import Path

import click

from culturekit.cli import cli
from culturekit.errors import EXIT_CODES

HEADER = """# Command line

`culturekit` is a thin layer over the Python API: each command parses its options, calls
one library function and prints the result. This page is generated from the commands'
own `--help` (`python docs/make_cli_reference.py`); a test checks it is current.

## Exit codes

| code | meaning |
|---|---|
"""


def reference() -> str:
    parts = [HEADER]
    parts += [f"| {code} | {meaning} |\n" for code, meaning in EXIT_CODES.items()]
    parts.append("\nErrors are printed on standard error as `Error: ...`; never a traceback.\n")
    # Contexts built as the command line builds them, so help options are the real ones.
    ctx = click.Context(cli, info_name="culturekit", **cli.context_settings)
    for name in sorted(cli.commands):  # type: ignore[attr-defined]
        command = cli.commands[name]  # type: ignore[attr-defined]
        sub = click.Context(command, info_name=name, parent=ctx, **command.context_settings)
        parts.append(f"\n## culturekit {name}\n\n```text\n{command.get_help(sub)}\n```\n")
    return "".join(parts)


if __name__ == "__main__":
    Path(__file__).with_name("cli.md").write_text(reference(), encoding="utf-8")
