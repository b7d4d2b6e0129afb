"""Names listed together are of one kind: "founded by Jensen Huang, Chris Malachowsky, and Curtis
Priem" lists three people, whatever the recogniser guessed for the last."""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc

from kg.extract.mention import GUESSED, Mention
from kg.records import COARSE_OF

#: What stands between two names of one list.
_JOINS = ([","], [",", "and"], [",", "or"], ["and"], ["or"])


def kinds_in_lists(doc: Doc, mentions: list[Mention], vocab) -> list[Mention]:
    """In a list of three or more names joined by commas and "and"/"or", where all but one are
    people, a guessed organisation or place that is shaped like a person's name (two or three
    capitalised words, no word that only organisations' names hold) is a person too."""
    order = sorted(range(len(mentions)), key=lambda n: (mentions[n].start, -mentions[n].end))
    lists: list[list[int]] = []
    for n in order:
        prev = lists[-1][-1] if lists else None
        gap = [t.lower_ for t in doc[mentions[prev].end:mentions[n].start]] if prev is not None else None
        if gap in _JOINS:
            lists[-1].append(n)
        else:
            lists.append([n])
    out = list(mentions)
    for members in lists:
        if len(members) < 3:
            continue
        people = [n for n in members if COARSE_OF[mentions[n].cls] == "Person"]
        others = [n for n in members if n not in people]
        if len(others) != 1 or len(people) < 2:
            continue
        odd = mentions[others[0]]
        if odd.source in GUESSED and _person_shaped(doc, odd, vocab):
            out[others[0]] = replace(odd, cls="Person")
    return out


def _person_shaped(doc: Doc, m: Mention, vocab) -> bool:
    words = doc[m.start:m.end]
    return (2 <= len(words) <= 3 and all(t.is_title and t.pos_ == "PROPN" for t in words)
            and not any(t.text in vocab.org_words or t.text in vocab.legal_forms for t in words))
