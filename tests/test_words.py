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


def test_lexicon_files_are_lists_and_tables_by_name(tmp_path):
    import pytest

    from kg.errors import DataError

    (tmp_path / "member_groups.txt").write_text("# Groups.\nband\n\n  party  \n# not an entry\n", encoding="utf-8")
    (tmp_path / "roles.json").write_text('{"_comment": "Roles.", "founder": ["founder", "co-founder"]}', encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a word list", encoding="utf-8")
    lexicon = load_lexicon(tmp_path)
    assert lexicon == {"member_groups": ["band", "party"], "roles": {"founder": ["founder", "co-founder"]}}
    (tmp_path / "member_groups.json").write_text('{"x": []}', encoding="utf-8")
    with pytest.raises(DataError, match="member_groups.* defined twice"):
        load_lexicon.__wrapped__(tmp_path)
    with pytest.raises(DataError, match="no lexicon folder"):
        load_lexicon(tmp_path / "missing")


def test_every_word_list_the_rules_name_is_a_file():
    """A list named in code but missing from data/lexicon/ would silently read as empty."""
    import re
    from pathlib import Path

    lexicon = load_lexicon(Settings().lexicon_dir)
    root = Path(__file__).resolve().parent.parent / "kg" / "extract"
    named = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'\bwords\("([a-z_]+)"\)', text))
        named |= set(re.findall(r'lexicon(?:\.get\(|\[)"([a-z_]+)"', text))
    assert len(named) > 40
    assert sorted(named - set(lexicon)) == []
