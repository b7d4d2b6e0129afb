"""Every relation rule in data/rules/relations/ is run on its own examples with the real model:
the example must give its triple, and the rule itself must have fired on it (a rule that another
rule covers for would pass the first check alone). A rule without a working example fails here."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings
from kg.extract.relations import load_rules
from kg.extract.resources import load_lexicon
from kg.ingest import make_document

RELATIONS = PROJECT_ROOT / "kg" / "extract" / "relations"
RULES = load_rules(Settings().rules_dir / "relations", load_lexicon(Settings().lexicon_dir))
EXAMPLES = [(rule.id, example["text"], tuple(example["gives"])) for rule in RULES for example in rule.examples]


@pytest.mark.parametrize("rule_id,text,gives", EXAMPLES, ids=[f"{e[0]}-{i}" for i, e in enumerate(EXAMPLES)])
def test_rule_example(extractor, rule_id, text, gives):
    rule = RULES[rule_id]
    document = make_document(text, "test.txt")
    doc = extractor.nlp(extractor.make_doc(document))  # parsed once: the candidates, then the facts
    fired = {(c.rule, c.predicate) for c in doc._.kg_relations}
    facts = extractor.resolver(document, doc)
    labels = {e.key: e.label for e in facts.entities}
    triples = {(labels[r.subject], r.predicate, labels[r.object]) for r in facts.relations if r.asserted}
    s, p, o = gives
    assert p == rule.property, f"{rule_id}: the example gives {p}, the rule {rule.property}"
    if p == "alias":  # another name: one entity, no triple
        names = [{e.label, *e.aliases} for e in facts.entities]
        assert any({s, o} <= n for n in names), names
    elif p == "competesWith":
        assert (s, p, o) in triples or (o, p, s) in triples, triples
    else:
        assert (s, p, o) in triples, triples
    if rule.construction == "entailment":
        return  # drawn by resolution from the facts the rules found; the triple above is the test
    assert (rule_id, p) in fired, f"{rule_id} did not fire on its example; fired: {sorted(fired)}"


def test_every_rule_has_an_example():
    assert [rule.id for rule in RULES if not rule.examples] == []


def _emitted_ids() -> set[str]:
    """Rule ids the code emits: ``ctx.emit(found, "id", ...)`` in the constructions, and the
    entailments that resolution adds."""
    ids = set()
    for path in RELATIONS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "emit" and len(node.args) > 1:
                arg = node.args[1]
                consts = [arg] if isinstance(arg, ast.Constant) else \
                    [n for n in (getattr(arg, "body", None), getattr(arg, "orelse", None)) if isinstance(n, ast.Constant)]
                ids |= {c.value for c in consts}
    resolve = (PROJECT_ROOT / "kg" / "extract" / "resolve.py").read_text(encoding="utf-8")
    ids |= set(re.findall(r'add\([^)]*"([a-z_]+)"\)', resolve))
    return ids


def test_every_rule_the_code_emits_is_written_down():
    emitted = _emitted_ids()
    assert len(emitted) > 40
    assert emitted - set(RULES.by_id) == set()


def test_each_construction_names_the_function_that_reads_it():
    import importlib

    for rule in RULES:
        if rule.kind != "construction" or rule.construction == "entailment":
            continue
        module, _, function = rule.construction.partition(".")
        code = importlib.import_module(f"kg.extract.relations.{module}")
        assert callable(getattr(code, function, None)), rule.id
        source = Path(code.__file__).read_text(encoding="utf-8")
        assert f'"{rule.id}"' in source, f"{rule.id} is not emitted in {module}.py"
