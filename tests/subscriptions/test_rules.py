from subscriptions.rules import LineFacts, contract_problems, named_users


def line(code, kind, quantity, extends=""):
    names = {"expert": "Cegid Expert", "data": "Pack Data Ouverture", "m365": "Microsoft 365"}
    return LineFacts(
        product_code=code,
        product_name=names.get(code, code),
        kind=kind,
        quantity=quantity,
        extends_code=extends,
        extends_name=names.get(extends, ""),
    )


def test_a_valid_contract_has_no_problem():
    lines = [
        line("expert", "production", 5),
        line("data", "pack", 5, "expert"),
        line("m365", "m365", 6),
    ]
    assert contract_problems(lines) == []


def test_it_refuses_a_data_ouverture_quantity_different_from_cegid_expert():
    lines = [
        line("expert", "production", 5),
        line("data", "pack", 3, "expert"),
        line("m365", "m365", 5),
    ]
    [problem] = contract_problems(lines)
    assert "Pack Data Ouverture (3)" in problem
    assert "Cegid Expert (5)" in problem
    assert "article 17" in problem


def test_additional_sales_are_checked_on_totals():
    lines = [
        line("expert", "production", 5),
        line("data", "pack", 5, "expert"),
        line("expert", "production", 2),  # additional sale without its pack
        line("m365", "m365", 7),
    ]
    [problem] = contract_problems(lines)
    assert "Pack Data Ouverture (5)" in problem and "Cegid Expert (7)" in problem


def test_it_refuses_too_few_microsoft_365_seats():
    lines = [line("expert", "production", 5), line("m365", "m365", 3)]
    [problem] = contract_problems(lines)
    assert "3 licences pour 5 utilisateurs nommés" in problem
    assert "il en manque 2" in problem and "article 16" in problem


def test_both_problems_are_reported():
    lines = [line("expert", "production", 5), line("data", "pack", 4, "expert")]
    assert len(contract_problems(lines)) == 2


def test_named_users_is_the_largest_production_quantity_not_the_sum():
    lines = [
        line("expert", "production", 5),
        line("other", "production", 3),
        line("m", "module", 9),
    ]
    assert named_users(lines) == 5
