"""The plausibility rule pinned at its thresholds: 3x the target, the indicator's own bounds, a
cumulative count going down, serapan above 100 % (through the one serapan formula)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cascading.plausibility import (
    FAR_FROM_TARGET_FACTOR,
    SERAPAN_LIMIT,
    ImplausibleValue,
    confirm_plausibility,
    implausibility,
)

D = Decimal


def test_the_thresholds_are_three_times_the_target_and_a_full_pagu():
    assert D("3") == FAR_FROM_TARGET_FACTOR
    assert D("100") == SERAPAN_LIMIT


@pytest.mark.parametrize(
    ("value", "target", "flagged"),
    [
        (D("345"), D("115"), False),  # exactly 3x: still plausible
        (D("345.0001"), D("115"), True),
        (D("1234"), D("115"), True),  # the 1.234 Orang against 115
        (D("0"), D("115"), False),
        (D("1000"), D("0"), False),  # no positive target: nothing to compare with
        (D("1000"), None, False),
    ],
)
def test_far_from_target(value, target, flagged):
    reasons = implausibility(value=value, target=target)
    assert bool(reasons) is flagged
    if flagged:
        assert "lebih dari 3 kali target" in reasons[0]


def test_the_message_names_the_value_and_the_target_in_indonesian_format():
    [reason] = implausibility(value=D("1234"), target=D("115"))
    assert reason == "1.234 lebih dari 3 kali target tahun ini (115)."


@pytest.mark.parametrize(
    ("value", "flagged"),
    [(D("9.99"), True), (D("10"), False), (D("50"), False), (D("50.01"), True)],
)
def test_an_indicators_own_bounds_are_inclusive(value, flagged):
    reasons = implausibility(value=value, minimum=D("10"), maximum=D("50"))
    assert bool(reasons) is flagged


def test_a_cumulative_count_lower_than_the_previous_quarter():
    assert implausibility(value=D("40"), previous=D("41"), cumulative=True) == [
        "40 lebih rendah dari triwulan sebelumnya (41), padahal angka indikator ini kumulatif."
    ]
    assert implausibility(value=D("41"), previous=D("41"), cumulative=True) == []
    assert implausibility(value=D("40"), previous=D("41"), cumulative=False) == []
    assert implausibility(value=D("40"), previous=None, cumulative=True) == []


@pytest.mark.parametrize(
    ("spent", "pagu", "flagged"),
    [
        (D("62160000"), D("62160000"), False),  # serapan exactly 100 %
        (D("62160000.01"), D("62160000"), True),
        (D("999999999999"), D("62160000"), True),  # the Rp 999.999.999.999
        (D("0"), None, False),
        (D("1"), None, True),  # money spent with no pagu
        (D("1"), D("0"), True),
    ],
)
def test_spending_above_the_pagu(spent, pagu, flagged):
    reasons = implausibility(spent_to_date=spent, pagu=pagu)
    assert bool(reasons) is flagged


def test_the_pagu_message_gives_the_serapan_from_the_serapan_formula():
    [reason] = implausibility(spent_to_date=D("999999999999"), pagu=D("62160000"))
    assert "Rp 999.999.999.999,00 melebihi pagu Rp 62.160.000,00" in reason
    assert "serapan 1.608.751,61 %" in reason


def test_several_reasons_are_all_given():
    reasons = implausibility(value=D("400"), target=D("100"), maximum=D("200"))
    assert len(reasons) == 2


def test_confirmation_dialogue():
    reasons = implausibility(value=D("400"), target=D("100"))
    assert confirm_plausibility(reasons=[], confirmed=False, note="") == ""
    with pytest.raises(ImplausibleValue) as refused:
        confirm_plausibility(reasons=reasons, confirmed=False, note="alasan")
    assert refused.value.reasons == reasons
    assert "centang konfirmasi dan tulis catatan" in refused.value.message_dict["value"][0]
    with pytest.raises(ValidationError) as no_note:
        confirm_plausibility(reasons=reasons, confirmed=True, note="  ")
    assert "note" in no_note.value.message_dict
    assert confirm_plausibility(reasons=reasons, confirmed=True, note="Data DTKS") == reasons[0]
    assert confirm_plausibility(reasons=reasons, confirmed=None, note="") == reasons[0]
