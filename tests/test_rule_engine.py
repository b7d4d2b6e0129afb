"""The rule engine: rules a user adds as data take effect without Python, rule files are checked
with one-line errors naming the file, rules are read and compiled once, priorities hold."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.errors import DataError
from kg.extract.relations import load_rules
from kg.extract.resources import load_lexicon

LEXICON = load_lexicon(PROJECT_ROOT / "data" / "lexicon")

USER_RULES = """
- id: license_chip
  property: usesChip
  trigger: {lemma: [license, licence]}
  subject: {path: subject, types: [Organisation]}
  object: {path: object, types: [Chip]}
  confidence: 0.7
  examples:
  - text: Lenovo licensed the H20 chip.
    gives: [Lenovo, usesChip, H20]

- id: order_for_chip
  property: usesChip
  pattern:
  - {RIGHT_ID: trigger, RIGHT_ATTRS: {LEMMA: place, POS: VERB}}
  - {LEFT_ID: trigger, REL_OP: '>', RIGHT_ID: order, RIGHT_ATTRS: {DEP: dobj, LEMMA: '@order_nouns'}}
  - {LEFT_ID: order, REL_OP: '>', RIGHT_ID: for, RIGHT_ATTRS: {DEP: prep, LOWER: for}}
  - {LEFT_ID: for, REL_OP: '>', RIGHT_ID: chip, RIGHT_ATTRS: {DEP: pobj}}
  subject: {path: subject, types: [Organisation]}
  object: {node: chip, types: [Chip]}
  confidence: 0.7
  examples:
  - text: Tencent placed an order for H20 chips.
    gives: [Tencent, usesChip, H20]
"""


@pytest.fixture(scope="module")
def user_data(tmp_path_factory) -> Path:
    """The project's data folder with a user's rule file and word list added."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    (data / "rules" / "relations" / "user.yaml").write_text(USER_RULES, encoding="utf-8")
    (data / "lexicon" / "order_nouns.txt").write_text("# Nouns for an order.\norder\npurchase\n", encoding="utf-8")
    return data


def _triples(extractor, text):
    from kg.ingest import make_document

    facts = extractor.extract(make_document(text, "test.txt"))
    labels = {e.key: e.label for e in facts.entities}
    return {(labels[r.subject], r.predicate, labels[r.object], r.evidence.rule) for r in facts.relations if r.asserted}


@pytest.mark.parametrize("text,triple", [
    ("Lenovo licensed the H20 chip.", ("Lenovo", "usesChip", "H20", "license_chip")),
    ("Tencent placed an order for H20 chips.", ("Tencent", "usesChip", "H20", "order_for_chip")),
])
def test_a_rule_added_as_data_takes_effect(extractor, user_data, text, triple):
    from kg.extract import Extractor

    assert triple[:3] not in {t[:3] for t in _triples(extractor, text)}  # the shipped rules do not say it
    assert triple in _triples(Extractor(Settings(data_dir=user_data)), text)


def test_a_match_claims_its_trigger_from_rules_of_lower_priority(facts_of):
    _, triples = facts_of("Baidu made extensive use of the A100 chip.")
    assert ("Baidu", "usesChip", "A100") in triples
    assert ("Baidu", "develops", "A100") not in triples


def test_rules_are_read_once_per_process():
    directory = PROJECT_ROOT / "data" / "rules" / "relations"
    assert load_rules(directory, LEXICON) is load_rules(directory, LEXICON)


GOOD = """- id: r1
  property: usesChip
  trigger: {lemma: [license]}
  subject: {path: subject, types: [Organisation]}
  object: {path: object, types: [Chip]}
  confidence: 0.7
  examples: [{text: "X licensed Y.", gives: [X, usesChip, Y]}]
"""


