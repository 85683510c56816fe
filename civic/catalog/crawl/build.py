"""Build the shipped catalog from the national-portal crawl plus the hand-transcribed pilots.

``assistant catalog build`` runs :func:`cli_build`. Each crawl record is re-cut from its page text
(:mod:`~civic.catalog.crawl.sections`), its flattened tables are parsed (:mod:`~civic.catalog.crawl.channels`,
:mod:`~civic.catalog.crawl.documents`, :mod:`~civic.catalog.crawl.legal`), and every known defect is repaired
where the record's own text settles it and counted either way (:class:`~civic.catalog.crawl.tally.DefectTally`).
The result is written with :func:`civic.catalog.store.save_catalog`, which is byte-reproducible.
"""

from __future__ import annotations

import gzip
import json
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from civic.catalog.crawl import fields
from civic.catalog.crawl.channels import RawChannel, parse_channels, read_time
from civic.catalog.crawl.cleaning import clean, has_boilerplate, one_line, strip_boilerplate
from civic.catalog.crawl.documents import DocumentStats, parse_documents
from civic.catalog.crawl.fees import FeeOutcome, fee_text, read_fee, split_glued
from civic.catalog.crawl.legal import parse_legal_basis
from civic.catalog.crawl.pilots import pilot_procedures, verification_flags
from civic.catalog.crawl.sections import split_page
from civic.catalog.crawl.tally import DEFECT_CLASSES, DefectTally
from civic.catalog.crawl.times import UnitEvidence, infer_unit, units_stated
from civic.catalog.models import Channel, Procedure, TimeUnit
from civic.catalog.store import SHIPPED_CATALOG, load_catalog, save_catalog

RAW_FILE = "procedures_raw.jsonl.gz"
_METADATA_FIELDS = (
    "ten_thu_tuc",
    "so_quyet_dinh",
    "cap_thuc_hien",
    "linh_vuc",
    "doi_tuong_thuc_hien",
    "co_quan_co_tham_quyen",
    "dia_chi_tiep_nhan",
    "co_quan_thuc_hien",
    "yeu_cau_dieu_kien",
)
_FEE_DEFECT = {
    FeeOutcome.FREE_CONTRADICTED: ("fee_free_headline_contradicted", True),
    FeeOutcome.FREE_DOUBTFUL: ("fee_free_headline_contradicted", False),
    FeeOutcome.SCALED: ("fee_headline_scale", True),
    FeeOutcome.IMPLAUSIBLE: ("fee_headline_scale", False),
    FeeOutcome.FROM_NOTE: ("fee_headline_missing", True),
}


@dataclass
class BuildReport:
    """Counts printed by ``assistant catalog build`` and checked by the tests."""

    crawl_records: int = 0
    pilots: int = 0
    procedures: int = 0
    channels: int = 0
    documents: int = 0
    legal_basis: int = 0
    steps: int = 0
    tally: DefectTally = field(default_factory=DefectTally)
    fee_outcomes: Counter[str] = field(default_factory=Counter)
    unit_evidence: Counter[str] = field(default_factory=Counter)
    audit_problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"procedures: {self.procedures} ({self.crawl_records} from the crawl + {self.pilots} pilots)",
            f"channels: {self.channels}  documents: {self.documents}  "
            f"legal-basis rows: {self.legal_basis}  steps: {self.steps}",
            "",
            f"{'defect class':34} {'repaired':>9} {'unrepairable':>13}  description",
        ]
        for name, repaired, failed in self.tally.rows():
            out.append(f"{name:34} {repaired:>9} {failed:>13}  {DEFECT_CLASSES[name]}")
        out.append("")
        out.append(
            "fee outcomes per channel: " + ", ".join(f"{k}={v}" for k, v in sorted(self.fee_outcomes.items()))
        )
        out.append(
            "time units restored from: "
            + ", ".join(f"{k}={v}" for k, v in sorted(self.unit_evidence.items()))
        )
        out.append(f"audit (non-NFC or boilerplate strings left): {len(self.audit_problems)}")
        out.extend(f"  {problem}" for problem in self.audit_problems[:10])
        return out


