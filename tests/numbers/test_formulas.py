"""Each formula pinned to values computed by hand, edge cases included."""

from decimal import Decimal

import pytest

from cascading.calculations import (
    aggregate_grade_quarters,
    aggregate_quarters,
    capaian,
    capaian_grade,
    capaian_negative,
    capaian_positive,
    capaian_range,
    efficiency,
    mean,
    predikat,
    serapan,
)
from cascading.choices import Aggregation, Polarity, ValueKind
from cascading.constants import Efficiency
from cascading.models import PredikatBand
from renstra.numbers import format_decimal, percentage
from spm.calculations import PenerimaSource, capaian_mutu, capaian_penerima, indeks_capaian
from spm.models import SpmKategoriBand

D = Decimal


def two_places(value: Decimal | None) -> str:
    return format_decimal(value, 2)


class TestPercentage:
    def test_ratio_times_hundred_unrounded(self):
        assert percentage(D("1"), D("3")) == D("1") * 100 / D("3")
        assert percentage(D("3.18"), D("2.8")) == D("318") / D("2.8")

    @pytest.mark.parametrize(
        ("numerator", "denominator"),
        [(None, D("1")), (D("1"), None), (None, None), (D("5"), D("0")), (D("0"), D("0.00"))],
    )
    def test_missing_or_zero_denominator_is_none(self, numerator, denominator):
        assert percentage(numerator, denominator) is None

    def test_zero_numerator_is_zero(self):
        assert percentage(D("0"), D("100")) == 0

    def test_not_a_number_and_overflow_are_none(self):
        assert percentage(D("NaN"), D("1")) is None
        assert percentage(D("1"), D("Infinity")) is None
        assert percentage(D("9E+999999"), D("1E-999999")) is None


class TestCapaianPositive:
    @pytest.mark.parametrize(
        ("target", "realisation", "expected"),
        [
            ("2.68", "2.73", "101,87"),
            ("2.7", "2.27", "84,07"),
            ("5.5", "9.23", "167,82"),
            ("55", "33.33", "60,60"),
            ("100", "0", "0,00"),
            ("80", "100", "125,00"),  # not capped
            ("45", "84.17", "187,04"),
        ],
    )
    def test_document_rows(self, target, realisation, expected):
        assert two_places(capaian_positive(D(realisation), D(target))) == expected

    def test_exact_value_is_kept(self):
        assert capaian_positive(D("3.18"), D("2.8")) == D("113.5714285714285714285714286")

    def test_no_target_zero_target_or_no_realisation(self):
        assert capaian_positive(D("5"), None) is None
        assert capaian_positive(D("5"), D("0")) is None
        assert capaian_positive(None, D("5")) is None


class TestCapaianNegative:
    def test_below_target_is_above_hundred(self):
        # (2 x 10 - 8) / 10 x 100
        assert capaian_negative(D("8"), D("10")) == D("120")

    def test_on_target_is_hundred(self):
        assert capaian_negative(D("10"), D("10")) == D("100")

    def test_above_target(self):
        # (2 x 10 - 15) / 10 x 100
        assert capaian_negative(D("15"), D("10")) == D("50")

    def test_clipped_at_zero(self):
        assert capaian_negative(D("20"), D("10")) == D("0")
        assert capaian_negative(D("35"), D("10")) == D("0")

    def test_no_target_zero_target_or_no_realisation(self):
        assert capaian_negative(D("5"), None) is None
        assert capaian_negative(D("5"), D("0")) is None
        assert capaian_negative(None, D("5")) is None


class TestCapaianRange:
    @pytest.mark.parametrize("realisation", ["60", "70", "80"])
    def test_inside_including_bounds_is_hundred(self, realisation):
        assert capaian_range(D(realisation), D("60"), D("80")) == D("100")

    def test_above(self):
        # (2 x 80 - 90) / 80 x 100 = 87,5
        assert capaian_range(D("90"), D("60"), D("80")) == D("87.5")

    def test_far_above_is_clipped_at_zero(self):
        assert capaian_range(D("200"), D("60"), D("80")) == D("0")

    def test_below(self):
        # 45 / 60 x 100 = 75
        assert capaian_range(D("45"), D("60"), D("80")) == D("75")

    def test_range_without_upper_bound_is_a_single_value(self):
        assert capaian_range(D("60"), D("60"), None) == D("100")
        assert capaian_range(D("66"), D("60"), None) == D("90")

    def test_missing(self):
        assert capaian_range(None, D("60"), D("80")) is None
        assert capaian_range(D("60"), None, None) is None
        assert capaian_range(D("-1"), D("0"), D("10")) is None  # below a lower bound of 0