@pytest.mark.parametrize("text,message", [
    ("- id: r1\n  property: [broken\n", "bad.yaml:3: not valid YAML"),
    (GOOD.replace("property: usesChip", "property: uses"), "property 'uses' is none of the ontology's relations"),
    (GOOD.replace("confidence: 0.7", "confidence: 7"), "confidence must be a number in (0, 1]"),
    (GOOD.replace("[license]", "'@no_such_list'"), "no word list '@no_such_list' in data/lexicon/"),
    (GOOD.replace("path: object,", "path: objekt,"), "object path 'objekt' is none of"),
    (GOOD.replace("  confidence: 0.7\n", "  confidence: 0.7\n  colour: red\n"), "unknown keys ['colour']"),
    (GOOD.replace("path: object,", "node: chip,"), "object node 'chip' is not a node of the pattern"),
    (GOOD.replace("types: [Chip]", "types: [Chips]"), "object: types must be ontology classes, not ['Chips']"),
    (GOOD.replace("path: object,", "path: object, preps: [on],"), "quote words YAML reads as true"),
    ("- just a word\n", "every rule is a mapping with an id"),
    (GOOD.replace("  confidence: 0.7\n", "  confidence: 0.7\n  priority: high\n"), "priority must be a whole number"),
    (GOOD.replace("{lemma: [license]}", "{lemma: [license], vocie: passive}"), "trigger: unknown keys ['vocie']"),
    (GOOD.replace("[license]", "'@use_nouns.typo'"), "no word list '@use_nouns.typo'"),
    ("- {id: p1, property: restricts, confidence: 0.5, preposition: {head: [Policies], preps: [for], object: [Chip]}}\n",
     "types must be ontology classes, not ['Policies']"),
    ("- {id: c1, property: restricts, confidence: 0.5, construction: shapes.x, voice: passive}\n", "unknown keys ['voice']"),
    (GOOD.replace("gives: [X, usesChip, Y]", "gives: [X, Y]"), "an example needs text and gives"),
    (GOOD + GOOD.replace("confidence: 0.7", "confidence: 0.6"), "rule id 'r1' is also used in bad.yaml"),
])
def test_a_bad_rule_file_is_one_line_naming_file_and_rule(tmp_path, text, message):
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_rules(tmp_path, LEXICON)
    assert message in str(info.value)
    assert "bad.yaml" in str(info.value) and "\n" not in str(info.value)


def test_the_rule_files_follow_the_families():
    rules = load_rules(PROJECT_ROOT / "data" / "rules" / "relations", LEXICON)
    family = {"organisations.yaml": {"foundedBy", "ownedBy", "competesWith"}, "people.yaml": {"affiliatedWith"},
              "places.yaml": {"basedIn", "locatedIn", "country"}, "products.yaml": {"develops", "manufactures", "usesChip"},
              "policy.yaml": {"issuedBy", "restricts", "targets"}, "names.yaml": {"alias"}}
    assert {rule.source for rule in rules} == set(family)
    assert [rule.id for rule in rules if rule.property not in family[rule.source]] == []


def test_a_bad_dependency_pattern_names_its_rule(tmp_path):
    from spacy.vocab import Vocab

    from kg.extract.relations.engine import RuleEngine

    (tmp_path / "bad.yaml").write_text(GOOD.replace("  trigger: {lemma: [license]}\n", """  pattern:
  - {RIGHT_ID: trigger, RIGHT_ATTRS: {LEMMA: license}}
  - {LEFT_ID: nowhere, REL_OP: '>', RIGHT_ID: chip, RIGHT_ATTRS: {DEP: dobj}}
"""), encoding="utf-8")
    rules = load_rules(tmp_path, LEXICON)
    with pytest.raises(DataError, match=r"bad.yaml: rule 'r1': not a valid dependency pattern"):
        RuleEngine(Vocab(), rules)


def test_a_doc_without_a_parse_gives_no_relations_and_no_error():
    import spacy

    from kg.extract.relations.engine import RuleEngine

    nlp = spacy.blank("en")
    engine = RuleEngine(nlp.vocab, load_rules(PROJECT_ROOT / "data" / "rules" / "relations", LEXICON))
    assert engine.match(nlp("Tencent bought H20 chips.")) == {}


