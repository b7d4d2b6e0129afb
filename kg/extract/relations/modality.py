"""How real a statement is: negated ("did not use"), hypothetical ("may restrict") or proposed
("urged controls on"). Such facts are kept as evidence only, never asserted."""
from __future__ import annotations

from spacy.tokens import Token


def clause_modality(ctx, verb: Token) -> str | None:
    token, steps = verb, 0
    while steps < 6:
        for child in token.children:
            if child.dep_ == "neg" or (child.lower_ in ctx.words.negations and child.dep_ in {"neg", "advmod", "det"}):
                return "negated"
            if child.dep_ == "aux" and child.lower_ in ctx.words.modals:
                return "hypothetical"
            if child.dep_ == "mark" and child.lower_ in {"if", "whether", "unless"}:
                return "hypothetical"
        if token is not verb and token.lemma_.lower() in ctx.words.blockers:
            return "proposed"
        if token.dep_ in {"xcomp", "ccomp", "advcl", "conj"} and token.head.i != token.i:
            token = token.head
            steps += 1
            continue
        break
    return None


def phrase_modality(ctx, token: Token) -> str | None:
    """A noun phrase is only as real as the clause it sits in: "lawmakers urged export controls
    on the H20" proposes them, "the US may impose controls" is hypothetical."""
    verb = token
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    if verb.lemma_.lower() in ctx.words.blockers:
        return "proposed"
    return clause_modality(ctx, verb)
