"""Keys made from names: a slug for IRIs and a normal form for comparing names."""
from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """A readable, IRI-safe key: ASCII letters, digits and underscores."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’']s\b", "s", text)
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    return text or "x" + format(abs(hash(text)) % 10**8, "d")


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())
