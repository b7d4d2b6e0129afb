"""SHACL validation of the store against ontology/shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from kg.config import Settings
from kg.export.rdf import facts_graph
from kg.rdf.load import read_graph
from kg.store import Store


@dataclass(frozen=True)
class ValidationResult:
    conforms: bool
    report: str


def validate_graph(data: Graph, settings: Settings | None = None) -> ValidationResult:
    import pyshacl

    settings = settings or Settings()
    shapes = read_graph(settings.shapes_file)
    ontology = Graph()
    for path in (settings.ontology_file, *settings.ontology_extensions):
        ontology += read_graph(path)
    # owl:imports are not followed: validation reads only these files.
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs",
                                         abort_on_first=False, allow_warnings=True, do_owl_imports=False)
    return ValidationResult(bool(conforms), text)


def validate_store(store: Store, settings: Settings | None = None) -> ValidationResult:
    return validate_graph(facts_graph(store, evidence=True), settings)
