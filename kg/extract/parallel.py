"""Extraction on N processes of one machine. Each worker loads the model once; documents go
out in small batches, at most a few batches in flight, and come back in order."""
from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice

from kg.config import Settings
from kg.ingest.document import Document
from kg.records import DocumentFacts

_worker_extractor = None  # one per worker process, made by _start_worker


_worker_finish = None  # what the worker does to each result before sending it back


def _start_worker(settings: Settings, finish) -> None:
    global _worker_extractor, _worker_finish
    from kg.extract.pipeline import Extractor

    _worker_extractor = Extractor(settings)
    _worker_finish = finish


def _extract_batch(documents: list[Document]) -> list[DocumentFacts]:
    results = _worker_extractor.extract_many(documents)
    return [_worker_finish(facts) for facts in results] if _worker_finish else list(results)


class ParallelExtractor:
    """The same ``extract_many`` as Extractor, spread over ``workers`` processes. ``finish``
    (a module-level function, so that it pickles) runs on each result in the worker: the
    build makes a document's RDF statements there, on the worker's core, rather than in the
    process that writes the store."""

    def __init__(self, settings: Settings, workers: int, batch: int = 8, finish=None):
        self.settings = settings
        self.workers = workers
        self.batch = batch
        self.finish = finish

    def extract_many(self, documents: Iterable[Document]) -> Iterator[DocumentFacts]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                 initargs=(self.settings, self.finish)) as pool:
            yield from in_batches(documents, self.batch, 4 * self.workers,
                                  lambda chunk: pool.submit(_extract_batch, chunk))


def in_batches(documents: Iterable[Document], batch: int, in_flight: int, submit) -> Iterator[DocumentFacts]:
    """Send ``documents`` out in batches through ``submit`` (which returns a future), with at
    most ``in_flight`` batches pending, and yield the results in input order."""
    documents = iter(documents)
    pending = deque()
    while True:
        while len(pending) < in_flight:
            chunk = list(islice(documents, batch))
            if not chunk:
                break
            pending.append(submit(chunk))
        if not pending:
            return
        yield from pending.popleft().result()
