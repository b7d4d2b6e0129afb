"""The main job: inputs -> documents -> facts -> the store, incrementally."""
from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings
from kg.errors import InputError
from kg.ingest import Document, iter_documents
from kg.rdf import document_iri
from kg.rdf.graph import statements_of, with_statements
from kg.store import Store


@dataclass
class BuildReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"{self.added} added, {self.replaced} replaced, {self.unchanged} unchanged, "
                f"{len(self.errors)} failed")


def build(paths: Iterable[Path], store: Store, settings: Settings | None = None,
          on_error: Callable[[InputError], None] | None = None, extractor=None,
          workers: int = 1, progress: bool = False, engine: str = "local",
          scheduler: str | None = None) -> BuildReport:
    """Read every input, extract what is new or changed, and write it to ``store``.

    An unchanged document (same content hash in the store) is not processed again; a document
    whose source was built before with other content replaces its old graph.
    """
    settings = settings or Settings()
    report = BuildReport()
    store.ensure_union()
    store.ensure_ontology(settings.ontology_file, settings.ontology_extensions)
    stored = store.documents()
    known_ids = {d.doc_id for d in stored}
    graphs_by_source: dict[str, list[str]] = {}
    for d in stored:
        graphs_by_source.setdefault(d.source, []).append(d.graph)
    seen: set[str] = set()

    def todo() -> Iterator[Document]:
        for item in iter_documents(paths, max_bytes=settings.max_file_size):
            if isinstance(item, InputError):
                report.errors.append(item)
                if on_error:
                    on_error(item)
                continue
            if item.id in known_ids or item.id in seen:
                report.unchanged += 1
                continue
            seen.add(item.id)
            yield item

    pending = todo()
    first = next(pending, None)
    if first is None:
        store.publish_snapshot()
        return report
    if extractor is None and engine == "dask":
        from kg.distributed import DaskExtractor

        extractor = DaskExtractor(settings, scheduler, workers=max(workers, 2))
    elif extractor is None and workers > 1:
        from kg.extract.parallel import ParallelExtractor

        extractor = ParallelExtractor(settings, workers, finish=with_statements)
    elif extractor is None:
        from kg.extract import Extractor  # the model loads only when there is work for it

        extractor = Extractor(settings)

    def chain():
        yield first
        yield from pending

    extracting = results = extractor.extract_many(chain())
    if progress:
        from tqdm import tqdm

        # Documents, rate and elapsed time on stderr; off when stderr is not a terminal.
        results = tqdm(results, unit="doc", file=sys.stderr, disable=None, desc="extracting")
    writer = _Writer(store, settings.flush_every, settings.snapshot_every)
    try:
        for facts in results:
            graph = str(document_iri(facts.doc_id))
            old = [g for g in graphs_by_source.get(facts.source, []) if g != graph]
            writer.put(graph, statements_of(facts), old)
            if old:
                report.replaced += 1
            else:
                report.added += 1
    finally:
        # A build stopped early ends its extraction now (worker processes, a Dask cluster),
        # not whenever the interpreter gets round to it.
        close = getattr(extracting, "close", None)
        if close is not None:
            close()
        try:
            writer.close()
        finally:
            # Readers (kg serve) move to what this build committed, even if it stopped early.
            store.publish_snapshot()
    return report


class _Writer:
    """Writes documents to the store on a thread of its own, in order, while extraction goes
    on (Oxigraph lets go of the GIL while it writes). Each document is still one transaction.
    An error in the writer stops the build at the next document. Every ``snapshot_every``
    seconds it publishes a snapshot between two documents, so a server shows a long build's
    progress."""

    _DONE = object()

    def __init__(self, store: Store, flush_every: int, snapshot_every: float = 30.0):
        self.store = store
        self.flush_every = flush_every
        self.snapshot_every = snapshot_every
        self.published = time.monotonic()
        self.queue: queue.Queue = queue.Queue(maxsize=64)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        count = 0
        while True:
            item = self.queue.get()
            if item is self._DONE:
                return
            if self.error is not None:
                continue  # drain what is queued; the build is stopping
            try:
                self.store.replace_document(*item, new=True)  # the build writes only documents it has not seen
                count += 1
                if count % self.flush_every == 0:
                    self.store.flush()  # write buffers go to disk: memory stays flat on long builds
                if time.monotonic() - self.published >= self.snapshot_every:
                    self.store.publish_snapshot()
                    self.published = time.monotonic()
            except BaseException as exc:  # handed to the building thread
                self.error = exc

    def put(self, graph: str, statements: str, old: list[str]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((graph, statements, old))

    def close(self) -> None:
        """Wait for every queued document to be written, then flush; re-raise a writer error."""
        self.queue.put(self._DONE)
        self.thread.join()
        if self.error is not None:
            raise self.error
        self.store.flush()


def print_error(error: InputError) -> None:
    print(f"error: {error}", file=sys.stderr)
