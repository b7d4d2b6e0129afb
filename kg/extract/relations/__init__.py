"""Relation extraction as a rule grammar. Rules are data (``data/rules/relations/*.yaml``, read by
``rules.py``); ``engine.py`` runs the pattern rules with spaCy's ``DependencyMatcher``; the modules
beside it each read one shape of English that is not a pattern (possessives, modifiers, names,
roles, origins, places, other shapes) and emit under the ids of their rules; ``reference.py``
resolves what a token stands for, ``slots.py`` the argument paths, ``modality.py`` how real a
statement is, ``dates.py`` the dates of policies. ``docs/rules.md`` says how to write a rule."""
from kg.extract.relations.component import RelationExtractor
from kg.extract.relations.rules import RuleSet, load_rules

__all__ = ["RelationExtractor", "RuleSet", "load_rules"]
