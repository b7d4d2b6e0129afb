"""Gazetteers and rule tables, read from data/ and checked."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.errors import DataError
from kg.records import COARSE_OF

GAZETTEER_FILES = ("places", "organisations", "people", "chips", "models", "policies")


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    name: str
    cls: str
    aliases: tuple[str, ...]
    wikidata: str | None = None
    demonyms: tuple[str, ...] = ()
    within: str | None = None
    country: str | None = None  # the state a government body belongs to; used to name its policies
    world_region: bool = False  # a continent or a region of several countries: never inside a country

    @property
    def coarse(self) -> str:
        return COARSE_OF[self.cls]


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise DataError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    return rows


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from exc


@lru_cache(maxsize=8)
def load_gazetteer(directory: Path) -> dict[str, GazetteerEntry]:
    """Every gazetteer entry by id; ids are unique across files."""
    entries: dict[str, GazetteerEntry] = {}
    for name in GAZETTEER_FILES:
        path = directory / f"{name}.jsonl"
        if not path.exists():
            continue
        for row in _read_jsonl(path):
            try:
                entry = GazetteerEntry(
                    id=row["id"], name=row["name"], cls=row["type"],
                    aliases=tuple(row.get("aliases") or ()),
                    wikidata=row.get("wikidata") or None,
                    demonyms=tuple(row.get("demonyms") or ()),
                    within=row.get("within"),
                    country=row.get("country"),
                    world_region=bool(row.get("world_region")),
                )
            except KeyError as exc:
                raise DataError(f"{path}: entry {row!r} has no {exc.args[0]!r}") from exc
            if entry.cls not in COARSE_OF:
                raise DataError(f"{path}: entry {entry.id!r} has unknown type {entry.cls!r}")
            if entry.id in entries:
                raise DataError(f"{path}: duplicate gazetteer id {entry.id!r}")
            entries[entry.id] = entry
    from kg.rdffiles import rdf_files

    for path in rdf_files(directory):
        for entry in _rdf_gazetteer(path):
            if entry.id in entries:
                raise DataError(f"{path}: duplicate gazetteer id {entry.id!r}")
            entries[entry.id] = entry
    return entries


def _rdf_gazetteer(path: Path) -> list[GazetteerEntry]:
    """Gazetteer entries from an RDF file: each subject typed with one of the ontology's classes
    and given an rdfs:label; skos:altLabel gives aliases, owl:sameAs a Wikidata id, kg:locatedIn
    and kg:country the place or state it belongs to. A subject in our id namespace keeps its id
    ("…/id/Organisation/acme" is "acme"); any other is named by its label."""
    import pyoxigraph as ox

    from kg.extract.keys import slug
    from kg.namespaces import ID_NS, ONTOLOGY_NS
    from kg.rdffiles import read_triples

    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    label, alt = "http://www.w3.org/2000/01/rdf-schema#label", "http://www.w3.org/2004/02/skos/core#altLabel"
    same = "http://www.w3.org/2002/07/owl#sameAs"
    about: dict[str, dict[str, list]] = {}
    for t in read_triples(path):
        if not isinstance(t.subject, ox.NamedNode):
            continue
        about.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)

    def ident(iri: str, names: list) -> str:
        for coarse in set(COARSE_OF.values()):
            if iri.startswith(f"{ID_NS}{coarse}/"):
                return iri[len(ID_NS) + len(coarse) + 1:]
        return slug(str(names[0].value)) if names else slug(iri.rsplit("/", 1)[-1])

    entries = []
    for iri, props in about.items():
        classes = [o.value[len(ONTOLOGY_NS):] for o in props.get(rdf_type, [])
                   if isinstance(o, ox.NamedNode) and o.value.startswith(ONTOLOGY_NS)]
        classes = [c for c in classes if c in COARSE_OF]
        names = [o for o in props.get(label, []) if isinstance(o, ox.Literal)]
        if not classes:
            continue
        if not names:
            raise DataError(f"{path}: {iri} has a class but no rdfs:label")
        # The most specific class ("Company" over "Organisation"); English labels first.
        cls = max(classes, key=lambda c: c != COARSE_OF[c])
        names.sort(key=lambda o: (o.language not in (None, "en"), o.value))
        wikidata = next((o.value.rsplit("/", 1)[-1] for o in props.get(same, [])
                         if "wikidata.org/entity/Q" in o.value), None)

        def link(prop: str) -> str | None:
            target = next(iter(props.get(ONTOLOGY_NS + prop, [])), None)
            return ident(target.value, about.get(target.value, {}).get(label, [])) if target is not None else None

        entries.append(GazetteerEntry(
            id=ident(iri, names), name=names[0].value, cls=cls,
            aliases=tuple(dict.fromkeys(o.value for o in names[1:] + props.get(alt, [])
                                        if isinstance(o, ox.Literal) and o.value != names[0].value)),
            wikidata=wikidata, within=link("locatedIn"), country=link("country"),
        ))
    return entries


def _read_word_list(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=8)
def load_lexicon(directory: Path) -> dict:
    """Every word list in ``directory`` (``data/lexicon/``) by name: a ``NAME.txt`` file is a
    list, one entry per line; a ``NAME.json`` file a table of lists by key ("founder" and
    "affiliation" roles). Read once per process and directory."""
    if not directory.is_dir():
        raise DataError(f"{directory}: no lexicon folder (word lists, one file per kind)")
    lexicon: dict = {}
    for path in sorted(directory.iterdir()):
        if path.suffix not in {".txt", ".json"}:
            continue
        if path.stem in lexicon:
            raise DataError(f"{path}: a word list named {path.stem!r} is defined twice")
        if path.suffix == ".txt":
            lexicon[path.stem] = _read_word_list(path)
        else:
            table = _read_json(path)
            if not isinstance(table, dict):
                raise DataError(f"{path}: a table of word lists must be a JSON object")
            lexicon[path.stem] = {k: v for k, v in table.items() if not k.startswith("_")}
    return lexicon


@lru_cache(maxsize=8)
def load_entity_patterns(directory: Path) -> list[dict]:
    return _read_jsonl(directory / "entity_patterns.jsonl")


@dataclass(frozen=True)
class WorldPlace:
    """A city or county of the GeoNames table: the country and (in the US) the state it lies in."""

    country: str          # gazetteer id
    region: str | None    # gazetteer id of a US state, or None
    population: int


@lru_cache(maxsize=8)
def load_world_places(directory: Path) -> dict[str, tuple[WorldPlace, ...]]:
    """Name -> the places of that name, most populous first. Empty if the table is absent."""
    path = directory / "world_places.tsv"
    if not path.exists():
        return {}
    places: dict[str, list[WorldPlace]] = {}
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if line.startswith("#") or not line.strip():
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) != 5 or not fields[3].isdigit():
                    raise DataError(f"{path}:{number}: expected name, country, region, population, source")
                name, country, region, population, _ = fields
                places.setdefault(name, []).append(WorldPlace(country, region or None, int(population)))
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from exc
    return {name: tuple(sorted(rows, key=lambda p: -p.population)) for name, rows in places.items()}


@dataclass(frozen=True)
class WorldIndex:
    """What extraction reads of the GeoNames table: each name, with the country of the most
    populous place of that name."""

    countries: dict[str, str]

    @property
    def names(self):
        return self.countries.keys()


def _world_index(directory: Path) -> WorldIndex:
    table = load_world_places(directory)
    return WorldIndex({name: rows[0].country for name, rows in table.items() if rows})


@lru_cache(maxsize=8)
def world_index(directory: Path) -> WorldIndex:
    """The table's index, compiled once and kept in the compile cache (``kg.cache``): reading
    the 49,700 rows on every start cost a short build a sixth of its time."""
    from kg.cache import compiled

    return compiled("world-index", [directory / "world_places.tsv"], lambda: _world_index(directory))


def place_countries(gazetteer: dict[str, GazetteerEntry], world: WorldIndex) -> dict[str, str]:
    """Place name -> the gazetteer id of the country its best-known bearer lies in: our own
    gazetteer first ("Paris" is in France, whatever Texas has), then the GeoNames table."""
    out = dict(world.countries)
    for entry in gazetteer.values():
        if entry.coarse != "Place" or entry.cls == "Country":
            continue
        up, steps = entry, 0
        while up is not None and up.cls != "Country" and steps < 5:  # "Hangzhou" in "Zhejiang" in "China"
            up, steps = gazetteer.get(up.within or ""), steps + 1
        if up is not None and up.cls == "Country":
            out.update({name: up.id for name in (entry.name, *entry.aliases)})
    return out


def organisation_name_words(lexicon: dict) -> set[str]:
    """One-word keywords that only organisations' names hold ("University", "Studios", "Inc")."""
    return {w for words in lexicon["org_type_keywords"].values() for w in words if " " not in w} | \
        set(lexicon.get("org_name_words", []))


def demonym_index(gazetteer: dict[str, GazetteerEntry]) -> dict[str, str]:
    """Nationality adjective -> gazetteer id of the country ("Chinese" -> "china")."""
    index = {}
    for entry in gazetteer.values():
        for word in entry.demonyms:
            index[word] = entry.id
    return index
