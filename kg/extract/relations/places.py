"""How texts place a place: "Hangzhou, Zhejiang", "a village in the district of X, within Y County,
in northern Poland", "Mitsubishi Electric (Japan)", "McGill University in Montreal". Lists of
places ("Beijing, Shanghai and Shenzhen") nest nothing."""
from __future__ import annotations

from spacy.tokens import Span

from kg.extract.mention import Mention
from kg.extract.words import DIRECTIONS, defined_as
from kg.extract.relations import slots
from kg.records import COARSE_OF


def is_pair_list(ctx, i: int, sent: Span) -> bool:
    """After "and": another "City, Region" pair, so the list is of pairs ("Los Angeles,
    California and Detroit, Michigan")."""
    after = ctx.after_comma(ctx.smallest(i), sent)
    return after is not None and COARSE_OF[ctx.mentions[after].cls] == "Place"


def place_list_goes_on(ctx, place: int, sent: Span, by_start: dict[int, int], before: int = 0) -> bool:
    """The place after "X," is one item of a list: "X, Y and Z", "Xiamen, Suzhou, Wuxi,
    Fuzhou and Wuhan", "Nagoya, Shizuoka, and other cities". ``before`` counts the places
    listed before X ("Shizuoka, Aichi, Gifu and Mie" from Aichi)."""
    doc = ctx.doc
    first, j, items = ctx.mentions[place], ctx.mentions[place].end, 2 + before
    while True:
        k = j
        while k < sent.end and doc[k].text == ",":
            k += 1
        if k >= sent.end:
            return False
        if doc[k].lower_ in {"and", "or"}:
            if k + 1 < sent.end and doc[k + 1].lower_ in {"other", "others", "many", "several"}:
                return True
            if (k + 1) not in ctx.inside or COARSE_OF[ctx.mentions[ctx.smallest(k + 1)].cls] != "Place":
                # "Aichi, Gifu, and Mie", "Shizuoka, Aichi, Gifu and Mie": a comma before "and",
                # or three places before it, close a list with a name the recogniser missed or
                # took for a person's (not a company's: "Hangzhou, China, and Nvidia").
                named = k + 1 < sent.end and doc[k + 1].is_title and (
                    (k + 1) not in ctx.inside or COARSE_OF[ctx.mentions[ctx.smallest(k + 1)].cls] == "Person")
                return named and (k > j or items >= 3)
            return items >= 3 or (first.cls != "Country" and not is_pair_list(ctx, k + 1, sent))
        if k > j and k in by_start:
            items += 1
            j = ctx.mentions[by_start[k]].end
            continue
        return False


def near_place(ctx, near: int, m: Mention, region: int, found: list) -> None:
    """"The dam is located near Dublin, Ohio", "Meramec State Park, located near Sullivan,
    Missouri": a place near a town lies in the region that holds the town."""
    if m.start == 0 or ctx.doc[m.start - 1].lower_ != "near":
        return
    head = ctx.doc[m.start - 1].head
    if head.i in ctx.inside:
        places = [ctx.smallest(head.i)]
    elif head.lemma_ in ctx.words.locating_verbs:
        places = [o for subject in slots.subjects(ctx, head) for o in ctx.denotes(subject) if isinstance(o, int)]
    else:
        return
    for place in places:
        pm = ctx.mentions[place]
        if COARSE_OF[pm.cls] == "Place" and pm.cls != "Country" and place not in {near, region}:
            ctx.emit(found, "near_place_region", place, region)


def determined(ctx, i: int) -> bool:
    """The word at ``i`` has "the" before it, perhaps across "far": "the far north"."""
    k = i - 1
    while k >= 0 and ctx.doc[k].lower_ in {"far", "extreme", "very"}:
        k -= 1
    return k >= 0 and ctx.doc[k].lower_ == "the"


def places_before(ctx, m: Mention, sent: Span, by_end: dict[int, int]) -> int:
    """How many places run before ``m``, each followed by a comma: 1 for "Shizuoka, Aichi"."""
    count, start = 0, m.start
    while start - 1 > sent.start and ctx.doc[start - 1].text == "," and (start - 1) in by_end:
        start = ctx.mentions[by_end[start - 1]].start
        count += 1
    return count


def listed_before(ctx, place: int, sent: Span) -> bool:
    """"in Beijing, in Shanghai and in Shenzhen" lists places; it does not nest them."""
    doc = ctx.doc
    k = ctx.mentions[place].end
    while k < sent.end and doc[k].text == ",":
        k += 1
    return k < sent.end and doc[k].lower_ in {"and", "or"} and any(
        x in ctx.inside and COARSE_OF[ctx.mentions[ctx.smallest(x)].cls] == "Place"
        for x in range(k + 1, min(k + 3, sent.end)))


