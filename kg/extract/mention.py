"""The mention record that every step of entity extraction passes on, and the recogniser's labels
and mention sources the steps consult."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

#: Mention sources that guess from the shape of words (the recogniser, capitalisation).
GUESSED = {"ner", "shape", "defined", "kind", "context"}
#: Recogniser labels of things that are not names: "March", "two", "the 1990s".
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in a Doc: token span, cleaned name, class, where it came from."""

    start: int            # token offsets in the Doc
    end: int
    text: str             # the cleaned surface form
    cls: str              # fine class
    source: str           # "gazetteer", "pattern:<id>", "ner", "policy"
    gazetteer_id: str | None = None
    role: str | None = None        # a title or role stripped from a person's name
    surface: tuple[str, ...] = ()  # further surface forms this mention carries ("US export controls")
    issuer: tuple[int, int] | None = None  # for a policy: token span of the mention that issues it
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def span(self, doc: Doc) -> Span:
        return doc[self.start:self.end]
