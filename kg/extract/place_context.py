"""Places by context: a name is a place by its shape ("Cove Lake State Park", "Lake Ewauna"), by
the company it keeps in a list ("Harrogate, Hull, Scarborough and York"), by where it stands
("born in Gifu", "north of Rügen") or by the kind noun after a list ("the Coconino, Kaibab and
Prescott national forests"); and a name taken for a place that acts is an organisation."""
from __future__ import annotations

from dataclasses import replace

from spacy.attrs import IS_TITLE, TAG
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.extract.mention import GUESSED, NOT_NAMES, Mention
from kg.extract.name_kinds import is_name, organisation_class
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import DIRECTIONS, capitalised, clean_text, headline_case, hyphen_joins, tokens_where
from kg.records import COARSE_OF

_PLURAL = frozenset({"NNS"})

#: Recogniser labels of names that are no place after "born in" or "died in".
NOT_PLACES = {"EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}


def places_by_shape(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A run of capitalised words closed by a place word ("Cove Lake State Park",
    "Moravian-Silesian Region") or opened by one ("Lake Ewauna") names a place, whether or not
    the recogniser saw it. A longer name that goes on past it ("Paisley Park Studios") or holds
    an organisation's word is left alone; mentions wholly inside it give way."""
    def titled(i: int) -> bool:
        t = doc[i]
        return capitalised(t) and t.pos_ in {"PROPN", "ADJ", "NOUN"} \
            and (t.pos_ == "PROPN" or not t.is_sent_start) and "\n" not in t.whitespace_ and t.text not in vocab.titles

    spans = []
    for token in tokens_where(doc, IS_TITLE):
        if not token.is_title or token.is_sent_start or headline_case(token.sent):
            continue
        start = end = token.i
        if token.text in vocab.place_words and not (token.i + 1 < len(doc) and titled(token.i + 1)):
            # Closed by a place word: take the capitalised words before it ("State Park").
            while start > 0 and (titled(start - 1) or (doc[start - 1].text == "-" and start > 1
                                                        and titled(start - 2) and not doc[start - 1].whitespace_)):
                start -= 1
            end = token.i + 1
        elif token.text in vocab.place_prefixes and token.i + 1 < len(doc) and titled(token.i + 1):
            end = token.i + 1
            while end < len(doc) and titled(end) and doc[end].sent == token.sent:
                end += 1
        else:
            continue
        if end - start < 2 or any(doc[i].text in vocab.organisation_words for i in range(start, end)):
            continue
        if any(doc[i].text in vocab.demonyms for i in range(start, end)) and end - start == 2:
            continue  # "Canadian Province": a nationality and a word, not a name
        spans.append((start, end))
    if not spans:
        return mentions
    out = list(mentions)
    for span in filter_spans([doc[s:e] for s, e in spans]):
        start, end = span.start, span.end
        inside = [m for m in out if m.start < end and start < m.end]
        if any(m.start < start or m.end > end for m in inside):
            continue  # part of a longer name
        if any(m.start == start and m.end == end for m in inside):
            continue  # already found; typing is context_class's business
        text = clean_text(span.text)
        if not is_name(text, span, vocab):
            continue
        out = [m for m in out if m not in inside]
        out.append(Mention(start, end, text, "Place", "shape"))
    return sorted(out, key=lambda m: (m.start, -m.end))


def actors_by_verb(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A name the recogniser took for a place, known to no table, is an organisation when it
    does what organisations do (a known place doing so is its government: "China launched")."""
    out = []
    for m in mentions:
        root = doc[m.start:m.end].root
        if m.source == "ner" and m.cls == "Place" and m.text not in vocab.place_names \
                and root.dep_ == "nsubj" and root.head.lemma_ in vocab.acts:
            m = replace(m, cls=organisation_class(doc, doc[m.start:m.end], vocab))
        out.append(m)
    return out


def places_by_context(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """A name the recogniser took for a person or an organisation is a place when its list
    partners are all places ("Harrogate, Hull, Scarborough and York"), or when it is a known
    place name (the GeoNames table) used where places go: after "in", "near", "at" ("born in
    Gifu") or beside another place ("Durg, Madhya Pradesh"). A known place name the
    recogniser passed over ("the city of Stavanger") or took for a language or a people
    ("born in Tunis", "a city in Punjab, Pakistan") is a place there too."""
    place_tokens = {i for m in mentions if COARSE_OF[m.cls] == "Place" or m.text in vocab.place_names
                    for i in range(m.start, m.end)}
    mention_at = {i: m for m in mentions for i in range(m.start, m.end)}
    doc_places = {m.text for m in mentions if COARSE_OF[m.cls] == "Place"}
    out = []
    for m in mentions:
        if m.source != "ner" or COARSE_OF[m.cls] not in {"Person", "Organisation"} or m.role:
            out.append(m)
            continue
        root = doc[m.start:m.end].root
        partners = [mention_at.get(t.i) for t in root.conjuncts]
        partner_places = sum(1 for p in partners if p is not None and COARSE_OF[p.cls] == "Place")
        listed = partner_places >= 2 and partner_places == len(partners)
        known = m.text in vocab.place_names and len(m.text.split()) <= 3
        placed, locative, beside = _place_context(doc, m.start, m.end, mention_at, place_tokens, vocab)
        # "Old Bohumín", "Greater Manchester": a place's name with a word before it.
        words = m.text.split()
        rest = " ".join(words[1:])
        qualified = words[0] in vocab.place_qualifiers and (rest in doc_places or rest in vocab.place_names)
        # "McGill University" stays an organisation whatever company it keeps.
        organisation = bool(set(words) & vocab.organisation_words)
        if not organisation and (listed or placed or qualified or (known and (locative or beside or partner_places))):
            m = replace(m, cls="Place")
        out.append(m)
    return out + _unseen_places(doc, mention_at, place_tokens, vocab)


def listed_before_kind(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """"the Coconino, Kaibab and Prescott national forests", "the Rhineland-Palatinate and
    Saarland states": names listed before a plural kind noun are of that kind, whatever the
    recogniser guessed for each or if it passed one over."""
    out = list(mentions)
    for token in tokens_where(doc, TAG, _PLURAL):
        kind = vocab.type_nouns.get(token.lemma_.lower())
        if kind != "Place" or token.tag_ != "NNS" or not token.is_lower:
            continue
        ending = {m.end: n for n, m in enumerate(out)}
        taken = {i for m in out for i in range(m.start, m.end)}
        j = token.i
        while j > 0 and doc[j - 1].is_lower and doc[j - 1].pos_ == "ADJ":
            j -= 1  # "national", "federal"
        listed: list[int | Mention] = []
        while True:
            if j in ending:
                listed.append(ending[j])
                j = out[ending[j]].start
            else:
                # a name the recogniser passed over or took for a product: "Apache"
                start = j
                while start > 0 and start - 1 not in taken and doc[start - 1].is_title \
                        and doc[start - 1].pos_ == "PROPN" and j - start < 3:
                    start -= 1
                if start == j:
                    break
                listed.append(Mention(start, j, clean_text(doc[start:j].text), kind, "context"))
                j = start
            if j >= 2 and doc[j - 1].lower_ in {"and", "or"} and doc[j - 2].text == ",":
                j -= 2
            elif j >= 1 and (doc[j - 1].text == "," or doc[j - 1].lower_ in {"and", "or"}):
                j -= 1
            else:
                break
        if len(listed) < 2:
            continue
        for item in listed:
            if isinstance(item, Mention):
                out.append(item)
                continue
            m = out[item]
            if m.source in GUESSED and COARSE_OF[m.cls] != kind \
                    and not set(m.text.split()) & vocab.organisation_words:
                out[item] = replace(m, cls=kind)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _place_context(doc: Doc, start: int, end: int, mention_at: dict, place_tokens: set,
                   vocab: Vocabulary) -> tuple[bool, bool, bool]:
    """Where the words put the name: said of places only ("the town of McCarthy", "north of
    Rügen", "bordered on the west by Mirab Gojjam", "born at Luster"), after a locative preposition ("in Gifu",
    "at Luster"), or beside another place ("Durg, Madhya Pradesh")."""
    root = doc[start:end].root
    head = root.head
    placed = root.dep_ == "pobj" and end - start <= 4 and (
        head.lower_ == "of" and head.head.is_lower and head.head.i not in mention_at and (
            vocab.type_nouns.get(head.head.lemma_) == "Place" or head.head.lower_ in DIRECTIONS)
        or head.lower_ == "by" and head.head.lemma_ == "border"
        # ("died in the Holocaust", "in the Blitz": a name with an article may be an event's)
        or head.lower_ in {"in", "at"} and head.head.lemma_ in vocab.where_verbs and head.head.pos_ == "VERB"
        and doc[start - 1].lower_ != "the" and doc[start].ent_type_ not in NOT_PLACES)
    locative = placed or root.dep_ == "pobj" and head.lower_ in vocab.locative
    beside = (end + 1 < len(doc) and doc[end].text == "," and (end + 1) in place_tokens) or \
        (start >= 2 and doc[start - 1].text == "," and (start - 2) in place_tokens)
    return placed, locative, beside


def _unseen_places(doc: Doc, mention_at: dict, place_tokens: set, vocab: Vocabulary) -> list[Mention]:
    """Place names (one to three capitalised proper nouns) outside every mention: known ones in
    a place's position, any in a position that only a place can fill ("born in Hol")."""
    out = []
    i = 0
    while i < len(doc):
        t = doc[i]
        # The recogniser may take a place for a date ("in Stavanger, Norway"), never a month.
        if i in mention_at or not (t.is_title and t.pos_ == "PROPN") or t.text in vocab.calendar_words \
                or t.ent_type_ in NOT_NAMES - {"DATE", "TIME"} or t.text in vocab.titles or t.text in vocab.demonyms:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 5 and end not in mention_at and doc[end].sent == t.sent:
            if doc[end].is_title and doc[end].pos_ == "PROPN":
                end += 1
            elif hyphen_joins(doc, end):
                end += 2  # "Mecklenburg-Vorpommern"
            else:
                break
        text = doc[i:end].text
        if text.lower() not in vocab.common_nouns \
                and not (i > 0 and (doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN"
                                    or doc[i - 1].text in {"'s", "’s"} or doc[i - 1].like_num)):
            placed, locative, beside = _place_context(doc, i, end, mention_at, place_tokens, vocab)
            # an unknown name only where nothing but a place can stand: "born in Hol"
            if placed or (text in vocab.place_names and (locative or beside)):
                out.append(Mention(i, end, text, "Place", "context"))
        i = end
    return out
