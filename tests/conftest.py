from __future__ import annotations

from pathlib import Path

import pytest

from kg.config import PROJECT_ROOT, Settings

EXAMPLES = PROJECT_ROOT / "data" / "examples"
TEST_DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def extractor(settings):
    from kg.extract import Extractor

    return Extractor(settings)


@pytest.fixture(scope="session")
def example_store(tmp_path_factory, settings, extractor):
    """The example articles built once into an on-disk store."""
    from kg.build import build
    from kg.store import Store

    path = tmp_path_factory.mktemp("store") / "kg"
    store = Store(path)
    report = build([EXAMPLES], store, settings, extractor=extractor)
    assert report.added == 2 and report.ok
    return store


@pytest.fixture
def facts_of(extractor):
    """Extract one made-up text and return its entities by label and relations as label triples."""
    from kg.ingest import make_document

    def run(text: str):
        facts = extractor.extract(make_document(text, "test.txt"))
        labels = {e.key: e.label for e in facts.entities}
        triples = {(labels[r.subject], r.predicate, labels[r.object]) for r in facts.relations if r.asserted}
        return facts, triples

    return run
