"""Entity mentions after the recogniser: the finder that maps its labels to our classes, strips
titles and possessives, drops non-entities and runs the passes that find and type the rest (places
by context, names by kind nouns, unnamed policies), keeping the result on ``doc._.kg_mentions``."""
from __future__ import annotations

from dataclasses import replace

from spacy.attrs import IS_TITLE
from spacy.tokens import Doc, Span

from kg.extract import words as shared_words
from kg.extract.acronyms import named_acronyms
from kg.extract.kind_names import defined_subjects, named_by_kind, without_events
from kg.extract.list_kinds import kinds_in_lists
from kg.extract.mention import GUESSED, Mention
from kg.extract.name_kinds import context_class, described_class, is_name, organisation_class
from kg.extract.place_context import actors_by_verb, listed_before_kind, places_by_context, places_by_shape
from kg.extract.policies import add_policies, named_policies
from kg.extract.policy_frames import event_policies, issued_policies
from kg.extract.resources import GazetteerEntry
from kg.extract.rule_documents import document_rules
from kg.extract.vocabulary import Vocabulary
from kg.extract.words import clean_text, hyphen_joins, tokens_where
from kg.records import COARSE_OF

#: Labels of the statistical recogniser that can name one of our entities.
NER_TO_CLASS = {"PERSON": "Person", "ORG": "Organisation", "GPE": "Place", "LOC": "Place",
                "FAC": "Place", "LAW": "Policy"}
OUR_LABELS = {"Person", "Organisation", "Company", "GovernmentBody", "ResearchOrganisation",
              "Place", "Country", "Chip", "AIModel", "Policy"}


