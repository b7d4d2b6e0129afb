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


def test_a_policy_described_by_a_governments_verb_joins_its_issuers_policy(facts_of):
    facts, triples = facts_of("Pakistan criticised US export controls. Last year Washington banned sales "
                              "of the A800 and H800 chips to Vietnam and Cuba.")
    policies = [e for e in facts.entities if e.cls == "Policy"]
    assert [e.label for e in policies] == ["United States export controls"]
    for fact in [("United States export controls", "restricts", "H800"),
                 ("United States export controls", "targets", "Cuba"),
                 ("United States export controls", "issuedBy", "United States")]:
        assert fact in triples


def test_a_directive_from_a_body_is_that_bodys_policy(facts_of):
    _, triples = facts_of("AMD received an order from the Department of Commerce to block shipments of "
                          "its A100 chips to Belarus.")
    assert ("United States export controls", "issuedBy", "Department of Commerce") in triples
    assert ("United States export controls", "targets", "Belarus") in triples


def test_no_described_policy_from_a_company_or_a_hedged_verb(facts_of):
    for text in ["Nvidia restricted sales of the A100 to Vietnam.",
                 "Washington may restrict exports of the A100 to Vietnam.",
                 "Washington did not ban exports of the A100 to Vietnam."]:
        facts, _ = facts_of(text)
        assert not any(e.cls == "Policy" for e in facts.entities), text


def test_along_with_adds_names_as_and_does(facts_of):
    _, triples = facts_of("In Executive Order 13959, the President designated Cuba, along with Iran and "
                          "Syria, as countries of concern.")
    assert ("Executive Order 13959", "targets", "Syria") in triples
    assert ("Executive Order 13959", "targets", "Iran") in triples
    _, triples = facts_of("In Executive Order 13959, the President designated Cuba as a country of concern "
                          "and met Iran.")
    assert ("Executive Order 13959", "targets", "Iran") not in triples


def test_a_described_policy_restricts_chips_not_other_goods(facts_of):
    facts, _ = facts_of("The Dutch government has restricted exports of lithography machines to Vietnam.")
    assert not any(e.cls == "Policy" for e in facts.entities)
    _, triples = facts_of("The Dutch government has restricted exports of advanced chips to Vietnam.")
    assert ("Netherlands export controls", "targets", "Vietnam") in triples


def test_a_policy_named_by_its_chip_is_its_own_and_restricts_it(facts_of):
    facts, triples = facts_of("Pakistan criticised US export controls. Officials defended the A800 "
                              "restrictions in Congress.")
    assert ("A800 restrictions", "restricts", "A800") in triples
    assert {e.label for e in facts.entities if e.cls == "Policy"} == {"A800 restrictions",
                                                                      "United States export controls"}
    facts, _ = facts_of("Nvidia's A800 chips sold well in Vietnam.")
    assert not any(e.cls == "Policy" for e in facts.entities)


def test_who_expands_a_policy_issues_it(facts_of):
    _, triples = facts_of("The latest U.S. expansion of export controls on chips will hurt Huawei.")
    assert ("United States export controls", "issuedBy", "United States") in triples
    _, triples = facts_of("Nvidia's expansion of export controls worried analysts.")
    assert not any(p == "issuedBy" for _, p, _ in triples)


RULE_HEADER = """DEPARTMENT OF THE TREASURY
31 CFR Part 999
[Docket No. 1234-5678]
Provisions Pertaining to Quantum Sensing Investments in Countries of Concern
AGENCY:
Office of Investment Security, Department of the Treasury.
ACTION:
{action}
SUMMARY:
In this final rule, the Department of the Treasury sets out the provisions. This rule is effective on May 1, 2026.
"""


def test_a_rule_document_names_itself_by_its_title(facts_of):
    facts, triples = facts_of(RULE_HEADER.format(action="Final rule."))
    title = "Provisions Pertaining to Quantum Sensing Investments in Countries of Concern"
    [rule] = [e for e in facts.entities if e.label == title]
    assert rule.cls == "Policy"
    assert (title, "issuedBy", "Department of the Treasury") in triples
    assert not any(e.label.lower() in {"this rule", "this final rule"} for e in facts.entities)


def test_a_notice_is_no_rule(facts_of):
    facts, _ = facts_of(RULE_HEADER.format(action="Notice of public hearing."))
    assert not any(e.label.startswith("Provisions Pertaining") and e.cls == "Policy" for e in facts.entities)


def test_a_purpose_gives_targets_only_where_goods_are_kept_from_someone(facts_of):
    _, triples = facts_of("The U.S. imposed export controls to prevent the diversion of chips to Belarus.")
    assert any(p == "targets" and o == "Belarus" for _, p, o in triples)
    # Made to help, not to keep from: no target.
    _, triples = facts_of("The U.S. imposed export controls to help exports of chips to Belarus.")
    assert not any(p == "targets" and o == "Belarus" for _, p, o in triples)
    # A company's own limits are no policy.
    _, triples = facts_of("Nvidia set sales limits to prevent the diversion of its chips to Belarus.")
    assert not any(p == "targets" for _, p, _ in triples)
