"""Gazetteer phrases and token patterns, set as entities before the statistical recogniser."""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.resources import GazetteerEntry
from kg.extract.words import headline_case


class EntityRules:
    """Gazetteer phrases and token patterns, set as entities before the statistical recogniser."""

    def __init__(self, nlp: Language, gazetteer: dict[str, GazetteerEntry], patterns: list[dict], lexicon: dict):
        government_words = lexicon.get("national_government_words", ())
        self.gazetteer = gazetteer
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.phrases_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.capitals = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        # First words of names of people, organisations and places: "Secretary of Commerce Gina M.
        # Raimondo" ends the department's name at "Gina" though "Gina M. Raimondo" is no entry.
        # A title after the name ends it too: "Commerce Secretary Howard Lutnick".
        # The generic head a name may open with is no name of its own: "Commerce Ministry".
        heads = {w.lower() for table in ("org_type_keywords", "org_type_nouns")
                 for words in lexicon.get(table, {}).values() for w in words}
        self.name_openers = {entry.name.split()[0] for entry in gazetteer.values()
                             if entry.coarse in {"Person", "Organisation", "Place"}
                             and entry.name.split()[0].lower() not in heads} | set(lexicon.get("person_titles", ()))
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
            if entry.cls == "Country" and government_words:
                # "the U.S. government", "the Chinese Government": the state itself.
                governed = [f"{n} {w}" for n in (*names, *entry.demonyms) for w in government_words]
                self.phrases_lower.add(entry.id, [nlp.make_doc(n) for n in governed])
        for row in patterns:
            start, end = row.get("keep", [0, len(row["pattern"])])
            # A pattern that only reads the shape of capitalised words is a guess ("shape:"): in a
            # headline, where every word is capitalised, it counts for nothing on its own.
            self.keep[row["id"]] = (start, end, row["label"], "shape" if row.get("guess") else "pattern")
            self.matcher.add(row["id"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        spans = self.match(doc)
        self.set_annotations(doc, spans)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = []
        exact = list(self.phrases(doc))
        # "WASHINGTON —": a name the gazetteer spells in capitals itself wins over a name that
        # only matches in another case.
        spelled = {(s, e) for _, s, e in exact}
        capitals = [(k, s, e) for k, s, e in self.capitals(doc) if doc[s].text.isupper() and (s, e) not in spelled]
        lower = list(self.phrases_lower(doc))
        # Where a gazetteer name of its own begins: "AMD Ryzen" is two names, "Alibaba Cloud" one.
        starts = {s for _, s, _ in exact + lower}
        for match_id, start, end in exact + lower + capitals:
            key = doc.vocab.strings[match_id]
            entry = self.gazetteer[key]
            if end - start == 1 and entry.coarse == "Place" and self._inside_a_name(doc, start):
                continue  # "Michael Jordan", "China Telecom": leave the whole name to the recogniser
            if entry.coarse == "Organisation" and self._name_goes_on(doc, end, starts):
                continue  # "Alibaba Cloud", "Intel Foundry": a longer name the recogniser should see
            if entry.coarse in {"AIModel", "Chip"} and any(
                    e.label_ == "PERSON" and e.start <= start and end <= e.end and e.end - e.start > end - start
                    for e in doc.ents):
                continue  # "Jean-Claude Killy", "the painter Claude Lantier": part of a person's name
            spans.append(Span(doc, start, end, label=entry.cls, kb_id=key))
        for match_id, start, end in self.matcher(doc):
            key = doc.vocab.strings[match_id]
            first, last, label, kind = self.keep[key]
            if kind == "shape" and start > 0 and doc[start - 1].is_title and not doc[start - 1].is_sent_start:
                continue  # "the National Council for Peace and Order": the end of a longer name
            spans.append(Span(doc, start + first, start + min(last, end - start), label=label,
                              kb_id=f"{kind}:{key}"))
        return filter_spans(spans)

    def _name_goes_on(self, doc: Doc, end: int, starts: set[int]) -> bool:
        """The next word continues a name: capitalised, a proper noun, not the start of a name of
        its own, and not in a headline where every word is capitalised."""
        if end >= len(doc) or end in starts or headline_case(doc[end].sent):
            return False
        nxt = doc[end]
        return nxt.is_title and nxt.pos_ == "PROPN" and nxt.text not in self.name_openers

    @staticmethod
    def _inside_a_name(doc: Doc, i: int) -> bool:
        """A one-word place name right next to another capitalised proper noun (not in a headline)."""
        if not doc[i].is_title or headline_case(doc[i].sent):
            return False
        for j in (i - 1, i + 1):
            if 0 <= j < len(doc) and doc[j].is_title and doc[j].pos_ == "PROPN":
                return True
        # "University of Alberta", "Bank of China"
        return i >= 2 and doc[i - 1].lower_ == "of" and doc[i - 2].is_title and doc[i - 2].pos_ == "PROPN"

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.ents = filter_spans(list(spans) + [e for e in doc.ents if not _overlaps(e, spans)])


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span.start < o.end and o.start < span.end for o in others)
