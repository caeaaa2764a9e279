"""Turkish national id (T.C. Kimlik No) checksum.

Eleven digits, the first non-zero; digit 10 and digit 11 are check digits. A valid
checksum proves the number is well-formed, not that it belongs to the person.
"""

from __future__ import annotations


def turkish_national_id_is_valid(value: str) -> bool:
    """True when `value` is 11 digits, does not start with 0 and both check digits hold."""
    if len(value) != 11 or not value.isascii() or not value.isdigit() or value[0] == "0":
        return False
    digits = [int(ch) for ch in value]
    odd_sum = sum(digits[0:9:2])  # d1 + d3 + d5 + d7 + d9
    even_sum = sum(digits[1:8:2])  # d2 + d4 + d6 + d8
    tenth = (odd_sum * 7 - even_sum) % 10
    eleventh = sum(digits[:10]) % 10
    return digits[9] == tenth and digits[10] == eleventh


def complete_turkish_national_id(first_nine: str) -> str:
    """Append both check digits to nine digits; used by demo data and test generators."""
    if len(first_nine) != 9 or not first_nine.isdigit() or first_nine[0] == "0":
        raise ValueError("need nine digits, the first non-zero")
    digits = [int(ch) for ch in first_nine]
    tenth = (sum(digits[0:9:2]) * 7 - sum(digits[1:8:2])) % 10
    eleventh = (sum(digits) + tenth) % 10
    return f"{first_nine}{tenth}{eleventh}"
