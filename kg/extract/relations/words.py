"""The word lists and name tables the relation rules consult, built once per process from
``data/lexicon/`` and the gazetteers. Plain sets and dicts: nothing here changes per document."""
from __future__ import annotations

from kg.extract.words import DIRECTIONS
from kg.extract.resources import organisation_name_words


class Words:
    """Named sets of words (and the gazetteer's name tables) for the constructions and the engine."""

    def __init__(self, lexicon: dict, demonyms: dict[str, str], place_names: dict[str, str] | None = None,
                 country_names=None, place_countries: dict[str, str] | None = None, issue_lemmas=()):
        def words(name: str) -> set[str]:
            return set(lexicon.get(name, []))

        #: The whole lexicon, for the shared token helpers of kg.extract.words.
        self.lexicon = lexicon
        self.demonyms = demonyms
        self.place_names = place_names or {}
        #: Place name -> the country its best-known bearer lies in; used only to weigh what a sentence
        #: suggests (a veto, or the agreement a weaker reading needs), never as a fact of its own.
        self.place_countries = place_countries or {}
        self.country_names = set(country_names or ())
        self.place_org_heads = words("place_named_org_heads")
        #: "Recording Industry Association of Japan", "Bank of China": an organisation "of" a place.
        self.of_place_heads = self.place_org_heads | organisation_name_words(lexicon)
        self.competition = words("competition_words")
        self.based_words = words("based_words")
        self.blockers = words("modal_blockers")
        self.negations = words("negations")
        self.modals = words("modal_auxiliaries")
        self.person_pronouns = words("person_pronouns")
        self.date_verbs = {lemma: kind for kind, lemmas in lexicon.get("policy_date_verbs", {}).items()
                           for lemma in lemmas}
        #: Verbs of issuing a policy, from the active issuedBy rules: a headline's "Commerce Implements
        #: New Export Controls" reads with them.
        self.issue_lemmas = set(issue_lemmas)
        self.titles = words("person_titles")
        roles = lexicon.get("role_nouns", {})
        self.founder_nouns = set(roles.get("founder", []))
        self.role_nouns = set(roles.get("affiliation", []))
        self.state_roles = words("state_roles")
        self.corporate_roles = words("corporate_roles")
        self.class_nouns = {cls: set(ws) for cls, ws in lexicon.get("class_nouns", {}).items()}
        parts = lexicon.get("part_nouns", {})
        self.child_nouns = set(parts.get("child", []))
        self.parent_nouns = set(parts.get("parent", []))
        type_nouns = lexicon.get("type_nouns", {})
        self.org_nouns = set(lexicon.get("org_type_nouns", {}).get("Company", [])) | \
            set(type_nouns.get("Organisation", []))
        self.person_nouns = set(type_nouns.get("Person", [])) | self.role_nouns | words("person_nouns_extra")
        self.plural_anaphors = words("plural_anaphors")
        #: Parts of a place: "the outskirts of", "the north of".
        self.part_nouns = words("region_part_nouns")
        self.place_nouns = set(type_nouns.get("Place", [])) - {"country", "state"}
        #: Kinds of place a country may name: "the U.S. state of Oregon".
        self.kind_nouns = self.place_nouns | {"state"}
        #: Nouns that may stand between two places of a chain: "the district of", "the far part of".
        self.chain_nouns = self.kind_nouns | self.part_nouns
        self.anaphors = {word: cls for cls, ws in lexicon.get("anaphors", {}).items() for word in ws}
        self.region_words = DIRECTIONS | words("region_words")
        self.member_groups = words("member_groups")
        self.not_members = words("not_member_words")
        self.subject_experts = words("subject_experts")
        self.definition_modifiers = words("definition_modifiers")
        self.between_words = words("between_words")
        self.polity_words = words("polity_words")
        self.part_words = words("part_words")
        self.trade_nouns = words("trade_nouns")
        self.joining_words = words("joining_words")
        self.locating_verbs = words("locating_verbs")
        self.chain_links = words("chain_links")
        self.list_openers = words("list_openers")
        self.renamed = words("renamed_words")
        self.seat_nouns = words("seat_nouns")
        self.relative_dates = words("relative_dates")
