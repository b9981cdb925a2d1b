"""Which emergency number the OpenVoiceOS skill gives (no OVOS needed: its location is a
plain dictionary), and the packaged table of numbers by country."""

from __future__ import annotations

from typing import Any

import pytest

from dialog.load import emergency_numbers
from voice.frontends.ovos.number import country_code, emergency_number


def location(code: Any) -> dict[str, Any]:
    return {"city": {"name": "Somewhere", "state": {"name": "Some state", "country": {"code": code}}}}


@pytest.mark.parametrize(("code", "number"), [
    ("US", "911"), ("CA", "911"), ("GB", "999"), ("AU", "000"), ("NZ", "111"), ("IN", "112"),
    ("DE", "112"), ("FR", "112"), ("IE", "112"), ("GR", "112"), ("gb", "999"), (" de ", "112"),
])
def test_a_known_country_gives_its_number(code: str, number: str) -> None:
    assert emergency_number("", location(code)) == (number, "country")


@pytest.mark.parametrize("where", [location("ZZ"), location(None), location(""), {}, None, "US", {"city": None},
                                   {"city": {"state": {"country": "US"}}}])
def test_an_unknown_or_missing_country_gives_the_stated_default(where: Any) -> None:
    assert emergency_number(None, where) == ("911", "default")


def test_the_setting_wins_over_the_country() -> None:
    assert emergency_number("112", location("US")) == ("112", "setting")
    assert emergency_number(" +44 20 7946 0000 ", location("US")) == ("+44 20 7946 0000", "setting")
    assert emergency_number(112, location("US")) == ("112", "setting")


@pytest.mark.parametrize("setting", ["call the doctor", "0" * 16, "+", True, 0, -5, [], {"number": "112"}])
def test_a_setting_that_is_no_telephone_number_is_passed_over(setting: Any) -> None:
    assert emergency_number(setting, location("GB")) == ("999", "country")


def test_the_country_code_is_read_where_ovos_keeps_it() -> None:
    assert country_code(location("nz")) == "NZ"
    assert country_code({"city": {"state": {"country": {"name": "New Zealand"}}}}) is None


def test_the_table_lists_each_country_once_with_a_source_and_every_eu_member() -> None:
    table = emergency_numbers()
    countries = [code for entry in table.numbers for code in entry.countries]
    assert len(countries) == len(set(countries))
    assert all(entry.source.strip() for entry in table.numbers)
    eu = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
          "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
    assert {code for code in eu if table.for_country(code) == "112"} == eu
    assert table.default == "911"


def test_a_bad_table_is_refused_naming_the_field(tmp_path: Any) -> None:
    from dialog.load import ProtocolError, load_emergency_numbers

    bad = tmp_path / "numbers.toml"
    bad.write_text('default = "911"\n[[numbers]]\nnumber = "999"\ncountries = ["United Kingdom"]\nsource = "x"\n')
    with pytest.raises(ProtocolError, match="numbers"):
        load_emergency_numbers(bad)
    bad.write_text('default = "911"\n[[numbers]]\nnumber = "112"\ncountries = ["DE"]\nsource = "x"\n'
                   '[[numbers]]\nnumber = "110"\ncountries = ["DE"]\nsource = "y"\n')
    with pytest.raises(ProtocolError, match="DE listed more than once"):
        load_emergency_numbers(bad)


def test_a_bad_number_in_the_table_is_refused_naming_the_tables_own_field(tmp_path: Any) -> None:
    # the table and the --emergency-number setting share one rule, and its error names the
    # field as the table spells it (not the setting's name, emergency_number)
    from dialog.load import ProtocolError, load_emergency_numbers

    bad = tmp_path / "numbers.toml"
    bad.write_text('default = "911"\n[[numbers]]\nnumber = "999 ask for an ambulance"\ncountries = ["GB"]\n'
                   'source = "x"\n')
    with pytest.raises(ProtocolError) as refused:
        load_emergency_numbers(bad)
    assert str(refused.value) == (f"{bad}: field numbers[0].number: Value error, "
                                  "may hold only digits, a leading +, spaces and dashes")
    bad.write_text('default = "1234567890123456"\nnumbers = []\n')
    with pytest.raises(ProtocolError) as refused:
        load_emergency_numbers(bad)
    assert str(refused.value) == (f"{bad}: field default: Value error, "
                                  "has 16 digits; a telephone number has at most 15")
