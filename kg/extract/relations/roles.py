"""A person's roles: appositions, copulas, prepositions and titles ("Rebecca Arcesati, an analyst at
MERICS", "Secretary of Commerce Gina Raimondo", "the chief executive of Nvidia, Jensen Huang")."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.mention import Mention
from kg.extract.relations import reference
from kg.extract.relations.reference import SUBJECT_DEPS
from kg.records import COARSE_OF


def role_relations(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """A person's roles: appositions, copulas, prepositions and titles."""
    anchor = ctx.anchors[index]
    # Roles in apposition or after a copula: "Rebecca Arcesati, an analyst at MERICS".
    for noun in ctx.group(index)[1:]:
        noun_role(ctx, index, noun, found)
    # "Bo Chen, Ranking Member of X": an apposition the parse took for a conjunct (a comma, no "and").
    for noun in anchor.children:
        if noun.dep_ == "conj" and noun.i not in ctx.inside and noun.left_edge.i > anchor.i \
                and ctx.doc[noun.left_edge.i - 1].text == "," \
                and not any(c.dep_ == "cc" and anchor.i < c.i < noun.i for c in anchor.children):
            noun_role(ctx, index, noun, found)
    role_before_name(ctx, index, m, sent, found)
    # "Professor Jeffrey Ding from George Washington University", "X (D-IL) of the Committee".
    # A conjunct's preposition is shared only when it follows both names ("Ann Lee and Bo Chen of
    # MIT"), not when it belongs to a conjunct's own apposition ("Ann Lee, Member of X, and Bo Chen").
    for org in ctx.prep_objects(anchor, {"from", "at", "of", "with"}):
        if COARSE_OF[ctx.mentions[org].cls] == "Organisation":
            ctx.emit(found, "person_prep_org", index, org)
    for head in anchor.conjuncts:
        if head.i not in ctx.inside:
            continue
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"from", "at", "of", "with"} or prep.i < anchor.i:
                continue
            for pobj in prep.children:
                for org in ctx.denotes(pobj) if pobj.dep_ == "pobj" else []:
                    if isinstance(org, int) and COARSE_OF[ctx.mentions[org].cls] == "Organisation":
                        ctx.emit(found, "person_prep_org", index, org)
    title_relations(ctx, index, m, sent, found)
    signature_role(ctx, index, m, sent, found)
    bare_office(ctx, index, m, sent, found)


def noun_role(ctx, index: int, noun: Token, found: list, rule: str = "appositive_role") -> None:
    """What a role noun said of person ``index`` gives: "an analyst at MERICS", "the Premier of
    China", "Australia's Minister for Trade", "one of the founders of Zhipu"."""
    lemma = noun.lemma_.lower()
    if lemma not in ctx.words.role_nouns | ctx.words.founder_nouns | ctx.words.state_roles:
        return
    owners = [o for c in noun.children if c.dep_ in {"poss", "compound"}
              for o in ctx.denotes(c, conj=False) if isinstance(o, int)]
    # "director of the trade program at CSIS", "head of research at Nvidia": the unit is "at" the organisation.
    units = [p for prep in noun.children if prep.dep_ == "prep" and prep.lower_ == "of"
             for p in prep.children if p.dep_ == "pobj" and p.i not in ctx.inside]
    nested = [o for unit in units for o in ctx.prep_objects(unit, {"at"})]
    for org in ctx.prep_objects(noun, {"at", "of", "for", "with", "from", "in"}) + owners + nested:
        if ctx.mentions[org].cls == "Country" and lemma in ctx.words.state_roles:
            ctx.emit(found, "state_role", index, org)
        if COARSE_OF[ctx.mentions[org].cls] != "Organisation":
            continue
        if lemma in ctx.words.founder_nouns:
            ctx.emit(found, "appositive_founder", org, index)
        else:
            ctx.emit(found, rule, index, org)


