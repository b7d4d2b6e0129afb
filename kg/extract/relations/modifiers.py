"""Words in front of a name, or of its appositive noun: "Chinese AI startup DeepSeek", "Nvidia H800
chips", "US chipmaker Nvidia", "Nvidia chief executive Jensen Huang"."""
from __future__ import annotations

from kg.extract.mention import Mention
from kg.records import COARSE_OF


def modifier_relations(ctx, index: int, m: Mention, found: list) -> None:
    """What the words in front of a name, or of its appositive noun, say."""
    coarse = COARSE_OF[m.cls]
    anchor = ctx.anchors[index]
    # Modifiers: "Nvidia H800 chips", "the US firm", "Chinese AI startup DeepSeek".
    for noun in ctx.group(index):
        mods = [c for c in noun.lefts if c.dep_ in {"compound", "nmod", "amod", "npadvmod", "poss"}]
        mods += [g for c in mods for g in c.lefts if g.dep_ in {"compound", "amod", "npadvmod", "nmod"}]
        for child in mods:
            if child.i in ctx.inside and index in ctx.inside[child.i]:
                continue
            nation = ctx.nation_of(child)
            if nation and coarse in {"Organisation", "Person"}:
                ctx.emit(found, "nationality_adjective", index, "gaz:" + nation)
                continue
            if nation and coarse == "Place" and m.cls != "Country" and noun is not anchor:
                # "Boltenhagen is a German seaside resort", "Kestrel, a Norwegian village"
                ctx.emit(found, "place_nationality", index, "gaz:" + nation)
                continue
            if child.text in ctx.words.demonyms:
                continue
            if child.i not in ctx.inside or child.dep_ == "poss":
                continue
            for other in ctx.denotes(child, conj=False):
                if not isinstance(other, int) or other == index:
                    continue
                o_cls = ctx.mentions[other].cls
                if o_cls == "Country" and coarse == "Organisation":
                    ctx.emit(found, "country_modifier", index, other)
                elif o_cls == "Country" and coarse == "Person" and noun is not anchor \
                        and noun.lemma_.lower() in ctx.words.person_nouns | ctx.words.state_roles \
                        and noun.lemma_.lower() not in ctx.words.subject_experts:
                    # "Mary Jones is a U.S. senator" (a "China analyst" studies China)
                    ctx.emit(found, "country_modifier", index, other)
                elif COARSE_OF[o_cls] == "Organisation" and coarse == "Chip" and noun is anchor:
                    ctx.emit(found, "maker_modifier", other, index)
                elif COARSE_OF[o_cls] == "Organisation" and coarse == "Person" and noun is not anchor \
                        and noun.lemma_.lower() in ctx.words.role_nouns | ctx.words.founder_nouns:
                    if noun.lemma_.lower() in ctx.words.founder_nouns:
                        ctx.emit(found, "founder_compound", other, index)
                    else:
                        ctx.emit(found, "role_compound", index, other)


def descriptor_relations(ctx, index: int, m: Mention, found: list) -> None:
    """The words right before a name describe it, whatever the parse made of them: "Chinese AI
    startup DeepSeek", "US chipmaker Nvidia", "Dutch lithography giant ASML"."""
    i = m.start - 1
    nouns = ctx.words.org_nouns if COARSE_OF[m.cls] == "Organisation" else ctx.words.person_nouns
    if i < 0 or ctx.doc[i].lower_ not in nouns:
        return
    for j in range(i - 1, max(i - 6, ctx.doc[m.start].sent.start - 1), -1):
        token = ctx.doc[j]
        if j in ctx.inside:
            other = ctx.smallest(j)
            if ctx.mentions[other].cls == "Country":
                ctx.emit(found, "descriptor_before_name", index, other)
            break
        # "Australian recording artist and songwriter Kylie Minogue", "the Polish pianist,
        # composer and teacher Fryderyk Chopin"
        if token.text == "," and j > 0 and ctx.doc[j - 1].lower_ in nouns:
            continue
        if token.pos_ not in {"NOUN", "PROPN", "ADJ", "CCONJ"} or token.is_punct:
            break


#: The determiners that make a noun an anaphor: "the Chinese company", "this U.S. firm".
ANAPHOR_DETERMINERS = frozenset({"the", "this", "that"})


def anaphor_nationality(ctx, token, found: list) -> None:
    """"the Chinese company", "this U.S.-owned firm": a nationality on a noun that refers back
    gives the country of the organisation it stands for."""
    if token.i in ctx.inside or ctx.words.anaphors.get(token.lower_) != "Organisation" or token.tag_ != "NN" \
            or not any(c.dep_ == "det" and c.lower_ in ANAPHOR_DETERMINERS for c in token.children):
        return
    mods = [c for c in token.lefts if c.dep_ in {"compound", "nmod", "amod", "npadvmod"}]
    mods += [g for c in mods for g in c.lefts if g.dep_ in {"compound", "npadvmod", "nmod"}]
    nations = {n for n in (ctx.nation_of(c) for c in mods) if n}
    if len(nations) != 1:
        return
    for ref in ctx.denotes(token, conj=False):
        if isinstance(ref, int) and COARSE_OF[ctx.mentions[ref].cls] == "Organisation":
            ctx.emit(found, "nationality_anaphor", ref, "gaz:" + nations.pop())
            return
