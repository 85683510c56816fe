"""Legal references read the way an official would say them.

``123/2015/NĐ-CP`` → ``nghị định số một trăm hai mươi ba năm hai nghìn không trăm mười lăm của chính
phủ``: kind of document, number, year, issuer. One pattern everywhere, so a listener learns it. A kind
already written before the number (``Nghị định 123/2015/NĐ-CP``) is not said twice.
"""

from __future__ import annotations

import re
from functools import lru_cache

from civic.text.abbreviations import ISSUERS, LEGAL_TYPES, expand_abbreviation, spell_letters
from civic.text.numbers import spoken_number

_KIND_WORDS = (
    "thông tư liên tịch",
    "thông tư",
    "nghị định",
    "quyết định",
    "nghị quyết liên tịch",
    "nghị quyết",
    "luật",
    "bộ luật",
    "pháp lệnh",
    "chỉ thị",
    "văn bản hợp nhất",
    "công văn",
)


def _alternation(keys: list[str]) -> str:
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


@lru_cache(maxsize=1)
def legal_reference_re() -> re.Pattern[str]:
    """``[kind] [số] 123/2015/NĐ-CP`` and ``1085/QĐ-BTP`` (no year; then the code must name a kind).

    The crawl glues the next word onto the code (``NĐ-CPNghị định``, ``QH14nghị định``): a known
    code part may be followed by anything but another capital letter; an unknown one must end at a
    non-letter or before a capitalised word.
    """
    types = _alternation(list(LEGAL_TYPES))
    known = rf"UBTVQH\d{{1,2}}|QH\d{{1,2}}|{_alternation([*ISSUERS, *LEGAL_TYPES])}"
    part = rf"(?:{known}|[A-ZĐ]{{2,8}})"
    last = (
        rf"(?:(?:{known})(?![A-ZĐ](?![a-zđà-ỹ]))"
        r"|[A-ZĐ]{2,8}(?:(?![^\W\d_])|(?=[A-ZĐ][a-zđà-ỹ])))"
    )
    kinds = _alternation(list(_KIND_WORDS))
    return re.compile(
        rf"(?:(?P<pre>(?i:{kinds})|{types})\s+)?(?:(?P<so>[Ss]ố)\s+)?"
        rf"(?<![\w/])(?P<num>\d{{1,4}})/"
        rf"(?:(?P<year>(?:19|20)\d{{2}})/(?P<code>(?:{part}-)*{last})|(?P<short>(?:{types})(?:-{part})*-{last}))"
    )


@lru_cache(maxsize=1)
def _glued_reference_re() -> re.Pattern[str]:
    """A reference number glued to the word or code before it (``sản54/2024/QH15193/2025/NĐ-CP``)."""
    return re.compile(r"(?:(?<=[^\W\d_])|(?<=QH\d{2}))(?=\d{1,4}/(?:19|20)\d{2}/[A-ZĐ])")


def _join_bodies(bodies: list[str]) -> str:
    if len(bodies) <= 1:
        return "".join(bodies)
    return ", ".join(bodies[:-1]) + " và " + bodies[-1]


def _speak_match(match: re.Match[str]) -> str:
    code = match.group("code") or match.group("short")
    parts = code.split("-")
    kind = LEGAL_TYPES.get(parts[0])
    issuers = parts[1:] if kind else parts
    pre = match.group("pre")
    if pre:
        kind = LEGAL_TYPES.get(pre) or pre.lower()
    bodies = [expand_abbreviation(p) or spell_letters(p) for p in issuers]
    words = [kind] if kind else []
    words += ["số", spoken_number(int(match.group("num")))]
    if match.group("year"):
        words += ["năm", spoken_number(int(match.group("year")))]
    if bodies:
        words += ["của", _join_bodies(bodies)]
    following = match.string[match.end() : match.end() + 1]
    return " ".join(words) + (" " if following.isalnum() else "")


def speak_legal_reference(reference: str) -> str | None:
    """Spoken form of one reference such as ``75/2022/TT-BTC``, or ``None`` if it is not one."""
    match = legal_reference_re().fullmatch(reference.strip())
    return _speak_match(match) if match else None


def replace_legal_references(text: str) -> str:
    """Every legal reference in a text replaced by its spoken form."""
    return legal_reference_re().sub(_speak_match, _glued_reference_re().sub(" ", text))
