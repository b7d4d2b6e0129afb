"""What a policy is for: "export controls to restrict access to chips that could aid Iran", "The
controls restrict tool exports, in a move designed to prevent transshipment of chips to Iran".
Where goods are kept from going, or whom they are kept from helping, the policy targets."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.relations.modality import clause_modality
from kg.extract.relations.reference import SUBJECT_DEPS
from kg.records import COARSE_OF


def purpose_targets(ctx, sent: Span, found: list) -> None:
    words = ctx.words.lexicon.get("purpose_words", {})
    verbs = set(words.get("verbs", ())) | set(ctx.words.lexicon.get("policy_event_verbs", ()))
    for head in sent:
        if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ not in {"dobj", *SUBJECT_DEPS} and not any(
                c.dep_ in {"acl", "relcl"} for c in head.children):
            continue
        # the policy named, or referred to ("The new controls restrict ...")
        policies = [r for r in ctx.denotes(head, conj=False) if isinstance(r, int) and ctx.mentions[r].cls == "Policy"]
        if not policies:
            continue
        index = policies[0]
        purposes = [c for c in head.children if c.dep_ in {"acl", "relcl"} and _infinitive(c)]
        verb = head.head
        if head.dep_ == "dobj":
            # "imposed export controls to restrict access": the purpose hangs on the verb.
            purposes += [c for c in verb.children if c.dep_ in {"advcl", "xcomp"} and _infinitive(c)]
        elif head.dep_ in SUBJECT_DEPS:
            # "The controls restrict ..., in a move designed to prevent ...".
            purposes += [x for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "in"
                         for move in prep.children if move.dep_ == "pobj" and move.lemma_ in set(words.get("moves", ()))
                         for acl in move.children if acl.dep_ == "acl"
                         for x in [acl, *acl.children] if x.pos_ == "VERB" and _infinitive(x)]
        purposes += [c for p in purposes for c in p.conjuncts]
        for purpose in dict.fromkeys(purposes):
            if purpose.lemma_.lower() not in verbs:
                continue
            for target in _kept_from(ctx, purpose, set(words.get("helping", ()))):
                ctx.emit(found, "purpose_targets", index, target, clause_modality(ctx, purpose))


def _infinitive(verb: Token) -> bool:
    return verb.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _kept_from(ctx, verb: Token, helping: set[str]) -> list[int]:
    """Where the goods of ``verb``'s object may no longer go ("prevent transshipment of chips to
    Iran", "restrict access to chips") and whom they would help ("chips that could aid Iran")."""
    out: list[int] = []
    goods: list[Token] = []
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if obj.lemma_.lower() not in ctx.words.trade_nouns:
            continue
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ in {"to", "of"}:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        (out if prep.lower_ == "to" and pobj.i in ctx.inside else goods).append(pobj)
        out += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "to"
                for p in prep.children if p.dep_ == "pobj"]
    for thing in goods + [t for t in out if t.i not in ctx.inside]:
        out += [o for rel in thing.children if rel.dep_ == "relcl" and rel.lemma_.lower() in helping
                for o in rel.children if o.dep_ == "dobj"]
    targets = [r for t in out if t.i in ctx.inside for r in ctx.denotes(t)]
    return [r for r in dict.fromkeys(targets) if isinstance(r, int)
            and COARSE_OF[ctx.mentions[r].cls] in {"Place", "Organisation"}]
