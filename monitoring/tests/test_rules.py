import datetime

import pytest

from monitoring import rules


@pytest.mark.parametrize(
    "pesel, birth, sex",
    [
        ("44051401359", datetime.date(1944, 5, 14), "M"),
        ("85010112345", datetime.date(1985, 1, 1), "K"),
        ("90090515836", datetime.date(1990, 9, 5), "M"),
        ("92071314764", datetime.date(1992, 7, 13), "K"),
    ],
)
def test_valid_pesel_gives_birth_date_and_sex(pesel, birth, sex):
    assert rules.pesel_checksum_ok(pesel)
    assert rules.pesel_birth_date(pesel) == birth
    assert rules.pesel_sex(pesel) == sex


@pytest.mark.parametrize(
    "pesel", ["44051401358", "85010112346", "4405140135", "4405140135X", ""]
)
def test_wrong_pesel_is_refused(pesel):
    assert not rules.pesel_checksum_ok(pesel)


def test_pesel_of_the_2000s_reads_the_century_from_the_month():
    # Month 27 = July of the 2000s. Check digit computed by the rule itself
    # must agree with the published algorithm on a known number.
    body = "0227080362"
    check = (
        10
        - sum(int(d) * w for d, w in zip(body, rules.PESEL_WEIGHTS, strict=True)) % 10
    ) % 10
    pesel = body + str(check)
    assert rules.pesel_checksum_ok(pesel)
    assert rules.pesel_birth_date(pesel) == datetime.date(2002, 7, 8)


def test_pesel_with_an_impossible_date_has_no_birth_date():
    assert rules.pesel_birth_date("85023112345") is None  # 31 February


@pytest.mark.parametrize("nip", ["5260250274", "7680002466", "1234563218"])
def test_valid_nip(nip):
    assert rules.nip_checksum_ok(nip)


@pytest.mark.parametrize("nip", ["5260250275", "1234563219", "123456321", "abcdefghij"])
def test_wrong_nip(nip):
    assert not rules.nip_checksum_ok(nip)


def test_age_counts_the_birthday():
    born = datetime.date(1985, 3, 10)
    assert rules.age_on(born, datetime.date(2021, 3, 9)) == 35
    assert rules.age_on(born, datetime.date(2021, 3, 10)) == 36
