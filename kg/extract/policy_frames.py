"""Policies that a text names only by their kind, made in the sentence that introduces them:
"BIS released two rules", "the Department of the Treasury issued a final rule", "China
announced restrictions on the export of gallium". The government that makes it is the verb's
subject; the relation rules read the issuer, this pass only finds the policy."""
from __future__ import annotations

import hashlib

from spacy.attrs import LOWER, POS
from spacy.tokens import Doc, Token

from kg.extract.mention import Mention
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import clean_text, tokens_where

_VERB = frozenset({"VERB"})

#: Words in front of a policy's head that belong to how the text names it ("a final rule",
#: "two rules", "new export restrictions"); articles and possessives do not.
_NAME_DEPS = {"amod", "compound", "nummod", "nmod"}


def issued_policies(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A policy noun that is the object of a verb of making policy ("issued a final rule")
    whose subject is a government body or a state is a policy of its own. Such a policy has
    no proper name, so it is one policy of this document: "the final rule" of two press
    releases are two rules (the mention carries the document's scope)."""
    inside = {i for m in mentions for i in range(m.start, m.end)}
    verbs = set(vocab.lexicon["policy_making_verbs"])
    issuers = set(vocab.lexicon["issuer_classes"])
    scope = None
    added = []
    for token in tokens_where(doc, LOWER, vocab.policy_heads):
        if token.lower_ not in vocab.policy_heads or token.pos_ != "NOUN" or token.i in inside:
            continue
        if token.dep_ != "dobj" or token.head.lemma_.lower() not in verbs:
            continue
        if not _made_by_government(token.head, mentions, issuers):
            continue
        if _refers_back(token, vocab):
            # "the U.S. ordered the ban": the regime already in play, the issuer's own.
            issuer = _government(token.head, mentions, issuers, vocab)
            if issuer is not None:
                added.append(Mention(token.i, token.i + 1, token.text, "Policy", "policy", None,
                                     issuer=(issuer.start, issuer.end)))
            continue
        start = token.i
        while start > 0 and doc[start - 1].head.i == token.i and doc[start - 1].dep_ in _NAME_DEPS \
                and doc[start - 1].i not in inside:
            start -= 1
        end = complement_end(doc, token, mentions)
        scope = scope or hashlib.sha1(doc.text.encode("utf-8")).hexdigest()[:10]
        text = clean_text(doc[start:end].text)
        # Shorter forms the text goes on to use: "the tariff" for "a higher tariff on Chinese goods".
        surface = tuple(dict.fromkeys(clean_text(t) for t in (doc[start:token.i + 1].text, token.text)
                                      if clean_text(t) != text))
        added.append(Mention(start, end, text, "Policy", "policy:issued", None, surface=surface,
                             extra={"scope": scope}))
    return mentions + added


def _refers_back(head: Token, vocab: Vocabulary) -> bool:
    """"the ban", "the restrictions": a regime's head with nothing in front but "the"."""
    lefts = list(head.lefts)
    return head.lower_ in vocab.lexicon["regime_heads"] and len(lefts) == 1 and lefts[0].lower_ == "the"


def event_policies(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A policy the sentence describes by what a government does, without naming it:
    "Washington restricted exports of H100 chips to China", "U.S. officials banned sales of the
    A100", "an order from the Commerce Department to block shipments of its chips to Russia". The
    verb is the policy's mention, its issuer the government; it joins the document's policy of
    that issuer (resolve.py groups unnamed policies by issuer and kind). What it restricts and
    targets the rules read from the verb (``path: trigger``)."""
    verbs = set(vocab.lexicon["policy_event_verbs"])
    trade = set(vocab.lexicon["trade_nouns"])
    issuers = set(vocab.lexicon["issuer_classes"])
    blockers = set(vocab.lexicon["modal_auxiliaries"]) | set(vocab.lexicon["negations"])
    chips = {i for m in mentions if m.cls == "Chip" for i in range(m.start, m.end)}
    chip_nouns = set(vocab.lexicon["class_nouns"]["Chip"])
    inside = {i for m in mentions for i in range(m.start, m.end)}
    added = []
    for verb in tokens_where(doc, POS, _VERB):
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in verbs or verb.i in inside:
            continue
        if any(c.lower_ in blockers and c.dep_ in {"aux", "neg"} for c in verb.children):
            continue  # "Washington may restrict exports": no policy yet
        # What is restricted is chips: "exports of H100 chips", "sales of advanced semiconductors",
        # "the A100"; an export ban on lithography machines is a policy the texts do not describe so.
        objects = [c for c in verb.children if c.dep_ == "dobj"
                   and (c.lemma_.lower() in trade or c.i in chips or c.lower_ in chip_nouns)]
        if any(c.dep_ == "dobj" for c in verb.children):  # "barred Nvidia from selling H20 chips"
            objects += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "from"
                        for clause in p.children if clause.dep_ == "pcomp"
                        for o in clause.children if o.dep_ == "dobj"]
        if not any(t.i in chips or t.lower_ in chip_nouns for o in objects for t in o.subtree):
            continue
        issuer = _government(verb, mentions, issuers, vocab) or _ordering_body(verb, mentions, issuers)
        if issuer is None:
            continue
        added.append(Mention(verb.i, verb.i + 1, vocab.lexicon["policy"]["kind_name"], "Policy", "policy",
                             None, issuer=(issuer.start, issuer.end), extra={"event": True}))
    return mentions + added


def _ordering_body(verb: Token, mentions: list[Mention], issuers: set[str]) -> Mention | None:
    """"an order from the Commerce Department to block shipments": the body a directive comes from."""
    noun = verb.head
    if verb.dep_ not in {"acl", "relcl"} or noun.pos_ != "NOUN":
        return None
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in {"from", "by"}:
            for pobj in prep.children:
                found = _mention_of({pobj.i} | {c.i for c in pobj.children if c.dep_ == "compound"}, mentions)
                if found is not None and found.cls in issuers:
                    return found
    return None


def _government(verb: Token, mentions: list[Mention], issuers: set[str], vocab: Vocabulary) -> Mention | None:
    """The government that is the verb's subject: "Washington", "BIS", "U.S. officials", "the
    Chinese authorities" (a state actor noun after a state or a government body)."""
    actors = set(vocab.lexicon["state_actor_nouns"])
    for subject in verb.children:
        if subject.dep_ != "nsubj":
            continue
        own = _mention_of({subject.i}, mentions)
        if own is not None:
            return own if own.cls in issuers else None
        if subject.lower_ not in actors:
            continue
        words = {c.i for c in subject.children if c.dep_ in {"compound", "poss", "amod", "nmod"}}
        found = _mention_of(words, mentions)
        if found is not None and found.cls in issuers:
            return found
    return None


def _mention_of(words: set[int], mentions: list[Mention]) -> Mention | None:
    return next((m for m in mentions if any(m.start <= i < m.end for i in words)), None)


def complement_end(doc: Doc, head: Token, mentions: list[Mention]) -> int:
    """Where the policy's name ends: after what it is on, when that names no one ("restrictions
    on the export of gallium", "a tariff on Chinese goods"); a named target ("controls on
    Huawei") is read as a relation instead."""
    end = head.i + 1
    # The parse may hang "on ..." on the verb: "imposed a tariff on Chinese goods".
    after = [c for c in head.head.children if c.i == head.right_edge.i + 1]
    for prep in [*head.rights, *after]:
        if prep.dep_ != "prep" or prep.lower_ not in {"on", "against"}:
            continue
        words = []
        for word in prep.subtree:  # up to a comma: "..., a response to"
            if word.is_punct and word.text != "-":
                break
            words.append(word)
        named = [m for m in mentions if m.start <= words[-1].i and m.end > words[0].i]
        if any(w.ent_type_ in {"DATE", "TIME"} for w in words):
            break  # "issued a rule on Monday"
        if len(words) <= 12 and all(m.cls == "Country" and m.end - m.start == 1 and doc[m.start].pos_ == "ADJ"
                                    for m in named):
            end = words[-1].i + 1
        break
    return end


def _made_by_government(verb: Token, mentions: list[Mention], issuers: set[str]) -> bool:
    """Whether the verb's subject is, or is named by, a government body or a state: "BIS",
    "the U.S.", "the Trump administration" (a state's or a leader's administration)."""
    for subject in verb.children:
        if subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        words = {subject.i} | {c.i for c in subject.children if c.dep_ in {"compound", "poss", "appos"}}
        for m in mentions:
            if any(m.start <= i < m.end for i in words):
                if m.cls in issuers or subject.lower_ in {"administration", "government"}:
                    return True
    return False
