"""Ontology namespace, records -> triples, IRI minting, provenance. Never imports spaCy."""
from kg.rdf.graph import bind_prefixes, facts_to_graph
from kg.rdf.iris import document_iri, entity_iri, evidence_iri, wikidata_iri
from kg.rdf.namespace import ID, KG, ONTOLOGY_GRAPH, PREFIXES

__all__ = ["ID", "KG", "ONTOLOGY_GRAPH", "PREFIXES", "bind_prefixes", "document_iri", "entity_iri",
           "evidence_iri", "facts_to_graph", "wikidata_iri"]
