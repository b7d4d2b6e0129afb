"""Reading RDF that users supply (ontology extensions, gazetteers in RDF) with Oxigraph's parsers.

They fetch nothing: a JSON-LD document whose @context is remote is refused (rdflib's JSON-LD
parser would download it), and RDF/XML with external entities is refused (no DTD is expanded).
Relative IRIs resolve against the file's own ``file:`` IRI and are never dereferenced.

Below every other layer: it imports nothing of kg but the errors, so that the settings, the
store and the extractor's resources can all read files."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import DataError

#: File suffix -> (format, its name in messages).
RDF_SUFFIXES = {
    ".ttl": (ox.RdfFormat.TURTLE, "Turtle"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "N-Triples"),
    ".nq": (ox.RdfFormat.N_QUADS, "N-Quads"),
    ".trig": (ox.RdfFormat.TRIG, "TriG"),
    ".jsonld": (ox.RdfFormat.JSON_LD, "JSON-LD"),
    ".rdf": (ox.RdfFormat.RDF_XML, "RDF/XML"),
    ".owl": (ox.RdfFormat.RDF_XML, "RDF/XML"),
}


def rdf_files(directory: Path) -> list[Path]:
    """The RDF files of a folder, in name order (none if it does not exist)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in RDF_SUFFIXES and p.is_file())


def read_triples(path: Path) -> list[ox.Triple]:
    """Every triple of ``path`` (of all its graphs, for TriG and N-Quads); one-line DataError if
    the file cannot be read or parsed."""
    fmt, name = RDF_SUFFIXES.get(path.suffix.lower(), (None, None))
    if fmt is None:
        raise DataError(f"{path}: not an RDF file this tool reads (use {', '.join(RDF_SUFFIXES)})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(data, format=fmt, base_iri=path.resolve().as_uri())]
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split())
        if "remote context" in message:
            message = "a remote @context is never fetched; put the context in the file"
        elif b"<!ENTITY" in data and (b"SYSTEM" in data or b"PUBLIC" in data):
            message = "external XML entities are never read; remove the DOCTYPE's entities"
        raise DataError(f"{path}: not valid {name} ({message})") from exc
