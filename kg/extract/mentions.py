"""Entity mentions: gazetteer and pattern rules ahead of the recogniser, then clean-up and typing."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from kg.extract.resources import GazetteerEntry, organisation_name_words
from kg.records import COARSE_OF

#: Labels of the statistical recogniser that can name one of our entities.
NER_TO_CLASS = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Place", "LOC": "Place",
                "FAC": "Place", "LAW": "Policy"}
#: Mention sources that guess from the shape of words (the recogniser, capitalisation).
GUESSED = {"ner", "shape", "defined", "kind", "context"}
#: Words that make a nationality word into another group's name: "Latin American", "Anglo-American"
#: (a pair that is a nationality of its own, "South Korean", is read as one word first).
BLENDED = {"Latin", "Native", "Pan", "Anglo", "Afro", "Meso", "Indo"}
#: A compass word does so only for a continent's adjective: "North American", but "South Indian" is Indian.
COMPASS = {"North", "South", "East", "West", "Central"}
CONTINENTAL = {"American", "African", "Asian", "European"}


def blended(doc: Doc, i: int) -> bool:
    """Whether the word before token ``i`` (past a hyphen) makes its nationality another group's."""
    j = i - 2 if i >= 2 and doc[i - 1].text == "-" else i - 1
    return blended_words(doc[j].text, doc[i].text) if j >= 0 else False


def blended_words(before: str, word: str) -> bool:
    return before in BLENDED or (before in COMPASS and word in CONTINENTAL)


def nationality_at(doc: Doc, i: int, demonyms: dict[str, str], end: int | None = None) -> tuple[str | None, int]:
    """The country a nationality at token ``i`` (before ``end``) names, and its width in words:
    "South Korean" 2, "Chinese" 1; (None, 0) for none, or for a word another one blends
    ("Latin American")."""
    end = len(doc) if end is None else end
    if i + 2 <= end and doc[i:i + 2].text in demonyms:
        return demonyms[doc[i:i + 2].text], 2
    if i < end and doc[i].text in demonyms and not blended(doc, i):
        return demonyms[doc[i].text], 1
    return None, 0
#: Recogniser labels of things that are not names: "March", "two", "the 1990s".
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
CALENDAR_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                  "Saturday", "Sunday"}
OUR_LABELS = {"Person", "Organisation", "Company", "GovernmentBody", "ResearchOrganisation",
              "Place", "Country", "Chip", "AIModel", "Policy"}


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in a Doc: token span, cleaned name, class, where it came from."""

    start: int            # token offsets in the Doc
    end: int
    text: str             # the cleaned surface form
    cls: str              # fine class
    source: str           # "gazetteer", "pattern:<id>", "ner", "policy"
    gazetteer_id: str | None = None
    role: str | None = None        # a title or role stripped from a person's name
    surface: tuple[str, ...] = ()  # further surface forms this mention carries ("US export controls")
    issuer: tuple[int, int] | None = None  # for a policy: token span of the mention that issues it
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]


class EntityRules:
    """Gazetteer phrases and token patterns, set as entities before the statistical recogniser."""

    def __init__(self, nlp, gazetteer: dict[str, GazetteerEntry], patterns: list[dict]):
        self.gazetteer = gazetteer
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.phrases_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.capitals = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        self.gazetteer_words = {word for entry in gazetteer.values() for name in (entry.name, *entry.aliases)
                                for word in name.split()}
        self.keep: dict[str, tuple[int, int, str]] = {}
        for entry in gazetteer.values():
            names = [entry.name, *entry.aliases]
            exact = [nlp.make_doc(n) for n in names]
            self.phrases.add(entry.id, exact)
            # Long names also match whatever their case (headlines, all-caps datelines).
            long = [nlp.make_doc(n) for n in names if len(n.split()) >= 2 and not n.isupper()]
            if long:
                self.phrases_lower.add(entry.id, long)
            # One-word names in an all-capitals dateline: "WASHINGTON —".
            single = [nlp.make_doc(n) for n in names if len(n.split()) == 1 and not n.isupper() and len(n) > 3]
            if single:
                self.capitals.add(entry.id, single)
        for row in patterns:
            start, end = row.get("keep", [0, len(row["pattern"])])
            self.keep[row["id"]] = (start, end, row["label"])
            self.matcher.add(row["id"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        self.set_annotations(doc, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = []
        capitals = [(k, s, e) for k, s, e in self.capitals(doc) if doc[s].text.isupper()]
        for match_id, start, end in list(self.phrases(doc)) + list(self.phrases_lower(doc)) + capitals:
            key = doc.vocab.strings[match_id]
            entry = self.gazetteer[key]
            if end - start == 1 and entry.coarse == "Place" and self._inside_a_name(doc, start):
                continue  # "Michael Jordan", "China Telecom": leave the whole name to the recogniser
            if entry.coarse == "Organisation" and self._name_goes_on(doc, end):
                continue  # "Alibaba Cloud", "Intel Foundry": a longer name the recogniser should see
            if entry.coarse in {"AIModel", "Chip"} and any(
                    e.label_ == "PERSON" and e.start <= start and end <= e.end and e.end - e.start > end - start
                    for e in doc.ents):
                continue  # "Jean-Claude Killy", "the painter Claude Lantier": part of a person's name
            spans.append(Span(doc, start, end, label=entry.cls, kb_id=key))
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            first, last, label = self.keep[key]
            spans.append(Span(doc, start + first, start + min(last, end - start), label=label,
                              kb_id=f"pattern:{key}"))
        return filter_spans(spans)

    def _name_goes_on(self, doc: Doc, end: int) -> bool:
        """The next word continues a name: capitalised, a proper noun, not a name of its own, and
        not in a headline where every word is capitalised."""
        if end >= len(doc) or _headline_case(doc[end].sent):
            return False
        nxt = doc[end]
        return nxt.is_title and nxt.pos_ == "PROPN" and nxt.text not in self.gazetteer_words

    @staticmethod
    def _inside_a_name(doc: Doc, i: int) -> bool:
        """A one-word place name right next to another capitalised proper noun (not in a headline)."""
        if not doc[i].is_title or _headline_case(doc[i].sent):
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(doc) and doc[j].is_title and doc[j].pos_ == "PROPN":
                return True
        # "University of Alberta", "Bank of China"
        return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].is_title and doc[i - 2].pos_ == "PROPN"

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.ents = filter_spans(list(spans) + [e for e in doc.ents if not _overlaps(e, spans)])


def _headline_case(sent: Span) -> bool:
    """Most words capitalised: a headline, where capitals say nothing about names."""
    words = capitals = 0
    for t in sent:
        if t.is_alpha and len(t) > 3:
            words += 1
            capitals += t.is_title or t.is_upper
        # A sentence full of names still has its verb in lower case: "was drafted by the Kansas
        # City Chiefs of the National Football League".
        if t.is_lower and t.pos_ in {"VERB", "AUX"} and t.i > sent.start:
            return False
    return words >= 3 and capitals / words > 0.6


def _capitalised(t: Token) -> bool:
    """A word written as a name's word is: "Lake", "ABBA" (not "A" alone)."""
    return t.is_title or (t.is_upper and len(t) > 1)


