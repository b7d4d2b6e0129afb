"""The compile cache: served when sources and code are unchanged, rebuilt when either changes
or the entry is damaged, harmless when the folder cannot be written."""
from __future__ import annotations

import pytest

from kg import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_served_rebuilt_and_replaced(folder, tmp_path):
    source = tmp_path / "table.tsv"
    source.write_text("a\t1\n", encoding="utf-8")
    calls = []

    def build():
        calls.append(1)
        return {"rows": source.read_text(encoding="utf-8").split()}

    first = cache.compiled("table", [source], build)
    again = cache.compiled("table", [source], build)
    assert first == again == {"rows": ["a", "1"]} and len(calls) == 1
    source.write_text("b\t2\n", encoding="utf-8")
    assert cache.compiled("table", [source], build) == {"rows": ["b", "2"]} and len(calls) == 2
    assert len(list(folder.glob("table-*.pickle"))) == 1  # the entry of the old bytes is gone


def test_damaged_entry_is_rebuilt(folder, tmp_path):
    source = tmp_path / "s.txt"
    source.write_text("x", encoding="utf-8")
    cache.compiled("thing", [source], lambda: [1, 2, 3])
    (entry,) = folder.glob("thing-*.pickle")
    entry.write_bytes(b"\x80\x05 not a pickle")
    assert cache.compiled("thing", [source], lambda: [4]) == [4]


def test_cache_folder_that_is_a_file_still_builds(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("KG_CACHE_DIR", str(blocker / "cache"))
    assert cache.compiled("x", [], lambda: "value") == "value"


def test_world_index_matches_the_table(folder, settings):
    from kg.extract.resources import _world_index, load_world_places, world_index

    world_index.cache_clear()
    index = world_index(settings.gazetteer_dir)
    table = load_world_places(settings.gazetteer_dir)
    assert set(index.names) == set(table)
    assert index.countries["Jackson"] == table["Jackson"][0].country == "united_states"
    assert list(folder.glob("world-index-*.pickle"))
    world_index.cache_clear()
    assert world_index(settings.gazetteer_dir) == _world_index(settings.gazetteer_dir)
