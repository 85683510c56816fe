"""Relationship of the declarant to the person concerned (quan hệ với người được khai).

Forms need one of a small set of relations; citizens say them with regional words: "ba", "tía",
"thầy", "bọ" for cha; "má", "u", "bầm", "mạ" for mẹ. Marks matter: "ba" (cha, in the South) is not
"bà" (grandmother); typed without marks, such a word is ambiguous and the dialogue must ask.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from enum import Enum

from civic.admin_units.keys import clean_tokens, tone_key
from civic.text.vietnamese import fold, has_diacritics
from civic.validation.result import ValidationResult
from civic.validation.sanitize import clean_text


class Relationship(str, Enum):
    FATHER = "father"
    MOTHER = "mother"
    GRANDFATHER = "grandfather"
    GRANDMOTHER = "grandmother"
    OLDER_BROTHER = "older_brother"
    OLDER_SISTER = "older_sister"
    YOUNGER_SIBLING = "younger_sibling"
    CHILD = "child"
    GRANDCHILD = "grandchild"
    WIFE = "wife"
    HUSBAND = "husband"
    UNCLE_AUNT = "uncle_aunt"
    GUARDIAN = "guardian"
    CAREGIVER = "caregiver"

    @property
    def label(self) -> str:
        """The standard word read back and written on forms."""
        return _LABELS[self]


_LABELS = {
    Relationship.FATHER: "cha",
    Relationship.MOTHER: "mẹ",
    Relationship.GRANDFATHER: "ông",
    Relationship.GRANDMOTHER: "bà",
    Relationship.OLDER_BROTHER: "anh",
    Relationship.OLDER_SISTER: "chị",
    Relationship.YOUNGER_SIBLING: "em",
    Relationship.CHILD: "con",
    Relationship.GRANDCHILD: "cháu",
    Relationship.WIFE: "vợ",
    Relationship.HUSBAND: "chồng",
    Relationship.UNCLE_AUNT: "cô, dì, chú, bác",
    Relationship.CAREGIVER: "người nuôi dưỡng",
    Relationship.GUARDIAN: "người giám hộ",
}

# Words and phrases for each relation, longest first within a relation.
_TERMS: dict[Relationship, tuple[str, ...]] = {
    Relationship.GUARDIAN: ("người giám hộ", "giám hộ"),
    Relationship.CAREGIVER: ("người nuôi dưỡng", "nuôi dưỡng", "người nuôi"),
    Relationship.FATHER: ("cha đẻ", "bố đẻ", "cha", "bố", "ba", "tía", "thầy", "bọ"),
    Relationship.MOTHER: ("mẹ đẻ", "mẹ", "má", "u", "bầm", "mạ", "bu"),
    Relationship.GRANDFATHER: ("ông nội", "ông ngoại", "ông"),
    Relationship.GRANDMOTHER: ("bà nội", "bà ngoại", "bà"),
    Relationship.OLDER_BROTHER: ("anh trai", "anh ruột", "anh"),
    Relationship.OLDER_SISTER: ("chị gái", "chị ruột", "chị"),
    Relationship.YOUNGER_SIBLING: ("em trai", "em gái", "em ruột", "em"),
    Relationship.CHILD: ("con trai", "con gái", "con đẻ", "con ruột", "con"),
    Relationship.GRANDCHILD: ("cháu nội", "cháu ngoại", "cháu"),
    Relationship.WIFE: ("vợ",),
    Relationship.HUSBAND: ("chồng",),
    Relationship.UNCLE_AUNT: ("chú", "bác", "cô", "dì", "cậu", "thím", "mợ", "dượng"),
}
# "tôi là mẹ của bé": only the part before "của" describes the speaker.
_OF_RE = re.compile(r"\s(?:của|cua)\s.*$", re.IGNORECASE)
# "mẹ cháu", "bố bé": a trailing word pointing at the person concerned, not a second relation.
_REFERENCE_WORDS = frozenset({"cháu", "bé", "con", "em", "nó", "ấy"})
EXAMPLE = "Xin cho biết quan hệ, ví dụ: cha, mẹ, ông, bà, hoặc người giám hộ."


def _matches(tokens: list[str], normalise: Callable[[str], str]) -> dict[Relationship, str]:
    """Relations whose terms occur in ``tokens`` (compared after ``normalise``), each with the words said.

    Longer terms are matched first and use up their words ("ông nội" is not also "ông"); terms of the
    same length may share words, so unmarked "ba" yields both cha and bà and the dialogue asks.
    """
    said = [normalise(t) for t in tokens]
    used = [False] * len(tokens)
    found: dict[Relationship, str] = {}
    for length in sorted({len(term.split()) for terms in _TERMS.values() for term in terms}, reverse=True):
        claimed: list[int] = []
        for relation, terms in _TERMS.items():
            for term in (t for t in terms if len(t.split()) == length):
                words = [normalise(w) for w in term.split()]
                for start in range(len(said) - length + 1):
                    span = range(start, start + length)
                    if said[start : start + length] == words and not any(used[i] for i in span):
                        claimed.extend(span)
                        found.setdefault(relation, " ".join(tokens[start : start + length]))
        for index in claimed:
            used[index] = True
    return found


def validate_relationship(text: object) -> ValidationResult[Relationship]:
    cleaned = _OF_RE.sub("", " " + clean_text(text)).strip()
    tokens = clean_tokens(cleaned)
    if not tokens:
        return ValidationResult.reject("relationship_empty", EXAMPLE)
    marked = has_diacritics(cleaned)
    normalise: Callable[[str], str] = tone_key if marked or not _matches(tokens, fold) else fold
    while len(tokens) > 1 and tokens[-1] in _REFERENCE_WORDS and _matches(tokens[:-1], normalise):
        tokens = tokens[:-1]
    found = _matches(tokens, normalise)
    if not found:
        return ValidationResult.reject("relationship_unclear", f"Chưa rõ quan hệ. {EXAMPLE}")
    if len(found) > 1:
        options = tuple(relation.label for relation in found)
        return ValidationResult.reject(
            "relationship_ambiguous",
            f"Xin nói rõ một quan hệ: {' hay '.join(options)}?",
            choices=options,
        )
    relation, words = next(iter(found.items()))
    display = words if relation is Relationship.UNCLE_AUNT else relation.label
    return ValidationResult.accept(relation, display)
