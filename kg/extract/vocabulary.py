"""The words and names the mention finder consults, gathered once from the lexicon (``data/lexicon/``)
and the gazetteer; every pass of the finder reads them from here."""
from __future__ import annotations

import re

from kg.extract.resources import GazetteerEntry, organisation_name_words
from kg.extract.words import DIRECTIONS


class Vocabulary:
    """Word sets by what they are for, built from the lexicon's lists and the gazetteer's names."""

    def __init__(self, gazetteer: dict[str, GazetteerEntry], lexicon: dict, demonyms: dict[str, str],
                 place_names: frozenset[str] | set[str] = frozenset()):
        self.gazetteer = gazetteer
        self.place_names = place_names
        self.lexicon = lexicon
        self.demonyms = demonyms
        self.titles = set(lexicon["person_titles"])
        #: Titles matched in lower case: before a person's name ("co-founder Liang Wenfeng"), and
        #: at the start of the recogniser's name.
        self.lowercase_titles = set(lexicon["lowercase_titles"]["before_name"])
        self.name_start_titles = set(lexicon["lowercase_titles"]["name_start"])
        self.non_entities = set(lexicon["non_entities"])
        #: "LLC", "Inc.": legal forms name no one alone.
        self.legal_forms = set(lexicon["legal_forms"])
        self.org_keywords = lexicon["org_type_keywords"]
        self.org_nouns = {noun: cls for cls, nouns in lexicon["org_type_nouns"].items() for noun in nouns}
        policy = lexicon["policy"]
        self.policy_heads = set(policy["heads"])
        self.policy_modifiers = set(policy["modifiers"])
        #: Policy heads that need a kind word to name a policy ("export rules", not "US rules").
        self.generic_policy_heads = set(lexicon["generic_policy_heads"])
        #: Last words that make a capitalised name a policy's ("Temporary General License").
        self.policy_name_heads = set(lexicon["policy_name_heads"])
        #: Such last words that need two capitalised words in front ("Commerce Control List").
        self.policy_list_heads = set(lexicon["policy_list_heads"])
        #: Both kinds of head in lower case: the words a policy name can end in, whatever its case.
        self.policy_head_words = {w.lower() for w in self.policy_name_heads | self.policy_list_heads}
        #: Capitalised words that do not name a policy on their own ("the Final Rule").
        self.policy_unnaming = set(lexicon["policy_unnaming_words"])
        self.place_org_heads = set(lexicon.get("place_named_org_heads", []))
        #: One-word organisation names of the gazetteer: "Apple", "MediaTek".
        self.organisations_by_name = {name: e for e in gazetteer.values() if e.coarse == "Organisation"
                                      for name in (e.name, *e.aliases) if " " not in name}
        self.org_first_words = {name for e in gazetteer.values() if e.coarse == "Organisation"
                                for name in (e.name, *e.aliases) if " " not in name}
        self.place_words = set(lexicon.get("place_name_words", []))
        #: Words that make a name an organisation's ("Football League", "Labour Party").
        self.org_words = organisation_name_words(lexicon) | self.place_org_heads
        #: Words only organisations' names end in ("Abbey Road Studios", "McGill University").
        self.organisation_words = organisation_name_words(lexicon) - self.place_words \
            - set(lexicon["shared_org_place_words"])
        self.place_entries = {name: e for e in gazetteer.values() if e.coarse == "Place" for name in (e.name, *e.aliases)}
        self.type_nouns = {noun: cls for cls, nouns in lexicon.get("type_nouns", {}).items() for noun in nouns}
        #: Roles a person holds in an organisation: "bassist", "analyst", "founder".
        self.member_roles = {w for ws in lexicon.get("role_nouns", {}).values() for w in ws if " " not in w}
        #: Words in front of a role noun that belong to the role: "Co-Chief", "Vice", "Deputy".
        self.role_prefixes = set(lexicon["role_prefixes"])
        # Common nouns the rules know: capitalised alone ("the Church", "the Valley", "the Board"),
        # they name no one in particular unless a gazetteer says so ("Congress").
        self.common_nouns = {w.lower() for w in (*self.type_nouns, *self.org_nouns, *self.place_words,
                                                  *self.org_words, *self.titles,
                                                  *(w for ws in lexicon.get("role_nouns", {}).values() for w in ws))
                             if " " not in w} | DIRECTIONS
        #: Place words that open a name: "Lake Ewauna", "Mount Guna", "Via Pesce".
        self.place_prefixes = set(lexicon["place_prefixes"])
        #: Words that make a new place's name of an old one: "Old Bohumín", "Greater Manchester".
        self.place_qualifiers = set(lexicon["place_qualifiers"])
        #: Months and weekdays: the recogniser may take a place for a date, never a month.
        self.calendar_words = set(lexicon["calendar_words"])
        #: Prepositions after which a known place name means the place ("born in Gifu", "near Hull").
        self.locative = set(lexicon["locative_prepositions"])
        #: Prepositions whose object a person is not: "born in Durg", "near Sullivan".
        self.place_prepositions = set(lexicon["place_prepositions"])
        #: Verbs whose "in" or "at" says where, not for whom: "born at Luster", "located at Holmenkollen".
        self.where_verbs = set(lexicon["where_verbs"])
        #: What organisations do and places do not: "Miami Sound Machine released the single".
        self.acts = set(lexicon["organisation_acts"])
        #: Verbs whose passive subject is an organisation, whatever the recogniser guessed.
        self.founding_verbs = set(lexicon["founding_verbs"])
        #: Lower-case particles inside personal names: "Carl von der Esch", "Lucas van Leyden".
        self.particles = set(lexicon["personal_name_particles"])
        #: Lower-case words that may stand inside a name: "Rage Against the Machine", "Tears for Fears".
        self.name_particles = set(lexicon["name_function_words"])
        #: Lower-case words a name does not end in ("the Council of").
        self.name_end_words = set(lexicon["name_end_words"])
        #: Words a road's number belongs to: "U.S. Route 20", "Interstate 5".
        self.road_words = set(lexicon["road_words"])
        #: A country's formal name: "the Kingdom of Thailand", "the Republic of Angola".
        heads = "|".join(re.escape(head) for head in lexicon["state_name_heads"])
        self.state_name = re.compile(rf"^(?:{heads}) of (?:the )?(.+)$")