def read_raw(source: Path) -> Iterator[dict[str, Any]]:
    with gzip.open(source / RAW_FILE, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _count_nfd(record: Mapping[str, Any], tally: DefectTally) -> None:
    for value in record.values():
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            tally.fixed("nfd_text")


def _count_placeholders(record: Mapping[str, Any], tally: DefectTally) -> None:
    for name in _METADATA_FIELDS:
        value = str(record.get(name) or "")
        if clean(value) == "" and value.strip():
            tally.fixed("boilerplate")


@dataclass
class _Row:
    raw: RawChannel
    time_text: str
    headline: str
    value: float | None
    unit: TimeUnit | None
    unit_missing: bool


def _time_and_headline(
    row: RawChannel, sibling_times: set[str], tally: DefectTally
) -> tuple[str, str, float | None, TimeUnit | None, bool]:
    """(time text, fee headline, value, unit, unit_missing) of one row, undoing glued digits."""
    if row.glued_digits:
        split = split_glued(row.glued_digits, row.glued_currency, row.fee_note, sibling_times)
        if split is None:
            tally.failed("time_glued_to_fee")
            return "", f"{row.glued_digits} {row.glued_currency}", None, None, False
        tally.fixed("time_glued_to_fee")
        time_part, fee_part = split
        value, unit, missing = read_time(time_part)
        return time_part, f"{fee_part} {row.glued_currency}", value, unit, missing
    value, unit, missing = read_time(row.time_cell)
    if row.time_cell.strip() == "0":
        tally.failed("time_zero")
    return row.time_cell, row.fee_cell, value, unit, missing


def _channels(
    section: str, procedure_text: str, tally: DefectTally, report: BuildReport
) -> tuple[Channel, ...]:
    table = parse_channels(section)
    tally.fixed("duplicate_channel_rows", table.duplicates_dropped)
    if table.orphan_text:
        tally.failed("orphan_channel_text")
    sibling_times = {
        f"{value:g}"
        for r in table.rows
        if not r.glued_digits
        for value in [read_time(r.time_cell)[0]]
        if value
    }
    rows = [_Row(r, *_time_and_headline(r, sibling_times, tally)) for r in table.rows]
    known_units: dict[float, list[TimeUnit]] = {}
    for row in rows:
        if row.value is not None and row.unit is not None:
            known_units.setdefault(row.value, []).append(row.unit)
    channels = []
    for row in rows:
        unit = row.unit
        own = f"{row.raw.fee_note} {row.raw.description}"
        if unit is TimeUnit.DAYS and row.value is not None:
            stated = set(units_stated(own, row.value))
            if stated == {TimeUnit.WORKING_DAYS}:
                unit = TimeUnit.WORKING_DAYS
                tally.fixed("time_unit_conflict")
        if row.unit_missing and row.value is not None:
            unit, evidence = infer_unit(row.value, own, known_units.get(row.value, []), procedure_text)
            if unit is None:
                tally.failed("time_unit_missing")
            else:
                tally.fixed("time_unit_missing")
                report.unit_evidence[evidence.value if isinstance(evidence, UnitEvidence) else "?"] += 1
        reading = read_fee(row.headline, row.raw.fee_note, row.raw.description)
        report.fee_outcomes[reading.outcome.value] += 1
        if reading.outcome in _FEE_DEFECT:
            defect, repaired = _FEE_DEFECT[reading.outcome]
            (tally.fixed if repaired else tally.failed)(defect)
        channels.append(
            Channel(
                kind=row.raw.kind,
                time_value=row.value,
                time_unit=unit,
                time_text=row.time_text,
                fee_amount=reading.amount,
                fee_text=fee_text(row.headline, row.raw.fee_note),
                description=row.raw.description,
            )
        )
    return tuple(channels)


def _documents_tally(stats: DocumentStats, tally: DefectTally) -> None:
    tally.fixed("document_notes", stats.notes)
    tally.fixed("document_glued_quantity", stats.glued_quantities)
    tally.fixed("document_bullets", stats.bullets)
    tally.fixed("document_form_template", stats.templates)
    tally.failed("document_form_template", stats.templates_unsplit)
    tally.failed("document_quantity_missing", stats.quantity_missing)


def build_procedure(record: Mapping[str, Any], report: BuildReport) -> Procedure:
    """One clean record from one crawl record; defects are counted into ``report``."""
    tally = report.tally
    _count_nfd(record, tally)
    _count_placeholders(record, tally)
    page = split_page(str(record.get("raw_text") or ""), record)
    tally.fixed("section_boundaries", len(page.realigned))

    steps_text = clean(page.steps)
    conditions, cut = strip_boilerplate(clean(page.conditions))
    conditions = clean(conditions)
    results_text, results_cut = strip_boilerplate(clean(page.results))
    tally.fixed("boilerplate", int(cut) + int(results_cut))
    procedure_text = f"{steps_text}\n{conditions}\n{clean(page.channels)}"
    channels = _channels(page.channels, procedure_text, tally, report)

    stats = DocumentStats()
    documents = parse_documents(page.documents, stats)
    _documents_tally(stats, tally)

    legal_rows, legal_missing = parse_legal_basis(page.legal_basis)
    tally.fixed("legal_row_split", len(legal_rows))
    tally.failed("legal_row_split", legal_missing)

    results, result_codes = fields.results(results_text)
    tally.fixed("result_codes", result_codes)

    agency = one_line(page.agency)
    if not agency:
        agency = one_line(str(record.get("co_quan_co_tham_quyen") or ""))
        (tally.fixed if agency else tally.failed)("agency_missing")

    decision, decision_fix = fields.decision(str(record.get("so_quyet_dinh") or ""))
    if decision_fix == "placeholder":
        tally.fixed("decision_placeholder")
    elif decision_fix == "malformed":
        tally.fixed("decision_malformed")

    return Procedure(
        code=one_line(str(record["ma_thu_tuc"])),
        name=one_line(str(record.get("ten_thu_tuc") or "")),
        ministry=fields.ministry_name(str(record.get("_ministry_folder") or "")),
        levels=fields.levels(str(record.get("cap_thuc_hien") or "")),
        field=one_line(str(record.get("linh_vuc") or "")),
        agency=agency,
        target_groups=fields.target_groups(str(record.get("doi_tuong_thuc_hien") or "")),
        results=results,
        url=one_line(str(record.get("detail_url") or "")),
        decision=decision,
        channels=channels,
        documents=tuple(documents),
        legal_basis=tuple(legal_rows),
        steps=fields.steps(steps_text),
        conditions=conditions,
        submit_address=one_line(str(record.get("dia_chi_tiep_nhan") or "")),
    )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def audit(procedures: list[Procedure]) -> list[str]:
    """Strings that are not NFC or still carry page boilerplate (should be none)."""
    problems = []
    for procedure in procedures:
        for text in _strings(procedure.to_dict()):
            if not unicodedata.is_normalized("NFC", text):
                problems.append(f"{procedure.code}: not NFC: {text[:60]!r}")
            elif has_boilerplate(text):
                problems.append(f"{procedure.code}: boilerplate: {text[:60]!r}")
    return problems


def build_catalog(source: Path) -> tuple[list[Procedure], BuildReport]:
    """All crawl records (repaired) plus the pilots, sorted by code, and what was done to them."""
    report = BuildReport()
    flags = verification_flags()
    procedures: dict[str, Procedure] = {}
    for record in read_raw(source):
        procedure = build_procedure(record, report)
        if procedure.code in flags:
            procedure = replace(procedure, needs_verification=flags[procedure.code])
        if procedure.code in procedures:
            raise ValueError(f"duplicate procedure code {procedure.code} in the crawl")
        procedures[procedure.code] = procedure
        report.crawl_records += 1
    for pilot in pilot_procedures():
        if pilot.code in procedures:
            raise ValueError(f"pilot {pilot.code} is also in the crawl; drop it from pilots.yml")
        procedures[pilot.code] = pilot
        report.pilots += 1
    ordered = [procedures[code] for code in sorted(procedures)]
    report.procedures = len(ordered)
    report.channels = sum(len(p.channels) for p in ordered)
    report.documents = sum(len(p.documents) for p in ordered)
    report.legal_basis = sum(len(p.legal_basis) for p in ordered)
    report.steps = sum(len(p.steps) for p in ordered)
    report.audit_problems = audit(ordered)
    return ordered, report


def cli_build(source: Path, output: Path | None) -> int:
    """``assistant catalog build``: build, write, print the report and the file's size and load time."""
    target = output or SHIPPED_CATALOG
    started = time.perf_counter()
    procedures, report = build_catalog(source)
    save_catalog(procedures, target)
    built_in = time.perf_counter() - started
    for line in report.lines():
        print(line)
    loaded = load_catalog(target)
    print("")
    size_mb = target.stat().st_size / 1e6
    print(f"wrote {target} ({size_mb:.2f} MB, {len(loaded)} procedures) in {built_in:.1f} s")
    timings = [_fresh_load_seconds(target) for _ in range(3)]
    print(f"load_catalog in a fresh process: median {statistics.median(timings) * 1000:.0f} ms")
    return 0


def _fresh_load_seconds(path: Path) -> float:
    """Time ``load_catalog`` in a new interpreter, as the assistant's processes load it at start."""
    code = (
        "import sys, time; from pathlib import Path; from civic.catalog.store import load_catalog; "
        "t = time.perf_counter(); load_catalog(Path(sys.argv[1])); print(time.perf_counter() - t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return float(result.stdout.strip())


__all__ = ["BuildReport", "build_catalog", "build_procedure", "cli_build"]
