"""The ``kg_relations`` component: the rules of ``data/rules/relations/`` and the constructions
beside them, run over each sentence; mention-level relations out (``Doc._.kg_relations``)."""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.relations import mention_shapes, modifiers, places, purposes, roles, shapes
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
        #: Words that open a shape read by code rather than a pattern (see shapes.py, roles.py).
        self.cue_words = words.competition | words.based_words | words.seat_nouns | roles.PRONOUN_ROLE_WORDS \
            | set(words.anaphors)

    def __call__(self, doc: Doc) -> Doc:
        ctx = DocContext(doc, self.words, self.rules)
        self.set_annotations(doc, self.match(ctx), policy_dates(ctx))
        return doc

    def match(self, ctx: DocContext) -> list[Candidate]:
        doc = ctx.doc
        matches = self.engine.match(doc)
        # The tokens the rules and the word-led shapes start from ("rival", "Shenzhen-based", "he").
        cues = sorted(set(matches) | {t.i for t in doc if t.lower_ in self.cue_words})
        next_cue = 0
        skip = getattr(doc._, "kg_no_relations", None) or []
        out: list[Candidate] = []
        for sent in doc.sents:
            while next_cue < len(cues) and cues[next_cue] < sent.start:
                next_cue += 1
            if any(start <= sent.start_char < end for start, end in skip):
                continue
            found: list[tuple] = []
            while next_cue < len(cues) and cues[next_cue] < sent.end:
                i = cues[next_cue]
                next_cue += 1
                token = doc[i]
                roles.pronoun_roles(ctx, token, found)
                modifiers.anaphor_nationality(ctx, token, found)
                if i in matches:
                    self.engine.run(ctx, token, matches[i], found)
                shapes.competition_relations(ctx, token, found)
                shapes.based_relations(ctx, token, found)
                shapes.headquarters_relations(ctx, token, found)
            for index in ctx.in_sentence.get(sent.start, ()):
                mention_shapes.mention_relations(ctx, index, ctx.mentions[index], sent, found)
            places.located_relations(ctx, sent, found)
            modifiers.nationality_lists(ctx, sent, found)
            shapes.adjacent_issuer_relations(ctx, sent, found)
            purposes.purpose_targets(ctx, sent, found)
            for s, p, o, rule, conf, modality in found:
                if s == o:
                    continue
                out.append(Candidate(s, p, o, rule, conf, sent.start_char, sent.end_char, modality))
        return out

    @staticmethod
    def set_annotations(doc: Doc, candidates: list[Candidate], dates: list[tuple[int, str, str]]) -> None:
        doc._.kg_relations = candidates
        doc._.kg_policy_dates = dates
