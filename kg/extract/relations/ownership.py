"""Parts of an organisation named next to it: "the Bureau of X (BX) of the Department of Y",
"the Department of Y, Bureau of X", "Office of Z, Bureau of X, Department of Y" (an address line).
The part's name opens with a unit word (data/lexicon/unit_ranks.json) that ranks below the
whole's; a comma list with "and"/"or" is a list of peers, not a chain of parts."""
from __future__ import annotations

from spacy.tokens import Token

from kg.extract.mention import Mention
from kg.extract.relations.modality import phrase_modality
from kg.extract.relations.slots import is_passive, subjects
from kg.records import COARSE_OF

RANKS = ("low", "middle", "top")
COORDINATORS = {"and", "or", "&", "nor"}


def unit_rank(ctx, m: Mention) -> int | None:
    """How high a named part stands, from the first word of its name ("U.S." and "the" skipped)."""
    ranks = ctx.words.lexicon.get("unit_ranks", {})
    for token in ctx.doc[m.start:min(m.end, m.start + 3)]:
        word = token.lower_
        for level, name in enumerate(RANKS):
            if word in ranks.get(name, ()):
                return level
        if token.is_title and word not in {"the"} and not token.text.replace(".", "").isupper():
            return None
    return None


def _skip_acronym(doc, j: int, end: int) -> int:
    """Past a bracketed short name right after a name: "Bureau of Industry and Security (BIS)"."""
    if j < end and doc[j].text == "(":
        for k in range(j + 1, min(j + 5, end)):
            if doc[k].text == ")":
                return k + 1
    return j


def _mention_starting(ctx, i: int) -> int | None:
    for index in ctx.inside.get(i, ()):
        if ctx.mentions[index].start == i and COARSE_OF[ctx.mentions[index].cls] == "Organisation":
            return index
    return None


def unit_relations(ctx, index: int, m: Mention, sent, found: list) -> None:
    """What stands right after an organisation's name, when that name is a unit's."""
    rank = unit_rank(ctx, m)
    if rank is None:
        return
    doc = ctx.doc
    j = _skip_acronym(doc, m.end, sent.end)
    if j >= sent.end:
        return
    # "the Bureau of Industry and Security (BIS) of the U.S. Department of Commerce"
    if doc[j].lower_ == "of":
        k = j + 1
        if k < sent.end and doc[k].lower_ == "the":
            k += 1
        other = _mention_starting(ctx, k)
        if other is not None:
            o_rank = unit_rank(ctx, ctx.mentions[other])
            if o_rank is None or o_rank > rank:
                ctx.emit(found, "unit_of_parent", index, other)
        return
    # A comma chain: "Office of Z, Bureau of X, Department of Y" or "the Department of Y, Bureau of X".
    if doc[j].text != "," or _in_list(ctx, sent, m.start):
        return
    k = j + 1
    if k < sent.end and doc[k].lower_ == "the":
        k += 1
    other = _mention_starting(ctx, k)
    if other is None:
        return
    o_rank = unit_rank(ctx, ctx.mentions[other])
    if o_rank is None or o_rank == rank:
        return
    if o_rank > rank:
        ctx.emit(found, "unit_chain", index, other)
    else:
        ctx.emit(found, "unit_chain", other, index)


def _in_list(ctx, sent, start: int) -> bool:
    """A comma run with a coordinator in it ("BIS, the Office of ..., and the Department of ...")
    lists peers. The run is read from the sentence's commas around ``start``."""
    doc = ctx.doc
    lo, hi = start, start
    # the stretch of the sentence between clause words: stop at verbs, which end a name list
    while lo > sent.start and doc[lo - 1].pos_ not in {"VERB", "AUX"}:
        lo -= 1
    while hi < sent.end and doc[hi].pos_ not in {"VERB", "AUX"}:
        hi += 1
    return any(doc[i].lower_ in COORDINATORS and i not in ctx.inside for i in range(lo, hi))


