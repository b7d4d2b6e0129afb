"""Records -> triples of one document's named graph."""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal
from rdflib.namespace import DCTERMS, PROV

from kg.rdf.iris import document_iri, entity_iri, evidence_iri, wikidata_iri
from kg.rdf.namespace import KG, PREFIXES, SCHEMA
from kg.records import DocumentFacts


#: Control characters other than tab and line breaks: no text needs them, and some RDF tools
#: (raptor) cut a literal short at U+0000 even when it is escaped.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text_literal(value: str) -> Literal:
    return Literal(_CONTROL.sub("", value))


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def facts_to_graph(facts: DocumentFacts, evidence: bool = True) -> Graph:
    """The triples of one document: the document, its entities, relations and (by default) evidence."""
    g = bind_prefixes(Graph())
    for triple in document_triples(facts, evidence):
        g.add(triple)
    return g


#: Where a worker process leaves a document's statements, so that the process writing the
#: store does not spend its time making them (``with_statements``).
STATEMENTS = "statements"


def with_statements(facts: DocumentFacts) -> DocumentFacts:
    """``facts`` carrying their statements, made where they were extracted."""
    return replace(facts, meta={**facts.meta, STATEMENTS: facts_to_statements(facts)})


def statements_of(facts: DocumentFacts) -> str:
    """The statements a worker made for ``facts``, or made now."""
    return facts.meta.get(STATEMENTS) or facts_to_statements(facts)


def facts_to_statements(facts: DocumentFacts, evidence: bool = True) -> str:
    """The same triples as N-Triples-like statements (valid in SPARQL INSERT DATA), without
    building a graph: the hot path of a build."""
    return "\n".join(f"{s.n3()} {p.n3()} {_nt(o)} ." for s, p, o in dict.fromkeys(document_triples(facts, evidence)))


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term) -> str:
    """A term as N-Triples writes it. rdflib's ``n3()`` puts a literal with a line break in
    triple quotes and leaves a quote after a final backslash unescaped, which no parser
    reads; one escaped line never has that problem."""
    if not isinstance(term, Literal):
        return term.n3()
    text = str(term).translate(_ESCAPES)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


class _Triples(list):
    def add(self, triple) -> None:
        self.append(triple)


def document_triples(facts: DocumentFacts, evidence: bool = True) -> list:
    g = _Triples()
    doc = document_iri(facts.doc_id)
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, KG.contentHash, text_literal(facts.doc_id)))
    g.add((doc, KG.source, text_literal(facts.source)))
    if facts.title:
        g.add((doc, DCTERMS.title, text_literal(facts.title)))
    if facts.url:
        g.add((doc, SCHEMA.url, Literal(facts.url, datatype=XSD.anyURI)))
    if facts.date:
        g.add((doc, DCTERMS.date, text_literal(facts.date)))
    for entity in facts.entities:
        node = entity_iri(entity.key)
        g.add((node, RDF.type, KG[entity.cls]))
        g.add((node, RDFS.label, text_literal(entity.label)))
        for alias in entity.aliases:
            g.add((node, SKOS.altLabel, text_literal(alias)))
        if entity.wikidata:
            g.add((node, OWL.sameAs, wikidata_iri(entity.wikidata)))
        for role in entity.roles:
            g.add((node, KG.role, text_literal(role)))
        for kind, date in entity.dates:
            g.add((node, KG.policyDate, text_literal(f"{kind}: {date}")))
        g.add((node, KG.mentionedIn, doc))
    for rel in facts.relations:
        s, o = entity_iri(rel.subject), entity_iri(rel.object)
        p = KG[rel.predicate]
        if rel.asserted:
            g.add((s, p, o))
        if not evidence:
            continue
        ev = rel.evidence
        node = evidence_iri(facts.doc_id, rel.subject, rel.predicate, rel.object, ev.start, ev.modality)
        g.add((node, RDF.type, KG.Evidence))
        g.add((node, RDF.subject, s))
        g.add((node, RDF.predicate, p))
        g.add((node, RDF.object, o))
        g.add((node, PROV.wasDerivedFrom, doc))
        g.add((node, KG.sentence, text_literal(ev.sentence)))
        g.add((node, KG.startOffset, Literal(ev.start, datatype=XSD.integer)))
        g.add((node, KG.endOffset, Literal(ev.end, datatype=XSD.integer)))
        g.add((node, KG.rule, text_literal(ev.rule)))
        g.add((node, KG.confidence, Literal(Decimal(str(round(ev.confidence, 3))), datatype=XSD.decimal)))
        if ev.modality:
            g.add((node, KG.modality, text_literal(ev.modality)))
    return g
