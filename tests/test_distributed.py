"""The Dask engine on a real 2-worker LocalCluster gives the graph the local engine gives."""
from __future__ import annotations

from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.build import build
from kg.export.rdf import facts_graph
from kg.store import Store

from conftest import TEST_DATA


def test_dask_engine_matches_local(tmp_path, settings):
    inputs = [TEST_DATA / "dev" / "texts"]
    graphs = {}
    for engine in ("local", "dask"):
        with Store(tmp_path / engine) as store:
            report = build(inputs, store, settings, engine=engine, workers=2)
            assert report.added == 7 and report.ok
            graphs[engine] = facts_graph(store, evidence=True)
    if not isomorphic(graphs["local"], graphs["dask"]):
        _, only_local, only_dask = graph_diff(to_isomorphic(graphs["local"]), to_isomorphic(graphs["dask"]))
        raise AssertionError(f"only local: {sorted(only_local)[:5]}\nonly dask: {sorted(only_dask)[:5]}")
