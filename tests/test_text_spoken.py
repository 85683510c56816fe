"""Written Vietnamese → words for the voice: the case table, number properties and real crawl text."""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from civic.text.codes import speak_code, speak_phone, speak_url
from civic.text.legal import speak_legal_reference
from civic.text.numbers import speak_digits, spoken_number
from civic.text.spoken import to_spoken

CASES: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parent / "data" / "normalization_cases.yml").read_text(encoding="utf-8")
)
CRAWL = Path(__file__).resolve().parents[2] / "shared" / "data" / "procedures" / "procedures_parsed.jsonl.gz"


@pytest.mark.parametrize(("value", "expected"), sorted(CASES["spoken_number"].items()))
def test_spoken_number(value: int, expected: str) -> None:
    assert spoken_number(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"), CASES["to_spoken"], ids=[c[0][:40] for c in CASES["to_spoken"]]
)
def test_to_spoken(text: str, expected: str) -> None:
    assert to_spoken(text) == expected


@pytest.mark.parametrize(("digits", "groups", "expected"), CASES["speak_digits"])
def test_speak_digits(digits: str, groups: list[int] | None, expected: str) -> None:
    assert speak_digits(digits, groups) == expected


@pytest.mark.parametrize(("code", "expected"), CASES["speak_code"])
def test_speak_code(code: str, expected: str) -> None:
    assert speak_code(code) == expected


@pytest.mark.parametrize(("number", "expected"), CASES["speak_phone"])
def test_speak_phone(number: str, expected: str) -> None:
    assert speak_phone(number) == expected


@pytest.mark.parametrize(("url", "expected"), CASES["speak_url"])
def test_speak_url(url: str, expected: str) -> None:
    assert speak_url(url) == expected


@pytest.mark.parametrize(("reference", "expected"), CASES["speak_legal_reference"])
def test_speak_legal_reference(reference: str, expected: str | None) -> None:
    assert speak_legal_reference(reference) == expected


def test_grouped_amounts_read_as_the_same_number_as_their_value() -> None:
    """Whatever grouping the crawl uses (2.500.000 or 2,500,000), the voice says the number itself."""
    rng = random.Random(7)
    for value in [rng.randrange(1000, 10**12) for _ in range(500)]:
        dotted = f"{value:,}".replace(",", ".")
        assert to_spoken(f"{dotted} đồng") == f"{spoken_number(value)} đồng", dotted
        assert to_spoken(f"{value:,} Việt Nam Đồng") == f"{spoken_number(value)} đồng", value


def test_small_numbers_read_as_cardinals_everywhere_in_a_sentence() -> None:
    for value in range(0, 10000, 7):
        assert to_spoken(f"Nộp {value} bộ hồ sơ.") == f"Nộp {spoken_number(value)} bộ hồ sơ."


def test_spoken_numbers_use_only_number_words() -> None:
    allowed = set(
        [
            "không",
            "một",
            "mốt",
            "hai",
            "ba",
            "bốn",
            "tư",
            "năm",
            "lăm",
            "sáu",
            "bảy",
            "tám",
            "chín",
            "mười",
            "mươi",
            "trăm",
            "linh",
            "nghìn",
            "triệu",
            "tỷ",
        ]
    )
    rng = random.Random(3)
    for value in [*range(0, 2000), *(rng.randrange(10**13) for _ in range(500))]:
        assert set(spoken_number(value).split()) <= allowed, value


@pytest.mark.skipif(not CRAWL.is_file(), reason="../shared procedure crawl not available")
def test_real_catalog_text_leaves_almost_no_digits_for_the_voice() -> None:
    """Fee, time and legal-basis cells of every 20th crawled procedure: digits the voice would misread
    must be gone. The few that survive are cells the scrape glued into nonsense (``202323/2023``)."""
    texts: list[str] = []
    with gzip.open(CRAWL, "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if index % 20:
                continue
            record = json.loads(line)
            texts.append(record.get("can_cu_phap_ly") or "")
            texts += [c.get("description") or "" for c in record["parsed"].get("channels", [])]
    texts = [t for t in texts if re.search(r"\d", t)]
    assert len(texts) > 200
    spoken = [to_spoken(t) for t in texts]
    with_digits = [s for s in spoken if re.search(r"\d", s)]
    assert len(with_digits) <= len(texts) // 100, with_digits[:5]
    assert not any(re.search(r"\b(?:UBND|CCCD|BHXH|BHYT|TTHC|NĐ-CP|VNĐ)\b", s) for s in spoken)
