"""Policies without a proper name: noun phrases such as "US export controls", "the US embargo",
"export sanctions", with the mention that issues them."""
from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.mention import Mention
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import clean_text


def add_policies(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """Noun phrases that name a policy without a proper name: "US export controls",
    "the US embargo", "export sanctions". The issuer inside the phrase stays its own mention."""
    by_token = {}
    for index, mention in enumerate(mentions):
        for i in range(mention.start, mention.end):
            by_token[i] = index
    added = []
    for token in doc:
        if token.lower_ not in vocab.policy_heads or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.i in by_token:
            continue
        modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nmod", "poss"}]
        has_kind = any(m.lower_ in vocab.policy_modifiers for m in modifiers)
        issuer_index = None
        for m in modifiers:
            index = by_token.get(m.i)
            if index is not None and issuer_index is None and mentions[index].cls in {"Country", "GovernmentBody", "Place"} | (
                    {"Organisation"} if m.dep_ == "poss" else set()):
                issuer_index = (mentions[index].start, mentions[index].end)
        if not has_kind and issuer_index is None:
            continue
        if not has_kind and token.lower_ in vocab.generic_policy_heads:
            continue
        # The name is the run of modifiers right before the head: "US export controls".
        start = token.i
        while start > 0:
            prev = doc[start - 1]
            attached = prev.head.i in range(start, token.i + 1) or prev.head.i == token.i
            # Only words a policy's name is made of: kinds, issuers, adjectives ("Commerce
            # Implements New Export Controls" is a headline, not a name).
            fits = prev.lower_ in vocab.policy_modifiers or prev.i in by_token or prev.pos_ == "ADJ" \
                or prev.dep_ == "case" or prev.text == "-"
            if attached and fits and (prev.dep_ in {"compound", "amod", "nmod", "poss", "case"}
                                      or (prev.dep_ == "punct" and prev.text == "-")):
                start -= 1
            else:
                break
        while start < token.i and (doc[start].is_punct or doc[start].pos_ in {"DET", "PRON", "ADV", "NUM"}
                                   or doc[start].dep_ == "case"):
            start += 1
        # Adjectives of degree are not part of a policy's name ("strict US regulations").
        while start < token.i and doc[start].pos_ == "ADJ" and doc[start].text not in vocab.demonyms:
            start += 1
        span = doc[start:token.i + 1]
        if any(by_token.get(i) is not None and i not in
               range(mentions[by_token[i]].start, mentions[by_token[i]].end) for i in range(span.start, span.end)):
            continue
        inner = [by_token[i] for i in range(span.start, span.end) if i in by_token]
        if inner and any(mentions[j].cls not in {"Country", "Place", "GovernmentBody", "Organisation", "Company"} for j in inner):
            continue
        text = clean_text(span.text)
        surface = (text,)
        extra = {}
        added.append(Mention(span.start, span.end, text, "Policy", "policy", None,
                             surface=surface, issuer=issuer_index, extra=extra))
    return mentions + added