def joint_venture_relations(ctx, index: int, m: Mention, found: list) -> None:
    """The parties own a joint venture: "A and B formed a joint venture, X", "X, a joint venture
    between A and B", "X is a joint venture of A and B", "A formed two joint ventures with B: X and Y"."""
    words = ctx.words.lexicon.get("joint_venture_words", {})
    nouns, verbs = set(words.get("nouns", ())), set(words.get("forming_verbs", ()))
    anchor = ctx.anchors[index]
    first = anchor
    while first.dep_ == "conj" and first.head.i != first.i and first.head.i in ctx.inside:
        first = first.head  # "two joint ventures, X and Y": Y hangs on X
    group = list(ctx.group(index))
    if first is not anchor:
        group += [c for c in first.children if c.dep_ == "appos"] + [first.head] * (first.dep_ == "appos")
    if first.dep_ == "conj" and first.head.i not in ctx.inside:
        group.append(first.head)  # "formed two joint ventures, X and Y" parsed as a list of three
    ventures = [n for n in group if n.lemma_.lower() in nouns and
                (n.lower_ != "venture" and n.lemma_.lower() != "venture" or any(c.lower_ == "joint" for c in n.children))]
    parties: list = []
    for noun in dict.fromkeys(ventures):
        parties += [o for o in ctx.prep_objects(noun, {"between", "of", "with"})]
        verb = noun.head
        if noun.dep_ == "dobj" and verb.lemma_.lower() in verbs:
            parties += [o for s in subjects(ctx, verb) for o in ctx.denotes(s)]
            parties += [o for p in verb.children if p.dep_ == "prep" and p.lower_ == "with"
                        for t in p.children if t.dep_ == "pobj" for o in ctx.denotes(t)]
        mood = phrase_modality(ctx, noun)
        for party in dict.fromkeys(parties):
            if isinstance(party, int) and party != index and COARSE_OF[ctx.mentions[party].cls] == "Organisation":
                ctx.emit(found, "joint_venture_party", index, party, mood)


def referred_part_relations(ctx, index: int, m: Mention, found: list) -> None:
    """"The company was formerly a subsidiary of Y": the part is named by a pronoun or a noun
    that refers back ("it", "the company"), which the mention-led reading of "X, a subsidiary of
    Y" cannot see. Read from the owner's side: Y after "<part noun> of" as the subject's attribute.
    An owner noun also takes "in" or "to" ("A is a major shareholder in X", "a shareholder and
    supplier to X"), which the mention-led reading does not, so there a named subject counts too."""
    anchor = ctx.anchors[index]
    prep = anchor.head
    if anchor.dep_ != "pobj":
        # "a subsidiary of state-owned enterprise Tsinghua Unigroup": the name after a kind noun
        if anchor.dep_ in {"appos", "compound"} and anchor.head.dep_ == "pobj" and anchor.head.i not in ctx.inside:
            prep = anchor.head.head
        else:
            return
    if prep.dep_ != "prep" or prep.lower_ not in {"of", "in", "to"}:
        return
    noun = prep.head
    lemma = noun.lemma_.lower()
    child, parent = lemma in ctx.words.child_nouns, lemma in ctx.words.parent_nouns
    if prep.lower_ != "of" and not parent:
        return
    if not (child or parent) or noun.dep_ != "attr" or noun.i in ctx.inside:
        return
    verb = noun.head
    for subject in subjects(ctx, verb):
        if subject.i in ctx.inside and prep.lower_ == "of":
            continue  # a name: the mention-led reading has it
        for other in ctx.denotes(subject):
            if isinstance(other, int) and other != index and COARSE_OF[ctx.mentions[other].cls] == "Organisation":
                if child:
                    ctx.emit(found, "referred_part_of", other, index, phrase_modality(ctx, noun))
                else:
                    ctx.emit(found, "referred_part_of", index, other, phrase_modality(ctx, noun))


