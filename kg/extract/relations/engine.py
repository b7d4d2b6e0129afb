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
from kg.errors import DataError
from kg.extract.relations.rules import Rule, RuleSet
from kg.extract.relations.trees import DocTable, TreePattern
from kg.records import COARSE_OF


class RuleEngine:
    """Runs the pattern rules of a RuleSet over Docs."""

    #: The matcher key of the merged trigger patterns.
    TRIGGERS = "kg_triggers"

    def __init__(self, vocab: Vocab, rules: RuleSet):
        self.matcher = DependencyMatcher(vocab)
        #: Rules whose patterns the quick tree matcher reads (most of them), by rule id.
        self.trees: dict[str, list[TreePattern]] = {}
        self.rules = {rule.id: rule for rule in rules.pattern_rules}
        self.rank = {rule.id: n for n, rule in enumerate(rules.pattern_rules)}
        # Rules that are a trigger alone are merged into one pattern, and a match is sent to the
        # rules whose words it is: one pass of the matcher for every trigger, not one per rule.
        self.by_word: dict[str, list[Rule]] = {}
        for rule in rules.pattern_rules:
            if rule.trigger_words:
                for word in rule.trigger_words:
                    self.by_word.setdefault(word, []).append(rule)
            else:
                self._add(rule.id, list(rule.patterns), rule)
                trees = [TreePattern.compile(p, vocab.strings) for p in rule.patterns]
                if all(trees):
                    self.trees[rule.id] = trees
        # The DependencyMatcher keeps the rest (it checked every pattern above).
        for key in self.trees:
            self.matcher.remove(key)
        if self.by_word:
            words = sorted(self.by_word)
            self._add(self.TRIGGERS, [[{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {attr: {"IN": words}}}]
                                      for attr in ("LEMMA", "LOWER")], None)

    def _add(self, key: str, patterns: list, rule: Rule | None) -> None:
        try:
            self.matcher.add(key, patterns)
        except ValueError as exc:  # spaCy's own message says what is wrong with the pattern
            where = f"{rule.source}: rule {rule.id!r}" if rule else "trigger words"
            raise DataError(f"{where}: not a valid dependency pattern ({str(exc).splitlines()[0]})") from exc

    def match(self, doc: Doc) -> dict[int, list[tuple[Rule, dict[str, int]]]]:
        """Matches by trigger token: each rule with its named nodes, in rule order."""
        if not len(doc) or not (doc.has_annotation("LEMMA") and doc.has_annotation("DEP")):
            return {}
        found: dict[int, dict[tuple, tuple[Rule, dict[str, int]]]] = {}
        strings = doc.vocab.strings
        for match_id, token_ids in self.matcher(doc):
            key = strings[match_id]
            if key == self.TRIGGERS:
                token = doc[token_ids[0]]
                for rule in self.by_word.get(token.lemma_, []) + self.by_word.get(token.lower_, []):
                    if token.pos_ in rule.trigger_pos:
                        found.setdefault(token.i, {})[(rule.id,)] = (rule, {"trigger": token.i})
                continue
            self._found(found, self.rules[key], token_ids)
        if self.trees:
            table = DocTable(doc)
            for key, trees in self.trees.items():
                for tree in trees:
                    for token_ids in tree.matches(table):
                        self._found(found, self.rules[key], token_ids)
        return {i: sorted(matches.values(), key=lambda m: self.rank[m[0].id]) for i, matches in found.items()}

    @staticmethod
    def _found(found: dict, rule: Rule, token_ids: list[int]) -> None:
        nodes = {node["RIGHT_ID"]: i for node, i in zip(rule.patterns[0], token_ids)}
        found.setdefault(nodes["trigger"], {})[(rule.id, *sorted(nodes.items()))] = (rule, nodes)

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
            if trigger.dep_ in rule.trigger_dep_except:
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
