"""spaCy factories. Each component is a class (entity_rules.py, mentions.py, relations/) and a factory here."""
from __future__ import annotations

from pathlib import Path

import numpy
from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from kg.config import Settings
from kg.extract.entity_rules import EntityRules
from kg.extract.mentions import MentionFinder
from kg.extract.relations import RelationExtractor, load_rules
from kg.extract.relations.words import Words
from kg.extract.resources import (
    demonym_index,
    load_entity_patterns,
    load_gazetteer,
    load_lexicon,
    place_countries,
    world_index,
)

for _name, _default in (("kg_mentions", None), ("kg_relations", None), ("kg_no_relations", None),
                        ("kg_policy_dates", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _data_dir(data_dir: str) -> Path:
    return Path(data_dir) if data_dir else Settings().data_dir


#: SENT_START -1 (not a sentence start) as the unsigned arrays of Doc.to_array hold it.
_NOT_START = 2 ** 64 - 1


class Segmenter:
    """A new sentence starts after every line break: a headline or a paragraph never runs on.

    Read from the Doc's attribute arrays and written back in one ``from_array`` (a loop over
    Token objects cost a build about 1 %)."""

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n < 2:
            return doc
        table = doc.to_array([IS_ALPHA, IS_SPACE, IDX, LENGTH, SENT_START])
        alpha, space, idx, length, starts = (table[:, k].tolist() for k in range(5))
        text = doc.text
        # Only space tokens hold a line break (a token's trailing whitespace is one space).
        breaks = [bool(s) and "\n" in text[i:i + l] for s, i, l in zip(space, idx, length)]
        for i in range(1, n):
            # A lower-case word does not open a sentence ("U.S. | officials said", "(JHI) | is a"),
            # except at the start of a line.
            if alpha[i] and text[idx[i]].islower() and not breaks[i - 1]:
                starts[i] = _NOT_START
        for i in range(n - 1):
            if breaks[i]:
                starts[i + 1] = 1
                # A line's first word is never a sentence of its own ("Yangtze" | "Memory
                # Technologies Corp (YMTC) is ..."): the parser, seeing a headline above, may split it off.
                if i + 2 < n and alpha[i + 1] and not space[i + 2]:
                    starts[i + 2] = _NOT_START
        doc.from_array([SENT_START], numpy.array(starts, dtype="uint64").reshape(-1, 1))
        return doc


@Language.factory("kg_segmenter")
def make_segmenter(nlp: Language, name: str):
    return Segmenter()


@Language.factory("kg_entity_rules", default_config={"data_dir": ""})
def make_entity_rules(nlp: Language, name: str, data_dir: str):
    base = _data_dir(data_dir)
    return EntityRules(nlp, load_gazetteer(base / "gazetteers"), load_entity_patterns(base / "rules"),
                       load_lexicon(base / "lexicon"))


@Language.factory("kg_entity_filter", default_config={"data_dir": ""})
def make_entity_filter(nlp: Language, name: str, data_dir: str):
    base = _data_dir(data_dir)
    gazetteer = load_gazetteer(base / "gazetteers")
    return MentionFinder(gazetteer, load_lexicon(base / "lexicon"), demonym_index(gazetteer),
                         world_index(base / "gazetteers").names)


@Language.factory("kg_relations", default_config={"data_dir": ""})
def make_relation_extractor(nlp: Language, name: str, data_dir: str):
    base = _data_dir(data_dir)
    gazetteer = load_gazetteer(base / "gazetteers")
    lexicon = load_lexicon(base / "lexicon")
    places = {name: e.id for e in gazetteer.values() if e.coarse == "Place" for name in (e.name, *e.aliases)}
    rules = load_rules(base / "rules" / "relations", lexicon)
    words = Words(lexicon, demonym_index(gazetteer), places,
                  {n for e in gazetteer.values() if e.cls == "Country" for n in (e.name, *e.aliases)},
                  place_countries(gazetteer, world_index(base / "gazetteers")),
                  issue_lemmas={w for r in rules.pattern_rules if r.property == "issuedBy" and r.voice == "active"
                                for w in r.trigger_words})
    return RelationExtractor(nlp.vocab, rules, words)
