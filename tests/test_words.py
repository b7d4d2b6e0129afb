"""The token helpers of kg.extract.words, on spacy.blank: nationality words read their blending
words from the lexicon."""
from __future__ import annotations

import spacy

from kg.config import Settings
from kg.extract.resources import load_lexicon
from kg.extract.words import blended_words, nationality_at

DEMONYMS = {"Korean": "korea", "South Korean": "south_korea", "American": "usa", "Indian": "india"}


def test_nationality_and_blending_words_come_from_the_lexicon():
    lexicon = load_lexicon(Settings().lexicon_dir)
    assert blended_words("Latin", "American", lexicon) and blended_words("North", "American", lexicon)
    assert not blended_words("South", "Indian", lexicon)  # a compass word blends only a continent's adjective
    nlp = spacy.blank("en")
    doc = nlp("South Korean and Anglo - American and South Indian firms")
    assert nationality_at(doc, 0, DEMONYMS, lexicon) == ("south_korea", 2)
    assert nationality_at(doc, 5, DEMONYMS, lexicon) == (None, 0)  # "Anglo-American": past the hyphen
    assert nationality_at(doc, 8, DEMONYMS, lexicon) == ("india", 1)
