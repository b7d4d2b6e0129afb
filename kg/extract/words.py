"""Token-level helpers shared by the mention finder and the relation rules: nationality words and
the words that blend them, brackets, the noun a copula defines a name as, compass directions, the
look of a name's words. No other kg.extract module is imported here; word lists come in with the
lexicon (``kg.extract.resources.load_lexicon``)."""
from __future__ import annotations

import re

from spacy.attrs import POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, Token

#: Compass directions: "north of Rügen", "northeastern Spain" (the relation rules add the
#: adjectives of data/lexicon/region_words.txt). Built from the closed set of compass points.
DIRECTIONS = frozenset(f"{a}{b}" for a in ("", "north", "south") for b in ("", "east", "west")) - {""}

_QUOTE = re.compile(r"^[\"'“”‘’]+|[\"'“”‘’]+$")
_HASHES: dict[tuple[int, int], tuple[object, frozenset[int]]] = {}


def tokens_where(doc: Doc, attr: int, values=None) -> list[Token]:
    """The tokens whose ``attr`` (a spaCy attribute id: ORTH, LOWER, POS, IS_TITLE, ...) is one
    of ``values`` (strings; for a flag such as IS_TITLE, None means true), in order, read from
    the Doc's attribute array: a loop that only looks at a few words need not make a Token
    object for every word of the text."""
    column = doc.to_array([attr]).tolist()
    if values is None:
        return [doc[i] for i, v in enumerate(column) if v]
    key = (id(values), attr)
    held = _HASHES.get(key)
    if held is None or held[0] is not values:
        if attr == POS:
            wanted = frozenset(POS_IDS[v] for v in values if v in POS_IDS)
        else:
            wanted = frozenset(doc.vocab.strings[v] for v in values)
        held = _HASHES[key] = (values, wanted)
    wanted = held[1]
    return [doc[i] for i, v in enumerate(column) if v in wanted]


def blended(doc: Doc, i: int, lexicon: dict) -> bool:
    """Whether the word before token ``i`` (past a hyphen) makes its nationality another group's."""
    j = i - 2 if i >= 2 and doc[i - 1].text == "-" else i - 1
    return blended_words(doc[j].text, doc[i].text, lexicon) if j >= 0 else False


def blended_words(before: str, word: str, lexicon: dict) -> bool:
    """Whether ``before`` makes the nationality ``word`` another group's name: "Latin American",
    "Anglo-American"; a compass word only a continent's adjective ("North American", but
    "South Indian" is Indian)."""
    return before in lexicon["blending_words"] or (
        before in lexicon["compass_words"] and word in lexicon["continental_adjectives"])


def nationality_at(doc: Doc, i: int, demonyms: dict[str, str], lexicon: dict,
                   end: int | None = None) -> tuple[str | None, int]:
    """The country a nationality at token ``i`` (before ``end``) names, and its width in words:
    "South Korean" 2, "Chinese" 1; (None, 0) for none, or for a word another one blends
    ("Latin American")."""
    end = len(doc) if end is None else end
    if i + 2 <= end and doc[i:i + 2].text in demonyms:
        return demonyms[doc[i:i + 2].text], 2
    if i < end and doc[i].text in demonyms and not blended(doc, i, lexicon):
        return demonyms[doc[i].text], 1
    return None, 0


def after_bracket(doc: Doc, end: int, sent_end: int) -> int:
    """The token after a bracket that opens at ``end`` ("Hélé Béji (;born 1948) is"), or ``end``."""
    j, depth = end, 0
    if j < sent_end and doc[j].text.startswith("("):
        while j < sent_end:
            depth += doc[j].text.count("(") - doc[j].text.count(")")
            j += 1
            if depth <= 0:
                break
    return j


def defined_as(doc: Doc, end: int, sent_end: int) -> Token | None:
    """The noun a copula says the name ending at ``end`` is: "Bohumín (;;,) is a small town" gives
    "town", "X is an American country music artist" gives "artist" (the head, not the first noun)."""
    j = after_bracket(doc, end, sent_end)
    if j + 2 >= sent_end or doc[j].lemma_ != "be" or doc[j + 1].lower_ not in {"a", "an", "the"}:
        return None
    for k in range(j + 2, min(j + 8, sent_end)):
        t = doc[k]
        if t.pos_ in {"NOUN", "PROPN"} and (k + 1 >= sent_end or doc[k + 1].pos_ not in {"NOUN", "PROPN"}):
            return t  # a capitalised kind too: "Debub Gondar is a Zone in ..."
        if t.pos_ not in {"ADJ", "ADV", "NUM", "NOUN", "PROPN", "PUNCT"} or t.text in {",", ";", "(", ")"}:
            return None
    return None


def headline_case(sent: Span) -> bool:
    """Most words capitalised: a headline, where capitals say nothing about names."""
    words = capitals = 0
    for t in sent:
        if t.is_alpha and len(t) > 3:
            words += 1
            capitals += t.is_title or t.is_upper
        # A sentence full of names still has its verb in lower case: "was drafted by the Kansas
        # City Chiefs of the National Football League".
        if t.is_lower and t.pos_ in {"VERB", "AUX"} and t.i > sent.start:
            return False
    return words >= 3 and capitals / words > 0.6


def capitalised(t: Token) -> bool:
    """A word written as a name's word is: "Lake", "ABBA" (not "A" alone)."""
    return t.is_title or (t.is_upper and len(t) > 1)


def hyphen_joins(doc: Doc, i: int) -> bool:
    """Token ``i`` is a hyphen that joins two capitalised words into one name: "Aetolia-Acarnania"."""
    return 0 < i < len(doc) - 1 and doc[i].text == "-" and not doc[i - 1].whitespace_ and not doc[i].whitespace_ \
        and doc[i - 1].is_title and doc[i + 1].is_title


def clean_text(text: str) -> str:
    """A mention's name from its span's text: one space between words, no quotes around it, no
    possessive "'s" or leading "the", no punctuation at its ends."""
    text = " ".join(text.split())
    text = _QUOTE.sub("", text)
    text = re.sub(r"[’']s$", "", text).strip()
    text = re.sub(r"^(the|The)\s+", "", text)
    return text.strip(" ,;:")
