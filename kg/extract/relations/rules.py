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
#: What a rule may say that is no relation of the ontology: ``alias``, another name of the subject
#: ("it changed its name to Hygon"); resolution makes the two one entity and writes no triple.
NAMING = {"alias"}
#: Argument paths from a trigger (slots.py) and what each may be told.
PATHS = {"subject", "agent", "object", "prep_object", "agent_or_object", "trigger"}
SLOT_KEYS = {"path", "node", "types", "preps", "prep", "except_prep", "as_role", "from_clause", "possessor",
             "on_object", "appositions", "destinations"}
#: What every rule has, what says its kind, and what a pattern rule may add.
COMMON_KEYS = {"id", "property", "priority", "confidence", "examples", "note"}
KIND_KEYS = ("trigger", "pattern", "preposition", "construction")
PATTERN_KEYS = {"subject", "object", "voice", "modality", "exclusive", "same_coarse_type"}
RULE_KEYS = COMMON_KEYS | set(KIND_KEYS) | PATTERN_KEYS
VOICES = {"active", "passive", "any"}
#: Parts of speech a trigger may have unless the rule says otherwise.
TRIGGER_POS = ["VERB", "AUX", "ADJ"]


def type_ok(cls: str, allowed) -> bool:
    """Whether a mention of class ``cls`` fits the classes ``allowed`` (a fine class or its coarse one)."""
    return cls in allowed or COARSE_OF.get(cls) in allowed


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    property: str
    kind: str                       # "pattern", "preposition" or "construction"
    confidence: float | None        # None: inherited from the facts an entailment starts from
    source: str                     # "file.yaml" where the rule is written
    priority: int = 2
    voice: str = "any"
    trigger_words: tuple = ()       # a trigger rule: its lemmas (or words as written) ...
    trigger_pos: tuple = ()         # ... and the parts of speech they may have
    trigger_dep_except: tuple = ()  # ... and the dependencies it may not hang by ("to implement")
    patterns: tuple = ()            # a dependency pattern rule: its DependencyMatcher pattern
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
        return allowed is None or type_ok(cls, allowed)


class RuleSet:
    """Every rule, by id and by kind, in priority order (then in the order written)."""

    def __init__(self, rules: list[Rule], directory: Path | None = None):
        self.directory = directory
        self.rules = sorted(rules, key=lambda r: r.priority)
        self.by_id = {r.id: r for r in self.rules}
        self.pattern_rules = [r for r in self.rules if r.kind == "pattern"]
        self.preposition_rules = [r for r in self.rules if r.kind == "preposition"]

    def __getitem__(self, rule_id: str) -> Rule:
        try:
            return self.by_id[rule_id]
        except KeyError:
            raise DataError(f"{self.directory or 'the rule folder'}: no relation rule {rule_id!r}, which the code "
                            "emits; add its record (docs/rules.md)") from None

    def __iter__(self):
        return iter(self.rules)


def _words(value, lexicon: dict, where: str) -> list[str]:
    """A list of words, or a "@name" / "@name.key" reference to one in the lexicon."""
    if isinstance(value, str) and value.startswith("@"):
        name, _, key = value[1:].partition(".")
        entry = lexicon.get(name)
        if isinstance(entry, dict) and key:
            entry = entry.get(key)
        elif key or isinstance(entry, dict):
            entry = None  # "@list.key" of a plain list, or a table without its key
        if not isinstance(entry, list):
            raise DataError(f"{where}: no word list {value!r} in data/lexicon/")
        return entry
    words = [value] if isinstance(value, str) else value
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise DataError(f"{where}: expected a word, a list of words or a \"@list\" reference, got {value!r} "
                        "(quote words YAML reads as true, false or numbers: 'on', 'no')")
    return words


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


def _types(value, where: str) -> list[str]:
    if not isinstance(value, list) or not all(cls in COARSE_OF for cls in value):
        bad = [cls for cls in value if cls not in COARSE_OF] if isinstance(value, list) else value
        raise DataError(f"{where}: types must be ontology classes, not {bad!r}")
    return value


