"""spaCy factories. Each component is a class (entity_rules.py, mentions.py, relations/) and a factory here."""
from __future__ import annotations

from pathlib import Path

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


class Segmenter:
    """A new sentence starts after every line break: a headline or a paragraph never runs on."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            # A lower-case word does not open a sentence ("U.S. | officials said", "(JHI) | is a"),
            # except at the start of a line.
            prev = doc[token.i - 1]
            if token.is_alpha and token.text[0].islower() and "\n" not in prev.text + prev.whitespace_:
                token.is_sent_start = False
        for token in doc[:-1]:
            if "\n" in token.text or "\n" in token.whitespace_:
                doc[token.i + 1].is_sent_start = True
                # A line's first word is never a sentence of its own ("Yangtze" | "Memory
                # Technologies Corp (YMTC) is ..."): the parser, seeing a headline above, may split it off.
                second = token.i + 2
                if second < len(doc) and doc[token.i + 1].is_alpha and "\n" not in doc[token.i + 1].whitespace_ \
                        and not doc[second].is_space:
                    doc[second].is_sent_start = False
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
