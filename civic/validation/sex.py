"""Sex (giới tính) as dossiers record it: nam or nữ.

Citizens answer "con trai", "bé gái", "nữ ạ"; typed answers may lack marks ("nu", "gai"). Marks are
trusted when present: "năm" (five, year) is not "nam".
"""

from __future__ import annotations

from enum import Enum
from itertools import pairwise

from civic.admin_units.keys import clean_tokens
from civic.text.vietnamese import fold, has_diacritics
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text


class Sex(str, Enum):
    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        """Vietnamese word used on forms and read back to the citizen."""
        return "nam" if self is Sex.MALE else "nữ"


_WORDS: dict[Sex, frozenset[str]] = {
    Sex.MALE: frozenset({"nam", "trai", "male"}),
    Sex.FEMALE: frozenset({"nữ", "gái", "female"}),
}
_PHRASES: dict[Sex, tuple[tuple[str, str], ...]] = {
    Sex.MALE: (("đàn", "ông"),),
    Sex.FEMALE: (("đàn", "bà"), ("phụ", "nữ")),
}
_SINGLE_LETTERS = {"m": Sex.MALE, "f": Sex.FEMALE}
SPOKEN_ANSWERS = ("nam", "nữ", "trai", "gái", "bé trai", "bé gái", "con trai", "con gái")
"""How citizens say their answer to "nam hay nữ?" / "trai hay gái?" aloud (each one read by
:func:`parse_sex`): what a speech recognizer should listen for."""
EXAMPLE = "Xin trả lời nam hoặc nữ, ví dụ: bé trai là nam."


def _found(tokens: list[str], folded: bool) -> set[Sex]:
    key = fold if folded else str
    found: set[Sex] = set()
    for sex, words in _WORDS.items():
        if any(key(token) in {key(w) for w in words} for token in tokens):
            found.add(sex)
    for sex, phrases in _PHRASES.items():
        pairs = {(key(a), key(b)) for a, b in phrases}
        if any((key(a), key(b)) in pairs for a, b in pairwise(tokens)):
            found.add(sex)
    return found


def parse_sex(text: object) -> Sex | None:
    """The sex named in ``text``, or ``None`` when none or both are named."""
    tokens = clean_tokens(clean_text(text))
    if len(tokens) == 1 and tokens[0] in _SINGLE_LETTERS:
        return _SINGLE_LETTERS[tokens[0]]
    marked = has_diacritics(" ".join(tokens))
    found = _found(tokens, folded=False)
    if not found and not marked:
        found = _found(tokens, folded=True)
    return found.pop() if len(found) == 1 else None


def validate_sex(text: object) -> ValidationResult[Sex]:
    sex = parse_sex(text)
    if sex is None:
        return ValidationResult.reject("sex_unclear", f"Chưa rõ giới tính. {EXAMPLE}", choices=("nam", "nữ"))
    return ValidationResult.accept(sex, sex.label)
