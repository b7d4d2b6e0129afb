"""Relation rules as data: read ``data/rules/relations/*.yaml``, check them, and turn their
patterns into spaCy ``DependencyMatcher`` patterns. A rule is one of three kinds:

- a **pattern** rule: a ``trigger`` (lemmas, voice) or a full dependency ``pattern`` with named
  nodes, and a ``subject`` and an ``object`` slot, each a node of the pattern or a named
  argument path from the trigger (``slots.py``), with the types it may take;
- a **preposition** rule: a head of some types, a preposition, an object of some types;
- a **construction** rule: a shape of English read by code (``construction`` names the
  function); the rule gives it its id, property and confidence.

Word lists are named, not copied: ``"@name"`` is the lexicon list ``data/lexicon/name.txt``,
``"@name.key"`` one list of the table ``data/lexicon/name.json``."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from kg.errors import DataError
from kg.records import COARSE_OF

#: The properties a rule may give (the ontology's relations between entities).
PROPERTIES = {"foundedBy", "affiliatedWith", "basedIn", "locatedIn", "country", "develops", "manufactures",
              "usesChip", "ownedBy", "issuedBy", "restricts", "targets", "competesWith"}
#: Argument paths from a trigger (slots.py) and what each may be told.
PATHS = {"subject", "agent", "object", "prep_object", "agent_or_object"}
SLOT_KEYS = {"path", "node", "types", "preps", "prep", "except_prep", "as_role", "from_clause", "possessor"}
#: What every rule has, what says its kind, and what a pattern rule may add.
COMMON_KEYS = {"id", "property", "priority", "confidence", "examples", "note"}
KIND_KEYS = ("trigger", "pattern", "preposition", "construction")
PATTERN_KEYS = {"subject", "object", "voice", "modality", "exclusive", "same_coarse_type"}
RULE_KEYS = COMMON_KEYS | set(KIND_KEYS) | PATTERN_KEYS
VOICES = {"active", "passive", "any"}
#: Parts of speech a trigger may have unless the rule says otherwise.
TRIGGER_POS = ["VERB", "AUX", "ADJ"]


@dataclass(frozen=True)
class Rule:
    id: str
    property: str
    kind: str                       # "pattern", "preposition" or "construction"
    confidence: float | None        # None: inherited from the facts an entailment starts from
    source: str                     # "file.yaml" where the rule is written
    priority: int = 2
    voice: str = "any"
    patterns: tuple = ()            # DependencyMatcher patterns, the first node named "trigger"
    subject: dict = field(default_factory=dict)
    object: dict = field(default_factory=dict)
    preposition: dict = field(default_factory=dict)
    construction: str | None = None
    modality: str = "clause"        # "clause": read negation and hedges from the trigger's clause; "ignore"
    exclusive: bool = False         # a match claims its trigger from rules of lower priority
    same_coarse_type: bool = False
    examples: tuple = ()

    def accepts(self, slot: str, cls: str) -> bool:
        """Whether a mention of class ``cls`` may fill ``slot`` ("subject" or "object")."""
        allowed = (self.subject if slot == "subject" else self.object).get("types")
        return allowed is None or cls in allowed or COARSE_OF.get(cls) in allowed


class RuleSet:
    """Every rule, by id and by kind, in priority order (then in the order written)."""

    def __init__(self, rules: list[Rule]):
        self.rules = sorted(rules, key=lambda r: r.priority)
        self.by_id = {r.id: r for r in self.rules}
        self.pattern_rules = [r for r in self.rules if r.kind == "pattern"]
        self.preposition_rules = [r for r in self.rules if r.kind == "preposition"]

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.by_id[rule_id]
        except KeyError:
            raise DataError(f"no relation rule {rule_id!r} in data/rules/relations/ (the code emits it)") from None

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def _words(value, lexicon: dict, where: str):
    """A list of words, or a "@name" / "@name.key" reference to one in the lexicon."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.startswith("@"):
        name, _, key = value[1:].partition(".")
        entry = lexicon.get(name)
        if key and isinstance(entry, dict):
            entry = entry.get(key)
        if not isinstance(entry, list):
            raise DataError(f"{where}: no word list {value!r} in data/lexicon/")
        return entry
    if isinstance(value, str):
        return [value]
    raise DataError(f"{where}: expected a word, a list of words or a \"@list\" reference, got {value!r}")


def _expand(attrs: dict, lexicon: dict, where: str) -> dict:
    """A pattern node's attributes with every "@list" in an ``IN`` / ``NOT_IN`` replaced by its words."""
    out = {}
    for key, value in attrs.items():
        if isinstance(value, dict):
            value = {op: (_words(v, lexicon, where) if op in {"IN", "NOT_IN"} else v) for op, v in value.items()}
        elif isinstance(value, str) and value.startswith("@"):
            value = {"IN": _words(value, lexicon, where)}
        out[key] = value
    return out


def _trigger_patterns(trigger: dict, lexicon: dict, where: str) -> tuple:
    """A trigger's lemmas as two one-node patterns: the lemma, or the word as written when the
    lemmatiser left it ("headquartered")."""
    lemmas = _words(trigger.get("lemma"), lexicon, where)
    pos = trigger.get("pos", TRIGGER_POS)
    return tuple([{"RIGHT_ID": "trigger", "RIGHT_ATTRS": {attr: {"IN": lemmas}, "POS": {"IN": pos}}}]
                 for attr in ("LEMMA", "LOWER"))


