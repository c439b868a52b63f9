import pytest

from donations.money import format_inr, format_paise


@pytest.mark.parametrize(
    ("rupees", "shown"),
    [
        (0, "₹0"),
        (100, "₹100"),
        (1000, "₹1,000"),
        (124000, "₹1,24,000"),
        (200000, "₹2,00,000"),
        (12345678, "₹1,23,45,678"),
        ("2500.5", "₹2,500.50"),
    ],
)
def test_indian_digit_grouping(rupees, shown):
    assert format_inr(rupees) == shown


def test_paise_are_shown_as_rupees():
    assert format_paise(12400050) == "₹1,24,000.50"
    assert format_paise(50000) == "₹500"