class TestCapaianGrade:
    @pytest.mark.parametrize(("reached", "target"), [("BB", "BB"), ("A", "BB"), ("AA", "B")])
    def test_reached_or_better_is_hundred(self, reached, target):
        assert capaian_grade(reached, target) == D("100")

    def test_below_is_ratio_of_ranks(self):
        # B has rank 4, BB rank 5: 4 / 5 x 100
        assert capaian_grade("B", "BB") == D("80")
        # D has rank 1, AA rank 7
        assert two_places(capaian_grade("D", "AA")) == "14,29"

    def test_missing_or_unknown_grade(self):
        assert capaian_grade("", "BB") is None
        assert capaian_grade("BB", "") is None
        assert capaian_grade("E", "BB") is None


class TestCapaianDispatch:
    def test_default_is_positive(self):
        assert capaian(target=D("80"), realisation=D("100")) == D("125")

    def test_negative(self):
        assert capaian(polarity=Polarity.NEGATIVE, target=D("10"), realisation=D("8")) == 120

    def test_range(self):
        assert capaian(
            polarity=Polarity.RANGE, target=D("60"), target_upper=D("80"), realisation=D("90")
        ) == D("87.5")

    def test_ordinal_uses_grades(self):
        assert (
            capaian(
                value_kind=ValueKind.ORDINAL,
                target_grade="BB",
                realisation_grade="B",
                target=D("1"),
                realisation=D("99"),
            )
            == 80
        )

    def test_nothing_given_is_none(self):
        assert capaian() is None
        assert capaian(value_kind=ValueKind.ORDINAL) is None


class TestAggregateQuarters:
    QUARTERS = {1: D("10"), 2: None, 3: D("30"), 4: D("20")}

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            (Aggregation.SUM, D("60")),
            (Aggregation.LAST, D("20")),
            (Aggregation.MAX, D("30")),
            (Aggregation.AVERAGE, D("20")),  # (10 + 30 + 20) / 3: a missing quarter is not 0
        ],
    )
    def test_full_year_with_a_missing_quarter(self, rule, expected):
        assert aggregate_quarters(self.QUARTERS, rule) == expected

    @pytest.mark.parametrize(
        ("rule", "by_quarter"),
        [
            (Aggregation.SUM, ["10", "10", "40", "60"]),
            (Aggregation.LAST, ["10", "10", "30", "20"]),
            (Aggregation.MAX, ["10", "10", "30", "30"]),
            (Aggregation.AVERAGE, ["10", "10", "20", "20"]),
        ],
    )
    def test_year_to_date_after_each_quarter(self, rule, by_quarter):
        for quarter, expected in zip((1, 2, 3, 4), by_quarter, strict=True):
            assert aggregate_quarters(self.QUARTERS, rule, up_to=quarter) == D(expected)

    def test_last_is_the_latest_quarter_entered_not_quarter_four(self):
        assert aggregate_quarters({1: D("5"), 2: D("7")}, Aggregation.LAST) == D("7")
        assert aggregate_quarters({2: D("7"), 1: D("5")}, Aggregation.LAST) == D("7")

    @pytest.mark.parametrize("rule", list(Aggregation))
    def test_nothing_entered_is_none(self, rule):
        assert aggregate_quarters({}, rule) is None
        assert aggregate_quarters({1: None, 2: None}, rule) is None
        assert aggregate_quarters({3: D("5")}, rule, up_to=2) is None

    def test_grades(self):
        grades = {1: "B", 2: "A", 3: "", 4: "BB"}
        assert aggregate_grade_quarters(grades, Aggregation.LAST) == "BB"
        assert aggregate_grade_quarters(grades, Aggregation.MAX) == "A"
        assert aggregate_grade_quarters(grades, Aggregation.LAST, up_to=3) == "A"
        assert aggregate_grade_quarters({1: ""}, Aggregation.LAST) == ""


class TestMean:
    def test_ignores_missing(self):
        assert mean([D("100"), None, D("50")]) == D("75")

    def test_nothing_is_none(self):
        assert mean([]) is None
        assert mean([None, None]) is None