#: The pronouns whose roles pronoun_roles reads.
PRONOUN_ROLE_WORDS = frozenset({"he", "she"})


def pronoun_roles(ctx, token: Token, found: list) -> None:
    """"Currently he is the chairman of Power Corporation": a role said of "he" or "she" after
    a copula is the role of the person the pronoun stands for."""
    if token.lower_ not in PRONOUN_ROLE_WORDS or token.dep_ != "nsubj" or \
            token.head.lemma_ not in {"be", "become", "remain"}:
        return
    person = reference.resolve_person(ctx, token)
    if person is None:
        return
    for attr in token.head.children:
        if attr.dep_ == "attr" and attr.i not in ctx.inside:
            for noun in [attr, *attr.conjuncts]:
                noun_role(ctx, person, noun, found, "pronoun_role")


def role_before_name(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """"the first prime minister of independent Ghana, Kwame Nkrumah", "the chief executive of
    Nvidia, Jensen Huang": a role of a country or an organisation, a comma, the person who
    holds it (read off the words; the parse often takes the name for a second object of "of")."""
    doc = ctx.doc
    j = m.start - 1
    if j - 3 < sent.start or doc[j].text != "," or (j - 1) not in ctx.inside:
        return
    holder = ctx.smallest(j - 1)
    hm = ctx.mentions[holder]
    k = hm.start - 1
    while k > sent.start and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k -= 1  # "of independent Ghana"
    if doc[k].lower_ != "of" or k - 1 < sent.start:
        return
    noun = doc[k - 1]
    lemma = noun.lemma_.lower()
    two = f"{doc[k - 2].lower_} {lemma}" if k - 2 >= sent.start else ""
    if hm.cls == "Country" and (lemma in ctx.words.state_roles or two in ctx.words.state_roles):
        ctx.emit(found, "state_role_before_name", index, holder)
    elif COARSE_OF[hm.cls] == "Organisation" and (lemma in ctx.words.role_nouns or two in ctx.words.role_nouns) \
            and noun.is_lower:
        ctx.emit(found, "role_of_before_name", index, holder)


def title_relations(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """Titles before a name: "Secretary of Commerce Wilbur Ross", "Founder Liang Wenfeng"."""
    i = m.start - 1
    orgs, saw_title, steps = [], bool(m.role), 0
    while i >= sent.start and steps < 12:
        token = ctx.doc[i]
        if token.i in ctx.inside:
            other = ctx.smallest(token.i)
            om = ctx.mentions[other]
            if COARSE_OF[om.cls] != "Organisation":
                break
            orgs.append(other)
            i = om.start - 1
        elif token.text in ctx.words.titles or token.lower_ in {"of", "for", "and"} or \
                (token.is_title and token.pos_ in {"PROPN", "NOUN"}):
            saw_title = saw_title or token.text in ctx.words.titles
            i -= 1
        else:
            break
        steps += 1
    if saw_title:
        for org in orgs:
            ctx.emit(found, "title_of_org", index, org)
    role = (m.role or "").lower()
    if not orgs and any(word in role for word in ("founder", "co-founder")):
        org = salient_organisation(ctx, m.start)
        if org is not None:
            ctx.emit(found, "founder_title", org, index)


def salient_organisation(ctx, before: int) -> int | None:
    counts: dict[str, list[int]] = {}
    for index, mention in enumerate(ctx.mentions):
        if mention.start >= before:
            break
        if mention.cls in {"Company", "Organisation"}:
            key = mention.gazetteer_id or mention.text
            counts.setdefault(key, []).append(index)
    if not counts:
        return None
    best = max(counts.values(), key=len)
    return best[-1]


def signature_role(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """A signature or a list of officials: "Ann Lee, Director, Office of Audits", "Bo Chen,
    Minority Leader, U.S. Senate": a name, a capitalised role, a comma, the organisation."""
    doc = ctx.doc
    if m.end >= sent.end or doc[m.end].text != ",":
        return
    i = m.end + 1
    while i < sent.end and i - m.end <= 4 and doc[i].text != "," and i not in ctx.inside and doc[i].is_title:
        i += 1
    if i == m.end + 1 or i + 1 >= sent.end or doc[i].text != "," or (i + 1) not in ctx.inside:
        return
    role = doc[m.end + 1:i]
    last = role[-1].lemma_.lower()
    if last not in ctx.words.role_nouns and role.text.lower() not in ctx.words.role_nouns:
        return
    org = ctx.smallest(i + 1)
    if COARSE_OF[ctx.mentions[org].cls] == "Organisation" and ctx.mentions[org].start == i + 1:
        ctx.emit(found, "signature_role", index, org)


#: Verbs after which "X ... <office>" or "as <office>" holds the office ("became chairman").
OFFICE_VERBS = frozenset({"be", "become", "remain", "serve", "name", "appoint", "elect", "remove",
                          "resign", "step", "include", "replace", "succeed", "return"})


def bare_office(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """"Mark Chen became chairman", "she was removed as CEO", "with Ann Lee serving as a board
    member": an office of a company with no organisation named is an office of the company the
    text is about (the organisation it names most)."""
    anchor = ctx.anchors[index]
    offices = [c for c in anchor.children if c.dep_ == "prep" and c.lower_ == "as"]
    first = anchor
    while first.dep_ == "conj" and first.head.i != first.i and first.head.pos_ == "PROPN":
        first = first.head  # "with Ann Lee and Bo Chen serving as board members"
    verb = first.head if first.dep_ in {"nsubj", "nsubjpass", "dobj"} else None
    verbs = [verb] + [v for v in verb.conjuncts if not any(c.dep_ in SUBJECT_DEPS for c in v.children)] \
        if verb is not None and verb.lemma_ in OFFICE_VERBS else []
    # "Ann Lee became chairman and Bo Chen became CEO": the parse may lose the second subject.
    after = ctx.doc[m.end] if m.end < sent.end else None
    if after is not None and after.lemma_ in OFFICE_VERBS and after.pos_ in {"VERB", "AUX"} and after not in verbs:
        verbs.append(after)
    nouns = []
    for v in verbs:
        nouns += [c for c in v.children if c.dep_ in {"attr", "oprd"}]
        offices += [c for c in v.children if c.dep_ == "prep" and c.lower_ == "as"]
    nouns += [p for prep in offices for p in prep.children if p.dep_ == "pobj"]
    if not any(office_noun(ctx, noun) for noun in nouns):
        return
    org = salient_organisation(ctx, m.start)
    if org is not None and ctx.mentions[org].cls == "Company":
        ctx.emit(found, "bare_office", index, org)


def office_noun(ctx, noun: Token) -> bool:
    """A company office with no organisation of its own: "chairman", "Chief Executive", "the
    initial board members" (not "chairman of the committee", "Intel's CEO")."""
    if noun.i in ctx.inside or any(c.dep_ in {"poss", "compound", "nmod"} and c.i in ctx.inside or c.dep_ == "poss"
                                   for c in noun.children):
        return False
    for prep in noun.children:
        # "chairman of the board" is still the company's; "chairman of the committee" is not
        if prep.dep_ == "prep" and prep.lower_ in {"of", "at", "for", "in"} and not (prep.lower_ == "of" and all(
                p.lemma_.lower() in OWN_BODIES for p in prep.children if p.dep_ == "pobj")):
            return False
    lemma = noun.lemma_.lower()
    before = [c.lower_ for c in noun.lefts if c.dep_ in {"compound", "amod"}]
    return lemma in ctx.words.corporate_roles or (bool(before) and f"{before[-1]} {lemma}" in ctx.words.corporate_roles)


#: "chairman of the board": bodies of the company itself.
OWN_BODIES = frozenset({"board", "company", "firm", "group"})
