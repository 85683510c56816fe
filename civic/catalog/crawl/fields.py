"""Small per-field readers: results, steps, decision number, levels, target groups, ministry."""

from __future__ import annotations

import re

from civic.catalog.crawl.cleaning import clean, one_line
from civic.catalog.models import Level, Step

MINISTRY_BY_FOLDER = {
    "bo-cong-an": "Bộ Công an",
    "bo-tai-chinh": "Bộ Tài chính",
    "bo-tu-phap": "Bộ Tư pháp",
    "bo-xay-dung": "Bộ Xây dựng",
    "bo-nong-nghiep-mt": "Bộ Nông nghiệp và Môi trường",
    "ngan-hang-nha-nuoc": "Ngân hàng Nhà nước Việt Nam",
    "toa-an-nhan-dan": "Tòa án nhân dân tối cao",
    "bo-y-te": "Bộ Y tế",
    "bo-noi-vu": "Bộ Nội vụ",
}

LEVEL_BY_NAME = {
    "cấp xã": Level.COMMUNE,
    "cấp tỉnh": Level.PROVINCE,
    "cấp bộ": Level.MINISTRY,
    "cơ quan khác": Level.OTHER,
}


def ministry_name(folder: str) -> str:
    """Readable ministry name of a crawl folder; an unknown folder is an error, not a guess."""
    try:
        return MINISTRY_BY_FOLDER[folder]
    except KeyError:
        raise ValueError(f"unknown ministry folder {folder!r}") from None


def levels(text: str) -> tuple[Level, ...]:
    found = [LEVEL_BY_NAME[part.strip().lower()] for part in one_line(text).split(",") if part.strip()]
    return tuple(dict.fromkeys(found))


def split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split on ``separator`` outside parentheses: "Tổ chức (không bao gồm doanh nghiệp, HTX), Công dân"."""
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def target_groups(text: str) -> tuple[str, ...]:
    """Groups of a comma list; a part starting in lowercase continues the previous group
    ("Cán bộ, công chức, viên chức" is one group)."""
    groups: list[str] = []
    for part in split_top_level(one_line(text)):
        if groups and part[:1].islower():
            groups[-1] = f"{groups[-1]}, {part}"
        else:
            groups.append(part)
    return tuple(dict.fromkeys(groups))


def results(section: str) -> tuple[tuple[str, ...], int]:
    """Result names without their "Mã: KQ.G15.000031" codes; also how many codes were cut off."""
    text = one_line(section)
    if not text:
        return (), 0
    names: list[str] = []
    codes = 0
    position = 0
    for match in re.finditer(r"Mã:\s*", text):
        name = text[position : match.start()].strip(" ;,.-")
        code = re.match(r"\S+?(?=[A-ZĐ][a-zà-ỹ]|$|\s)", text[match.end() :])
        position = match.end() + (code.end() if code else 0)
        codes += 1
        if name:
            names.append(name)
    tail = text[position:].strip(" ;,.-")
    if tail:
        names.append(tail)
    return tuple(dict.fromkeys(names)), codes


_LIST_MARK = re.compile(r"^(?:[-+*•–]+\s*|\(?[a-zđ]\)\s*|\(?\d{1,2}[.)]\s*|\(?[ivx]{1,4}\)\s*)+")
_STEP_MARK = re.compile(r"(?:^|(?<=[\s.;:)\-+*]))Bước\s*(\d{1,2})\s*[:.\-–)]\s*")


def steps(section: str) -> tuple[Step, ...]:
    """Steps split at "Bước N:" markers; text without markers is one step."""
    text = clean(section)
    if not text:
        return ()
    marks = list(_STEP_MARK.finditer(text))
    pieces: list[str] = []
    if not marks:
        pieces = [text]
    else:
        preamble = _LIST_MARK.sub("", one_line(text[: marks[0].start()]))
        is_heading = preamble.endswith(":") and len(preamble.split()) <= 6
        if preamble.strip(" -+*:.;") and not is_heading:
            pieces.append(preamble)
        for index, mark in enumerate(marks):
            end = marks[index + 1].start() if index + 1 < len(marks) else len(text)
            pieces.append(text[mark.end() : end])
    cleaned = [one_line(p).strip(" -+*;") for p in pieces]
    return tuple(Step(order=i, text=t) for i, t in enumerate((c for c in cleaned if c), start=1))


_DECISION_PLACEHOLDER = re.compile(r"^(?:QĐ/0+\d?-\w+|Demo/.*|0+)$", re.IGNORECASE)


def decision(text: str) -> tuple[str | None, str]:
    """(decision number or None, what was done: "", "placeholder" or "malformed")."""
    value = one_line(text)
    if not value:
        return None, ""
    if _DECISION_PLACEHOLDER.match(value):
        return None, "placeholder"
    repaired = re.sub(r"^(?:SỐ|Số|số)\s+", "", value)
    repaired = re.sub(r"^(\d+)\./", r"\1/", repaired)
    repaired = re.sub(r"^QĐ(\d+)-", r"\1/QĐ-", repaired)
    repaired = repaired.replace("/QD-", "/QĐ-")
    return repaired, "malformed" if repaired != value else ""