def test_the_tree_matcher_finds_what_the_dependency_matcher_finds(extractor, tmp_path):
    """The quick matcher for child-link patterns (kg/extract/relations/trees.py) gives the same
    node assignments as spaCy's DependencyMatcher, for every rule it takes, on the example and
    test texts; and a pattern outside its subset is left to the DependencyMatcher."""
    from spacy.matcher import DependencyMatcher

    from kg.extract.relations.trees import DocTable, TreePattern
    from kg.ingest import iter_documents

    engine = dict(extractor.nlp.pipeline)["kg_relations"].engine
    assert len(engine.trees) >= 5
    reference = DependencyMatcher(extractor.nlp.vocab)
    for key in engine.trees:
        reference.add(key, list(engine.rules[key].patterns))
    documents = [d for d in iter_documents([PROJECT_ROOT / "data" / "examples", PROJECT_ROOT / "tests" / "data"])
                 if not isinstance(d, Exception)]
    made_up = tmp_path / "trees.txt"
    made_up.write_text("Under the name Hygon, the venture changed its name to HiGon. AMD and THATIC own parts of "
                       "these companies. The company makes use of Nvidia chips. The company's products include "
                       "Ascend chips.", encoding="utf-8")
    documents.append(next(iter_documents([made_up])))
    total = 0
    for doc in extractor.nlp.pipe(extractor.make_doc(d) for d in documents):
        expected = sorted((extractor.nlp.vocab.strings[k], tuple(ids)) for k, ids in reference(doc))
        table = DocTable(doc)
        got = sorted((k, tuple(ids)) for k, trees in engine.trees.items() for t in trees for ids in t.matches(table))
        assert got == expected
        total += len(got)
    assert total >= 10
    strings = extractor.nlp.vocab.strings
    assert TreePattern.compile([{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": "make"}},
                                {"LEFT_ID": "a", "REL_OP": ">>", "RIGHT_ID": "b", "RIGHT_ATTRS": {"POS": "NOUN"}}],
                               strings) is None
    assert TreePattern.compile([{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["x"]}}}], strings) is None



def _segmented_token_by_token(doc):
    """The segmenter's rules as they were written before, one Token at a time: the reference."""
    for token in doc[1:]:
        prev = doc[token.i - 1]
        if token.is_alpha and token.text[0].islower() and "\n" not in prev.text + prev.whitespace_:
            token.is_sent_start = False
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
            second = token.i + 2
            if second < len(doc) and doc[token.i + 1].is_alpha and "\n" not in doc[token.i + 1].whitespace_ \
                    and not doc[second].is_space:
                doc[second].is_sent_start = False
    return doc


def test_the_segmenter_reads_arrays_as_it_read_tokens(extractor, tmp_path):
    """The array form of the segmenter sets the same sentence starts as the token-by-token
    reference, on the example and test texts and on line breaks of every kind."""
    from spacy.attrs import SENT_START

    from kg.extract.components import Segmenter
    from kg.ingest import iter_documents

    made_up = tmp_path / "lines.txt"
    made_up.write_text("HEADLINE in capitals\n\nYangtze Memory Technologies Corp (YMTC) is a maker.\n"
                       "U.S. officials said so.\r\n  \n- a list item\nend", encoding="utf-8")
    documents = [d for d in iter_documents([PROJECT_ROOT / "data" / "examples", PROJECT_ROOT / "tests" / "data", made_up])
                 if not isinstance(d, Exception)]
    names = [name for name, _ in extractor.nlp.pipeline]
    before = names[:names.index("kg_segmenter")]
    changed = 0
    for document in documents:
        fast, slow = extractor.make_doc(document), extractor.make_doc(document)
        for name in before:
            fast, slow = extractor.nlp.get_pipe(name)(fast), extractor.nlp.get_pipe(name)(slow)
        untouched = fast.to_array([SENT_START]).copy()
        Segmenter()(fast)
        _segmented_token_by_token(slow)
        assert (fast.to_array([SENT_START]) == slow.to_array([SENT_START])).all(), document.source
        changed += int((fast.to_array([SENT_START]) != untouched).sum())
    assert changed > 100
