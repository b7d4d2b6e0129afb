"""Policies without a proper name: noun phrases such as "US export controls", "the US embargo",
"export sanctions", with the mention that issues them."""
from __future__ import annotations

from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from kg.extract.acronyms import defined_acronym, spread_acronyms
from kg.extract.mention import GUESSED, Mention
from kg.extract.policy_frames import complement_end
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import clean_text, headline_case, tokens_where
from kg.records import COARSE_OF


def add_policies(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """Noun phrases that name a policy without a proper name: "US export controls",
    "the US embargo", "export sanctions". The issuer inside the phrase stays its own mention."""
    by_token = {}
    for index, mention in enumerate(mentions):
        for i in range(mention.start, mention.end):
            by_token[i] = index
    added = []
    for token in tokens_where(doc, LOWER, vocab.policy_heads):
        if token.lower_ not in vocab.policy_heads or token.pos_ not in {"NOUN", "PROPN"}:
            continue
        if token.i in by_token:
            continue
        if token.dep_ == "compound" and token.head.i in by_token and mentions[by_token[token.head.i]].cls == "Policy":
            continue  # "its export control Entity List": the kind of a named policy, no policy of its own
        modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nmod", "poss"}]
        has_kind = any(m.lower_ in vocab.policy_modifiers for m in modifiers)
        # "the H20 restrictions": a policy named by the chip it restricts is a policy of its own.
        chip = next((mentions[by_token[m.i]] for m in modifiers if m.dep_ in {"compound", "nmod", "amod"}
                     and m.i in by_token and mentions[by_token[m.i]].cls == "Chip"), None) if not has_kind else None
        issuer_index = None
        for m in modifiers + _change_modifiers(token, vocab):
            index = by_token.get(m.i)
            if index is not None and issuer_index is None and mentions[index].cls in {"Country", "GovernmentBody", "Place"} | (
                    {"Organisation"} if m.dep_ == "poss" and m.head.i == token.i else set()):
                issuer_index = (mentions[index].start, mentions[index].end)
        if not has_kind and issuer_index is None and chip is None:
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
        if inner and any(mentions[j].cls not in {"Country", "Place", "GovernmentBody", "Organisation", "Company"}
                         and mentions[j] is not chip for j in inner):
            continue
        text = clean_text(span.text)
        # "the United States' restriction on sales": the text may name it with what it is on.
        end = complement_end(doc, token, mentions)
        surface = (text, clean_text(doc[span.start:end].text)) if end > token.i + 1 else (text,)
        extra = {"kind": f"{chip.text} {token.lower_}"} if chip is not None else {}
        added.append(Mention(span.start, span.end, text, "Policy", "policy", None,
                             surface=surface, issuer=issuer_index, extra=extra))
    return mentions + added


def _change_modifiers(head: Token, vocab: Vocabulary) -> list[Token]:
    """"the latest U.S. expansion of export controls": who changes a policy is its issuer."""
    change = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "of" else None
    if change is None or change.lemma_.lower() not in vocab.lexicon["policy_change_nouns"]:
        return []
    return [c for c in change.lefts if c.dep_ in {"compound", "nmod", "poss"}]


def named_policies(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """Capitalised names whose last word says they are policies: "Temporary General License",
    "Commerce Control List", "International Emergency Economic Powers Act", "Data Center
    Validated End User Authorization". Such a name is a policy whatever the recogniser guessed;
    a known organisation or place inside it stays its own mention ("Commerce"), a guess inside
    it goes. A gazetteer policy with a known issuer in front is left as it is ("BIS Entity
    List"). An acronym the text defines for the name in brackets names the same policy, and
    every mention of it is a policy ("the TGL")."""
    out = list(mentions)
    acronyms: dict[str, str] = {}
    for token in tokens_where(doc, LOWER, vocab.policy_head_words):
        span = _policy_name(doc, token, vocab)
        if span is None:
            continue
        start, end = span
        inner = [m for m in out if m.start < end and start < m.end]
        if any(m.start < start or m.end > end for m in inner if m.source not in GUESSED):
            continue  # part of a longer name that a rule or the gazetteer found
        known = [m for m in inner if m.source not in GUESSED and m.start >= start and m.end <= end]
        if any(COARSE_OF[m.cls] not in {"Policy", "Organisation", "Place"} for m in known) \
                or (doc[end - 1].is_lower and known):
            continue  # "the R1 AI programme": a model's programme is no policy's name
        policy = next((m for m in known if m.cls == "Policy" and (m.end == end or m.start == start)), None)
        if policy is not None and (policy.start == start or any(
                COARSE_OF[m.cls] != "Policy" for m in known if m.end <= policy.start)):
            continue  # "Entity List", "BIS Entity List", "Made in China 2025 plan": the gazetteer's policy stands
        keep = [m for m in known if COARSE_OF[m.cls] != "Policy" and m.end <= end]
        out = [m for m in out if m not in inner or m in keep]
        text = clean_text(doc[start:end].text)
        out.append(Mention(start, end, text, "Policy", "policy:named", None))
        short = defined_acronym(doc, end)
        if short:
            acronyms[short] = "Policy"
    # "the TGL": the defined acronym names the policy wherever it stands.
    return spread_acronyms(doc, out, acronyms, "policy:named")


def _policy_name(doc: Doc, head: Token, vocab: Vocabulary) -> tuple[int, int] | None:
    """The token span of the capitalised policy name that ``head`` ends, or None: two or more
    words, each capitalised (an acronym, or a hyphen or "and" between capitalised words), in a
    sentence that is not a headline; a lower-case head ("Validated End User authorization")
    needs two capitalised words before it."""
    lower = head.is_lower
    word = head.text if not lower else head.text.title()
    if word not in vocab.policy_name_heads and word not in vocab.policy_list_heads:
        return None
    if not lower and not head.is_title:
        return None
    if head.i + 1 < len(doc) and doc[head.i + 1].is_title and doc[head.i + 1].pos_ == "PROPN" \
            and "\n" not in head.whitespace_:
        return None  # "the Entity List Review Committee": the name goes on
    if headline_case(head.sent):
        return None
    start = head.i
    sent_start = head.sent.start
    while start > sent_start:
        prev = doc[start - 1]
        if "\n" in prev.whitespace_:
            break
        if _name_word(prev):
            start -= 1
        elif prev.text in {"-", "and"} and start - 2 >= sent_start and _name_word(doc[start - 2]) \
                and _name_word(doc[start]):
            start -= 1
        else:
            break
    while start < head.i and (doc[start].text in vocab.policy_unnaming or doc[start].text in {"-", "and"}):
        start += 1
    words = [t for t in doc[start:head.i] if t.is_alpha or t.is_upper]
    if not words or ((lower or word in vocab.policy_list_heads) and len(words) < 2):
        return None
    return start, head.i + 1


def _name_word(token: Token) -> bool:
    """A word a policy's name is made of: capitalised, an acronym, or a number after a
    capitalised word ("Section 1260H List"); not a possessive."""
    if token.text in {"'s", "’s"} or token.is_punct:
        return False
    if token.text[:1].isdigit():
        return token.i > 0 and token.nbor(-1).is_title
    return token.is_title or (token.is_upper and any(ch.isalpha() for ch in token.text))
