"""Build the spaCy pipeline once and run documents through it."""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.language import Language
from spacy.util import compile_infix_regex

from kg.config import Settings
from kg.errors import ModelNotFoundError
from kg.extract import components  # noqa: F401  (registers the kg_ factories)
from kg.extract.resolve import Resolver
from kg.extract.resources import demonym_index, load_gazetteer, load_lexicon
from kg.ingest.document import REFERENCES, Document
from kg.records import DocumentFacts


def load_model(names: tuple[str, ...]) -> Language:
    """The first of ``names`` that is installed."""
    for name in names:
        try:
            return spacy.load(name)
        except OSError:
            continue
    raise ModelNotFoundError(names)


def build_pipeline(settings: Settings) -> Language:
    """The English model with the kg components around its recogniser."""
    nlp = load_model(settings.model)
    # Dashes glued to words split off: "Washington, D.C.—The Department".
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[\w.])[\u2014\u2013](?=\w)"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    config = {"data_dir": str(settings.data_dir)}
    nlp.add_pipe("kg_segmenter", before="parser")
    nlp.add_pipe("kg_entity_rules", after="ner", config=config)
    nlp.add_pipe("kg_entity_filter", after="kg_entity_rules", config=config)
    nlp.add_pipe("kg_relations", last=True, config=config)
    return nlp


class Extractor:
    """Documents in, DocumentFacts out. Loads the model once."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None):
        self.settings = settings or Settings()
        self.nlp = nlp or build_pipeline(self.settings)
        gazetteer = load_gazetteer(self.settings.gazetteer_dir)
        self.resolver = Resolver(gazetteer, load_lexicon(self.settings.lexicon_dir), demonym_index(gazetteer),
                                 min_confidence=self.settings.min_confidence)

    def make_doc(self, document: Document):
        doc = self.nlp.make_doc(document.text)
        doc._.kg_no_relations = [(s.start, s.end) for s in document.segments if s.kind == REFERENCES]
        return doc

    def extract(self, document: Document) -> DocumentFacts:
        return next(self.extract_many([document]))

    #: Documents per memory zone: strings that spaCy interns for them are freed after each zone.
    ZONE = 1000

    def extract_many(self, documents: Iterable[Document]) -> Iterator[DocumentFacts]:
        """Batches through ``nlp.pipe``; yields one DocumentFacts per document, in order.
        Memory stays flat over any number of documents: each run of ``ZONE`` documents is
        processed inside a spaCy memory zone, and only plain records leave it."""
        documents = iter(documents)
        while True:
            chunk = list(islice(documents, self.ZONE))
            if not chunk:
                return
            with self.nlp.memory_zone():
                queue = deque(chunk)
                for doc in self.nlp.pipe((self.make_doc(d) for d in chunk), batch_size=self.settings.batch_size):
                    yield self.resolver(queue.popleft(), doc)
