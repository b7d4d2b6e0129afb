"""The ontology's terms, mirroring ontology/kg.ttl; a typo fails at import time of the term."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from kg.namespaces import ID_NS, ONTOLOGY_NS

SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
ID = Namespace(ID_NS)
ONTOLOGY_GRAPH = URIRef(ONTOLOGY_NS.rstrip("#"))


class KG(DefinedNamespace):
    _NS = Namespace(ONTOLOGY_NS)
    _fail = True

    # classes
    Person: URIRef
    Organisation: URIRef
    Company: URIRef
    GovernmentBody: URIRef
    ResearchOrganisation: URIRef
    Place: URIRef
    Country: URIRef
    Chip: URIRef
    AIModel: URIRef
    Policy: URIRef
    Document: URIRef
    Evidence: URIRef
    # object properties
    foundedBy: URIRef
    affiliatedWith: URIRef
    basedIn: URIRef
    locatedIn: URIRef
    country: URIRef
    develops: URIRef
    manufactures: URIRef
    usesChip: URIRef
    ownedBy: URIRef
    issuedBy: URIRef
    restricts: URIRef
    targets: URIRef
    competesWith: URIRef
    mentionedIn: URIRef
    # datatype properties
    sentence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    rule: URIRef
    confidence: URIRef
    modality: URIRef
    contentHash: URIRef
    source: URIRef
    role: URIRef
    policyDate: URIRef


CLASSES = ("Person", "Organisation", "Company", "GovernmentBody", "ResearchOrganisation", "Place",
           "Country", "Chip", "AIModel", "Policy", "Document", "Evidence")
OBJECT_PROPERTIES = ("foundedBy", "affiliatedWith", "basedIn", "locatedIn", "country", "develops",
                     "manufactures", "usesChip", "ownedBy", "issuedBy", "restricts", "targets",
                     "competesWith", "mentionedIn")
DATATYPE_PROPERTIES = ("sentence", "startOffset", "endOffset", "rule", "confidence", "modality",
                       "contentHash", "source", "role", "policyDate")

PREFIXES = {
    "kg": ONTOLOGY_NS,
    "id": ID_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}