class MentionFinder:
    """After the recogniser: map labels to classes, strip titles and possessives, drop non-entities,
    find policy phrases, and keep the result on ``doc._.kg_mentions``."""

    def __init__(self, gazetteer: dict[str, GazetteerEntry], lexicon: dict, demonyms: dict[str, str],
                 place_names: frozenset[str] | set[str] = frozenset()):
        self.vocab = Vocabulary(gazetteer, lexicon, demonyms, place_names)

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
        mentions = self.makers_in_products(mentions)
        mentions = places_by_shape(doc, mentions, self.vocab)
        mentions = defined_subjects(doc, mentions, self.vocab)
        mentions = named_by_kind(doc, mentions, self.vocab)
        mentions += self.nationalities(doc, mentions)
        mentions = named_acronyms(doc, mentions)
        mentions = named_policies(doc, mentions, self.vocab)
        mentions = add_policies(doc, mentions, self.vocab)
        mentions = issued_policies(doc, mentions, self.vocab)
        mentions = event_policies(doc, mentions, self.vocab)
        mentions = document_rules(doc, mentions)
        mentions = places_by_context(doc, mentions, self.vocab)
        mentions = actors_by_verb(doc, mentions, self.vocab)
        mentions = listed_before_kind(doc, mentions, self.vocab)
        mentions = kinds_in_lists(doc, mentions, self.vocab)
        mentions = without_events(doc, mentions, self.vocab)
        mentions = self.one_kind_per_name(mentions)
        mentions = self.people_by_title(doc, mentions)
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
                    and prev.label_ in NER_TO_CLASS and doc[prev.start:ent.end].text in self.vocab.place_names:
                out[-1] = Span(doc, prev.start, ent.end, label="GPE")
                continue
            # "Aetolia" + "-" + "Acarnania": one region's name, unless two countries ("Cambodia-Vietnam")
            if prev is not None and prev.end + 1 == ent.start and hyphen_joins(doc, prev.end) \
                    and {prev.label_, ent.label_} <= {"GPE", "LOC"} \
                    and not (prev.text in self.vocab.place_entries and ent.text in self.vocab.place_entries):
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
            if prev is not None and self._listed_areas(doc, prev, ent):
                out[-1] = Span(doc, prev.start, ent.end, label="ORG")
                continue
            # "Holmenkollen in Oslo": a place's name does not hold "in" and another known place.
            split = next((i for i in range(ent.start + 1, ent.end - 1) if doc[i].lower_ == "in" and doc[i].is_lower
                          and doc[i + 1:ent.end].text in self.vocab.place_names), None)
            if split is not None and ent.label_ in {"GPE", "LOC", "FAC"}:
                out.append(Span(doc, ent.start, split, label=ent.label_))
                out.append(Span(doc, split + 1, ent.end, label="GPE"))
                continue
            out.append(ent)
        return out

    def _listed_areas(self, doc: Doc, prev: Span, ent: Span) -> bool:
        """"Senate Banking" + ", Housing, and " + "Urban Affairs Committee": a body's name lists
        the areas it is for, and the recogniser cuts it at the commas. The last part ends in a
        body's word (Committee), the first in none, and only capitalised words, commas and
        "and" stand between."""
        if prev.label_ != "ORG" or ent.label_ != "ORG" or prev.sent != ent.sent or not 2 <= ent.start - prev.end <= 6:
            return False
        gap = doc[prev.end:ent.start]
        heads = set(self.vocab.org_keywords.get("GovernmentBody", []))
        return doc[ent.end - 1].text in heads and doc[prev.end - 1].text not in self.vocab.org_words \
            and any(t.lower_ in {"and", "&"} for t in gap) and any(t.is_title for t in gap) \
            and all(t.is_title or t.text == "," or t.lower_ in {"and", "&"} for t in gap) \
            and not any(t.ent_type_ for t in gap)

    def nationalities(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"Canadian", "Chinese": a nationality word mentions its country (the node is the country,
        the word one of its names). Words inside another name ("Chinese Communist Party") do not."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for token in tokens_where(doc, IS_TITLE):
            if token.i in taken or not token.is_title:
                continue
            if token.ent_type_ and token.ent_type_ not in {"NORP", "GPE", "LANGUAGE"}:
                continue
            # "North Korean", "South African": the two words name one country, the last alone another;
            # "Latin American" names none
            gid, width = shared_words.nationality_at(doc, token.i, self.vocab.demonyms, self.vocab.lexicon,
                                                     token.i + 1 if token.i + 1 in taken else None)
            if gid is None:
                continue
            text = doc[token.i:token.i + width].text
            out.append(Mention(token.i, token.i + width, text, self.vocab.gazetteer[gid].cls, "demonym", gid))
            taken.update(range(token.i, token.i + width))
        return out

    def makers_in_products(self, mentions: list[Mention]) -> list[Mention]:
        """"the Apple A14", "MediaTek Dimensity 8100": a product's name that opens with its maker's
        name mentions the maker as well (the product's mention keeps the whole name, and the
        name without the maker as another surface form)."""
        taken = {(m.start, m.end) for m in mentions}
        out = []
        for m in mentions:
            maker, _, rest = m.text.partition(" ")
            entry = self.vocab.organisations_by_name.get(maker)
            if COARSE_OF[m.cls] not in {"Chip", "AIModel"} or not rest or m.source == "ner" or entry is None:
                out.append(m)
                continue
            # The product's name without its maker is a name of it too ("Ryzen 7000").
            out.append(replace(m, surface=tuple(dict.fromkeys((*m.surface, rest)))))
            if (m.start, m.start + 1) not in taken:
                out.append(Mention(m.start, m.start + 1, maker, entry.cls, "gazetteer", entry.id))
        return out

    def people_by_title(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """"Secretary Bessent", "Senator Cotton": one capitalised word after a person's title that
        the recogniser left is that person's surname."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = list(mentions)
        for t in doc[:-1]:
            n = doc[t.i + 1]
            if t.text not in self.vocab.titles or t.i in taken or n.i in taken or n.pos_ != "PROPN" \
                    or not n.is_title or not n.is_alpha or n.text in self.vocab.titles or n.tag_ == "NNPS" \
                    or n.lower_ in self.vocab.common_nouns or n.lemma_.lower() in self.vocab.common_nouns \
                    or n.text in self.vocab.demonyms or n.text in self.vocab.place_names or n.text in self.vocab.non_entities:
                continue
            after = doc[n.i + 1] if n.i + 1 < len(doc) else None
            if after is not None and (after.pos_ == "PROPN" or after.is_title and not after.is_sent_start):
                continue  # a longer name: the recogniser's business
            out.append(Mention(n.i, n.i + 1, n.text, "Person", "shape", None, t.text))
        return out

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
                    and all(w[:1].isupper() for w in words) and not set(words) & self.vocab.place_words \
                    and all(doc[i].pos_ == "PROPN" for i in range(m.start, m.end)):
                m = replace(m, cls="Person")
            elif COARSE_OF[m.cls] == "Organisation" and m.source == "ner" and len(words) == 1 and m.text in surnames:
                m = replace(m, cls="Person")
            out.append(m)
        return out

    def place_named_organisation(self, doc: Doc, m: Mention) -> Mention:
        """A place name that opens an organisation's name is part of it: "Shenzhen City Council"."""
        if m.source != "gazetteer" or COARSE_OF.get(m.cls) != "Place":
            return m
        end = m.end
        while end < len(doc) and end - m.end < 4 and doc[end].pos_ == "PROPN" and doc[end].is_title:
            end += 1
        if end == m.end or doc[end - 1].text not in self.vocab.place_org_heads:
            return m
        # "the US Department of Defence": what the body is for follows "of", unless it is a name of its own.
        if end + 1 < len(doc) and doc[end].lower_ == "of" and doc[end + 1].is_title and not doc[end + 1].ent_type_:
            end += 2
            while end < len(doc) and end - m.end < 8 and doc[end].is_title and not doc[end].ent_type_:
                end += 1
        span = doc[m.start:end]
        cls = organisation_class(doc, span, self.vocab)
        return Mention(m.start, end, clean_text(span.text), cls, "ner")

    def with_title(self, doc: Doc, m: Mention) -> Mention:
        """A title right before a person's name is kept as the role: "Founder Liang Wenfeng"."""
        if m.cls != "Person" or m.role:
            return m
        i = m.start - 1
        words = []
        while i >= 0 and (doc[i].text in self.vocab.titles or doc[i].lower_ in self.vocab.lowercase_titles) \
                and "\n" not in doc[i].whitespace_:
            words.insert(0, doc[i].text)
            i -= 1
        return replace(m, role=" ".join(words)) if words else m

    def from_entity(self, doc: Doc, ent: Span) -> Mention | None:
        """The mention a rule's or the recogniser's entity makes, its name cleaned of titles,
        articles and stray words and its class corrected; None if it names nothing we keep."""
        label = ent.label_
        if label in OUR_LABELS:
            source = "gazetteer" if ent.kb_id_ and not ent.kb_id_.startswith(("pattern:", "shape:")) \
                else "shape" if ent.kb_id_.startswith("shape:") else ent.kb_id_ or "pattern"
            gid = ent.kb_id_ if source == "gazetteer" else None
            if source.startswith("pattern:leader_administration") and ent.start > 0 \
                    and doc[ent.start - 1].lower_ in {"for", "of"}:
                return None  # "the Assistant Secretary for Export Administration": an office's area
            return Mention(ent.start, ent.end, clean_text(ent.text), label, source, gid)
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
        if start >= end or self._field_label(doc, start, end) or self._office_area(doc, start, label):
            return None
        while start < end and doc[start].lower_ in {"the", "a", "an"}:
            start += 1
        # "the comarca of Alt Penedès", "co-chief executive officer of Power Corporation": lower-case
        # words in front are a description, and the name is what follows their "of".
        if doc[start].is_lower and doc[start].lower_ not in self.vocab.particles and doc[start].is_alpha:
            k = start
            while k < end and (doc[k].is_lower or doc[k].is_punct):
                k += 1
            if k < end and k - 1 > start and doc[k - 1].lower_ in {"of", "for"}:
                described = self.vocab.type_nouns.get(doc[k - 2].lemma_.lower())
                if described and doc[k - 1].lower_ == "of":
                    cls = described  # "the comarca of Anoia" is a place
                start = k
            elif k < end and cls != "Person":
                start = k
        # "Co-Chief Executive Officer of Power Corporation of Canada": a role of an organisation
        # is the person's, and the organisation's name is what follows "of".
        if label == "ORG":
            k = start
            while k < end and (doc[k].lower_ in self.vocab.member_roles
                               or doc[k].lower_ in self.vocab.role_prefixes):
                k += 1
            if k == end and doc[k - 1].lower_ in self.vocab.member_roles:
                return None  # "Co-Chief Executive Officer" alone names no organisation
            rest = {t.text for t in doc[k + 1:end]}
            if start < k < end - 1 and doc[k].lower_ == "of" and doc[k - 1].lower_ in self.vocab.member_roles \
                    and rest & self.vocab.organisation_words:
                start = k + 1
                while start < end and doc[start].lower_ == "the":
                    start += 1
        # "U.S. Route 20", "Interstate 5": the number is part of a road's name.
        if end < len(doc) and doc[end - 1].text in self.vocab.road_words and doc[end].is_digit:
            end += 1
        while end > start and (doc[end - 1].text in {"'s", "’s", "'", "’", ",", ".", "-"}
                               or doc[end - 1].lower_ in self.vocab.name_end_words):
            end -= 1
        role_tokens = []
        while start < end - 1 and (doc[start].text in self.vocab.titles
                                   or doc[start].text.lower() in self.vocab.name_start_titles
                                   or (role_tokens and doc[start].text in {"of", "for", "and"})):
            role_tokens.append(doc[start].text)
            start += 1
        if role_tokens:
            # "Emperor of Japan", "King and Government of Norway": a title joined to what follows
            # by "of" or "and" is part of a name, not a person's title.
            joined = role_tokens[-1] in {"of", "for", "and"}
            title_start = start - len(role_tokens)
            rest = set(doc[start:end].text.split())
            if label == "ORG" and not joined and doc[start].pos_ == "PROPN" and not rest & self.vocab.org_words:
                cls = "Person"
            elif label != "PERSON" or joined:
                start = title_start  # "National Football League": a name, not a title
                role_tokens = []
        if start >= end:
            return None
        if cls == "Person" and not role_tokens:
            start, end = self._whole_person_name(doc, start, end)
        span = doc[start:end]
        text = clean_text(span.text)
        # "the Premier of China": the rules left "China" to the recogniser (it might have begun a
        # longer name); when the recogniser found the place name alone, it is the gazetteer's place.
        entry = self.vocab.place_entries.get(text)
        if entry is not None and cls == "Place":
            return Mention(start, end, text, entry.cls, "gazetteer", entry.id)
        # "the Kingdom of Thailand", "the Republic of Angola": a country's formal name is the country.
        state = self.vocab.state_name.match(text)
        if state and self.vocab.place_entries.get(state.group(1)) is not None \
                and self.vocab.place_entries[state.group(1)].cls == "Country":
            entry = self.vocab.place_entries[state.group(1)]
            return Mention(start, end, text, entry.cls, "gazetteer", entry.id)
        if not is_name(text, span, self.vocab):
            return None
        said = described_class(doc, span, self.vocab)
        cls = context_class(doc, span, cls, said, self.vocab)
        if cls == "Organisation":
            cls = organisation_class(doc, span, self.vocab)
        # "Westmere is a hamlet": the sentence says what the name is; it outweighs the recogniser's
        # guesses at the bare name elsewhere in the document.
        described = said == COARSE_OF.get(cls, cls)
        return Mention(start, end, text, cls, "ner", None, " ".join(role_tokens) or None,
                       extra={"described": True} if described else {})

    @staticmethod
    def _field_label(doc: Doc, start: int, end: int) -> bool:
        """"AGENCY: Bureau of Industry and Security": a capitalised word that opens a line and
        ends in a colon labels a field of a form or a notice."""
        first = doc[start]
        return end - start == 1 and first.is_upper and end < len(doc) and doc[end].text == ":" \
            and (start == 0 or "\n" in doc[start - 1].text or "\n" in doc[start - 1].whitespace_)

    def _office_area(self, doc: Doc, start: int, label: str) -> bool:
        """"the Under Secretary for Industry and Security": after a title and "for", a name is
        the area of an office, not an organisation (the bureau is named in full elsewhere)."""
        return label == "ORG" and start >= 2 and doc[start - 1].lower_ == "for" \
            and doc[start - 2].text in self.vocab.titles

    def _whole_person_name(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The recogniser sometimes cuts a person's name short: "Carl Gösta Björn Joachim von der"
        without "Esch", "Narayan Khare" without "Amandeep". A name ending in a particle takes the
        next capitalised word; a capitalised proper noun right before it that belongs to no
        other name, title or nationality joins it."""
        def free(i: int) -> bool:
            t = doc[i]
            return t.is_title and t.pos_ == "PROPN" and not t.ent_type_ and t.text not in self.vocab.titles \
                and t.text not in self.vocab.demonyms and "\n" not in t.whitespace_
        while end < len(doc) and doc[end - 1].lower_ in self.vocab.particles and free(end):
            end += 1
        # "João Paulo de Leiria" + "e Silva": a particle after the name and a capitalised word
        while end + 1 < len(doc) and doc[end].lower_ in self.vocab.particles and doc[end].is_lower and free(end + 1) \
                and not doc[end].ent_type_:
            end += 2
        if start > doc[start].sent.start and free(start - 1) and "\n" not in doc[start - 1].whitespace_:
            start -= 1
        return start, end

    def set_annotations(self, doc: Doc, mentions: list[Mention]) -> None:
        doc._.kg_mentions = mentions
