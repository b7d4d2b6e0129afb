"""IRI minting. IRIs are stable (same key, same IRI) and always valid, whatever the text."""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from kg.namespaces import ID_NS


def entity_iri(key: str) -> URIRef:
    """``key`` is "<Coarse>/<slug>"; anything outside the unreserved set is percent-encoded, and
    so is a slash or a dot segment in the slug ("." and ".." would be resolved away by RDF tools)."""
    coarse, _, slug = key.partition("/")
    slug = quote(slug, safe="")
    if slug.strip(".") == "":
        slug = slug.replace(".", "%2E")
    return URIRef(ID_NS + quote(coarse, safe="") + "/" + slug)


def document_iri(doc_id: str) -> URIRef:
    return URIRef(ID_NS + "doc/" + quote(doc_id, safe=""))


def evidence_iri(doc_id: str, subject: str, predicate: str, obj: str, start: int, modality: str | None) -> URIRef:
    digest = hashlib.sha256("\x00".join([doc_id, subject, predicate, obj, str(start), modality or ""]).encode()).hexdigest()
    return URIRef(ID_NS + "evidence/" + digest[:24])


def wikidata_iri(qid: str) -> URIRef:
    return URIRef("http://www.wikidata.org/entity/" + quote(qid, safe=""))