def _hyphen_joins(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen that joins two capitalised words into one name: "Aetolia-Acarnania"."""
    return 0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and doc[i - 1].is_title and doc[i + 1].is_title


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)


def after_bracket(doc: Doc, end: int, sent_end: int) -> int:
    """The token after a bracket that opens at ``end`` ("Hélé Béji (;born 1948) is"), or ``end``."""
    j, depth = end, 0
    if j < sent_end and doc[j].text.startswith("("):
        while j < sent_end:
            depth += doc[j].text.count("(") - doc[j].text.count(")")
            j += 1
            if depth <= 0:
                break
    return j


def defined_as(doc: Doc, end: int, sent_end: int) -> Token | None:
    """The noun a copula says the name ending at ``end`` is: "Bohumín (;;,) is a small town" gives
    "town", "X is an American country music artist" gives "artist" (the head, not the first noun)."""
    j = after_bracket(doc, end, sent_end)
    if j + 2 >= sent_end or doc[j].lemma_ != "be" or doc[j + 1].lower_ not in {"a", "an", "the"}:
        return None
    for k in range(j + 2, min(j + 8, sent_end)):
        t = doc[k]
        if t.pos_ in {"NOUN", "PROPN"} and (k + 1 >= sent_end or doc[k + 1].pos_ not in {"NOUN", "PROPN"}):
            return t  # a capitalised kind too: "Debub Gondar is a Zone in ..."
        if t.pos_ not in {"ADJ", "ADV", "NUM", "NOUN", "PROPN", "PUNCT"} or t.text in {",", ";", "(", ")"}:
            return None
    return None


_STATE_NAME = re.compile(r"^(?:Kingdom|Republic|Federal Republic|Democratic Republic|People's Republic|"
                         r"Islamic Republic|Commonwealth|State|Sultanate|Emirate|Principality|Grand Duchy) of (?:the )?(.+)$")

#: Compass directions: "north of Rügen", "northeastern Spain" (relations.py adds the adjectives).
DIRECTIONS = {f"{a}{b}" for a in ("", "north", "south") for b in ("", "east", "west")} - {""}

_QUOTE = re.compile(r"^[\"'“”‘’]+|[\"'“”‘’]+$")


class MentionFinder:
    """After the recogniser: map labels to classes, strip titles and possessives, drop non-entities,
    find policy phrases, and keep the result on ``doc._.kg_mentions``."""

    #: Prepositions after which a known place name means the place ("born in Gifu", "near Hull").
    LOCATIVE = {"in", "near", "at", "into", "outside", "around", "across", "throughout", "within"}
    #: Recogniser labels of names that are no place after "born in" or "died in".
    NOT_PLACES = {"EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}
    #: Verbs whose "in" or "at" says where, not for whom: "born at Luster", "located at Holmenkollen".
    WHERE_VERBS = {"bear", "locate", "situate", "die", "live", "reside", "grow"}

    def __init__(self, gazetteer: dict[str, GazetteerEntry], lexicon: dict, demonyms: dict[str, str],
                 place_names: frozenset[str] | set[str] = frozenset()):
        self.gazetteer = gazetteer
        self.place_names = place_names
        self.lexicon = lexicon
        self.demonyms = demonyms
        self.titles = set(lexicon["person_titles"])
        self.non_entities = set(lexicon["non_entities"])
        self.org_keywords = lexicon["org_type_keywords"]
        self.org_nouns = {noun: cls for cls, nouns in lexicon["org_type_nouns"].items() for noun in nouns}
        policy = lexicon["policy"]
        self.policy_heads = set(policy["heads"])
        self.policy_modifiers = set(policy["modifiers"])
        self.countries = {e.id for e in gazetteer.values() if e.cls == "Country"}
        self.place_org_heads = set(lexicon.get("place_named_org_heads", []))
        self.org_first_words = {name for e in gazetteer.values() if e.coarse == "Organisation"
                                for name in (e.name, *e.aliases) if " " not in name}
        self.place_words = set(lexicon.get("place_name_words", []))
        #: Words that make a name an organisation's ("Football League", "Labour Party").
        self.org_words = organisation_name_words(lexicon) | self.place_org_heads
        #: Words only organisations' names end in ("Abbey Road Studios", "McGill University").
        self.organisation_words = organisation_name_words(lexicon) - self.place_words - {"House", "Capital"}
        self.place_entries = {name: e for e in gazetteer.values() if e.coarse == "Place" for name in (e.name, *e.aliases)}
        self.type_nouns = {noun: cls for cls, nouns in lexicon.get("type_nouns", {}).items() for noun in nouns}
        #: Roles a person holds in an organisation: "bassist", "analyst", "founder".
        self.member_roles = {w for ws in lexicon.get("role_nouns", {}).values() for w in ws if " " not in w}
        # Common nouns the rules know: capitalised alone ("the Church", "the Valley", "the Board"),
        # they name no one in particular unless a gazetteer says so ("Congress").
        self.common_nouns = {w.lower() for w in (*self.type_nouns, *self.org_nouns, *self.place_words,
                                                  *self.org_words, *self.titles,
                                                  *(w for ws in lexicon.get("role_nouns", {}).values() for w in ws))
                             if " " not in w} | DIRECTIONS

    def __call__(self, doc: Doc) -> Doc:
        mentions = self.match(doc)
        self.set_annotations(doc, mentions)
        return doc

    # -- finding -----------------------------------------------------------------
    def match(self, doc: Doc) -> list[Mention]:
        mentions = []
        for ent in self._rejoined(doc):
            mention = self.from_entity(doc, ent)
            if mention is not None:
                mentions.append(mention)
        mentions = [self.place_named_organisation(doc, m) for m in mentions]
        mentions = self.places_by_shape(doc, mentions)
        mentions = self.defined_subjects(doc, mentions)
        mentions = self.named_by_kind(doc, mentions)
        mentions += self.nationalities(doc, mentions)
        mentions = self.add_policies(doc, mentions)
        mentions = self.places_by_context(doc, mentions)
        mentions = self.actors_by_verb(doc, mentions)
        mentions = self.listed_before_kind(doc, mentions)
        mentions = self.one_kind_per_name(mentions)
        mentions = self.people_by_surname(doc, mentions)
        mentions = [self.with_title(doc, m) for m in mentions]
        mentions.sort(key=lambda m: (m.start, -m.end))
        return mentions

    @staticmethod
    def one_kind_per_name(mentions: list[Mention]) -> list[Mention]:
        """"Square Enix is a Japanese company. ... Square Enix has owned Taito": where the text
        says what a name is, the recogniser's other guesses at the same name follow it, so the
        relation rules see the same kind of thing in every sentence."""
        said: dict[str, str] = {}
        for m in mentions:
            if m.extra.get("described") and m.source in GUESSED:
                said.setdefault(m.text, m.cls)
        if not said:
            return mentions
        return [replace(m, cls=said[m.text]) if m.source in GUESSED and m.text in said
                and COARSE_OF[m.cls] != COARSE_OF[said[m.text]] else m for m in mentions]

    def _rejoined(self, doc: Doc) -> list[Span]:
        """The recogniser's spans, with an organisation's name cut at "and" made whole again:
        "the National Council for Peace and" + "Order" is one name; and a known place's name cut
        in two ("Mladá" + "Boleslav") is one place."""
        out: list[Span] = []
        for ent in doc.ents:
            prev = out[-1] if out else None
            if prev is not None and prev.end == ent.start and ent.label_ in NER_TO_CLASS \
                    and prev.label_ in NER_TO_CLASS and doc[prev.start:ent.end].text in self.place_names:
                out[-1] = Span(doc, prev.start, ent.end, label="GPE")
                continue
            # "Aetolia" + "-" + "Acarnania": one region's name, unless two countries ("Cambodia-Vietnam")
            if prev is not None and prev.end + 1 == ent.start and _hyphen_joins(doc, prev.end) \
                    and {prev.label_, ent.label_} <= {"GPE", "LOC"} \
                    and not (prev.text in self.place_entries and ent.text in self.place_entries):
                out[-1] = Span(doc, prev.start, ent.end, label="GPE")
                continue
            if prev is not None and prev.label_ == "ORG" and ent.label_ in NER_TO_CLASS and ent.sent == prev.sent:
                cut = prev.end == ent.start and doc[prev.end - 1].lower_ in {"and", "&", "of", "for"}
                # "the National Council for Peace" + "and" + "Order" (taken for a person)
                gap = prev.end + 1 == ent.start and doc[prev.end].lower_ in {"and", "&"} and len(ent) == 1 \
                    and ent.label_ == "PERSON" and any(t.lower_ in {"for", "of"} for t in prev)
                if cut or gap:
                    out[-1] = Span(doc, prev.start, ent.end, label=prev.label_)
                    continue
            # "Holmenkollen in Oslo": a place's name does not hold "in" and another known place.
            split = next((i for i in range(ent.start + 1, ent.end - 1) if doc[i].lower_ == "in" and doc[i].is_lower
                          and doc[i + 1:ent.end].text in self.place_names), None)
            if split is not None and ent.label_ in {"GPE", "LOC", "FAC"}:
                out.append(Span(doc, ent.start, split, label=ent.label_))
                out.append(Span(doc, split + 1, ent.end, label="GPE"))
                continue
            out.append(ent)
        return out

    def nationalities(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"Canadian", "Chinese": a nationality word mentions its country (the node is the country,
        the word one of its names). Words inside another name ("Chinese Communist Party") do not."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for token in doc:
            if token.i in taken or not token.is_title:
                continue
            if token.ent_type_ and token.ent_type_ not in {"NORP", "GPE", "LANGUAGE"}:
                continue
            # "North Korean", "South African": the two words name one country, the last alone another;
            # "Latin American" names none
            gid, width = nationality_at(doc, token.i, self.demonyms, token.i + 1 if token.i + 1 in taken else None)
            if gid is None:
                continue
            text = doc[token.i:token.i + width].text
            out.append(Mention(token.i, token.i + width, text, self.gazetteer[gid].cls, "demonym", gid))
            taken.update(range(token.i, token.i + width))
        return out

    #: Place words that open a name: "Lake Ewauna", "Mount Guna", "Via Pesce".
    PLACE_PREFIXES = {"Lake", "Mount", "River", "Via", "Piazza", "Rue", "Avenue", "Boulevard", "Pond", "Cape", "Isle",
                      "Gulf", "Bay", "Lago", "Monte", "Mont", "Loch", "Port", "Fort"}

    def places_by_shape(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A run of capitalised words closed by a place word ("Cove Lake State Park",
        "Moravian-Silesian Region") or opened by one ("Lake Ewauna") names a place, whether or not
        the recogniser saw it. A longer name that goes on past it ("Paisley Park Studios") or holds
        an organisation's word is left alone; mentions wholly inside it give way."""
        def titled(i: int) -> bool:
            t = doc[i]
            return _capitalised(t) and t.pos_ in {"PROPN", "ADJ", "NOUN"} \
                and (t.pos_ == "PROPN" or not t.is_sent_start) and "\n" not in t.whitespace_ and t.text not in self.titles

        spans = []
        for token in doc:
            if not token.is_title or token.is_sent_start or _headline_case(token.sent):
                continue
            start = end = token.i
            if token.text in self.place_words and not (token.i + 1 < len(doc) and titled(token.i + 1)):
                # Closed by a place word: take the capitalised words before it ("State Park").
                while start > 0 and (titled(start - 1) or (doc[start - 1].text == "-" and start > 1
                                                            and titled(start - 2) and not doc[start - 1].whitespace_)):
                    start -= 1
                end = token.i + 1
            elif token.text in self.PLACE_PREFIXES and token.i + 1 < len(doc) and titled(token.i + 1):
                end = token.i + 1
                while end < len(doc) and titled(end) and doc[end].sent == token.sent:
                    end += 1
            else:
                continue
            if end - start < 2 or any(doc[i].text in self.organisation_words for i in range(start, end)):
                continue
            if any(doc[i].text in self.demonyms for i in range(start, end)) and end - start == 2:
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
            text = _clean_text(span.text)
            if not self.is_name(text, span):
                continue
            out = [m for m in out if m not in inside]
            out.append(Mention(start, end, text, "Place", "shape"))
        return sorted(out, key=lambda m: (m.start, -m.end))

    def defined_subjects(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
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
            if end == start or _headline_case(sent):
                continue
            # The recogniser's own span, typed against what the sentence says it is.
            same = [n for n, m in enumerate(out) if m.start == start and m.end == end and m.source == "ner"]
            if not same and any(i in taken for i in range(start, end)):
                continue
            noun = defined_as(doc, end, sent.end)
            cls = self.type_nouns.get(noun.lemma_.lower()) if noun is not None else None
            if cls is None:
                continue
            span = doc[start:end]
            text = _clean_text(span.text)
            if not self.is_name(text, span):
                continue
            if cls == "Organisation":
                cls = self.organisation_class(doc, span)
            if same:
                out[same[0]] = replace(out[same[0]], cls=cls if COARSE_OF[out[same[0]].cls] != COARSE_OF[cls]
                                       else out[same[0]].cls, extra={**out[same[0]].extra, "described": True})
                continue
            out.append(Mention(start, end, text, cls, "defined", extra={"described": True}))
        return sorted(out, key=lambda m: (m.start, -m.end))

    #: Lower-case words that may stand inside a name: "Rage Against the Machine", "Tears for Fears".
    NAME_PARTICLES = {"the", "of", "for", "and", "against", "in", "on", "to", "a", "with", "from"}

    def named_by_kind(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"the band Rage Against the Machine", "Swedish pop group ABBA": capitalised words right
        after a lower-case kind noun the lexicon knows (band, label, club, singer), and hanging
        from it in the parse, name a thing of that kind, even when they are common words that the
        recogniser does not take for a name."""
        taken = {i for m in mentions for i in range(m.start, m.end)}

        def titled(i: int) -> bool:
            t = doc[i]
            return _capitalised(t) and t.is_alpha and t.text not in self.titles \
                and t.text not in self.demonyms and t.ent_type_ not in NOT_NAMES

        out = list(mentions)

        def add(start: int, end: int, cls: str) -> None:
            span = doc[start:end]
            text = _clean_text(span.text)
            if text in self.non_entities or text.lower() in self.common_nouns or len(text) < 2:
                return
            if cls == "Organisation":
                cls = self.organisation_class(doc, span)
            out.append(Mention(start, end, text, cls, "kind"))
            taken.update(range(start, end))

        for token in doc:
            cls = self.type_nouns.get(token.text)
            if cls not in {"Organisation", "Person"} or token.pos_ != "NOUN":
                continue
            sent_end = token.sent.end
            start = end = token.i + 1
            while end < sent_end and "\n" not in doc[end - 1].whitespace_:
                if titled(end):
                    end += 1
                elif end > start and doc[end].lower_ in self.NAME_PARTICLES and end + 1 < sent_end \
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
        for token in doc:
            if token.lower_ not in self.member_roles or not token.is_lower or token.i + 1 not in people:
                continue
            end = start = token.i
            sent_start = token.sent.start
            while start > sent_start and start - 1 not in taken and "\n" not in doc[start - 1].whitespace_:
                if titled(start - 1):
                    start -= 1
                elif start < end and doc[start - 1].lower_ in self.NAME_PARTICLES and start - 1 > sent_start \
                        and titled(start - 2) and start - 2 not in taken:
                    start -= 1
                else:
                    break
            # One capitalised word is a name only if it is a proper noun ("Former bassist X" is not).
            if end - start > 1 or (end - start == 1 and doc[start].pos_ == "PROPN"):
                add(start, end, "Organisation")
        return sorted(out, key=lambda m: (m.start, -m.end))

    def people_by_surname(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"Toufique Imrose Khalidi ... Khalidi has": a name of two to four capitalised words that the
        recogniser took for an organisation is a person's when the document calls a person by its
        last word. Names that say they are organisations ("Acme Holdings Inc") are left alone.
        The other way round, "Martin Ulrich ... Ulrich signed for": a bare surname the recogniser
        took for an organisation is the person the document names in full."""
        people = {m.text for m in mentions if m.cls == "Person" and len(m.text.split()) == 1}
        surnames = {m.text.split()[-1] for m in mentions if m.cls == "Person" and len(m.text.split()) > 1}
        if not people and not surnames:
            return mentions
        out = []
        for m in mentions:
            words = m.text.split()
            if m.cls == "Organisation" and m.source == "ner" and 2 <= len(words) <= 4 and words[-1] in people \
                    and all(w[:1].isupper() for w in words) and not set(words) & self.place_words \
                    and all(doc[i].pos_ == "PROPN" for i in range(m.start, m.end)):
                m = replace(m, cls="Person")
            elif COARSE_OF[m.cls] == "Organisation" and m.source == "ner" and len(words) == 1 and m.text in surnames:
                m = replace(m, cls="Person")
            out.append(m)
        return out

    #: Words that make a new place's name of an old one: "Old Bohumín", "Greater Manchester".
    PLACE_QUALIFIERS = {"Old", "New", "Upper", "Lower", "Greater", "Little", "Great", "North", "South", "East",
                        "West", "Northern", "Southern", "Eastern", "Western", "Central", "Inner", "Outer"}

    #: What organisations do and places do not: "Miami Sound Machine released the single".
    ACTS = {"release", "record", "sign", "publish", "hire", "acquire", "launch", "tour", "disband", "reunite",
            "merge", "manufacture", "employ", "broadcast"}

    def actors_by_verb(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name the recogniser took for a place, known to no table, is an organisation when it
        does what organisations do (a known place doing so is its government: "China launched")."""
        out = []
        for m in mentions:
            root = doc[m.start:m.end].root
            if m.source == "ner" and m.cls == "Place" and m.text not in self.place_names \
                    and root.dep_ == "nsubj" and root.head.lemma_ in self.ACTS:
                m = replace(m, cls=self.organisation_class(doc, doc[m.start:m.end]))
            out.append(m)
        return out

    def places_by_context(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """A name the recogniser took for a person or an organisation is a place when its list
        partners are all places ("Harrogate, Hull, Scarborough and York"), or when it is a known
        place name (the GeoNames table) used where places go: after "in", "near", "at" ("born in
        Gifu") or beside another place ("Durg, Madhya Pradesh"). A known place name the
        recogniser passed over ("the city of Stavanger") or took for a language or a people
        ("born in Tunis", "a city in Punjab, Pakistan") is a place there too."""
        place_tokens = {i for m in mentions if COARSE_OF[m.cls] == "Place" or m.text in self.place_names
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
            known = m.text in self.place_names and len(m.text.split()) <= 3
            placed, locative, beside = self._place_context(doc, m.start, m.end, mention_at, place_tokens)
            # "Old Bohumín", "Greater Manchester": a place's name with a word before it.
            words = m.text.split()
            rest = " ".join(words[1:])
            qualified = words[0] in self.PLACE_QUALIFIERS and (rest in doc_places or rest in self.place_names)
            # "McGill University" stays an organisation whatever company it keeps.
            organisation = bool(set(words) & self.organisation_words)
            if not organisation and (listed or placed or qualified or (known and (locative or beside or partner_places))):
                m = replace(m, cls="Place")
            out.append(m)
        return out + self._unseen_places(doc, mention_at, place_tokens)

    def listed_before_kind(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"the Coconino, Kaibab and Prescott national forests", "the Rhineland-Palatinate and
        Saarland states": names listed before a plural kind noun are of that kind, whatever the
        recogniser guessed for each or if it passed one over."""
        out = list(mentions)
        for token in doc:
            kind = self.type_nouns.get(token.lemma_.lower())
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
                    listed.append(Mention(start, j, _clean_text(doc[start:j].text), kind, "context"))
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
                        and not set(m.text.split()) & self.organisation_words:
                    out[item] = replace(m, cls=kind)
        return sorted(out, key=lambda m: (m.start, -m.end))

    def _place_context(self, doc: Doc, start: int, end: int, mention_at: dict, place_tokens: set) -> tuple[bool, bool, bool]:
        """Where the words put the name: said of places only ("the town of McCarthy", "north of
        Rügen", "bordered on the west by Mirab Gojjam", "born at Luster"), after a locative preposition ("in Gifu",
        "at Luster"), or beside another place ("Durg, Madhya Pradesh")."""
        root = doc[start:end].root
        head = root.head
        placed = root.dep_ == "pobj" and end - start <= 4 and (
            head.lower_ == "of" and head.head.is_lower and head.head.i not in mention_at and (
                self.type_nouns.get(head.head.lemma_) == "Place" or head.head.lower_ in DIRECTIONS)
            or head.lower_ == "by" and head.head.lemma_ == "border"
            # ("died in the Holocaust", "in the Blitz": a name with an article may be an event's)
            or head.lower_ in {"in", "at"} and head.head.lemma_ in self.WHERE_VERBS and head.head.pos_ == "VERB"
            and doc[start - 1].lower_ != "the" and doc[start].ent_type_ not in self.NOT_PLACES)
        locative = placed or root.dep_ == "pobj" and head.lower_ in self.LOCATIVE
        beside = (end + 1 < len(doc) and doc[end].text == "," and (end + 1) in place_tokens) or \
            (start >= 2 and doc[start - 1].text == "," and (start - 2) in place_tokens)
        return placed, locative, beside

    def _unseen_places(self, doc: Doc, mention_at: dict, place_tokens: set) -> list[Mention]:
        """Place names (one to three capitalised proper nouns) outside every mention: known ones in
        a place's position, any in a position that only a place can fill ("born in Hol")."""
        out = []
        i = 0
        while i < len(doc):
            t = doc[i]
            # The recogniser may take a place for a date ("in Stavanger, Norway"), never a month.
            if i in mention_at or not (t.is_title and t.pos_ == "PROPN") or t.text in CALENDAR_WORDS \
                    or t.ent_type_ in NOT_NAMES - {"DATE", "TIME"} or t.text in self.titles or t.text in self.demonyms:
                i += 1
                continue
            end = i + 1
            while end < len(doc) and end - i < 5 and end not in mention_at and doc[end].sent == t.sent:
                if doc[end].is_title and doc[end].pos_ == "PROPN":
                    end += 1
                elif _hyphen_joins(doc, end):
                    end += 2  # "Mecklenburg-Vorpommern"
                else:
                    break
            text = doc[i:end].text
            if text.lower() not in self.common_nouns \
                    and not (i > 0 and (doc[i - 1].is_title and doc[i - 1].pos_ == "PROPN"
                                        or doc[i - 1].text in {"'s", "’s"} or doc[i - 1].like_num)):
                placed, locative, beside = self._place_context(doc, i, end, mention_at, place_tokens)
                # an unknown name only where nothing but a place can stand: "born in Hol"
                if placed or (text in self.place_names and (locative or beside)):
                    out.append(Mention(i, end, text, "Place", "context"))
            i = end
        return out

    def place_named_organisation(self, doc: Doc, m: Mention) -> Mention:
        """A place name that opens an organisation's name is part of it: "Shenzhen City Council"."""
        if m.source != "gazetteer" or COARSE_OF.get(m.cls) != "Place":
            return m
        end = m.end
        while end < len(doc) and end - m.end < 4 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        if end == m.end or doc[end - 1].text not in self.place_org_heads:
            return m
        span = doc[m.start:end]
        cls = self.organisation_class(doc, span)
        return Mention(m.start, end, _clean_text(span.text), cls, "ner")

    def with_title(self, doc: Doc, m: Mention) -> Mention:
        """A title right before a person's name is kept as the role: "Founder Liang Wenfeng"."""
        if m.cls != "Person" or m.role:
            return m
        i = m.start - 1
        words = []
        while i >= 0 and (doc[i].text in self.titles or doc[i].lower_ in {"co-founder", "cofounder"}) \
                and "\n" not in doc[i].whitespace_:
            words.insert(0, doc[i].text)
            i -= 1
        return replace(m, role=" ".join(words)) if words else m

    def from_entity(self, doc: Doc, ent: Span) -> Mention | None:
        label = ent.label_
        if label in OUR_LABELS:
            source = "gazetteer" if ent.kb_id_ and not ent.kb_id_.startswith("pattern:") else ent.kb_id_ or "pattern"
            gid = ent.kb_id_ if source == "gazetteer" else None
            return Mention(ent.start, ent.end, _clean_text(ent.text), label, source, gid)
        cls = NER_TO_CLASS.get(label)
        if cls is None:
            return None
        start, end = ent.start, ent.end
        # Never across a line break: a headline or a dateline is not part of the name.
        for i in range(start, end):
            if "\n" in doc[i].text or doc[i].text in {"—", "–"}:
                if i - start >= end - i - 1:
                    end = i
                    break
                start = i + 1
        # "Gujranwala (Punjabi": a name does not open a bracket it does not close, nor close one
        # it did not open.
        for i in range(start, end):
            if doc[i].text == "(" and not any(doc[k].text == ")" for k in range(i, end)):
                end = i
                break
            if doc[i].text == ")" and not any(doc[k].text == "(" for k in range(start, i)):
                start = i + 1
        if start >= end:
            return None
        while start < end and doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        # "the comarca of Alt Penedès", "co-chief executive officer of Power Corporation": lower-case
        # words in front are a description, and the name is what follows their "of".
        if doc[start].is_lower and doc[start].lower_ not in self.PARTICLES and doc[start].is_alpha:
            k = start
            while k < end and (doc[k].is_lower or doc[k].is_punct):
                k += 1
            if k < end and k - 1 > start and doc[k - 1].lower_ in {"of", "for"}:
                described = self.type_nouns.get(doc[k - 2].lemma_.lower())
                if described and doc[k - 1].lower_ == "of":
                    cls = described  # "the comarca of Anoia" is a place
                start = k
            elif k < end and cls != "Person":
                start = k
        # "Co-Chief Executive Officer of Power Corporation of Canada": a role of an organisation
        # is the person's, and the organisation's name is what follows "of".
        if label == "ORG":
            k = start
            while k < end and (doc[k].lower_ in self.member_roles or doc[k].lower_ in {"co", "-", "vice", "deputy"}):
                k += 1
            if k == end and doc[k - 1].lower_ in self.member_roles:
                return None  # "Co-Chief Executive Officer" alone names no organisation
            rest = {t.text for t in doc[k + 1:end]}
            if start < k < end - 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in self.member_roles \
                    and rest & self.organisation_words:
                start = k + 1
                while start < end and doc[start].lower_ == "the":
                    start += 1
        # "U.S. Route 20", "Interstate 5": the number is part of a road's name.
        if end < len(doc) and doc[end - 1].text in {"Route", "Highway", "Interstate", "Road"} and doc[end].is_digit:
            end += 1
        while end > start and (doc[end - 1].text in {"'s", "’s", "'", "’", ",", ".", "-"}
                               or doc[end - 1].lower_ in {"of", "for", "and", "the", "in", "at"}):
            end -= 1
        role_tokens = []
        while start < end - 1 and (doc[start].text in self.titles or doc[start].text.lower() in {"co-founder"}
                                   or (role_tokens and doc[start].text in {"of", "for", "and"})):
            role_tokens.append(doc[start].text)
            start += 1
        if role_tokens:
            # "Emperor of Japan", "King and Government of Norway": a title joined to what follows
            # by "of" or "and" is part of a name, not a person's title.
            joined = role_tokens[-1] in {"of", "for", "and"}
            title_start = start - len(role_tokens)
            rest = set(doc[start:end].text.split())
            if label == "ORG" and not joined and doc[start].pos_ == "PROPN" and not rest & self.org_words:
                cls = "Person"
            elif label != "PERSON" or joined:
                start = title_start  # "National Football League": a name, not a title
                role_tokens = []
        if start >= end:
            return None
        if cls == "Person" and not role_tokens:
            start, end = self._whole_person_name(doc, start, end)
        span = doc[start:end]
        text = _clean_text(span.text)
        # "the Premier of China": the rules left "China" to the recogniser (it might have begun a
        # longer name); when the recogniser found the place name alone, it is the gazetteer's place.
        entry = self.place_entries.get(text)
        if entry is not None and cls == "Place":
            return Mention(start, end, text, entry.cls, "gazetteer", entry.id)
        # "the Kingdom of Thailand", "the Republic of Angola": a country's formal name is the country.
        state = _STATE_NAME.match(text)
        if state and self.place_entries.get(state.group(1)) is not None \
                and self.place_entries[state.group(1)].cls == "Country":
            entry = self.place_entries[state.group(1)]
            return Mention(start, end, text, entry.cls, "gazetteer", entry.id)
        if not self.is_name(text, span):
            return None
        said = self.described_class(doc, span)
        cls = self.context_class(doc, span, cls, said)
        if cls == "Organisation":
            cls = self.organisation_class(doc, span)
        # "Westmere is a hamlet": the sentence says what the name is; it outweighs the recogniser's
        # guesses at the bare name elsewhere in the document.
        described = said == COARSE_OF.get(cls, cls)
        return Mention(start, end, text, cls, "ner", None, " ".join(role_tokens) or None,
                       extra={"described": True} if described else {})

    #: Lower-case particles inside personal names: "Carl von der Esch", "Lucas van Leyden".
    PARTICLES = {"von", "van", "der", "den", "de", "da", "di", "del", "della", "du", "la", "le", "bin", "ibn",
                 "al", "el", "dos", "das", "ter", "zu", "e", "y"}

    def _whole_person_name(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The recogniser sometimes cuts a person's name short: "Carl Gösta Björn Joachim von der"
        without "Esch", "Narayan Khare" without "Amandeep". A name ending in a particle takes the
        next capitalised word; a capitalised proper noun right before it that belongs to no
        other name, title or nationality joins it."""
        def free(i: int) -> bool:
            t = doc[i]
            return t.is_title and t.pos_ == "PROPN" and not t.ent_type_ and t.text not in self.titles \
                and t.text not in self.demonyms and "\n" not in t.whitespace_
        while end < len(doc) and doc[end - 1].lower_ in self.PARTICLES and free(end):
            end += 1
        # "João Paulo de Leiria" + "e Silva": a particle after the name and a capitalised word
        while end + 1 < len(doc) and doc[end].lower_ in self.PARTICLES and doc[end].is_lower and free(end + 1) \
                and not doc[end].ent_type_:
            end += 2
        if start > doc[start].sent.start and free(start - 1) and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        return start, end

    def is_name(self, text: str, span: Span) -> bool:
        if not text or text in self.non_entities or text in self.titles or text.startswith("the "):
            return False
        if " " not in text and text.lower() in self.common_nouns and not text.isupper():
            return False
        if sum(ch.isalpha() for ch in text) < 2:
            return False
        if text == text.lower():
            return False
        if text in self.demonyms or text.split("-")[0] in self.demonyms and len(span) == 1:
            return False
        if all(t.is_stop or t.is_punct for t in span):
            return False
        if not any(t.pos_ == "PROPN" or t.text.isupper() for t in span):
            return False  # "Head Writer", "Board": capitalised common nouns are not names
        if len(text) > 120:
            return False
        return True

    def context_class(self, doc: Doc, span: Span, cls: str, said: str | None) -> str:
        """The recogniser's guess, corrected by what the name and the sentence say it is:
        "Via Nino Bixio" and "Debub Gondar Zone" are places; "X, a town in Y" is a place,
        "X is an American singer" a person, "X, a record label" an organisation. ``said`` is
        what the sentence describes the name as (``described_class``)."""
        words = span.text.split()
        if cls != "Place" and (words[0] in self.PLACE_PREFIXES or words[-1] in self.place_words) and len(words) > 1:
            return "Place"
        if cls != "Place" and len(words) > 1 and words[-1].isdigit() and words[-2] in self.place_words:
            return "Place"  # "U.S. Route 20"
        if cls == "Place" and len(words) > 1 and words[-1] in self.organisation_words:
            return "Organisation"  # "Abbey Road Studios": a building's name for what works there
        if cls != "Organisation" and len(words) > 1 and words[0] in self.org_first_words:
            return "Organisation"  # "Alibaba Cloud", "Huawei Cloud": a known organisation's name goes on
        root = span.root
        # "Joy Division was formed by ...": people are born, organisations are founded.
        if cls == "Person" and root.dep_ == "nsubjpass" and root.head.lemma_ in self.FOUNDING_VERBS:
            return "Organisation"
        # "born in Durg", "near Sullivan": people are not found in places, places are.
        if root.dep_ == "pobj" and root.head.lower_ in {"in", "near", "into", "throughout", "across", "within"}:
            if cls == "Person" and len(words) <= 3:
                return "Place"
            if cls == "Organisation" and root.head.lower_ != "in" and self.organisation_class(doc, span) == "Organisation":
                return "Place"
        # "singer-songwriter Christina Aguilera", "rock band Shturtzite": the noun right before the name.
        if span.start > 0:
            before = doc[span.start - 1]
            if before.text == "," and span.start > 1 and doc[span.start - 2].pos_ == "NOUN" \
                    and any(c.dep_ == "det" for c in doc[span.start - 2].children):
                before = doc[span.start - 2]  # "the terrorist organization, Sendero Luminoso"
            if before.is_lower and before.pos_ == "NOUN" and before.sent == span.sent:
                named = self.type_nouns.get(before.lemma_.lower())
                if named and named != COARSE_OF.get(cls, cls) and not (named == "Place" and len(words) > 3):
                    return named
        if said and said != cls and not (said == "Place" and cls == "Place"):
            return said
        return cls

    #: Verbs whose passive subject is an organisation, whatever the recogniser guessed.
    FOUNDING_VERBS = {"found", "co-found", "cofound", "form", "establish", "incorporate"}

    def _defining_nouns(self, doc: Doc, span: Span) -> list[Token]:
        """The common nouns that say what a name is: its apposition ("X, a town"), the noun of
        "X is a hamlet", the noun it modifies ("the Lazio region")."""
        root = span.root
        nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lemma_ == "be":
            nouns.extend(c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN")
        if root.dep_ == "attr" and root.head.lemma_ == "be":
            # "the first prime minister of Siam was Phraya Manopakorn"
            nouns.extend(c for c in root.head.children if c.dep_ == "nsubj" and c.pos_ == "NOUN")
        if root.dep_ == "compound" and root.head.is_lower and root.head.pos_ == "NOUN" and root.i == span.end - 1 \
                and not (self.type_nouns.get(root.head.lemma_.lower()) == "Person"
                         and any(c.dep_ in {"det", "poss"} and c.i < span.start for c in root.head.children)):
            # "the Lazio region", "Thranduil king of Mirkwood"; not "a Chicago court judge", where
            # the name only says where the judge sits
            nouns.append(root.head)
        return nouns

    def described_class(self, doc: Doc, span: Span) -> str | None:
        """The coarse class the sentence itself gives the name, if one does."""
        for noun in self._defining_nouns(doc, span):
            said = self.type_nouns.get(noun.lemma_.lower())
            if said:
                return said
        return None

    def organisation_class(self, doc: Doc, span: Span) -> str:
        words = span.text.replace(",", " ").split()
        for cls, keywords in self.org_keywords.items():
            for keyword in keywords:
                if " " in keyword:
                    if keyword in span.text:
                        return cls
                elif keyword in words[1:] or (keyword == words[0] and cls != "Company" and len(words) > 1):
                    return cls
        # Context: "the start-up DeepSeek", "DeepSeek, a Chinese start-up", "X is a company".
        root = span.root
        neighbours = [root.head] + [c for c in root.head.children if c.dep_ == "appos"] + \
            [c for c in root.children if c.dep_ == "appos"]
        for token in neighbours:
            if token.i in range(span.start, span.end):
                continue
            cls = self.org_nouns.get(token.lower_) or self.org_nouns.get(token.lemma_.lower())
            if cls and token.pos_ == "NOUN":
                return cls
        return "Organisation"

    def add_policies(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Noun phrases that name a policy without a proper name: "US export controls",
        "the US embargo", "export sanctions". The issuer inside the phrase stays its own mention."""
        by_token = {}
        for index, mention in enumerate(mentions):
            for i in range(mention.start, mention.end):
                by_token[i] = index
        added = []
        for token in doc:
            if token.lower_ not in self.policy_heads or token.pos_ not in {"NOUN", "PROPN"}:
                continue
            if token.i in by_token:
                continue
            modifiers = [c for c in token.lefts if c.dep_ in {"compound", "amod", "nmod", "poss"}]
            has_kind = any(m.lower_ in self.policy_modifiers for m in modifiers)
            issuer_index = None
            for m in modifiers:
                index = by_token.get(m.i)
                if index is not None and issuer_index is None and mentions[index].cls in {"Country", "GovernmentBody", "Place"} | (
                        {"Organisation"} if m.dep_ == "poss" else set()):
                    issuer_index = (mentions[index].start, mentions[index].end)
            if not has_kind and issuer_index is None:
                continue
            if not has_kind and token.lower_ in {"rule", "rules", "measure", "measures", "limit", "limits", "barrier", "barriers"}:
                continue
            # The name is the run of modifiers right before the head: "US export controls".
            start = token.i
            while start > 0:
                prev = doc[start - 1]
                attached = prev.head.i in range(start, token.i + 1) or prev.head.i == token.i
                # Only words a policy's name is made of: kinds, issuers, adjectives ("Commerce
                # Implements New Export Controls" is a headline, not a name).
                fits = prev.lower_ in self.policy_modifiers or prev.i in by_token or prev.pos_ == "ADJ" \
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
            while start < token.i and doc[start].pos_ == "ADJ" and doc[start].text not in self.demonyms:
                start += 1
            span = doc[start:token.i + 1]
            if any(by_token.get(i) is not None and i not in
                   range(mentions[by_token[i]].start, mentions[by_token[i]].end) for i in range(span.start, span.end)):
                continue
            inner = [by_token[i] for i in range(span.start, span.end) if i in by_token]
            if inner and any(mentions[j].cls not in {"Country", "Place", "GovernmentBody", "Organisation", "Company"} for j in inner):
                continue
            text = _clean_text(span.text)
            surface = (text,)
            extra = {}
            added.append(Mention(span.start, span.end, text, "Policy", "policy", None,
                                 surface=surface, issuer=issuer_index, extra=extra))
        return mentions + added

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        doc._.kg_mentions = mentions


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    text = _QUOTE.sub("", text)
    text = re.sub(r"[’']s$", "", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return text.strip(" ,;:")
