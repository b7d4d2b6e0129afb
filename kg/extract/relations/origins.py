"""Where a person or organisation is from: "a folk singer from Malatya, Turkey", "a Norwegian club
from Fyllingsdalen, Bergen", "Hélé Béji (born 1948) is a Tunisian writer"."""
from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.mention import Mention
from kg.extract.words import after_bracket, nationality_at
from kg.records import COARSE_OF


def origin_relations(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """"Ahmet Kaya was a folk singer from Malatya, Turkey": the country a person, described by
    a noun, is from."""
    for noun in ctx.group(index)[1:]:
        if noun.lemma_.lower() not in ctx.words.person_nouns:
            continue
        for chain in from_chains(ctx, [noun], sent):
            country = next((p for p in chain[:2] if ctx.mentions[p].cls == "Country"), None)
            if country is not None:
                ctx.emit(found, "person_from_country", index, country)


def origin_places(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """"a Norwegian football club from Fyllingsdalen, Bergen", "a Canadian singer from
    Winnipeg, Manitoba": a thing of a country that comes from a place puts the place in that
    country, unless the place is known to lie in another ("an American actor from Paris")."""
    for noun in ctx.group(index)[1:]:
        heads = [noun] + [c for c in noun.conjuncts if c.pos_ == "NOUN"]
        country = next((ctx.nation_of(c) for h in heads for c in h.lefts if ctx.nation_of(c)
                        and c.dep_ in {"amod", "compound", "nmod"}), None)
        if country is None:
            continue
        for chain in from_chains(ctx, heads, sent):
            for place in chain:
                pm = ctx.mentions[place]
                if pm.cls == "Country":
                    break
                if ctx.words.place_countries.get(pm.text, country) == country:
                    ctx.emit(found, "demonym_origin_place", place, "gaz:" + country)


def from_chains(ctx, heads: list[Token], sent: Span) -> list[list[int]]:
    """The places after "from" on the nouns, each with the places that follow it after
    commas: "from Fyllingsdalen, Bergen, Hordaland", "from Malatya, Turkey"."""
    chains = []
    for place in (p for h in heads for p in ctx.prep_objects(h, {"from"})):
        chain = [place]
        while COARSE_OF[ctx.mentions[chain[-1]].cls] == "Place" and len(chain) < 5:
            nxt = ctx.after_comma(chain[-1], sent)
            if nxt is None or COARSE_OF[ctx.mentions[nxt].cls] != "Place":
                break
            chain.append(nxt)
        if COARSE_OF[ctx.mentions[place].cls] == "Place":
            chains.append(chain)
    return chains


def defined_nationality(ctx, index: int, m: Mention, sent: Span, found: list) -> None:
    """An encyclopedia's opening definition, read off the words when the parse of the
    bracket before it went wrong: "Hélé Béji (;born 1948) is a Tunisian writer", and a list
    entry: "Jung Won-yong (born 1992), South Korean swimmer"."""
    doc = ctx.doc
    i = after_bracket(doc, m.end, sent.end)
    bracketed = i > m.end
    if i < sent.end and doc[i].lower_ in {"is", "was"} and i + 1 < sent.end and doc[i + 1].lower_ in {"a", "an"}:
        i += 2
    elif bracketed and i < sent.end and doc[i].text == ",":
        i += 1  # a list of people: "Kang Won-yong (1917 – 2006), South Korean Presbyterian leader"
    else:
        return
    while i < sent.end and doc[i].lower_ in ctx.words.definition_modifiers:
        i += 1
    # "Tunisian", "South Korean": one word or two
    country, width = nationality_at(doc, i, ctx.words.demonyms, ctx.words.lexicon, sent.end - 1)
    if not width or doc[i + width].pos_ not in {"NOUN", "ADJ", "PROPN"}:
        return
    if i in ctx.inside and any(ctx.mentions[k].end > i + width for k in ctx.inside[i]):
        return  # "is a Tunisian Airlines pilot": the word opens a name
    ctx.emit(found, "defined_nationality", index, "gaz:" + country)
    # "João Silva (born 1964 in Luanda) is an Angolan sport shooter": the places of the
    # bracket (birth, death) lie in the country when the table of known places agrees; people
    # are born abroad ("born in Mediaș, Transylvania) is a German skeleton racer").
    if bracketed and COARSE_OF[m.cls] == "Person":
        for k in range(m.end, after_bracket(doc, m.end, sent.end)):
            if k not in ctx.inside or (k > m.end and (k - 1) in ctx.inside and
                                        ctx.smallest(k - 1) == ctx.smallest(k)):
                continue
            place = ctx.smallest(k)
            pm = ctx.mentions[place]
            if pm.start == k and COARSE_OF[pm.cls] == "Place" and pm.cls != "Country" \
                    and ctx.words.place_countries.get(pm.text) == country:
                ctx.emit(found, "bracket_place_nationality", place, "gaz:" + country)
