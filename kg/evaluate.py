"""Gold scoring: build each text alone, compare its graph with GOLD_DIR/<name>.json.

Entities match on any of their names (label or alias, normalised) and are scored with their
coarse type; relations match when both ends match gold entities. The format of the gold
files is the one of shared/eval/GUIDELINE.md.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, UsageError
from kg.export.io import write_atomic
from kg.ingest import read_path
from kg.rdf import facts_to_graph
from kg.records import COARSE_OF, DocumentFacts

INVERSE = {"founderOf": "foundedBy", "owns": "ownedBy", "developedBy": "develops"}
SYMMETRIC = {"competesWith"}


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\bu\.s\.a?\.?", "us", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", text.strip())
    return " ".join(text.split())


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class DocScore:
    name: str
    entities: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)
    per_property: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    duplicates: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))


def _canonical(prop: str, s: str, o: str, kinds: dict[str, str]):
    if prop in INVERSE:
        prop, s, o = INVERSE[prop], o, s
    if prop in {"develops", "manufactures"} and kinds.get(o) == "Chip":
        prop = "develops|manufactures"
    if prop in SYMMETRIC and s > o:
        s, o = o, s
    return (s, prop, o)


def score_document(facts: DocumentFacts, gold: dict, name: str = "") -> DocScore:
    score = DocScore(name)
    by_name: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    optional: set[str] = set()
    for key, is_optional in (("entities", False), ("optional_entities", True)):
        for ent in gold.get(key, []):
            kinds[ent["id"]] = COARSE_OF[ent["type"]]
            if is_optional:
                optional.add(ent["id"])
            for alias in [ent["name"], *ent.get("aliases", [])]:
                by_name[normalise(alias)].add(ent["id"])
    node_gold: dict[str, str] = {}
    matched, typed = set(), set()
    for entity in sorted(facts.entities, key=lambda e: e.key):
        names = {normalise(n) for n in (entity.label, *entity.aliases)} - {""}
        candidates = set().union(*(by_name.get(n, set()) for n in names)) if names else set()
        if not candidates:
            score.entities.fp += 1
            score.errors["entity_fp"].append(f"{entity.coarse}:{entity.label}")
            continue
        same = sorted(c for c in candidates if kinds[c] == entity.coarse)
        gid = same[0] if same else sorted(candidates)[0]
        node_gold[entity.key] = gid
        if gid in optional:
            continue
        if gid in matched:
            score.duplicates += 1
            score.entities.fp += 1
            score.errors["entity_duplicate"].append(gid)
            continue
        matched.add(gid)
        if kinds[gid] == entity.coarse:
            typed.add(gid)
        else:
            score.entities.fp += 1
            score.errors["entity_wrong_type"].append(f"{gid}: {entity.coarse} for {kinds[gid]}")
    gold_ids = [e["id"] for e in gold.get("entities", [])]
    score.entities.tp = len(typed)
    score.entities.fn = len(gold_ids) - len(typed)
    score.errors["entity_fn"] = [g for g in gold_ids if g not in matched]

    def gold_set(key: str) -> set:
        return {_canonical(r["p"], r["s"], r["o"], kinds) for r in gold.get(key, [])}

    gold_rel, optional_rel = gold_set("relations"), gold_set("optional_relations")
    predicted = set()
    for rel in facts.relations:
        if not rel.asserted:
            continue
        if rel.subject not in node_gold or rel.object not in node_gold:
            score.relations.fp += 1
            score.errors["relation_fp"].append(f"{rel.predicate}({rel.subject}, {rel.object}) [unmatched end]")
            continue
        predicted.add(_canonical(rel.predicate, node_gold[rel.subject], node_gold[rel.object], kinds))
    predicted = {t for t in predicted if t not in optional_rel and t[0] not in optional and t[2] not in optional}
    for triple in predicted & gold_rel:
        score.per_property[triple[1]].tp += 1
    for triple in predicted - gold_rel:
        score.per_property[triple[1]].fp += 1
        score.errors["relation_fp"].append(f"{triple[1]}({triple[0]}, {triple[2]})")
    for triple in gold_rel - predicted:
        score.per_property[triple[1]].fn += 1
        score.errors["relation_fn"].append(f"{triple[1]}({triple[0]}, {triple[2]})")
    score.relations.tp += len(predicted & gold_rel)
    score.relations.fp += len(predicted - gold_rel)
    score.relations.fn += len(gold_rel - predicted)
    return score


def find_text(text_dir: Path, stem: str) -> Path | None:
    for suffix in (".txt", ".md", ".html", ".htm"):
        path = text_dir / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def evaluate(gold_dir: Path, text_dir: Path, extractor, predictions: Path | None = None):
    """Score every gold file that has a text; returns the per-document scores."""
    gold_files = sorted(Path(gold_dir).glob("*.json"))
    if not gold_files:
        raise UsageError(f"{gold_dir}: no gold .json files")
    jobs = []
    scores: list[DocScore] = []
    for gold_path in gold_files:
        text = find_text(Path(text_dir), gold_path.stem)
        if text is None:
            raise UsageError(f"{gold_path}: no text named {gold_path.stem}.* in {text_dir}")
        documents = [d for d in read_path(text) if not isinstance(d, InputError)]
        jobs.append((gold_path, documents[0] if documents else None))
    ready = [(g, d) for g, d in jobs if d is not None]
    for (gold_path, _), facts in zip(ready, extractor.extract_many(d for _, d in ready)):
        if predictions is not None:
            write_atomic(Path(predictions) / f"{gold_path.stem}.ttl", facts_to_graph(facts).serialize(format="turtle"))
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        scores.append(score_document(facts, gold, gold_path.stem))
    return scores


def summary_lines(scores: list[DocScore], errors: bool = False) -> list[str]:
    lines = []
    ents, rels = Counts(), Counts()
    props: dict[str, Counts] = defaultdict(Counts)
    duplicates = 0
    for s in scores:
        ents.add(s.entities)
        rels.add(s.relations)
        duplicates += s.duplicates
        for p, c in s.per_property.items():
            props[p].add(c)
        ep, er, ef = s.entities.prf
        rp, rr, rf = s.relations.prf
        lines.append(f"{s.name:55s} entities P {ep:.2f} R {er:.2f} F1 {ef:.2f}   relations P {rp:.2f} R {rr:.2f} F1 {rf:.2f}")
        if errors:
            for kind, items in s.errors.items():
                if items:
                    lines.append(f"    {kind}: {items}")
    lines.append("")
    for p in sorted(props):
        pp, pr, pf = props[p].prf
        c = props[p]
        lines.append(f"  {p:24s} P {pp:.2f} R {pr:.2f} F1 {pf:.2f}  (tp {c.tp} fp {c.fp} fn {c.fn})")
    ep, er, ef = ents.prf
    rp, rr, rf = rels.prf
    lines.append(f"entities (typed)  P {ep:.3f} R {er:.3f} F1 {ef:.3f}   duplicates {duplicates}")
    lines.append(f"relations         P {rp:.3f} R {rr:.3f} F1 {rf:.3f}")
    return lines
