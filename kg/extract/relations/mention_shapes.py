"""What the phrase around each mention says: its possessives, modifiers, roles, origins, its own
name, and the preposition rules of the rule files ("export controls on H20 chips")."""
from __future__ import annotations

from spacy.tokens import Span

from kg.extract.mention import Mention
from kg.extract.words import DIRECTIONS
from kg.extract.relations import modifiers, names, origins, ownership, possessives, roles, shapes
from kg.extract.relations.modality import phrase_modality
from kg.extract.relations.rules import type_ok
from kg.records import COARSE_OF


def mention_relations(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    coarse = COARSE_OF[m.cls]
    anchor = ctx.anchors[index]
    # A policy's issuer inside its own phrase: "US export controls".
    if m.cls == "Policy" and m.issuer is not None:
        issuer = ctx.mention_at(m.issuer)
        if issuer is not None:
            ctx.emit(found, "policy_issuer_modifier", index, issuer)
    if m.cls == "Policy" and m.extra.get("kind"):
        # "the H20 restrictions": the chip a policy is named by is what it restricts.
        for i in range(m.start, m.end):
            for other in ctx.inside.get(i, ()):
                if other != index and ctx.mentions[other].cls == "Chip":
                    ctx.emit(found, "policy_chip_modifier", index, other)
    possessives.possessive_relations(ctx, index, m, found)
    modifiers.modifier_relations(ctx, index, m, found)
    if coarse == "Person":
        roles.role_relations(ctx, index, m, sent, found)
        modifiers.descriptor_relations(ctx, index, m, found)
        origins.origin_relations(ctx, index, m, sent, found)
    if coarse in {"Person", "Organisation"}:
        origins.defined_nationality(ctx, index, m, sent, found)
        origins.origin_places(ctx, index, m, sent, found)
    # "the Canadian province of Alberta": a place noun with a nationality, naming a place.
    if coarse == "Place" and anchor.dep_ == "pobj" and anchor.head.lower_ == "of":
        noun = anchor.head.head
        if noun.pos_ == "NOUN" and noun.i not in ctx.inside:
            for child in noun.lefts:
                nation = ctx.nation_of(child)
                if nation and m.cls != "Country":
                    ctx.emit(found, "demonym_place_of", index, "gaz:" + nation)
    if coarse == "Place" and m.cls != "Country":
        names.place_name_relations(ctx, index, m, found)
    if coarse == "Organisation":
        names.name_relations(ctx, index, m, found)
        ownership.unit_relations(ctx, index, m, sent, found)
        ownership.joint_venture_relations(ctx, index, m, found)
        ownership.referred_part_relations(ctx, index, m, found)
        ownership.stake_relations(ctx, index, m, found)
        ownership.funding_relations(ctx, index, m, found)
        modifiers.descriptor_relations(ctx, index, m, found)
        # "X, a subsidiary of Y", "X is the business school of Y", "Y, the parent of X".
        for noun in ctx.group(index)[1:]:
            lemma = noun.lemma_.lower()
            if lemma not in ctx.words.child_nouns and lemma not in ctx.words.parent_nouns:
                continue
            for other in ctx.prep_objects(noun, {"of"}):
                if COARSE_OF[ctx.mentions[other].cls] == "Organisation":
                    if lemma in ctx.words.child_nouns:
                        ctx.emit(found, "part_of_noun", index, other)
                    else:
                        ctx.emit(found, "parent_of_noun", other, index)
    # Prepositions from the table: "export controls on H20 chips", "Zhangjiang Hi-Tech Park in Shanghai".
    for rule in ctx.rules.preposition_rules:
        prep = rule.preposition
        if not type_ok(m.cls, prep["head"]) or m.cls in prep.get("head_except", ()):
            continue
        heads = ctx.group(index) if coarse in {"Place", "Organisation", "Policy"} else [anchor]
        # "southwest of Minneapolis", "north of Rügen": a direction from a place is outside it.
        heads = [h for h in heads if h.lower_ not in DIRECTIONS]
        if coarse == "Policy" and anchor.dep_ == "dobj":
            heads.append(anchor.head)  # "impose export controls on the H20": the verb carries "on".
        others = [o for head in heads for o in ctx.prep_objects(head, prep["preps"])]
        if coarse == "Policy":
            others += shapes.trade_objects(ctx, heads, prep["preps"])
        mood = phrase_modality(ctx, anchor) if coarse == "Policy" else None
        for other in others:
            if type_ok(ctx.mentions[other].cls, prep["object"]):
                ctx.emit(found, rule.id, index, other, mood)
