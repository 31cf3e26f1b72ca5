"""Properties of the formulas over any input: never an exception, monotone, roll-ups add up."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from cascading.calculations import (
    aggregate_quarters,
    capaian,
    capaian_negative,
    capaian_positive,
    mean,
    mean_of_children,
    roll_up_sum,
)
from cascading.choices import GRADE_RANK, Aggregation, Polarity, ValueKind
from renstra.numbers import percentage

# Any Decimal: zero, negative, huge, tiny, and the special values a bad import could produce.
any_decimal = st.one_of(
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [Decimal("0"), Decimal("-0"), Decimal("1E+400"), Decimal("-1E+400"), Decimal("1E-400")]
    ),
    st.sampled_from([Decimal("9E+999999"), Decimal("1E-999999"), Decimal("-9E+999999")]),
)
grade = st.sampled_from(["", "E", *GRADE_RANK])
positive_target = st.decimals(min_value=Decimal("0.0001"), max_value=10**9, places=4)
realisation = st.decimals(min_value=-(10**9), max_value=10**9, places=4)


def is_figure(value) -> bool:
    return value is None or (isinstance(value, Decimal) and value.is_finite())


@given(any_decimal, any_decimal)
def test_percentage_never_raises(numerator, denominator):
    assert is_figure(percentage(numerator, denominator))


@given(
    value_kind=st.sampled_from(ValueKind),
    polarity=st.sampled_from(Polarity),
    target=any_decimal,
    target_upper=any_decimal,
    target_grade=grade,
    realisation_value=any_decimal,
    realisation_grade=grade,
)
def test_capaian_never_raises(
    value_kind, polarity, target, target_upper, target_grade, realisation_value, realisation_grade
):
    result = capaian(
        value_kind=value_kind,
        polarity=polarity,
        target=target,
        target_upper=target_upper,
        target_grade=target_grade,
        realisation=realisation_value,
        realisation_grade=realisation_grade,
    )
    assert is_figure(result)


@given(st.dictionaries(st.sampled_from([1, 2, 3, 4]), any_decimal), st.sampled_from(Aggregation))
def test_aggregate_quarters_never_raises(values, rule):
    for up_to in (1, 2, 3, 4):
        assert is_figure(aggregate_quarters(values, rule, up_to=up_to))


@given(st.lists(any_decimal))
def test_mean_never_raises(values):
    assert is_figure(mean(values))


@given(positive_target, realisation, realisation)
def test_positive_polarity_is_non_decreasing_in_realisation(target, first, second):
    low, high = sorted((first, second))
    assert capaian_positive(low, target) <= capaian_positive(high, target)


@given(positive_target, realisation, realisation)
def test_negative_polarity_is_non_increasing_in_realisation_and_never_below_zero(
    target, first, second
):
    low, high = sorted((first, second))
    assert capaian_negative(low, target) >= capaian_negative(high, target) >= 0


@st.composite
def trees(draw):
    """A random forest: node i's parent is an earlier node or none, a value on some nodes."""
    size = draw(st.integers(min_value=1, max_value=40))
    parent_of = {0: None}
    for node in range(1, size):
        parent_of[node] = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=node - 1)))
    amounts = st.decimals(min_value=0, max_value=10**12, places=2)
    values = draw(st.dictionaries(st.sampled_from(list(parent_of)), amounts))
    return parent_of, values


def descendants_and_self(parent_of, node):
    found = {node}
    changed = True
    while changed:
        grown = found | {child for child, parent in parent_of.items() if parent in found}
        changed, found = grown != found, grown
    return found


@given(trees())
def test_roll_up_sum_equals_naive_sum_over_descendants(tree):
    parent_of, values = tree
    totals = roll_up_sum(parent_of, values)
    for node in parent_of:
        naive = sum(
            (values.get(other, Decimal("0")) for other in descendants_and_self(parent_of, node)),
            Decimal("0"),
        )
        assert totals[node] == naive


@given(trees(), st.data())
def test_mean_of_children_equals_naive_mean(tree, data):
    parent_of, _values = tree
    capaian_values = data.draw(
        st.dictionaries(
            st.sampled_from(list(parent_of)),
            st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)),
        )
    )
    means = mean_of_children(parent_of, capaian_values)
    for node in parent_of:
        present = [
            capaian_values[child]
            for child, parent in parent_of.items()
            if parent == node and capaian_values.get(child) is not None
        ]
        expected = sum(present, Decimal("0")) / len(present) if present else None
        assert means[node] == expected
