"""Rows of the flattened "Thành phần hồ sơ" tables.

Each table is ``Tên giấy tờMẫu đơn, tờ khaiSố lượng`` followed by rows glued together as
``<name><form file name><quantity>``, the quantity being ``N bản chính`` or ``N bản chính,M bản sao``.
Text before a table header is that table's heading ("* Giấy tờ phải nộp:", "* Lưu ý:", a case such
as "Trường hợp ủy quyền …"; "--" means no heading).

What the scraper mixed in, and how it is undone:

* quantity digits glued to the name ("… ngày 13/02/20261 bản chính" is "… 13/02/2026" + "1 bản chính"):
  the quantity is the last digit of the run; zero-padded "01 bản chính" inside a sentence is text;
* note lines: quantity "0 bản chính" with no copy, rows of a "Lưu ý" table, sub-headings ending in ":";
* form file names glued to the name ("… dân cư)Mẫu DC01 Phiếu thu thập thông tin dân cư.docx");
* bullets and list numbering ("- ", "+ ", "--- ", "a) ", "(i) ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from civic.catalog.crawl.cleaning import one_line
from civic.catalog.models import Document, Requirement

TABLE_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"

_QUANTITY = re.compile(r"(\d+) bản chính(?:,\s?(\d+) bản sao)?")
_FILE_EXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip|odt|rtf)$", re.IGNORECASE)
_FILE_KEYWORD = re.compile(
    r"(?:Mẫu|MẪU|mẫu|Mau|MAU|mau|Mu(?=[A-Z0-9])|Mus\d|Ph[uụ] l[uụ]c|PH[UỤ] L[UỤ]C|Phlc|TP-|DON |Biểu|Bieu|BM\.?\d|Tờ khai|To khai)"
)
_FILE_IN_TEXT = re.compile(r"\.(?:docx?|pdf|xlsx?|rar|zip|odt|rtf)", re.IGNORECASE)
_FILE_NUMBER_PREFIX = re.compile(r"(?<=[.;:)])\d{1,2}\.$")
_BULLETS = re.compile(
    r"^(?:[-+*•–—]+\s*|\(?[a-zđ]\)\s*|\(\d{1,2}\)\s*|\d{1,2}[.)](?!\d)\s*|\(?[ivx]{1,4}\)\s*|\.+\s*)+"
)
_CONDITIONAL = re.compile(
    r"\(nếu có\)|^(?:trường hợp|đối với|nếu|riêng)\b|đối với trường hợp|trong trường hợp|\(trường hợp",
    re.IGNORECASE,
)
_NOTE_START = re.compile(r"^(?:lưu ý|ghi chú|số lượng hồ sơ|chú ý)\b", re.IGNORECASE)


@dataclass
class DocumentStats:
    """What the parser had to undo, for the build report."""

    notes: int = 0
    glued_quantities: int = 0
    bullets: int = 0
    templates: int = 0
    templates_unsplit: int = 0
    quantity_missing: int = 0


@dataclass(frozen=True)
class _Cell:
    start: int  # where the quantity digits start (after any digits returned to the name)
    end: int
    originals: int
    copies: int | None
    glued: bool


def _cells(body: str) -> list[_Cell]:
    cells = []
    for match in _QUANTITY.finditer(body):
        run = match.group(1)
        before = body[match.start() - 1] if match.start() > 0 else ""
        after = body[match.end() : match.end() + 2]
        if len(run) == 2 and run.startswith("0") and not before.isdigit():
            continue  # "01 bản chính" written inside a sentence
        if len(run) == 1 and after.startswith(" ") and after[1:2].islower():
            continue  # "nộp 2 bản chính và …"
        cells.append(
            _Cell(
                start=match.end(1) - 1,
                end=match.end(),
                originals=int(run[-1]),
                copies=int(match.group(2)) if match.group(2) is not None else None,
                glued=len(run) > 1,
            )
        )
    return cells


def _split_templates(name: str) -> tuple[str, list[str], bool]:
    """Cut glued form file names off the end of a row: (name, templates, could_not_split).

    A file name starts at a form keyword glued to the text before it ("…dân cư)Mẫu DC01 …docx"), else
    after glued punctuation ("….NA15.pdf"), else at a lowercase→uppercase seam ("…genBao cao.docx").
    """
    templates: list[str] = []
    while (ext_at := _FILE_EXT.search(name)) is not None:
        head = name[: ext_at.start()]
        previous_file = list(_FILE_IN_TEXT.finditer(head))
        floor = previous_file[-1].end() if previous_file else 0
        keyword_starts = [
            m.start()
            for m in _FILE_KEYWORD.finditer(head, floor)
            if m.start() == floor or head[m.start() - 1] not in " \t\n(-_"
        ]
        punct_starts = [
            i
            for i in range(max(floor, 1), len(head))
            if head[i - 1] in ".;:)" and not head[i].isspace() and head[i] not in ".;:)-(,"
        ]
        glued_starts = [
            i
            for i in range(max(floor, 1), len(head) - 1)
            if head[i].isupper() and (head[i + 1].islower() or head[i + 1] == " ") and head[i - 1].islower()
        ]
        inner_keywords = [i for i in keyword_starts if i > 0]
        if inner_keywords:
            start = inner_keywords[0]
        elif punct_starts:
            start = punct_starts[-1]
        elif glued_starts:
            start = glued_starts[-1]
        elif keyword_starts:
            start = keyword_starts[0]
        else:
            return name, templates, True
        numbered = _FILE_NUMBER_PREFIX.search(head[:start])
        if numbered:
            start = numbered.start()
        templates.insert(0, name[start:].strip())
        name = name[:start]
    return name, templates, False


def _heading(text: str) -> str:
    return one_line(text).strip(" -*:").strip()


def parse_documents(section: str, stats: DocumentStats | None = None) -> list[Document]:
    """Documents of one dossier section; notes and headings are dropped (and counted in ``stats``)."""
    stats = stats if stats is not None else DocumentStats()
    parts = section.split(TABLE_HEADER)
    heading = _heading(parts[0])
    documents: list[Document] = []
    for index, body in enumerate(parts[1:], start=1):
        cells = _cells(body)
        rows: list[tuple[str, _Cell | None]] = []
        position = 0
        for cell in cells:
            rows.append((body[position : cell.start], cell))
            position = cell.end
        tail = body[position:]
        next_heading = ""
        if index + 1 < len(parts):
            next_heading = _heading(tail)
        elif one_line(tail).strip(" -"):
            rows.append((tail, None))
        for text, row_cell in rows:
            document = _document(text, row_cell, heading, stats)
            if document is not None:
                documents.append(document)
        heading = next_heading
    return documents


def _document(text: str, cell: _Cell | None, heading: str, stats: DocumentStats) -> Document | None:
    raw = one_line(text)
    if not raw.strip(" -+*.;:"):
        return None
    if cell is not None and cell.glued:
        stats.glued_quantities += 1
    name, templates, unsplit = _split_templates(raw)
    if templates:
        stats.templates += 1
    if unsplit:
        stats.templates_unsplit += 1
    stripped = _BULLETS.sub("", name)
    if stripped != name:
        stats.bullets += 1
    name = stripped.strip(" ;,:").strip()
    if not name and templates:
        name = _FILE_EXT.sub("", templates[0]).strip()
    name = name.rstrip(". ").strip()
    no_copy = cell is not None and cell.originals == 0 and not cell.copies
    is_note = (
        no_copy
        or heading.lower().startswith(("lưu ý", "ghi chú", "chú ý"))
        or bool(_NOTE_START.match(name))
        or raw.rstrip().endswith(":")
        or not name
    )
    if is_note:
        stats.notes += 1
        return None
    if cell is None:
        stats.quantity_missing += 1
        copies, original = None, None
    elif cell.copies and cell.originals:
        copies, original = max(cell.originals, cell.copies), None
    elif cell.copies:
        copies, original = cell.copies, False
    else:
        copies, original = cell.originals, True
    if "xuất trình" in heading.lower():
        requirement = Requirement.PRESENT
    elif _CONDITIONAL.search(name) or _CONDITIONAL.search(heading):
        requirement = Requirement.CONDITIONAL
    else:
        requirement = Requirement.REQUIRED
    return Document(
        name=name,
        copies=copies,
        original=original,
        requirement=requirement,
        form_template="; ".join(templates) or None,
        section=heading,
    )
