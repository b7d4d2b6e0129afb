"""Shapes of a sentence that are no verb frame: "Hangzhou-based DeepSeek", "Based in Hefei, ...",
"comparable to other models", a headline's "Commerce Implements New Export Controls"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.relations.modality import clause_modality
from kg.extract.relations.reference import SUBJECT_DEPS
from kg.records import COARSE_OF


def trade_objects(ctx, heads: list[Token], preps: set[str]) -> list[int]:
    """"restrictions on AI chip exports to China": through the trade noun to where it goes; and
    "tariffs on Chinese goods", "sanctions on the Chinese chip industry": a nation's things."""
    out = []
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for noun in prep.children:
                if noun.dep_ == "pobj" and (noun.i not in ctx.inside or ctx.mentions[ctx.smallest(noun.i)].cls == "Policy"):
                    out.extend(ctx.smallest(c.i) for c in noun.children if c.dep_ == "amod" and c.i in ctx.inside
                               and ctx.mentions[ctx.smallest(c.i)].cls == "Country")
                if noun.dep_ == "pobj" and noun.i not in ctx.inside and noun.lemma_.lower() in ctx.words.trade_nouns:
                    out.extend(ctx.prep_objects(noun, {"to", "of", "for", "by"}))
                    out.extend(o for c in noun.children if c.dep_ == "poss"
                               for o in ctx.denotes(c, conj=False) if isinstance(o, int))
    return out


def based_relations(ctx, token: Token, found: list) -> None:
    """"Hangzhou-based DeepSeek": a place joined by a hyphen to "based"; and a sentence that
    opens "Based in Hangzhou, Zhejiang, DeepSeek ..."."""
    if token.lower_ not in ctx.words.based_words:
        return
    if token.i == token.sent.start:
        opening_based(ctx, token, found)
        return
    if token.i < 2 or ctx.doc[token.i - 1].text != "-":
        return
    place_tok = ctx.doc[token.i - 2]
    if place_tok.i not in ctx.inside:
        return
    place = ctx.smallest(place_tok.i)
    if COARSE_OF[ctx.mentions[place].cls] != "Place":
        return
    target = token.head if token.head.i != token.i else None
    if target is None:
        return
    for org in ctx.denotes(target):
        if isinstance(org, int) and COARSE_OF[ctx.mentions[org].cls] == "Organisation":
            ctx.emit(found, "hyphen_based", org, place)


def opening_based(ctx, token: Token, found: list) -> None:
    places, org = [], None
    for i in range(token.i + 1, token.sent.end):
        if i not in ctx.inside:
            continue
        index = ctx.smallest(i)
        coarse = COARSE_OF[ctx.mentions[index].cls]
        if coarse == "Place" and org is None:
            if index not in places:
                places.append(index)
        elif coarse == "Organisation":
            org = index
            break
    if org is not None and places:
        ctx.emit(found, "opening_based", org, places[0])


def competition_relations(ctx, token: Token, found: list) -> None:
    if token.lower_ not in ctx.words.competition:
        return
    objects = ctx.prep_objects(token, {"to", "with", "of", "against"})
    if not objects:
        return
    subjects = []
    head = token
    for _ in range(4):
        if head.dep_ in {"amod", "acomp", "attr", "appos", "dobj", "npadvmod", "oprd"} and head.head.i != head.i:
            head = head.head
            subjects = [s for c in head.children if c.dep_ in SUBJECT_DEPS for s in ctx.denotes(c)]
            subjects += [s for s in ctx.denotes(head, conj=False) if isinstance(s, int)]
            if subjects:
                break
        else:
            break
    modality = clause_modality(ctx, head) if head.pos_ in {"VERB", "AUX"} else None
    for s in subjects:
        for o in objects:
            if not isinstance(s, int):
                continue
            sc, oc = COARSE_OF[ctx.mentions[s].cls], COARSE_OF[ctx.mentions[o].cls]
            if sc == oc and sc in {"Organisation", "AIModel"}:
                ctx.emit(found, "competition_word", s, o, modality)


def adjacent_issuer_relations(ctx, sent: Span, found: list) -> None:
    """Headlines parse badly, but "Commerce Implements New Export Controls" and "BIS Unveils
    Chip Rules" still read: an issuer, a verb of issuing, a policy, side by side."""
    issue_lemmas = ctx.words.issue_lemmas
    for index in ctx.in_sentence.get(sent.start, ()):
        m = ctx.mentions[index]
        if COARSE_OF[m.cls] not in {"Organisation", "Place"}:
            continue
        j = m.end
        if j >= sent.end:
            continue
        verb = ctx.doc[j]
        lemma = verb.lemma_.lower() if verb.lemma_.lower() in issue_lemmas else verb.lower_.rstrip("s")
        if lemma not in issue_lemmas:
            continue
        k = j + 1
        while k < sent.end and k not in ctx.inside and (
                ctx.doc[k].pos_ in {"ADJ", "DET"} or ctx.doc[k].lower_ in {"new", "tougher", "more"}):
            k += 1
        if k in ctx.inside:
            policy = max(ctx.inside[k], key=lambda p: ctx.mentions[p].end - ctx.mentions[p].start)
            if ctx.mentions[policy].cls == "Policy":
                ctx.emit(found, "issuer_verb_policy", policy, index, clause_modality(ctx, verb))


def headquarters_relations(ctx, token: Token, found: list) -> None:
    """Where an organisation's head office is, it is based: "a company with headquarters in
    Dresden", "Zentek's headquarters are in Dresden", "it has its headquarters in Dresden",
    "moved its headquarters to Dresden", "Zentek, whose headquarters is in Dresden"."""
    if token.lower_ not in ctx.words.seat_nouns or token.pos_ not in {"NOUN", "PROPN"}:
        return
    nouns = [token, *token.conjuncts]  # "headquarters and main operations located in"
    heads = nouns + [c for n in nouns for c in n.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    owners: list[int | str] = []
    for child in token.children:
        if child.dep_ == "poss":
            if child.lower_ == "whose" and token.head.dep_ == "relcl":
                owners += ctx.denotes(token.head.head, conj=False)
            else:
                owners += ctx.denotes(child, conj=False)
    verb = token.head
    if token.dep_ in SUBJECT_DEPS and verb.lemma_ in {"be", "remain", "lie"}:
        heads.append(verb)  # "its headquarters are in Dresden"
    elif token.dep_ == "dobj" and verb.pos_ in {"VERB", "AUX"}:
        heads.append(verb)  # "has its headquarters in", "moved its headquarters to"
        if not owners:
            owners += [o for s in verb.children if s.dep_ in SUBJECT_DEPS for o in ctx.denotes(s)]
    elif token.dep_ == "pobj" and verb.lower_ == "with" and not owners:
        # "a company with headquarters in"; "X is the largest foundry, and its country's largest
        # company, with headquarters in": up the description to what it describes.
        noun = verb.head
        while noun.dep_ in {"conj", "appos"} and noun.pos_ == "NOUN" and noun.i not in ctx.inside:
            noun = noun.head
        owners += ctx.denotes(noun, conj=False)
    places = [p for h in heads for p in ctx.prep_objects(h, {"in", "at", "to"})
              if COARSE_OF[ctx.mentions[p].cls] == "Place"]
    modality = clause_modality(ctx, verb) if verb.pos_ in {"VERB", "AUX"} else None
    for owner in dict.fromkeys(owners):
        if isinstance(owner, int) and COARSE_OF[ctx.mentions[owner].cls] == "Organisation":
            for place in dict.fromkeys(places):
                ctx.emit(found, "headquarters_in", owner, place, modality)
