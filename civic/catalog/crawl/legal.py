"""Rows of the flattened "Căn cứ pháp lý" table.

The table ``Tên văn bản pháp lýMã văn bản`` lists title then code, glued:
``…Luật Hộ tịch123/2015/NĐ-CPThông tư số 08/2025/TT-BTP ngày …08/2025/TT-BTP``. A row ends at a
document code followed by the start of the next title (a capitalised word), a digit or the end;
codes inside a title ("Nghị định số 123/2015/NĐ-CP ngày …") are followed by lowercase words.
"""

from __future__ import annotations

import re

from civic.catalog.crawl.cleaning import one_line
from civic.catalog.models import LegalBasis

TABLE_HEADER = "Tên văn bản pháp lýMã văn bản"

_PART = r"(?:TTg|[A-ZĐ]*QH(?:\d{2})?|[A-ZĐ]+)"
_SUFFIX = rf"{_PART}(?:\s?-\s?{_PART})*"
_UPPER = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper())
_LOWER = "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.islower())
_CODE = (
    rf"(?:(?<=\d/\d{{4}})|(?<=QH\d{{2}})|(?<![\d/])(?<!\d\.))\d+[a-z]?(?:\.\d+|\.[a-z])?/\d{{4}}/{_SUFFIX}"
)
_ROW_END = re.compile(
    rf"(?P<code>{_CODE})(?!Tg)(?=\s?[A-ZĐ{_UPPER}][a-z{_LOWER}]|(?<=\d)[A-ZĐ{_UPPER}]{{3,}}\s|(?<=[A-ZĐ]{{2}})[A-ZĐ{_UPPER}]{{2,}}[\s,]|\d+[a-z]?(?:\.\d+)?/\d{{4}}/|\s*$)"
)
_CODE_ANYWHERE = re.compile(_CODE)
# Issuer abbreviations; used to give back a letter the next title took ("…/TT-BT" + "Phân định" → "BTP").
_ISSUERS = frozenset(
    [
        "BTP",
        "BTC",
        "BCA",
        "BXD",
        "BYT",
        "BCT",
        "BNV",
        "BQP",
        "BNG",
        "BKHCN",
        "BNNMT",
        "BNNPTNT",
        "BTNMT",
        "BGTVT",
        "BKHĐT",
        "BLĐTBXH",
        "BTTTT",
        "BGDĐT",
        "BVHTTDL",
        "NHNN",
        "VPCP",
        "CP",
        "UBTVQH",
        "CTN",
        "TANDTC",
        "VKSNDTC",
        "HĐTP",
        "HĐND",
        "UBND",
        "TCHQ",
    ]
)
_GLUED_KIND = re.compile(
    rf"(?<=[a-z{_LOWER})\].])\s?(?:Luật|Thông tư liên tịch|Thông tư|Nghị định|Nghị quyết|Quyết định|Pháp lệnh)(?: số)?\s*$"
)


_YEAR_GLUED = re.compile(r"^((?:19|20)\d{2})\.?(\d.*)$")


def _split_year(code: str) -> tuple[str, str]:
    """("2020", "72/2020/QH14") from "202072/2020/QH14": a date's year glued to the code's number."""
    number = code.split("/", 1)[0]
    match = _YEAR_GLUED.match(code)
    if match and (len(number) >= 5 or "." in number[:5]):
        return match.group(1), match.group(2)
    return "", code


def _code(text: str) -> str:
    return re.sub(r"\s*-\s*", "-", text.strip())


def parse_legal_basis(section: str) -> tuple[list[LegalBasis], int]:
    """(rows, rows without any code). Repeated codes are kept once, first title wins."""
    body = one_line(section)
    if body.startswith(TABLE_HEADER):
        body = body[len(TABLE_HEADER) :]
    rows: list[tuple[str, str]] = []
    position = 0
    for match in _ROW_END.finditer(body):
        year, code = _split_year(_code(match.group("code")))
        end = match.end()
        last_part = re.split(r"[-/]", code)[-1]
        if last_part not in _ISSUERS and not last_part.startswith(("QH", "UBTVQH")):
            if f"{last_part}{body[end : end + 1]}" in _ISSUERS:
                code += body[end]
                end += 1
            else:
                prefix = next(
                    (last_part[:n] for n in range(len(last_part) - 1, 1, -1) if last_part[:n] in _ISSUERS),
                    None,
                )
                if prefix:
                    end -= len(last_part) - len(prefix)
                    code = code[: len(code) - (len(last_part) - len(prefix))]
        before = body[match.start() - 1 : match.start()]
        after = body[end : end + 2]
        last_part = re.split(r"[-/]", code)[-1]
        known = last_part in _ISSUERS or last_part.startswith(("QH", "UBTVQH", "TTLT"))
        inside_capitals = body[end - 1 : end].isupper() and after[:1].isupper()
        if (
            after[:1].islower()
            or (before.isspace() and after[:1].isspace())
            or (inside_capitals and not known)
        ):
            continue  # a code quoted inside a title ("Thông tư số 66/2023/TT-BCA Sửa đổi …")
        title = body[position : match.start()] + year
        position = end
        if not title.strip() and rows and rows[-1][1] == code:
            previous_title, previous_code = rows[-1]
            rows[-1] = (f"{previous_title}{previous_code}", code)  # the first code was the title's end
            continue
        rows.append((title, code))
    missing = 0
    tail = body[position:].strip(" ;,.")
    if tail:
        inner = _CODE_ANYWHERE.findall(tail)
        if inner:
            rows.append((tail, _code(inner[-1])))
        else:
            missing += 1
    result: list[LegalBasis] = []
    seen: set[str] = set()
    for title, code in rows:
        clean_title = _GLUED_KIND.sub("", title.strip(" ;,:-")).strip(" ;,:-")
        if code in seen:
            continue
        seen.add(code)
        result.append(LegalBasis(code=code, title=clean_title))
    return result, missing
