"""The ``kg_relations`` component: the rules of ``data/rules/relations/`` and the constructions
beside them, run over each sentence; mention-level relations out (``Doc._.kg_relations``)."""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.relations import mention_shapes, places, roles, shapes
from kg.extract.relations.context import DocContext
from kg.extract.relations.dates import policy_dates
from kg.extract.relations.engine import RuleEngine
from kg.extract.relations.rules import RuleSet
from kg.extract.relations.words import Words
from kg.records import Candidate


class RelationExtractor:
    """Finds relations between the mentions of a Doc: ``match`` finds, ``set_annotations`` writes."""

    def __init__(self, vocab: Vocab, rules: RuleSet, words: Words):
        self.rules = rules
        self.words = words
        self.engine = RuleEngine(vocab, rules)

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext(doc, self.words, self.rules)
        self.set_annotations(doc, self.match(ctx), policy_dates(ctx))
        return doc

    def match(self, ctx: DocContext) -> list[Candidate]:
        doc = ctx.doc
        matches = self.engine.match(doc)
        skip = getattr(doc._, "kg_no_relations", None) or []
        out: list[Candidate] = []
        for sent in doc.sents:
            if any(start <= sent.start_char < end for start, end in skip):
                continue
            found: list[tuple] = []
            for token in sent:
                roles.pronoun_roles(ctx, token, found)
                if token.i in matches:
                    self.engine.run(ctx, token, matches[token.i], found)
                shapes.competition_relations(ctx, token, found)
                shapes.based_relations(ctx, token, found)
            for index in ctx.in_sentence.get(sent.start, ()):
                mention_shapes.mention_relations(ctx, index, ctx.mentions[index], sent, found)
            places.located_relations(ctx, sent, found)
            shapes.adjacent_issuer_relations(ctx, sent, found)
            for s, p, o, rule, conf, modality in found:
                if s == o:
                    continue
                out.append(Candidate(s, p, o, rule, conf, sent.start_char, sent.end_char, modality))
        return out

    @staticmethod
    def set_annotations(doc: Doc, candidates: list[Candidate], dates: list[tuple[int, str, str]]) -> None:
        doc._.kg_relations = candidates
        doc._.kg_policy_dates = dates