def _only(raw: dict, allowed: set[str], where: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise DataError(f"{where}: unknown keys {sorted(unknown)}")


def _slot(raw, nodes: set[str], lexicon: dict, where: str, name: str) -> dict:
    if not isinstance(raw, dict):
        raise DataError(f"{where}: {name} must be a mapping with a path or a node")
    _only(raw, SLOT_KEYS, f"{where}: {name}")
    if ("path" in raw) == ("node" in raw):
        raise DataError(f"{where}: {name} needs exactly one of path (from the trigger) or node (of the pattern)")
    if "path" in raw and raw["path"] not in PATHS:
        raise DataError(f"{where}: {name} path {raw['path']!r} is none of {sorted(PATHS)}")
    if "node" in raw and raw["node"] not in nodes:
        raise DataError(f"{where}: {name} node {raw['node']!r} is not a node of the pattern")
    slot = dict(raw)
    if "types" in raw:
        slot["types"] = _types(raw["types"], f"{where}: {name}")
    if "preps" in raw:
        slot["preps"] = _words(raw["preps"], lexicon, f"{where}: {name}")
    for key in ("prep", "except_prep"):
        if key in raw:
            slot[key] = _words(raw[key], lexicon, f"{where}: {name}")[0]
    return slot


def make_rule(raw, lexicon: dict, source: str) -> Rule:
    """One rule record, checked: a mistake is one line naming the file, the rule and the field."""
    if not isinstance(raw, dict) or not raw.get("id"):
        raise DataError(f"{source}: every rule is a mapping with an id")
    where = f"{source}: rule {raw['id']!r}"
    kinds = [k for k in KIND_KEYS if k in raw]
    if len(kinds) != 1:
        raise DataError(f"{where}: needs exactly one of trigger, pattern, preposition or construction")
    kind = kinds[0]
    _only(raw, COMMON_KEYS | {kind} | (PATTERN_KEYS if kind in {"trigger", "pattern"} else set()), where)
    if raw.get("property") not in PROPERTIES | NAMING:
        raise DataError(f"{where}: property {raw.get('property')!r} is none of the ontology's relations")
    confidence = raw.get("confidence")
    if confidence == "inherited" and raw.get("construction") == "entailment":
        confidence = None
    elif isinstance(confidence, bool) or not isinstance(confidence, (int, float)) or not 0 < confidence <= 1:
        raise DataError(f"{where}: confidence must be a number in (0, 1]")
    priority = raw.get("priority", 2)
    if isinstance(priority, bool) or not isinstance(priority, int):
        raise DataError(f"{where}: priority must be a whole number (lower runs first)")
    examples = raw.get("examples") or []
    for example in examples if isinstance(examples, list) else [None]:
        if not isinstance(example, dict) or not isinstance(example.get("text"), str) or \
                not isinstance(example.get("gives"), list) or len(example["gives"]) != 3:
            raise DataError(f"{where}: an example needs text and gives: [subject, property, object]")
    common = dict(id=str(raw["id"]), property=raw["property"], confidence=confidence, source=source,
                  priority=priority, examples=tuple(examples))
    if kind == "construction":
        return Rule(kind="construction", construction=str(raw["construction"]), **common)
    if kind == "preposition":
        prep = raw["preposition"]
        if not isinstance(prep, dict) or not {"head", "preps", "object"} <= set(prep):
            raise DataError(f"{where}: preposition needs head, preps and object")
        _only(prep, {"head", "head_except", "preps", "object"}, f"{where}: preposition")
        return Rule(kind="preposition", preposition={
            "head": _types(prep["head"], where), "head_except": _types(prep.get("head_except", []), where),
            "preps": set(_words(prep["preps"], lexicon, where)), "object": _types(prep["object"], where)}, **common)
    extra = {}
    if kind == "trigger":
        trigger = raw["trigger"]
        if not isinstance(trigger, dict) or "lemma" not in trigger:
            raise DataError(f"{where}: a trigger needs lemma")
        _only(trigger, {"lemma", "pos", "voice", "dep_except"}, f"{where}: trigger")
        if "voice" in raw:
            raise DataError(f"{where}: a trigger rule gives its voice in the trigger")
        extra = {"trigger_words": tuple(_words(trigger["lemma"], lexicon, where)),
                 "trigger_pos": tuple(_words(trigger.get("pos", TRIGGER_POS), lexicon, where)),
                 "trigger_dep_except": tuple(_words(trigger["dep_except"], lexicon, where)) if "dep_except" in trigger else ()}
        voice = trigger.get("voice", "active")
        nodes = {"trigger"}
    else:
        pattern = raw["pattern"]
        if not isinstance(pattern, list) or not pattern or not all(isinstance(n, dict) for n in pattern) or \
                pattern[0].get("RIGHT_ID") != "trigger":
            raise DataError(f"{where}: a pattern is a list of DependencyMatcher nodes, the first named trigger")
        extra = {"patterns": ([{**node, "RIGHT_ATTRS": _expand(node.get("RIGHT_ATTRS", {}), lexicon, where)}
                               for node in pattern],)}
        voice = raw.get("voice", "any")
        nodes = {node.get("RIGHT_ID") for node in pattern}
    if voice not in VOICES:
        raise DataError(f"{where}: voice must be one of {sorted(VOICES)}")
    if raw.get("modality", "clause") not in {"clause", "ignore"}:
        raise DataError(f"{where}: modality must be clause or ignore")
    return Rule(kind="pattern", voice=voice,
                subject=_slot(raw.get("subject"), nodes, lexicon, where, "subject"),
                object=_slot(raw.get("object"), nodes, lexicon, where, "object"),
                modality=raw.get("modality", "clause"), exclusive=bool(raw.get("exclusive")),
                same_coarse_type=bool(raw.get("same_coarse_type")), **extra, **common)


#: libyaml's loader where PyYAML has it: the pure-Python one took a tenth of a short build.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> list:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
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
    return RuleSet(rules, directory)


def load_rules(directory: Path, lexicon: dict) -> RuleSet:
    """Every rule in ``directory``, read and checked once per process (per folder and lexicon)."""
    return _load(Path(directory), _Ref(lexicon))
