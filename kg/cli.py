"""The `kg` command line. Thin: parse options, call one library function, print, map errors."""
from __future__ import annotations

import os
import sys
import traceback
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.config import Settings
from kg.errors import KGError, UsageError

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of people, organisations, chips, AI models, policies and places "
         "from news and policy texts, and query, export, view and check it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOption = Annotated[str, typer.Option("--store", help="Store folder (created if missing), or :memory:.")]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")]


def _fail(exc: Exception, verbose: bool) -> None:
    if verbose:
        traceback.print_exc()
    code = exc.exit_code if isinstance(exc, KGError) else 1
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(code)


def _open(store: str, must_exist: bool = True, read_only: bool = False):
    from kg.store import MEMORY, Store

    if must_exist and store != MEMORY and not Path(store).is_dir():
        raise UsageError(f"{store}: no such store; build one first with: kg build PATH --store {store}")
    return Store(store, read_only=read_only)


def _write(path: Path, data: bytes | str) -> None:
    from kg.export.io import write_atomic

    write_atomic(path, data)
    typer.echo(f"wrote {path}", err=True)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to read (.txt, .md, .html, .jsonl).")],
    store: StoreOption,
    turtle: Annotated[Optional[Path], typer.Option(help="Write the whole graph as Turtle here afterwards.")] = None,
    trig: Annotated[Optional[Path], typer.Option(help="Write named graphs with evidence as TriG here.")] = None,
    html: Annotated[Optional[Path], typer.Option(help="Write the interactive HTML view here.")] = None,
    evidence: Annotated[bool, typer.Option(help="Include evidence records in the Turtle file.")] = False,
    min_confidence: Annotated[float, typer.Option(min=0.0, max=1.0, help="Drop relations below this confidence.")] = 0.0,
    max_file_size: Annotated[int, typer.Option(min=1, help="Refuse files larger than this many bytes.")] = Settings.max_file_size,
    workers: Annotated[int, typer.Option(min=1, help="Extract on this many processes (local engine) or local Dask workers.")] = 1,
    engine: Annotated[str, typer.Option(help="local (this machine) or dask (a Dask distributed cluster).")] = "local",
    scheduler: Annotated[Optional[str], typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786; "
                                                          "without it a LocalCluster is started.")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Read articles into the store, incrementally: unchanged documents are skipped, changed ones replaced."""
    from kg.build import build as run_build, print_error
    from kg.export.html import write_view
    from kg.export.rdf import serialise

    try:
        if engine not in ("local", "dask"):
            raise UsageError(f"unknown engine {engine!r}; use local or dask")
        if scheduler and engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        settings = replace(Settings(), min_confidence=min_confidence, max_file_size=max_file_size)
        with _open(store, must_exist=False) as kg_store:
            report = run_build(paths, kg_store, settings, on_error=print_error, workers=workers, progress=True,
                               engine=engine, scheduler=scheduler)
            typer.echo(f"built: {report.summary()}", err=True)
            if turtle:
                _write(turtle, serialise(kg_store, "turtle", evidence=evidence))
            if trig:
                _write(trig, serialise(kg_store, "trig"))
            if html:
                _write(html, write_view(kg_store))
    except KGError as exc:
        _fail(exc, verbose)
    if not report.ok:
        raise typer.Exit(1)


@app.command()
def query(
    query: Annotated[str, typer.Argument(help="SPARQL text, a path to a .rq file, or the name of a bundled query.")],
    store: StoreOption,
    format: Annotated[str, typer.Option("--format", "-f", help="table, csv, json (SPARQL 1.1 results JSON) or tsv.")] = "table",
    verbose: VerboseOption = False,
) -> None:
    """Ask the graph a question in SPARQL; the default graph is the union of all documents."""
    from kg.query import resolve_query, run_query

    try:
        with _open(store, read_only=True) as kg_store:
            typer.echo(run_query(kg_store, resolve_query(query), format))
    except KGError as exc:
        _fail(exc, verbose)


@app.command("queries")
def list_queries() -> None:
    """List the bundled queries and what each answers."""
    from kg.query import bundled_queries

    for name, path in bundled_queries().items():
        first = path.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
        typer.echo(f"{name:20s} {first}")


@app.command()
def export(
    store: StoreOption,
    format: Annotated[str, typer.Option("--format", "-f", help="turtle, ntriples, trig, nquads or jsonld.")] = "turtle",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("graph.ttl"),
    evidence: Annotated[bool, typer.Option(help="Include evidence records in Turtle and N-Triples.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """Serialise the whole store."""
    from kg.export.rdf import FORMATS, serialise

    try:
        if format not in FORMATS:
            raise UsageError(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
        with _open(store, read_only=True) as kg_store:
            data = serialise(kg_store, format, evidence=evidence)
        _write(output, data)
    except KGError as exc:
        _fail(exc, verbose)


@app.command()
def view(
    store: StoreOption,
    html: Annotated[Path, typer.Option("--html", help="The HTML file to write.")],
    focus: Annotated[Optional[str], typer.Option(help="Show only the neighbourhood of the entity with this name.")] = None,
    hops: Annotated[int, typer.Option(min=0, help="How many relations away from --focus to go.")] = 1,
    max_nodes: Annotated[Optional[int], typer.Option(min=1, help="Keep at most this many, most connected, entities.")] = None,
    query: Annotated[Optional[str], typer.Option(help="Draw only what this SPARQL CONSTRUCT or SELECT names "
                                                      "(text, a .rq file or a bundled query).")] = None,
    verbose: VerboseOption = False,
) -> None:
    """Write the interactive graph view: one self-contained HTML file that works offline."""
    from kg.export.html import write_view
    from kg.query import resolve_query

    try:
        try:
            sparql = resolve_query(query) if query else None
            with _open(store, read_only=True) as kg_store:
                page = write_view(kg_store, focus=focus, hops=hops, max_nodes=max_nodes, query=sparql)
        except (LookupError, ValueError) as exc:
            raise UsageError(str(exc.args[0])) from exc
        _write(html, page)
    except KGError as exc:
        _fail(exc, verbose)


@app.command()
def validate(store: StoreOption, verbose: VerboseOption = False) -> None:
    """Check the store against the SHACL shapes; exit 1 and print the violations if it does not conform."""
    from kg.validate import validate_store

    try:
        with _open(store, read_only=True) as kg_store:
            result = validate_store(kg_store)
    except KGError as exc:
        _fail(exc, verbose)
    if result.conforms:
        typer.echo("conforms")
        return
    typer.echo(result.report)
    raise typer.Exit(1)


@app.command()
def serve(
    store: StoreOption,
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you mean otherwise.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0 picks a free one).")] = 7878,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds a query may run before its worker is stopped.")] = 10.0,
    workers: Annotated[Optional[int], typer.Option(min=1, help="Queries that may run at once, each in a process of its own; beyond that, 503 with Retry-After. [default: 8 per core]")] = None,
    cors_origin: Annotated[Optional[list[str]], typer.Option("--cors-origin", help="Origin allowed to query from a browser (repeat for more). [default: any]")] = None,
    max_body: Annotated[int, typer.Option(min=1, help="Largest request body accepted (bytes); larger gets 413.")] = 1024 * 1024,
    max_result: Annotated[int, typer.Option(min=1, help="Largest result sent (bytes); larger gets 422.")] = 64 * 1024 * 1024,
    verbose: VerboseOption = False,
) -> None:
    """Serve the store as a read-only SPARQL 1.1 Protocol endpoint at /query (no updates, no SERVICE).

    It answers from the newest snapshot a build published and moves to a newer one within a
    second, without a restart. GET /health tells its state; SIGTERM stops it cleanly.
    """
    from kg.serve import serve as run_serve

    try:
        run_serve(Path(store), host=host, port=port, timeout=timeout, workers=workers,
                  cors_origins=tuple(cors_origin or ("*",)), max_body=max_body, max_result=max_result)
    except KGError as exc:
        _fail(exc, verbose)


@app.command()
def push(
    store: StoreOption,
    endpoint: Annotated[str, typer.Option(help="Graph Store Protocol URL, e.g. http://localhost:7878/store.")],
    verbose: VerboseOption = False,
) -> None:
    """Send each document's named graph to a SPARQL 1.1 Graph Store endpoint; replaced documents' old graphs are deleted there."""
    from kg.push import push as run_push

    try:
        with _open(store) as kg_store:
            report = run_push(kg_store, endpoint)
    except KGError as exc:
        _fail(exc, verbose)
    typer.echo(f"pushed: {report.summary()}", err=True)


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Folder of gold <name>.json files.")],
    text_dir: Annotated[Path, typer.Argument(exists=True, file_okay=False, help="Folder of the texts, <name>.txt.")],
    predictions: Annotated[Optional[Path], typer.Option(help="Also write each text's graph as <name>.ttl here.")] = None,
    errors: Annotated[bool, typer.Option(help="List each document's misses and false alarms.")] = False,
    verbose: VerboseOption = False,
) -> None:
    """Build each text alone and score it against its gold annotations."""
    from kg.evaluate import evaluate as run_eval, summary_lines
    from kg.extract import Extractor

    try:
        scores = run_eval(gold_dir, text_dir, Extractor(Settings()), predictions)
    except KGError as exc:
        _fail(exc, verbose)
    for line in summary_lines(scores, errors=errors):
        typer.echo(line)


def main() -> None:
    """The ``kg`` command. When the command is done (its store closed, its files written and
    synced), the process ends without the interpreter's teardown: freeing the model, the
    matchers and the place tables object by object took a short build a tenth of its time,
    and nothing is left for it to do."""
    try:
        app(prog_name="kg")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, OSError):
        code = code or 1
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
