"""A quick matcher for the dependency patterns rules mostly use: nodes linked to their parent
node by ``>`` (a direct child), each node tested on LEMMA, LOWER, POS or DEP (a string or an
``IN`` list). spaCy's DependencyMatcher matches every node's token pattern over the whole
Doc and walks up the tree from each token it matched; this one finds the root node's tokens
from the Doc's attribute arrays and walks down from those alone. Patterns outside that
subset are left to the DependencyMatcher (``compile`` returns None)."""
from __future__ import annotations

from itertools import product

import numpy as np
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

#: The attributes, in the column order of ``Doc.to_array``.
COLUMNS = (LEMMA, LOWER, POS, DEP, HEAD)
_NAMES = {"LEMMA": 0, "LOWER": 1, "POS": 2, "DEP": 3}


def _values(name: str, wanted, strings) -> frozenset[int] | None:
    words = [wanted] if isinstance(wanted, str) else wanted.get("IN") if isinstance(wanted, dict) and \
        set(wanted) == {"IN"} else None
    if not isinstance(words, (list, tuple)) or not all(isinstance(w, str) for w in words):
        return None
    if name == "POS":
        return frozenset(POS_IDS[w] for w in words if w in POS_IDS)
    return frozenset(strings.add(w) for w in words)


class TreePattern:
    def __init__(self, tests: list[list[tuple[int, frozenset[int]]]], parents: list[int]):
        self.tests = tests        # per node: (column, allowed values)
        self.parents = parents    # per node: index of its parent node (-1 for the root)

    @classmethod
    def compile(cls, pattern: list[dict], strings) -> "TreePattern | None":
        ids: dict[str, int] = {}
        tests, parents = [], []
        for n, node in enumerate(pattern):
            if n == 0:
                if set(node) - {"RIGHT_ID", "RIGHT_ATTRS"}:
                    return None
                parents.append(-1)
            else:
                if node.get("REL_OP") != ">" or node.get("LEFT_ID") not in ids:
                    return None
                parents.append(ids[node["LEFT_ID"]])
            node_tests = []
            for name, wanted in node.get("RIGHT_ATTRS", {}).items():
                values = _values(name, wanted, strings) if name in _NAMES else None
                if values is None:
                    return None
                node_tests.append((_NAMES[name], values))
            ids[node["RIGHT_ID"]] = n
            tests.append(node_tests)
        return cls(tests, parents)

    def matches(self, table: "DocTable") -> list[list[int]]:
        """Every assignment of tokens to the nodes, in pattern order, as the DependencyMatcher
        gives them."""
        found = []
        for root in table.candidates(self.tests[0]):
            options: list[list[int]] = [[root]]
            for n in range(1, len(self.tests)):
                # A node's parent is an earlier node: its options are the children of that
                # node's options that pass the node's tests; the product is checked below.
                here = [c for p in options[self.parents[n]] for c in table.children(p) if table.passes(c, self.tests[n])]
                if not here:
                    break
                options.append(here)
            else:
                for combo in product(*options):
                    if all(self.parents[n] < 0 or table.head(combo[n]) == combo[self.parents[n]]
                           for n in range(len(combo))):
                        found.append(list(combo))
        return found


class DocTable:
    """A Doc's attributes as one array, and each token's children, read once per Doc."""

    def __init__(self, doc: Doc):
        self.array = doc.to_array(list(COLUMNS))
        n = len(doc)
        self.heads = np.arange(n, dtype=np.int64) + self.array[:, 4].astype(np.int64)
        self._children: dict[int, list[int]] | None = None

    def candidates(self, tests) -> list[int]:
        mask = np.ones(len(self.array), dtype=bool)
        for column, values in tests:
            col = self.array[:, column]
            mask &= (col == next(iter(values))) if len(values) == 1 else np.isin(col, list(values))
        return np.flatnonzero(mask).tolist()

    def passes(self, i: int, tests) -> bool:
        return all(int(self.array[i, column]) in values for column, values in tests)

    def head(self, i: int) -> int:
        return int(self.heads[i])

    def children(self, i: int) -> list[int]:
        if self._children is None:
            self._children = {}
            for child, head in enumerate(self.heads.tolist()):
                if child != head:
                    self._children.setdefault(head, []).append(child)
        return self._children.get(i, [])
