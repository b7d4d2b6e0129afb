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
