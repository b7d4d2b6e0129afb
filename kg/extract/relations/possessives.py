"""Possessives: what "Nvidia's H800", "China's DeepSeek" or "her band, the Miami Sound Machine" say."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.mention import Mention
from kg.records import COARSE_OF


def possessive_relations(ctx, index: int, m: Mention, found: list) -> None:
    """What a possessive says about the thing possessed."""
    coarse = COARSE_OF[m.cls]
    anchor = ctx.anchors[index]
    # Possessives: "Nvidia's H800", "China's DeepSeek", "Commerce's Bureau of ...", also over
    # an apposition ("Meta's comparable model, Llama 3.1") or a conjunct ("OpenAI's GPT-4 and o1").
    possessors = [c for noun in ctx.group(index) for c in noun.children if c.dep_ == "poss"]
    if anchor.dep_ == "conj":
        possessors += [c for c in anchor.head.children if c.dep_ == "poss"]
    if coarse == "Person":
        # "Nvidia's CEO Jensen Huang": the possessive on a title the parse made part of the name
        possessors += [p for c in anchor.lefts if c.dep_ == "compound" and c.i not in ctx.inside
                       and c.lower_ in ctx.words.role_nouns for p in c.children if p.dep_ == "poss"]
    owners = [o for c in possessors for o in ctx.denotes(c, conj=False)]
    # When the parse lost it, the words still say it: "Commerce's Bureau of Industry and Security".
    if m.start >= 2 and ctx.doc[m.start - 1].text in {"'s", "’s"} and (m.start - 2) in ctx.inside:
        owners.append(ctx.smallest(m.start - 2))
    for owner in dict.fromkeys(owners):
        if not isinstance(owner, int) or owner == index:
            continue
        o_cls = ctx.mentions[owner].cls
        o_coarse = COARSE_OF[o_cls]
        if o_coarse == "Organisation" and coarse in {"AIModel", "Chip"}:
            ctx.emit(found, "possessive_product", owner, index)
        elif o_cls == "Country" and coarse in {"Organisation", "Person"}:
            ctx.emit(found, "possessive_country" if coarse == "Organisation" else "possessive_nationality", index, owner)
        elif o_coarse == "Place" and coarse == "Place" and m.cls != "Country":
            # "Tokyo's Shinjuku district", "Morogoro Region is one of Tanzania's 31 regions",
            # "Gujranwala, Pakistan's third largest city": a place possessed by a place.
            ctx.emit(found, "possessive_place", index, owner)
        elif o_coarse in {"Organisation", "Place"} and coarse == "Policy":
            ctx.emit(found, "possessive_issuer", index, owner)
        elif o_coarse == "Organisation" and coarse == "Organisation":
            ctx.emit(found, "possessive_parent", index, owner)
        elif o_coarse == "Organisation" and coarse == "Person":
            ctx.emit(found, "possessive_employer", index, owner)
        elif o_coarse == "Person" and coarse == "Organisation" and \
                any(member_group(ctx, noun) for noun in ctx.group(index)[1:]):
            # "his party, the Labour Party"
            ctx.emit(found, "possessive_member", owner, index)
    if coarse == "Organisation":
        member_group_before(ctx, index, m, found)


def member_group_before(ctx, index: int, m: Mention, found: list) -> None:
    """"toured with her band, the Miami Sound Machine": a group noun with a person's possessive
    right before the name, whatever the parse made of the comma."""
    doc = ctx.doc
    j = m.start - 1
    if j >= 0 and doc[j].lower_ == "the":
        j -= 1
    if j < 1 or doc[j].text != "," or not member_group(ctx, doc[j - 1]):
        return
    noun = doc[j - 1]
    if any(c.dep_ == "appos" for c in noun.children):
        return  # the parse saw the apposition; the possessive above has read it
    for poss in noun.children:
        if poss.dep_ == "poss":
            for owner in ctx.denotes(poss, conj=False):
                if isinstance(owner, int) and ctx.mentions[owner].cls == "Person":
                    ctx.emit(found, "possessive_member", owner, index)


def member_group(ctx, noun: Token) -> bool:
    """"her band", "his party", not "his rival party"."""
    return noun.lemma_.lower() in ctx.words.member_groups and not any(c.lower_ in ctx.words.not_members for c in noun.children)
