"""The Dask engine: extraction spread over a Dask distributed cluster.

Documents go to the workers in batches; each worker loads the spaCy model once, lazily, the
first time it gets work; what comes back are per-document records (the same DocumentFacts the
local engine makes), which the caller writes into the store. With no scheduler address a
LocalCluster is started here, and closed when the build ends.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from kg.config import Settings
from kg.errors import UsageError
from kg.extract.parallel import in_batches
from kg.ingest.document import Document
from kg.records import DocumentFacts

#: One extractor per worker process, made on first use there (never in the client).
_WORKER_EXTRACTORS: dict[Settings, object] = {}


def extract_batch(documents: list[Document], settings: Settings) -> list[DocumentFacts]:
    """Runs on a worker."""
    extractor = _WORKER_EXTRACTORS.get(settings)
    if extractor is None:
        from kg.extract.pipeline import Extractor

        extractor = _WORKER_EXTRACTORS[settings] = Extractor(settings)
    from kg.rdf.graph import with_statements

    return [with_statements(facts) for facts in extractor.extract_many(documents)]


class DaskExtractor:
    """``extract_many`` over a Dask cluster, results in input order, a bounded number of
    batches in flight so that a corpus of any size streams through."""

    def __init__(self, settings: Settings, scheduler: str | None = None, workers: int = 2, batch: int = 32):
        self.settings = settings
        self.scheduler = scheduler
        self.workers = workers
        self.batch = batch

    def _client(self):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise UsageError("the Dask engine needs dask[distributed]: pip install 'kg[dask]'") from exc
        if self.scheduler:
            return Client(self.scheduler), None
        cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster

    def extract_many(self, documents: Iterable[Document]) -> Iterator[DocumentFacts]:
        client, cluster = self._client()
        try:
            workers = len(client.scheduler_info().get("workers", {})) or self.workers
            yield from in_batches(documents, self.batch, 2 * workers,
                                  lambda chunk: client.submit(extract_batch, chunk, self.settings, pure=False))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