def locative_chain(ctx, sent: Span, places: list, found: list) -> None:
    """How encyclopedias place a place: "Zabiele is a village in the district of Gmina Wielbark,
    within Szczytno County, in northern Poland"; "Leonessa is a town in the northeastern part
    of the Province of Rieti in the Lazio region of central Italy". Each place on the chain is
    in the next one; the words between may only be links ("in", "within", a place noun and
    "of"), articles, adjectives and place nouns. "the U.S. state of Oregon" puts Oregon in the
    United States."""
    doc = ctx.doc
    for index, m in places:
        if m.cls == "Country":
            continue
        start, described = m.end, False
        noun = defined_as(doc, m.end, sent.end)
        if noun is not None and noun.lemma_.lower() in ctx.words.place_nouns:
            start, described = noun.i + 1, True
        target, linked, j = None, False, start
        listed = plural = False
        while j < sent.end and j - start <= 16:
            t = doc[j]
            if j in ctx.inside:
                other = ctx.smallest(j)
                om = ctx.mentions[other]
                if COARSE_OF[om.cls] != "Place":
                    break
                # "the Coconino, Kaibab and Prescott national forests in Arizona": the places
                # listed before a plural place noun share what follows it.
                if not linked and not described and om.cls != "Country" and \
                        all(doc[k].text in {",", "and", "or"} for k in range(start, j)) and j > start:
                    listed, start, j = True, om.end, om.end
                    continue
                # "the U.S. state of Oregon": a country naming the kind of the place that follows.
                if om.cls == "Country" and om.end + 1 < sent.end and \
                        doc[om.end].lemma_.lower() in ctx.words.kind_nouns and doc[om.end + 1].lower_ == "of":
                    j = om.end
                    continue
                target = other
                break
            lower = t.lower_
            if lower in ctx.words.chain_links:
                linked = True
            elif lower == "of" and j > start and doc[j - 1].lemma_.lower() in ctx.words.chain_nouns:
                # "in the north of Italy" is inside it; ", north of Rügen" is outside
                if doc[j - 1].lower_ in DIRECTIONS and not determined(ctx, j - 1):
                    break
                linked = True
            elif lower in {"the", "a", "an", ",", "far"} or lower in ctx.words.region_words or t.pos_ == "ADJ":
                pass
            elif lower in {"and", "or"} and not linked and (j + 1) in ctx.inside:
                pass  # a list of places goes on
            elif t.lemma_.lower() in ctx.words.chain_nouns:
                plural = plural or t.tag_ in {"NNS", "NNPS"}
            elif described and not linked and t.pos_ in {"NOUN", "CCONJ"}:
                pass  # "a town and comune in"
            else:
                break
            j += 1
        if target is None or not linked or target == index or (listed and not plural):
            continue
        if listed_before(ctx, target, sent):
            continue
        ctx.emit(found, "locative_chain", index, target)
    for index, m in places:
        if m.cls != "Country" or m.end + 2 >= sent.end:
            continue
        noun, of = doc[m.end], doc[m.end + 1]
        if noun.lemma_.lower() in ctx.words.kind_nouns and of.lower_ == "of" and (m.end + 2) in ctx.inside:
            other = ctx.smallest(m.end + 2)
            if COARSE_OF[ctx.mentions[other].cls] == "Place" and ctx.mentions[other].cls != "Country":
                ctx.emit(found, "country_place_noun_of", other, index)


def past_bracket(ctx, m: Mention, sent: Span) -> int:
    """Where the words after place ``m`` go on once a short bracket is passed: "Kristiania (now
    Oslo), Norway" goes on at the comma, for Kristiania and for the Oslo inside the bracket."""
    doc = ctx.doc
    end = m.end
    if end < sent.end and doc[end].text == ")" and m.start >= 2 and doc[m.start - 2].text == "(" \
            and doc[m.start - 1].lower_ in ctx.words.renamed:
        return end + 1
    if end < sent.end and doc[end].text == "(":
        for k in range(end + 1, min(end + 8, sent.end)):
            if doc[k].text == ")":
                return k + 1
            if doc[k].text == "(":
                break
    return end


