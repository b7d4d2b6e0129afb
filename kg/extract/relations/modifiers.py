"""Words in front of a name, or of its appositive noun: "Chinese AI startup DeepSeek", "Nvidia H800
chips", "US chipmaker Nvidia", "Nvidia chief executive Jensen Huang"."""
from __future__ import annotations

from kg.extract.mention import Mention
from kg.records import COARSE_OF


def modifier_relations(ctx, index: int, m: Mention, found: list) -> None:
    """What the words in front of a name, or of its appositive noun, say."""
    coarse = COARSE_OF[m.cls]
    anchor = ctx.anchors[index]
    if coarse == "Chip":
        # "Nvidia H100" named whole: the maker is a mention of its own inside the chip's name.
        for other, o in enumerate(ctx.mentions):
            if other != index and o.start == m.start and o.end < m.end and COARSE_OF[o.cls] == "Organisation":
                ctx.emit(found, "maker_modifier", other, index)
    # Modifiers: "Nvidia H800 chips", "the US firm", "Chinese AI startup DeepSeek".
    for noun in ctx.group(index):
        mods = [c for c in noun.lefts if c.dep_ in {"compound", "nmod", "amod", "npadvmod", "poss"}]
        mods += [g for c in mods for g in c.lefts if g.dep_ in {"compound", "amod", "npadvmod", "nmod"}]
        for child in mods:
            if child.i in ctx.inside and index in ctx.inside[child.i]:
                continue
            nation = ctx.nation_of(child)
            if nation and glued_pair(ctx, child):
                continue  # "the AMD–Chinese joint venture" is of two parties, not Chinese
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
                elif o_cls == "Country" and coarse == "Person" and person_role(ctx, child.head, anchor) \
                        and all(t.is_lower for t in ctx.doc[child.i + 1:child.head.i]):
                    # "Mary Jones is a U.S. senator", "U.S. Secretary of State Ann Lee" (a "China
                    # analyst" studies China; a "U.S. District Judge" sits on a district court)
                    ctx.emit(found, "country_modifier", index, other)
                elif COARSE_OF[o_cls] == "Organisation" and coarse == "Chip" and noun is anchor:
                    ctx.emit(found, "maker_modifier", other, index)
                elif COARSE_OF[o_cls] == "Organisation" and coarse == "Person" and noun is not anchor \
                        and noun.lemma_.lower() in ctx.words.role_nouns | ctx.words.founder_nouns:
                    if noun.lemma_.lower() in ctx.words.founder_nouns:
                        ctx.emit(found, "founder_compound", other, index)
                    else:
                        ctx.emit(found, "role_compound", index, other)


def person_role(ctx, role, anchor) -> bool:
    """Whether ``role`` is a role said of the person whose name anchors at ``anchor``: a noun in
    apposition or after a copula ("a U.S. senator"), or a title on the name ("Secretary Ann Lee")."""
    lemma = role.lemma_.lower()
    if lemma in ctx.words.subject_experts:
        return False
    if role is anchor:
        return False
    if lemma in ctx.words.person_nouns | ctx.words.state_roles:
        return True
    return role.head is anchor and role.text in ctx.words.titles


def glued_pair(ctx, token) -> bool:
    """"AMD–Chinese": a nationality joined by a dash, with no space, to a name before it (not to
    another nationality: a "Taiwanese-American" is both)."""
    doc, i = ctx.doc, token.i
    return i >= 2 and doc[i - 1].text in {"-", "–", "—"} and not doc[i - 1].whitespace_ \
        and not doc[i - 2].whitespace_ and (i - 2) in ctx.inside and not ctx.nation_of(doc[i - 2]) \
        and ctx.mentions[ctx.smallest(i - 2)].cls != "Country"


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
            or token.lower_ not in ctx.words.org_nouns \
            or not any(c.dep_ == "det" and c.lower_ in ANAPHOR_DETERMINERS for c in token.children):
        return  # (a "team", "party" or "school" with a nationality is a national one, not a reference back)
    mods = [c for c in token.lefts if c.dep_ in {"compound", "nmod", "amod", "npadvmod", "poss"}]
    nations = set()
    for child in mods:
        nation = ctx.nation_of(child) or next((ctx.nation_of(g) for g in child.lefts
                                               if g.dep_ in {"compound", "npadvmod", "nmod", "amod"} and ctx.nation_of(g)), None)
        if nation:
            nations.add(nation)
        elif child.dep_ in {"amod", "poss"} and child.tag_ not in {"JJS", "RBS"} and child.lower_ not in {"first", "only"}:
            return  # "the Czech national champion": a description, not a reference back
    if len(nations) != 1:
        return
    for ref in ctx.denotes(token, conj=False):
        if isinstance(ref, int) and COARSE_OF[ctx.mentions[ref].cls] == "Organisation":
            ctx.emit(found, "nationality_anaphor", ref, "gaz:" + nations.pop())
            return


#: Prepositions that open the members of a plural noun: "U.S. chipmakers including Intel".
MEMBER_PREPS = frozenset({"including", "like"})


def nationality_lists(ctx, sent, found: list) -> None:
    """A plural noun of organisations with one nationality, and the organisations it names:
    "U.S. chipmakers including Intel and AMD", "Chinese firms such as Baidu", "Biren and Moore
    Threads, two Chinese developers of GPUs"."""
    nouns = ctx.words.org_nouns | {w for w, cls in ctx.words.anaphors.items() if cls == "Organisation"}
    for token in sent:
        if token.i in ctx.inside or token.tag_ not in {"NNS", "NNPS"} or token.lemma_.lower() not in nouns:
            continue
        nations = set()
        for child in token.lefts:
            if child.dep_ not in {"compound", "nmod", "amod", "npadvmod"}:
                continue
            nation = ctx.nation_of(child)
            if nation:
                nations.add("gaz:" + nation)
            elif child.i in ctx.inside and ctx.mentions[ctx.smallest(child.i)].cls == "Country":
                nations.add(ctx.smallest(child.i))
        if len(nations) != 1:
            continue
        nation = nations.pop()
        for member in list_members(ctx, token):
            ctx.emit(found, "nationality_list", member, nation)


def list_members(ctx, noun) -> list[int]:
    """The organisations a plural noun names: after "including" / "such as", or a list of names
    right before it that it stands in apposition to ("Biren and Moore Threads, two Chinese ...")."""
    out = []
    for prep in noun.children:
        if prep.dep_ == "prep" and (prep.lower_ in MEMBER_PREPS or
                                    (prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children))):
            out += [o for o in ctx.prep_objects(noun, {prep.lower_})]
    if out or noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children):
        return [o for o in out if COARSE_OF[ctx.mentions[o].cls] == "Organisation"]
    if noun.dep_ != "appos" and not any(c.dep_ == "nummod" or c.lower_ == "both" for c in noun.children):
        return []
    doc = ctx.doc
    i = noun.left_edge.i - 1
    if i < noun.sent.start or doc[i].text != ",":
        return []
    i -= 1
    names, joined = [], False
    while i >= noun.sent.start:
        if i in ctx.inside:
            index = ctx.smallest(i)
            if COARSE_OF[ctx.mentions[index].cls] != "Organisation":
                break
            names.append(index)
            i = ctx.mentions[index].start - 1
        elif doc[i].lower_ in {"and", ","} and names:
            joined = joined or doc[i].lower_ == "and"
            i -= 1
        else:
            break
    if len(names) > 1 and not joined:
        return []  # "Huawei, ZTE, Chinese firms and ...": a list that goes on
    return names
