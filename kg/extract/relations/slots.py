"""Argument paths from a trigger: the tokens that fill a rule's subject and object slots
(``subject``, ``agent``, ``object``, ``prep_object``, ``agent_or_object``), and the voice of a verb."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.relations import reference
from kg.extract.relations.reference import SUBJECT_DEPS


def is_passive(verb: Token) -> bool:
    """Passive voice: "was founded by", or a participle modifying a noun ("chips made by TSMC")."""
    if any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children):
        return True
    return verb.tag_ == "VBN" and verb.dep_ in {"acl", "advcl", "amod", "relcl"} and \
        not any(c.dep_ == "aux" for c in verb.children)


def subjects(ctx, verb: Token, depth: int = 0) -> list[Token]:
    subs = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    if verb.dep_ == "relcl":
        # "Richard Chang, ..., who had worked at ...": the relative pronoun stands for the head;
        # "who" is a person even when the parser hung the clause on a company's name.
        subs = [reference.relative_head(ctx, verb, c) if c.tag_ in {"WP", "WDT"} or c.lower_ == "that" else c
                    for c in subs]
        # "SMIC and its affiliates, which are subject to": the clause is about the whole pair.
        subs += [s.head for s in subs if s.dep_ == "conj" and s.i == verb.head.i
                 and any(c.tag_ == "WDT" for c in verb.children if c.dep_ in SUBJECT_DEPS)]
    if subs or depth > 3:
        return subs
    if verb.dep_ in {"acl", "relcl", "amod"}:
        return [verb.head]
    if verb.dep_ == "ROOT":
        # A parse that lost the subject: "X is owned by Y" with X attached elsewhere.
        aux = [c for c in verb.children if c.dep_ in {"aux", "auxpass"} and c.i < verb.i]
        if aux and aux[0].i > verb.sent.start:
            before = ctx.doc[aux[0].i - 1]
            if before.pos_ in {"PROPN", "NOUN"}:
                return [before]
        # "In pleading guilty, Chen, 65, a citizen of X, admitted ...": the opening phrase took the
        # subject for its object; it is the noun whose phrase runs up to the verb.
        for token in ctx.doc[verb.sent.start:verb.i]:
            if token.dep_ == "dobj" and token.pos_ in {"PROPN", "NOUN"} and token.head.i < token.i:
                end = token.right_edge.i + 1
                while end < verb.i and ctx.doc[end].is_punct:
                    end += 1
                if end == verb.i and token.head.head.dep_ == "prep" and token.head.head.head.i == verb.i:
                    return [token]
        return []
    if verb.dep_ == "acomp" and is_passive(verb) and verb.head.i != verb.i:
        # "X was 51% owned by Y": the participle hangs on "was" as its complement.
        return subjects(ctx, verb.head, depth + 1)
    if verb.dep_ in {"xcomp", "advcl", "conj", "ccomp", "pcomp", "prep"} and verb.head.i != verb.i:
        head = verb.head
        found = subjects(ctx, head, depth + 1)
        if verb.dep_ in {"xcomp", "advcl"}:
            # "imposed controls to slow China": the purpose belongs to the object too.
            found = found + [c for c in head.children if c.dep_ == "dobj"]
        return found
    return []


def objects(ctx, verb: Token, spec: dict) -> list[Token]:
    """The ``object`` path: direct objects and attributes, the objects of the prepositions
    ``spec["preps"]`` (and of a particle: "set up by"), and, where the slot asks, the organisation
    of a role after "as" ("serves as the CEO of X") or the object of a clause after "from" ("bars
    Huawei from buying H20 chips"). ``except_prep`` leaves out one preposition's objects."""
    preps = set(spec.get("preps", []))
    out = []
    for child in verb.children:
        if child.dep_ in {"dobj", "dative", "attr", "oprd"} and child.pos_ != "ADP":
            out.append(child)
        elif child.dep_ == "prep" and child.lower_ == "as" and spec.get("as_role"):
            # "serves as the CEO of X", "works as an analyst at X"
            for role in child.children:
                if role.dep_ == "pobj" and role.lemma_.lower() in ctx.words.role_nouns | ctx.words.founder_nouns:
                    for prep in role.children:
                        if prep.dep_ == "prep" and prep.lower_ in {"of", "at", "for", "with"}:
                            out.extend(p for p in prep.children if p.dep_ == "pobj")
        elif child.dep_ in {"prep", "dative"} and (child.lower_ in preps or child.lower_ == spec.get("except_prep")):
            out.extend(p for p in child.children if p.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "from" and spec.get("from_clause"):
            for clause in child.children:
                if clause.dep_ == "pcomp":
                    out.extend(o for o in clause.children if o.dep_ == "dobj")
                    if spec.get("destinations"):  # "bars Nvidia from selling H20 chips to China"
                        out.extend(p for prep in clause.children if prep.dep_ == "prep" and prep.lower_ == "to"
                                   for p in prep.children if p.dep_ == "pobj")
        elif child.dep_ == "prt" and preps:
            for grand in child.children:
                if grand.dep_ == "pobj":
                    out.append(grand)
    if spec.get("except_prep"):
        out = [o for o in out if o.dep_ != "pobj" or o.head.lower_ != spec["except_prep"]]
    if spec.get("destinations"):
        # "restrict sales of the A100 to China": where the traded goods go.
        out += [p for o in list(out) if o.lemma_.lower() in ctx.words.trade_nouns
                for prep in o.children if prep.dep_ == "prep" and prep.lower_ == "to"
                for p in prep.children if p.dep_ == "pobj"]
    return out


def agents(verb: Token) -> list[Token]:
    """The ``agent`` path: "founded by X", and the agent of a second share: "51% owned by X and
    49% by Y"."""
    found = [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    if found:
        # the parse hangs the second share on the first ("51%" ... conj "49%") or on the participle
        shares = [c for n in verb.children if n.dep_ == "npadvmod" for c in n.conjuncts]
        shares += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "NUM"}]
        found += [p for c in shares for b in c.children if b.dep_ == "prep" and b.lower_ == "by"
                  for p in b.children if p.dep_ == "pobj"]
    return found


def prep_objects(verb: Token, preps: set[str], on_object: bool = False) -> list[Token]:
    """The ``prep_object`` path: the objects of the verb's prepositions ``preps`` ("added X to
    the Entity List"); with ``on_object``, also of those the parse hung on the verb's direct
    object or its apposition ("put Biren, a GPU developer, on the Entity List")."""
    heads = [verb]
    if on_object:
        for obj in verb.children:
            if obj.dep_ in {"dobj", "nsubjpass"}:
                heads.extend([obj, *obj.conjuncts, *(a for a in obj.children if a.dep_ == "appos")])
    return [p for head in heads for child in head.children if child.dep_ == "prep" and child.lower_ in preps
            for p in child.children if p.dep_ == "pobj"]


def appositions(tokens: list[Token]) -> list[Token]:
    """``tokens`` and the names set off beside them: "the Department of Commerce, Bureau of
    Industry and Security (BIS), amends" names two issuers."""
    out = list(tokens)
    for token in tokens:
        out.extend(c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN" and reference.set_off(c))
    return out


def path_tokens(ctx, verb: Token, spec: dict) -> list[Token]:
    """The tokens a slot's argument path reaches from the trigger ``verb``."""
    path = spec["path"]
    if path == "trigger":
        found = [verb]  # a policy the sentence describes by its verb ("Washington banned ...")
    elif path == "subject":
        found = subjects(ctx, verb)
    elif path == "agent":
        found = agents(verb)
    elif path == "object":
        found = objects(ctx, verb, spec)
    elif path == "prep_object":
        found = prep_objects(verb, set(spec.get("preps") or [spec.get("prep", "to")]), spec.get("on_object", False))
    else:
        found = agents(verb) + objects(ctx, verb, spec)  # agent_or_object
    return appositions(found) if spec.get("appositions") else found