def _slot(raw, nodes: set[str], where: str, name: str) -> dict:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: {name} must be a mapping with a path or a node")
    unknown = set(raw) - SLOT_KEYS
    if unknown:
        raise DataError(f"{where}: {name} has unknown keys {sorted(unknown)}")
    if ("path" in raw) == ("node" in raw):
        raise DataError(f"{where}: {name} needs exactly one of path (from the trigger) or node (of the pattern)")
    if "path" in raw and raw["path"] not in PATHS:
        raise DataError(f"{where}: {name} path {raw['path']!r} is none of {sorted(PATHS)}")
    if "node" in raw and raw["node"] not in nodes:
        raise DataError(f"{where}: {name} node {raw['node']!r} is not a node of the pattern")
    for cls in raw.get("types", []):
        if cls not in COARSE_OF:
            raise DataError(f"{where}: {name} type {cls!r} is not an ontology class")
    return dict(raw)


def make_rule(raw: dict, lexicon: dict, source: str) -> Rule:
    """One rule record, checked: a mistake is one line naming the file, the rule and the field."""
    where = f"{source}: rule {raw.get('id')!r}"
    if not isinstance(raw, dict) or not raw.get("id"):
        raise DataError(f"{source}: every rule needs an id")
    unknown = set(raw) - RULE_KEYS
    if unknown:
        raise DataError(f"{where}: unknown keys {sorted(unknown)}")
    if raw.get("property") not in PROPERTIES:
        raise DataError(f"{where}: property {raw.get('property')!r} is none of the ontology's relations")
    confidence = raw.get("confidence")
    if confidence == "inherited" and raw.get("construction") == "entailment":
        confidence = None
    elif not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise DataError(f"{where}: confidence must be a number in (0, 1]")
    examples = raw.get("examples") or []
    for example in examples:
        if not isinstance(example, dict) or not isinstance(example.get("text"), str) or \
                not isinstance(example.get("gives"), list) or len(example["gives"]) != 3:
            raise DataError(f"{where}: an example needs text and gives: [subject, property, object]")
    common = dict(id=raw["id"], property=raw["property"], confidence=confidence, source=source,
                  priority=int(raw.get("priority", 2)), examples=tuple(examples))
    kinds = [k for k in KIND_KEYS if k in raw]
    if len(kinds) != 1:
        raise DataError(f"{where}: needs exactly one of trigger, pattern, preposition or construction")
    if kinds[0] == "construction":
        return Rule(kind="construction", construction=str(raw["construction"]), **common)
    if kinds[0] == "preposition":
        prep = raw["preposition"]
        if not isinstance(prep, dict) or not {"head", "preps", "object"} <= set(prep):
            raise DataError(f"{where}: preposition needs head, preps and object")
        return Rule(kind="preposition", preposition={"head": list(prep["head"]), "preps": set(prep["preps"]),
                                                     "object": list(prep["object"]),
                                                     "head_except": list(prep.get("head_except", []))}, **common)
    if kinds[0] == "trigger":
        trigger = raw["trigger"]
        if not isinstance(trigger, dict) or "lemma" not in trigger:
            raise DataError(f"{where}: a trigger needs lemma")
        patterns = _trigger_patterns(trigger, lexicon, where)
        voice = trigger.get("voice", "active")
        nodes = {"trigger"}
    else:
        pattern = raw["pattern"]
        if not isinstance(pattern, list) or not pattern or pattern[0].get("RIGHT_ID") != "trigger":
            raise DataError(f"{where}: a pattern is a list of DependencyMatcher nodes, the first named trigger")
        patterns = ([{**node, "RIGHT_ATTRS": _expand(node.get("RIGHT_ATTRS", {}), lexicon, where)}
                     for node in pattern],)
        voice = raw.get("voice", "any")
        nodes = {node.get("RIGHT_ID") for node in pattern}
    if voice not in VOICES:
        raise DataError(f"{where}: voice must be one of {sorted(VOICES)}")
    if raw.get("modality", "clause") not in {"clause", "ignore"}:
        raise DataError(f"{where}: modality must be clause or ignore")
    return Rule(kind="pattern", patterns=patterns, voice=voice,
                subject=_slot(raw.get("subject"), nodes, where, "subject"),
                object=_slot(raw.get("object"), nodes, where, "object"),
                modality=raw.get("modality", "clause"), exclusive=bool(raw.get("exclusive")),
                same_coarse_type=bool(raw.get("same_coarse_type")), **common)


def _read_yaml(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise DataError(f"{path}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataError(f"{path}: a rule file is a list of rules")
    return data


class _Ref:
    """Hashable holder so that a lexicon (a dict) can key the cache by identity."""

    def __init__(self, value):
        self.value = value

    def __hash__(self):
        return id(self.value)

    def __eq__(self, other):
        return isinstance(other, _Ref) and other.value is self.value


@lru_cache(maxsize=8)
def _load(directory: Path, lexicon_ref: _Ref) -> RuleSet:
    rules: list[Rule] = []
    for path in sorted(directory.glob("*.yaml")) + sorted(directory.glob("*.yml")):
        for raw in _read_yaml(path):
            rules.append(make_rule(raw, lexicon_ref.value, path.name))
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise DataError(f"{directory / rule.source}: rule id {rule.id!r} is also used in {seen[rule.id]}")
        seen[rule.id] = rule.source
    if not rules:
        raise DataError(f"{directory}: no relation rules (*.yaml)")
    return RuleSet(rules)


def load_rules(directory: Path, lexicon: dict) -> RuleSet:
    """Every rule in ``directory``, read and checked once per process (per folder and lexicon)."""
    return _load(Path(directory), _Ref(lexicon))