def bands_of(model, rows):
    return [
        model(lower=lower, inclusive=inclusive, label=label) for lower, inclusive, label in rows
    ]


PREDIKAT = [
    (D("90"), False, "Sangat Tinggi"),
    (D("75"), False, "Tinggi"),
    (D("65"), False, "Sedang"),
    (D("50"), False, "Rendah"),
    (None, False, "Sangat Rendah"),
]


class TestPredikat:
    @pytest.mark.parametrize(
        ("value", "label"),
        [
            ("187.04", "Sangat Tinggi"),
            ("90.01", "Sangat Tinggi"),
            ("90", "Tinggi"),  # > 90, not >= 90
            ("75.5", "Tinggi"),
            ("75", "Sedang"),
            ("50.01", "Rendah"),
            ("50", "Sangat Rendah"),
            ("0", "Sangat Rendah"),
            ("-3", "Sangat Rendah"),
        ],
    )
    def test_permendagri_scale(self, value, label):
        band = predikat(D(value), bands_of(PredikatBand, reversed(PREDIKAT)))
        assert band.label == label

    def test_inclusive_bound(self):
        bands = bands_of(
            SpmKategoriBand,
            [
                (D("100"), True, "Tuntas Paripurna"),
                (D("90"), True, "Tuntas Utama"),
                (None, True, "Belum Tuntas"),
            ],
        )
        assert predikat(D("100"), bands).label == "Tuntas Paripurna"
        assert predikat(D("90"), bands).label == "Tuntas Utama"
        assert predikat(D("89.99"), bands).label == "Belum Tuntas"

    def test_no_value_no_predikat(self):
        assert predikat(None, bands_of(PredikatBand, PREDIKAT)) is None

    def test_without_an_open_band_a_low_value_has_none(self):
        assert predikat(D("10"), bands_of(PredikatBand, PREDIKAT[:2])) is None

    @pytest.mark.django_db
    def test_installed_default_bands(self):
        bands = list(PredikatBand.objects.all())
        assert [predikat(D(v), bands).label for v in ("91", "76", "66", "51", "50")] == [
            "Sangat Tinggi",
            "Tinggi",
            "Sedang",
            "Rendah",
            "Sangat Rendah",
        ]
        spm_bands = list(SpmKategoriBand.objects.all())
        assert [
            predikat(D(v), spm_bands).label for v in ("100", "90", "80", "70", "60", "59.99")
        ] == [
            "Tuntas Paripurna",
            "Tuntas Utama",
            "Tuntas Madya",
            "Tuntas Pratama",
            "Tuntas Muda",
            "Belum Tuntas",
        ]


class TestBudgetFormulas:
    def test_serapan(self):
        assert serapan(D("750000.00"), D("1000000.00")) == D("75")
        assert serapan(D("0.00"), D("0.00")) is None

    def test_efficiency_reading(self):
        # capaian 90 %, serapan 75 %: 90 / 75 x 100 = 120, efisien
        assert efficiency(D("90"), D("75")) == (D("120"), Efficiency.EFFICIENT)
        assert efficiency(D("75"), D("75")) == (D("100"), Efficiency.EFFICIENT)
        assert efficiency(D("60"), D("80")) == (D("75"), Efficiency.INEFFICIENT)
        assert efficiency(None, D("80")) == (None, None)
        assert efficiency(D("60"), D("0")) == (None, None)


class TestSpmFormulas:
    def test_penerima_from_counts(self):
        assert capaian_penerima(served=45, needing=60, recorded=D("99")) == (
            D("75"),
            PenerimaSource.COUNTS,
        )

    def test_penerima_falls_back_to_recorded(self):
        assert capaian_penerima(served=None, needing=None, recorded=D("118.77")) == (
            D("118.77"),
            PenerimaSource.RECORDED,
        )
        assert capaian_penerima(served=5, needing=0, recorded=None) == (None, None)

    def test_mutu(self):
        assert capaian_mutu(provided=D("9"), required=D("12")) == D("75")
        assert capaian_mutu(provided=D("9"), required=None) is None

    def test_indeks_weights(self):
        # 80 % x 90 + 20 % x 50 = 82
        assert indeks_capaian(
            penerima=D("90"), mutu=D("50"), recipient_weight=D("80"), quality_weight=D("20")
        ) == D("82")
        assert (
            indeks_capaian(
                penerima=D("90"), mutu=None, recipient_weight=D("80"), quality_weight=D("20")
            )
            is None
        )
