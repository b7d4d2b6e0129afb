"""What a name itself says: "University of Alberta" is based there, "Royal Canadian Air Force" is
Canadian, "Southern Italy" lies in Italy."""
from __future__ import annotations

from kg.extract.mention import Mention
from kg.extract.words import blended_words
from kg.records import COARSE_OF


#: Heads of a name that make "<Country> ..." the state itself: "the U.S. Government".
STATE_ITSELF = frozenset({"government", "administration"})


def name_relations(ctx, index: int, m: Mention, found: list) -> None:
    """What an organisation's own name says: "University of Alberta" and "Calgary City Council"
    are based there; "Royal Canadian Air Force" is Canadian."""
    words = m.text.split()
    doc_places = {ctx.mentions[i].text: i for i in range(len(ctx.mentions))
                  if COARSE_OF[ctx.mentions[i].cls] == "Place"}

    def place(name: str):
        if name in doc_places and doc_places[name] != index:
            return doc_places[name]
        gid = ctx.words.place_names.get(name)
        return "gaz:" + gid if gid else None

    for i, word in enumerate(words[:-1]):
        if word in {"of", "in"} and i > 0 and any(w in ctx.words.of_place_heads for w in words[:i]):
            rest = words[i + 1:]
            rest = rest[1:] if rest and rest[0] == "the" else rest
            # "University of Massachusetts Amherst": the longest place that opens the rest
            for k in range(len(rest), 0, -1):
                target = place(" ".join(rest[:k]))
                if isinstance(target, str) and " ".join(rest[:k]) not in ctx.words.country_names:
                    target = None  # "University of California": California only as the name's word
                if target is not None:
                    ctx.emit(found, "name_of_place", index, target)
                    break
            break
    for k in (3, 2, 1):
        if words[-1].lower() in STATE_ITSELF:
            break  # "the U.S. Government" is the state itself, not an organisation of it
        if " ".join(words[:k + 1]) in ctx.words.place_countries:
            break  # "Kansas City Chiefs" is not of Kansas
        if len(words) > k and any(w in ctx.words.place_org_heads for w in words[k:]):
            target = place(" ".join(words[:k]))
            # A place named only inside the name ("Idaho State University") is the name's word,
            # not a place the text speaks of; a country is always one.
            if isinstance(target, str) and " ".join(words[:k]) not in ctx.words.country_names:
                target = None
            if target is not None:
                is_country = isinstance(target, str) or ctx.mentions[target].cls == "Country"
                ctx.emit(found, "name_country_prefix" if is_country else "name_place_prefix", index, target)
                break
    if words[-1] not in ctx.words.between_words:
        pair = " ".join(words[:2])
        if pair in ctx.words.demonyms:  # "North Korean Central News Agency"
            ctx.emit(found, "name_demonym", index, "gaz:" + ctx.words.demonyms[pair])
        else:
            for i, word in enumerate(words[:2]):
                if word in ctx.words.demonyms and (i == 0 or not blended_words(words[0], word, ctx.words.lexicon)):
                    ctx.emit(found, "name_demonym", index, "gaz:" + ctx.words.demonyms[word])
                    break


def place_name_relations(ctx, index: int, m: Mention, found: list) -> None:
    """What a place's own name says of the country it lies in: "the Ethiopian Amhara Region",
    "the Russian Far East", "Southern Italy"."""
    words = m.text.split()
    doc = ctx.doc
    # "British Columbia" is a known place of its own; "the Dutch Republic" a state, not a part of one.
    if words[-1] in ctx.words.between_words | ctx.words.polity_words or m.gazetteer_id:
        return
    first = words[0] if len(words) > 1 else None
    before = doc[m.start - 1] if m.start > 0 else None
    if first in ctx.words.demonyms:
        ctx.emit(found, "place_name_demonym", index, "gaz:" + ctx.words.demonyms[first])
    elif before is not None and ctx.nation_of(before) and before.dep_ in {"amod", "compound"} \
            and before.head.i in range(m.start, m.end):
        # "the Russian Far East": the nationality just outside the recogniser's span
        ctx.emit(found, "place_name_demonym", index, "gaz:" + ctx.nation_of(before))
    elif first in ctx.words.part_words:
        gid = ctx.words.place_names.get(" ".join(words[1:]))
        if gid and " ".join(words[1:]) in ctx.words.country_names:
            ctx.emit(found, "place_name_part", index, "gaz:" + gid)
