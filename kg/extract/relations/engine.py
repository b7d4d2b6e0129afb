"""The engine for pattern rules: every rule's patterns compiled into one spaCy ``DependencyMatcher``
(once, when the component is built), run once per Doc; each match's slots are filled from the
pattern's nodes or by argument paths from its trigger, resolved to mentions (lists, appositions,
anaphora), checked against the slot types, and given the modality of the trigger's clause."""
from __future__ import annotations

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from kg.extract.relations import slots
from kg.extract.relations.modality import clause_modality
from kg.extract.relations.rules import Rule, RuleSet
from kg.records import COARSE_OF


class RuleEngine:
    """Runs the pattern rules of a RuleSet over Docs."""

    def __init__(self, vocab: Vocab, rules: RuleSet):
        self.matcher = DependencyMatcher(vocab)
        self.rules = {rule.id: rule for rule in rules.pattern_rules}
        self.rank = {rule.id: n for n, rule in enumerate(rules.pattern_rules)}
        for rule in rules.pattern_rules:
            self.matcher.add(rule.id, list(rule.patterns))

    def match(self, doc: Doc) -> dict[int, list[tuple[Rule, dict[str, int]]]]:
        """Matches by trigger token: the rule and its named nodes, in rule order, one per rule."""
        by_trigger: dict[int, dict[str, dict[str, int]]] = {}
        strings = doc.vocab.strings
        for match_id, token_ids in self.matcher(doc):
            rule = self.rules[strings[match_id]]
            pattern = rule.patterns[0]
            nodes = {node["RIGHT_ID"]: i for node, i in zip(pattern, token_ids)}
            by_trigger.setdefault(nodes["trigger"], {}).setdefault(rule.id, nodes)
        return {i: sorted(((self.rules[rid], nodes) for rid, nodes in found.items()), key=lambda m: self.rank[m[0].id])
                for i, found in by_trigger.items()}

    def run(self, ctx, trigger: Token, matches: list[tuple[Rule, dict[str, int]]], found: list) -> None:
        """What the rules matched at ``trigger`` say, appended to ``found``."""
        passive = slots.is_passive(trigger)
        modality = None
        claimed = None
        for rule, nodes in matches:
            if claimed is not None and rule.priority > claimed:
                continue
            if rule.voice != "any" and (rule.voice == "passive") != passive:
                continue
            if rule.modality == "clause" and modality is None:
                modality = clause_modality(ctx, trigger) or ""
            for s_tok in self.slot(ctx, trigger, rule.subject, nodes):
                for o_tok in self.slot(ctx, trigger, rule.object, nodes):
                    self.emit(ctx, rule, s_tok, o_tok, (modality or None) if rule.modality == "clause" else None, found)
            if rule.exclusive:
                claimed = rule.priority

    @staticmethod
    def slot(ctx, trigger: Token, spec: dict, nodes: dict[str, int]) -> list[Token]:
        if "node" in spec:
            return [ctx.doc[nodes[spec["node"]]]]
        return slots.path_tokens(ctx, trigger, spec)

    @staticmethod
    def emit(ctx, rule: Rule, s_tok: Token, o_tok: Token, modality: str | None, found: list) -> None:
        """The relations between what the subject and the object tokens stand for."""
        subjects = ctx.denotes(s_tok)
        objects = ctx.denotes(o_tok)
        if not objects:
            # "bought thousands of H20 chips", "limit China's access": the noun's complement.
            if rule.object.get("possessor"):
                objects = [m for c in o_tok.children if c.dep_ == "poss" for m in ctx.denotes(c)]
            objects += [m for prep in o_tok.children if prep.dep_ == "prep" and prep.lower_ == "of"
                        for c in prep.children if c.dep_ == "pobj" for m in ctx.denotes(c)]
        for s in subjects:
            for o in objects:
                if not isinstance(s, int) or not isinstance(o, int):
                    continue
                s_cls, o_cls = ctx.mentions[s].cls, ctx.mentions[o].cls
                if not rule.accepts("subject", s_cls) or not rule.accepts("object", o_cls):
                    continue
                if rule.same_coarse_type and COARSE_OF[s_cls] != COARSE_OF[o_cls]:
                    continue
                found.append((s, rule.property, o, rule.id, rule.confidence, modality))
