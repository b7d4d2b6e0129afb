"""spaCy pipeline: model loading, entity rules, relation rules, alias resolution."""
from kg.extract.pipeline import Extractor, build_pipeline, load_model

__all__ = ["Extractor", "build_pipeline", "load_model"]