def located_relations(ctx, sent: Span, found: list) -> None:
    """"Hangzhou, Zhejiang" and "Shanghai, China": a place, a comma, the larger place."""
    doc = ctx.doc
    places = [(i, ctx.mentions[i]) for i in ctx.in_sentence.get(sent.start, ())
              if COARSE_OF[ctx.mentions[i].cls] == "Place"]
    by_start = {m.start: i for i, m in places}
    by_end = {m.end: i for i, m in places}
    for index, m in places:
        if m.cls == "Country":
            continue
        comma = past_bracket(ctx, m, sent)
        if comma >= sent.end or doc[comma].text != ",":
            continue
        # "Barcelona, northeastern Spain"
        j = comma + 1
        while j < sent.end and j - comma <= 4 and (doc[j].lower_ in ctx.words.region_words or doc[j].lower_ in {"the", "-"}):
            j += 1
        other = by_start.get(j)
        if other is None:
            continue
        om = ctx.mentions[other]
        # A list of places ("Beijing, Shanghai and Shenzhen") says nothing about containment,
        # nor does one that the words before it open ("towns such as Addis Zemen, Debre Tabor and").
        if place_list_goes_on(ctx, other, sent, by_start, places_before(ctx, m, sent, by_end)):
            continue
        opener = doc[m.start - 1].lower_ if m.start > sent.start else ""
        if opener == "as" and not (m.start - 2 >= sent.start and doc[m.start - 2].lower_ == "such"):
            opener = ""  # "known as X, Y" names, "such as X, Y" lists
        if opener in ctx.words.list_openers and \
                om.end < sent.end and doc[om.end].lower_ in {",", "and", "or"}:
            continue
        before = doc[max(sent.start, m.start - 2): m.start]
        if any(t.lower_ in {"and", "or"} for t in before) or \
                (m.start >= 2 and doc[m.start - 1].text == "," and (m.start - 2) in ctx.inside
                 and any(COARSE_OF[ctx.mentions[k].cls] == "Place" and ctx.mentions[k].cls == "Country"
                         for k in ctx.inside[m.start - 2]) and om.cls == "Country"):
            continue
        ctx.emit(found, "place_comma_place", index, other)
        near_place(ctx, index, m, other, found)
    locative_chain(ctx, sent, places, found)
    # "Mitsubishi Electric (Japan)": a place in brackets right after an organisation's name.
    for index in ctx.in_sentence.get(sent.start, ()):
        m = ctx.mentions[index]
        if COARSE_OF[m.cls] not in {"Organisation", "Place"}:
            continue
        if m.end + 2 < sent.end and doc[m.end].text == "(" and (m.end + 1) in ctx.inside:
            other = ctx.smallest(m.end + 1)
            om = ctx.mentions[other]
            if COARSE_OF[om.cls] == "Place" and om.end < len(doc) and doc[om.end].text == ")":
                if COARSE_OF[m.cls] == "Organisation":
                    ctx.emit(found, "bracketed_place", index, other)
                elif m.cls != "Country":
                    ctx.emit(found, "place_bracketed_place", index, other)
    # "Haines High School, Alaska": an organisation, a comma, the place it is in.
    for index in ctx.in_sentence.get(sent.start, ()):
        m = ctx.mentions[index]
        if COARSE_OF[m.cls] != "Organisation" or m.end + 1 >= sent.end or doc[m.end].text != ",":
            continue
        if (m.end + 1) not in ctx.inside or (m.start >= 1 and doc[m.start - 1].text == ","):
            continue
        other = ctx.smallest(m.end + 1)
        om = ctx.mentions[other]
        if COARSE_OF[om.cls] != "Place" or om.start != m.end + 1 or listed_before(ctx, other, sent):
            continue
        # "Nvidia, China and others" is a list; the place must close the phrase.
        if om.end < sent.end and doc[om.end].text not in {",", ".", ")", ";", "(", ":", "in"}:
            continue
        ctx.emit(found, "org_comma_place", index, other)
    # "the Zhangjiang Hi-Tech Park in Shanghai", "McGill University in Montreal": a name, "in",
    # a place, side by side, whatever the parser attached "in" to.
    for index in ctx.in_sentence.get(sent.start, ()):
        m = ctx.mentions[index]
        if m.end + 1 >= sent.end:
            continue
        j = m.end + 1 if doc[m.end].text == "," else m.end
        if j >= sent.end or doc[j].lower_ != "in":
            continue
        j += 1
        # "in northern Poland", "in the southeastern United States"
        while j < sent.end and j not in ctx.inside and (doc[j].lower_ == "the" or doc[j].pos_ == "ADJ"):
            j += 1
        if j not in ctx.inside:
            continue
        nxt = doc[j]
        other = ctx.smallest(nxt.i) if nxt.i in ctx.inside else None
        if other is None or COARSE_OF[ctx.mentions[other].cls] != "Place":
            continue
        if doc[m.end].text == "," and listed_before(ctx, other, sent):
            continue
        coarse = COARSE_OF[m.cls]
        if coarse == "Place" and m.cls != "Country":
            ctx.emit(found, "place_name_in_place", index, other)
        elif coarse == "Organisation":
            ctx.emit(found, "name_in_place", index, other)
