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


def _start_worker(settings: Settings) -> None:
    global _worker_extractor
    from kg.extract.pipeline import Extractor

    _worker_extractor = Extractor(settings)


def _extract_batch(documents: list[Document]) -> list[DocumentFacts]:
    return list(_worker_extractor.extract_many(documents))


class ParallelExtractor:
    """The same ``extract_many`` as Extractor, spread over ``workers`` processes."""

    def __init__(self, settings: Settings, workers: int, batch: int = 16):
        self.settings = settings
        self.workers = workers
        self.batch = batch

    def extract_many(self, documents: Iterable[Document]) -> Iterator[DocumentFacts]:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_start_worker,
                                 initargs=(self.settings,)) as pool:
            yield from in_batches(documents, self.batch, 2 * self.workers,
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
