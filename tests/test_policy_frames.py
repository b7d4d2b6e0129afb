"""Policies a text names only by their kind, made in the sentence that introduces them."""


def test_policy_made_by_a_government_is_found_with_its_issuer(facts_of):
    facts, triples = facts_of("The Department of the Treasury issued a final rule on Monday.")
    assert ("final rule", "issuedBy", "Department of the Treasury") in triples
    assert any(e.label == "final rule" and e.cls == "Policy" for e in facts.entities)


def test_a_policy_named_by_its_kind_belongs_to_its_document(facts_of):
    first, _ = facts_of("The Department of the Treasury issued a final rule on Monday.")
    second, _ = facts_of("The Bureau of Industry and Security issued a final rule on Friday.")
    key_of = lambda facts: next(e.key for e in facts.entities if e.label == "final rule")  # noqa: E731
    assert key_of(first) != key_of(second)


def test_the_name_runs_over_what_the_policy_is_on_unless_that_is_a_name(facts_of):
    facts, triples = facts_of("In 2019, Beijing announced restrictions on the export of rare metals.")
    assert ("restrictions on the export of rare metals", "issuedBy", "Beijing") in triples
    facts, triples = facts_of("The United States imposed a tariff on Chinese goods.")
    assert ("tariff on Chinese goods", "targets", "China") in triples
    assert ("tariff on Chinese goods", "issuedBy", "United States") in triples


def test_a_company_does_not_make_policy(facts_of):
    facts, _ = facts_of("Nvidia announced new rules for its partners.")
    assert not any(e.cls == "Policy" for e in facts.entities)


def test_implementing_an_order_is_not_issuing_it(facts_of):
    _, triples = facts_of("The Department of the Treasury issued a final rule to implement Executive Order 14105.")
    assert ("final rule", "issuedBy", "Department of the Treasury") in triples
    assert not any(s.startswith("Executive Order") and p == "issuedBy" for s, p, _ in triples)