def stake_relations(ctx, index: int, m: Mention, found: list) -> None:
    """"A holds a 30% stake in X", "A took a minority stake in X", "A's stake in X": the holder
    owns part of X. "A sold its stake in X" says it no longer does."""
    words = ctx.words.lexicon.get("stake_words", {})
    anchor = ctx.anchors[index]
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ not in {"in", "of"}:
        return
    noun = prep.head
    stakes = set(words.get("nouns", ()))
    if noun.pos_ == "VERB":  # "took stakes in X": the parse hung "in" on the verb
        noun = next((c for c in noun.children if c.dep_ == "dobj" and c.lemma_.lower() in stakes), noun)
    if noun.lemma_.lower() not in stakes or noun.i in ctx.inside:
        return
    holders = [o for c in noun.children if c.dep_ == "poss" for o in ctx.denotes(c, conj=False)]
    verb = noun.head
    if noun.dep_ == "dobj" and verb.pos_ == "VERB":
        if verb.lemma_.lower() in set(words.get("letting_go", ())):
            return
        holders += [o for s in subjects(ctx, verb) for o in ctx.denotes(s)]
    for holder in dict.fromkeys(holders):
        if isinstance(holder, int) and holder != index and COARSE_OF[ctx.mentions[holder].cls] == "Organisation":
            ctx.emit(found, "stake_in", index, holder, phrase_modality(ctx, noun))


def funding_relations(ctx, index: int, m: Mention, found: list) -> None:
    """Funded by: "X received funding from A", "X raised $1 billion in investment from A" (read
    from the funder, after "from"), "A provided X with a $1 billion investment" (from the funder
    as subject). Seeking or asking for money is not having it: only the verbs of the lexicon."""
    words = ctx.words.lexicon.get("funding_words", {})
    money = set(words.get("nouns", ()))
    anchor = ctx.anchors[index]

    def org(k):
        return isinstance(k, int) and k != index and COARSE_OF[ctx.mentions[k].cls] == "Organisation"

    while anchor.dep_ == "conj" and anchor.head.i != anchor.i:
        anchor = anchor.head  # "investments from A and B"
    if anchor.dep_ == "pobj" and anchor.head.lower_ == "from":
        noun = anchor.head.head
        if noun.pos_ == "VERB":  # "received funding from A": "from" on the verb
            verb = noun
            noun = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in money), None)
        else:
            while noun.dep_ == "pobj" and noun.head.head.lemma_.lower() not in money and noun.head.head.pos_ == "NOUN":
                noun = noun.head.head
            verb = noun.head
        if noun is not None and noun.lemma_.lower() in money:
            founded_with(ctx, index, noun, money, found)
        if noun is None or noun.lemma_.lower() not in money or verb.lemma_.lower() not in set(words.get("taking", ())):
            return
        for s in subjects(ctx, verb):
            for funded in ctx.denotes(s):
                if org(funded):
                    ctx.emit(found, "funded_by", funded, index, phrase_modality(ctx, verb))
        return
    if anchor.dep_ in {"nsubj"} and anchor.head.lemma_.lower() in set(words.get("giving", ())):
        verb = anchor.head
        given = [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"
                 for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in money]
        if not given:
            return
        for obj in verb.children:
            if obj.dep_ in {"dobj", "dative"}:
                for funded in ctx.denotes(obj):
                    if org(funded):
                        ctx.emit(found, "funded_by", funded, index, phrase_modality(ctx, verb))


def founded_with(ctx, index: int, noun: Token, money: set[str], found: list) -> None:
    """"A founded X in 2016 with a total investment of $24 billion, including investments from
    B": the money a founding came with is a funder's part of what was founded."""
    while noun.dep_ == "pobj" and noun.head.lower_ in {"including", "of"} and noun.head.head.lemma_.lower() in money:
        noun = noun.head.head
    if noun.dep_ != "pobj" or noun.head.lower_ != "with":
        return
    verb = noun.head.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in set(ctx.words.lexicon["trigger_verbs"]["founding"]):
        return
    funded = [c for c in verb.children if c.dep_ == "dobj"] if not is_passive(verb) else subjects(ctx, verb)
    for token in funded:
        for org in ctx.denotes(token):
            if isinstance(org, int) and org != index and COARSE_OF[ctx.mentions[org].cls] == "Organisation":
                ctx.emit(found, "funded_by", org, index, phrase_modality(ctx, verb))
