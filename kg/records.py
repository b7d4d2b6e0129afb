"""Typed records that flow from extraction to RDF. No spaCy here: rdf/ imports this."""
from __future__ import annotations

from dataclasses import dataclass, field

#: The coarse classes; every entity is exactly one of them.
COARSE_CLASSES = ("Person", "Organisation", "Place", "Chip", "AIModel", "Policy")

#: Fine class -> coarse class.
COARSE_OF = {
    "Person": "Person",
    "Organisation": "Organisation",
    "Company": "Organisation",
    "GovernmentBody": "Organisation",
    "ResearchOrganisation": "Organisation",
    "Place": "Place",
    "Country": "Place",
    "Chip": "Chip",
    "AIModel": "AIModel",
    "Policy": "Policy",
}


def coarse(cls: str) -> str:
    return COARSE_OF[cls]


@dataclass(frozen=True)
class Candidate:
    """A relation between two mentions of one Doc (their indexes in ``Doc._.kg_mentions``), or a
    mention and a gazetteer entry ("gaz:<id>"), as a rule found it; resolution makes facts of them."""

    subject: int | str
    predicate: str
    object: int | str
    rule: str
    confidence: float
    sent_start: int   # character offsets of the sentence in the Doc
    sent_end: int
    modality: str | None = None


@dataclass(frozen=True)
class Entity:
    """One real-world thing as a document names it."""

    key: str                      # stable identity: "<Coarse>/<slug>" or "<Coarse>/<gazetteer id>"
    label: str                    # canonical name
    cls: str                      # fine class local name (Company, Country, ...)
    aliases: tuple[str, ...] = ()  # every other surface form seen
    wikidata: str | None = None
    roles: tuple[str, ...] = ()   # titles and roles stripped from the name ("Founder")
    dates: tuple[tuple[str, str], ...] = ()  # (kind, date text) stated for a policy

    @property
    def coarse(self) -> str:
        return coarse(self.cls)


@dataclass(frozen=True)
class Evidence:
    """Where a relation was read: the sentence, its character offsets in the document, the rule."""

    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    modality: str | None = None   # None for an asserted fact; "negated", "hypothetical", ...


@dataclass(frozen=True)
class Relation:
    subject: str    # Entity.key
    predicate: str  # ontology local name
    object: str     # Entity.key
    evidence: Evidence

    @property
    def asserted(self) -> bool:
        return self.evidence.modality is None


@dataclass(frozen=True)
class DocumentFacts:
    """Everything extracted from one document."""

    doc_id: str
    source: str
    title: str | None
    url: str | None
    date: str | None
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    meta: dict = field(default_factory=dict, compare=False, hash=False)
