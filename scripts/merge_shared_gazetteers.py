"""Bring the shared reference data's curated chips and semiconductor companies into our gazetteers.

    python scripts/merge_shared_gazetteers.py SHARED_DATA_DIR

Reads ``chips.jsonl`` and ``organisations.jsonl`` of the shared reference data (see its
SOURCES.md) and adds to ``data/gazetteers/chips.jsonl`` and ``organisations.jsonl``:

- every curated chip row ("kg team curated list") that names a product, family or
  microarchitecture (not generic memory types or process nodes), and the chip families that
  the Epoch AI and codecarbon rows share (the word after the maker in four rows or more:
  "NVIDIA GeForce RTX 4090" gives "GeForce");
- every curated semiconductor company, the chip makers of the Epoch AI hardware table, and the
  companies of the Epoch AI organisations table with five notable models or more.

A row that shares a name with an entry already here only adds its names as aliases, so our ids
stay stable. Names that are everyday words or too short to be safe ("Grace", "Core", "TI") are
left out; running the script twice changes nothing.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZ = ROOT / "data" / "gazetteers"
#: Chip kinds that are not a named product ("DRAM", "HBM3E", "Intel 18A").
SKIP_CLASSES = {"memory family", "memory", "process node"}
SKIP_MAKERS = {"generic", "JEDEC standard"}
#: One-word names that are everyday words, people's names or companies' names as well.
UNSAFE = {"Grace", "Instinct", "Arc", "Core", "Atom", "Dojo", "Wormhole", "Trillium", "Ironwood", "Maia",
          "Helio", "Ascend", "Mobile", "Tesla", "Data", "Habana", "RTX", "Lam", "Cadence", "TEL", "Canon",
          "Nikon", "CloudMatrix", "Runway", "Moonshot", "Amazon", "Meta", "Sunway", "PEZY", "IEEE",
          "Saudi Data and Artificial Intelligence Authority"}
#: Epoch AI's companies with at least this many notable models: the well-known AI companies.
MIN_MODELS = 5
#: Makers whose Epoch and codecarbon names open with the maker.
MAKERS = {"NVIDIA", "AMD", "Intel"}


def slug(text: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", text.lower())).strip("_")


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def safe(name: str) -> bool:
    if name in UNSAFE:
        return False
    return len(name) > 3 or name.isupper() and len(name) == 3


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def merge(rows: list[dict], new: list[dict], taken: set[str], elsewhere: set[str]) -> tuple[int, int]:
    """Add ``new`` rows (name, aliases, type) to ``rows``; aliases only where a name is shared.
    A name that another gazetteer file already gives (``elsewhere``) is left out: "Kunlunxin"
    the company is not the chip."""
    added = merged = 0
    index = {key(n): r for r in rows for n in (r["name"], *r["aliases"]) if key(n)}
    for row in new:
        names = [n for n in (row["name"], *row["aliases"])
                 if (safe(n) or n == row["name"] and " " in n) and n not in UNSAFE and key(n) not in elsewhere]
        if not names:
            continue
        hit = next((index[key(n)] for n in names if key(n) in index), None)
        if hit is not None:
            if hit["type"] != row["type"]:
                continue  # "Phytium" the company and the chip family: the company stays
            for n in names:
                if n != hit["name"] and n not in hit["aliases"] and key(n) not in index:
                    hit["aliases"].append(n)
                    if key(n):
                        index[key(n)] = hit
            merged += 1
            continue
        ident = slug(row["name"])
        if ident in taken:
            continue
        entry = {"id": ident, "name": names[0], "type": row["type"], "aliases": names[1:]}
        rows.append(entry)
        taken.add(ident)
        index.update({key(n): entry for n in names if key(n)})
        added += 1
    return added, merged


def chip_rows(shared: Path) -> list[dict]:
    rows = read(shared / "chips.jsonl")
    curated = [r for r in rows if r["source"].startswith("kg team")
               and r.get("chip_class") not in SKIP_CLASSES and r.get("maker") not in SKIP_MAKERS]
    families = Counter()
    for r in rows:
        words = r["name"].split()
        if not r["source"].startswith("kg team") and len(words) >= 3 and words[0] in MAKERS \
                and words[1][:1].isupper() and words[1].isalpha():
            families[(words[0], words[1])] += 1
    out = [{"name": r["name"], "aliases": r["aliases"], "type": "Chip"} for r in curated]
    for (maker, family), count in sorted(families.items()):
        if count >= 4 and family not in UNSAFE:
            out.append({"name": f"{maker.title() if maker == 'NVIDIA' else maker} {family}",
                        "aliases": [family], "type": "Chip"})
    return out


def main(shared: Path) -> None:
    every = {json.loads(line)["id"] for f in GAZ.glob("*.jsonl") for line in f.open(encoding="utf-8") if line.strip()}

    def names_outside(name: str) -> set[str]:
        return {key(n) for f in GAZ.glob("*.jsonl") if f.stem != name for r in read(f)
                for n in (r["name"], *r["aliases"]) if key(n)}
    orgs = read(shared / "organisations.jsonl")
    orgs_new = [{"name": r["name"], "aliases": list(r["aliases"]), "type": r["type"]} for r in orgs
                if ("curated" in r["source"] or "ml_hardware" in r["source"]
                    or (r["type"] == "Company" and (r.get("notable_models_count") or 0) >= MIN_MODELS))
                and not set(r["name"]) & set("/(),")]  # "Kunlunxin (Baidu)": no name in that form
    # Companies first: a family named like its maker ("Phytium") is the company's name.
    for name, new in (("organisations", orgs_new), ("chips", chip_rows(shared))):
        path = GAZ / f"{name}.jsonl"
        rows = read(path)
        added, merged = merge(rows, new, every, names_outside(name))
        with path.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {added} added, {merged} merged")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
