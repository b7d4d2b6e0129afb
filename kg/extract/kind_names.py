"""Names a kind noun introduces: the subject an encyclopedia defines ("Ripton is a fictitious town
in Massachusetts") and the capitalised words after or before a kind or role noun ("the band Rage
Against the Machine", "Fall Out Boy bassist Pete Wentz")."""
from __future__ import annotations

from dataclasses import replace

from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc

from kg.extract.mention import GUESSED, NOT_NAMES, Mention
from kg.extract.name_kinds import is_name, organisation_class
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import capitalised, clean_text, defined_as, headline_case, tokens_where
from kg.records import COARSE_OF


def defined_subjects(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """An encyclopedia defines what it names: "Ripton is a fictitious town in Massachusetts".
    A run of capitalised words that opens a sentence and is said to be a kind of thing the
    lexicon knows (town, river, band, singer) names a thing of that kind."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = list(mentions)
    for sent in doc.sents:
        start = sent.start
        while start < sent.end and doc[start].lower_ == "the":
            start += 1
        end = start
        while end < sent.end and (doc[end].is_title or doc[end].is_upper) and doc[end].pos_ in {"PROPN", "NOUN", "ADJ"}:
            end += 1
        if end == start or headline_case(sent):
            continue
        # The recogniser's own span, typed against what the sentence says it is.
        same = [n for n, m in enumerate(out) if m.start == start and m.end == end and m.source == "ner"]
        if not same and any(i in taken for i in range(start, end)):
            continue
        noun = defined_as(doc, end, sent.end)
        cls = vocab.type_nouns.get(noun.lemma_.lower()) if noun is not None else None
        if cls is None:
            continue
        span = doc[start:end]
        text = clean_text(span.text)
        if not is_name(text, span, vocab):
            continue
        if cls == "Organisation":
            cls = organisation_class(doc, span, vocab)
        if same:
            out[same[0]] = replace(out[same[0]], cls=cls if COARSE_OF[out[same[0]].cls] != COARSE_OF[cls]
                                   else out[same[0]].cls, extra={**out[same[0]].extra, "described": True})
            continue
        out.append(Mention(start, end, text, cls, "defined", extra={"described": True}))
    return sorted(out, key=lambda m: (m.start, -m.end))


def named_by_kind(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """"the band Rage Against the Machine", "Swedish pop group ABBA": capitalised words right
    after a lower-case kind noun the lexicon knows (band, label, club, singer), and hanging
    from it in the parse, name a thing of that kind, even when they are common words that the
    recogniser does not take for a name."""
    taken = {i for m in mentions for i in range(m.start, m.end)}

    def titled(i: int) -> bool:
        t = doc[i]
        return capitalised(t) and t.is_alpha and t.text not in vocab.titles \
            and t.text not in vocab.demonyms and t.ent_type_ not in NOT_NAMES

    out = list(mentions)

    def add(start: int, end: int, cls: str) -> None:
        span = doc[start:end]
        text = clean_text(span.text)
        if text in vocab.non_entities or text.lower() in vocab.common_nouns or len(text) < 2:
            return
        if cls == "Organisation":
            cls = organisation_class(doc, span, vocab)
        out.append(Mention(start, end, text, cls, "kind"))
        taken.update(range(start, end))

    for token in tokens_where(doc, ORTH, vocab.type_nouns):
        cls = vocab.type_nouns.get(token.text)
        if cls not in {"Organisation", "Person"} or token.pos_ != "NOUN":
            continue
        sent_end = token.sent.end
        start = end = token.i + 1
        while end < sent_end and "\n" not in doc[end - 1].whitespace_:
            if titled(end):
                end += 1
            elif end > start and doc[end].lower_ in vocab.name_particles and end + 1 < sent_end \
                    and titled(end + 1):
                end += 1
            else:
                break
        if end == start or any(i in taken for i in range(start, end)):
            continue
        span = doc[start:end]
        if token.head.i in range(start, end) or (span.root.head == token and span.root.dep_ == "appos"):
            add(start, end, cls)
    # "Fall Out Boy bassist Pete Wentz": the words in front of a person's role name whom the
    # person works for or plays in.
    people = {m.start for m in out if COARSE_OF.get(m.cls) == "Person"}
    for token in tokens_where(doc, LOWER, vocab.member_roles):
        if token.lower_ not in vocab.member_roles or not token.is_lower or token.i + 1 not in people:
            continue
        end = start = token.i
        sent_start = token.sent.start
        while start > sent_start and start - 1 not in taken and "\n" not in doc[start - 1].whitespace_:
            if titled(start - 1):
                start -= 1
            elif start < end and doc[start - 1].lower_ in vocab.name_particles and start - 1 > sent_start \
                    and titled(start - 2) and start - 2 not in taken:
                start -= 1
            else:
                break
        # One capitalised word is a name only if it is a proper noun ("Former bassist X" is not).
        if end - start > 1 or (end - start == 1 and doc[start].pos_ == "PROPN"):
            add(start, end, "Organisation")
    return sorted(out, key=lambda m: (m.start, -m.end))


def without_events(doc: Doc, mentions: list[Mention], vocab: Vocabulary) -> list[Mention]:
    """"At the Computex 2019 trade show", the "Best of Show" award, "the Flash Memory Summit": a
    guessed name that ends in an event's or an award's noun, or whose head is one right after it,
    names that event or award, nothing we keep."""
    events = set(vocab.lexicon.get("event_nouns", ()))

    def event(m: Mention) -> bool:
        if m.source not in GUESSED or m.cls == "Chip" or m.cls == "AIModel":
            return False
        if doc[m.end - 1].lower_ in events:
            return True  # "the Flash Memory Summit"
        j = m.end
        while j < len(doc) and j < m.end + 4 and (doc[j].is_punct or doc[j].like_num or doc[j].pos_ in {"NOUN", "ADJ"}) \
                and doc[j].lower_ not in events:
            j += 1
        if j >= len(doc) or doc[j].lower_ not in events or doc[j].pos_ != "NOUN":
            return False
        root = doc[m.start:m.end].root
        return root.head.i == j or all(t.is_punct or t.like_num for t in doc[m.end:j])

    return [m for m in mentions if not event(m)]
