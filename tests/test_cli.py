"""The command line: every command and option explains itself."""
from __future__ import annotations

import click
import typer.main

from kg.cli import app


def test_every_command_and_option_has_help():
    group = typer.main.get_command(app)
    assert {"build", "query", "export", "view", "validate", "eval"} <= set(group.commands)
    for name, command in group.commands.items():
        assert command.help, f"command {name} has no help"
        for param in command.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert param.help, f"{name} --{param.name} has no help"
            if isinstance(param, click.Argument):
                assert getattr(param, "help", None), f"{name} {param.name} has no help"


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kg", "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "build" in out.stdout
