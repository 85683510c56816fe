"""Spoken forms of the abbreviations, letters and units found in procedure texts.

The tables list what the national catalog actually uses (counted on the crawl: NĐ-CP, TT-BTC, KQ,
TTHC, UBND, BHXH ... are the most frequent), because a TTS voice reads ``UBND`` as noise and a
citizen needs ``ủy ban nhân dân``. Lookups are exact and case-sensitive: ``TT`` is an abbreviation,
``tt`` is not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from civic.text.numbers import DIGIT_WORDS, spoken_number

# Issuing bodies, as they appear after the type in a legal reference (``.../TT-BTC``) or alone.
ISSUERS: dict[str, str] = {
    "CP": "chính phủ",
    "TTg": "thủ tướng chính phủ",
    "CTN": "chủ tịch nước",
    "QH": "quốc hội",
    "UBTVQH": "ủy ban thường vụ quốc hội",
    "BTC": "bộ tài chính",
    "BTP": "bộ tư pháp",
    "BCA": "bộ công an",
    "BYT": "bộ y tế",
    "BNV": "bộ nội vụ",
    "BXD": "bộ xây dựng",
    "BQP": "bộ quốc phòng",
    "BNG": "bộ ngoại giao",
    "BCT": "bộ công thương",
    "BGTVT": "bộ giao thông vận tải",
    "BNNMT": "bộ nông nghiệp và môi trường",
    "BNNPTNT": "bộ nông nghiệp và phát triển nông thôn",
    "BTNMT": "bộ tài nguyên và môi trường",
    "BLĐTBXH": "bộ lao động thương binh và xã hội",
    "BKHĐT": "bộ kế hoạch và đầu tư",
    "BGDĐT": "bộ giáo dục và đào tạo",
    "BTTTT": "bộ thông tin và truyền thông",
    "BKHCN": "bộ khoa học và công nghệ",
    "BVHTTDL": "bộ văn hóa, thể thao và du lịch",
    "NHNN": "ngân hàng nhà nước",
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "TANDTC": "tòa án nhân dân tối cao",
    "VKSNDTC": "viện kiểm sát nhân dân tối cao",
    "HĐTP": "hội đồng thẩm phán",
    "KTNN": "kiểm toán nhà nước",
    "BHXH": "bảo hiểm xã hội",
    "TCT": "tổng cục thuế",
    "TCHQ": "tổng cục hải quan",
    "UBCKNN": "ủy ban chứng khoán nhà nước",
}

# Kinds of legal document, as the first part of the code (``NĐ`` in ``NĐ-CP``).
LEGAL_TYPES: dict[str, str] = {
    "NĐ": "nghị định",
    "TT": "thông tư",
    "TTLT": "thông tư liên tịch",
    "QĐ": "quyết định",
    "NQ": "nghị quyết",
    "NQLT": "nghị quyết liên tịch",
    "CT": "chỉ thị",
    "PL": "pháp lệnh",
    "VBHN": "văn bản hợp nhất",
}

# Everything else read as words. Values are lowercase; the key's case is significant.
ABBREVIATIONS: dict[str, str] = {
    "CCCD": "căn cước công dân",
    "CMND": "chứng minh nhân dân",
    "BHYT": "bảo hiểm y tế",
    "BHTN": "bảo hiểm thất nghiệp",
    "GPLX": "giấy phép lái xe",
    "TTHC": "thủ tục hành chính",
    "KQ": "kết quả",
    "VNĐ": "đồng",
    "VND": "đồng",
    "USD": "đô la mỹ",
    "TNHH": "trách nhiệm hữu hạn",
    "HTX": "hợp tác xã",
    "GTGT": "giá trị gia tăng",
    "TNDN": "thu nhập doanh nghiệp",
    "TNCN": "thu nhập cá nhân",
    "NNT": "người nộp thuế",
    "MST": "mã số thuế",
    "NSNN": "ngân sách nhà nước",
    "NLĐ": "người lao động",
    "GCN": "giấy chứng nhận",
    "CCHN": "chứng chỉ hành nghề",
    "BPMC": "bộ phận một cửa",
    "CSDL": "cơ sở dữ liệu",
    "CSDLQGVDC": "cơ sở dữ liệu quốc gia về dân cư",
    "HQ": "hải quan",
    "TP": "thành phố",
    "TP.HCM": "thành phố hồ chí minh",
    "TPHCM": "thành phố hồ chí minh",
    "HCM": "hồ chí minh",
    "VNeID": "vê nê ai đi",
    "DVC": "dịch vụ công",
    "DVCQG": "dịch vụ công quốc gia",
    "CAND": "công an nhân dân",
    "TAND": "tòa án nhân dân",
    "VKSND": "viện kiểm sát nhân dân",
    "QSDĐ": "quyền sử dụng đất",
    "ĐKKD": "đăng ký kinh doanh",
    "GPKD": "giấy phép kinh doanh",
    "THCS": "trung học cơ sở",
    "THPT": "trung học phổ thông",
    "LĐTBXH": "lao động thương binh và xã hội",
    "STT": "số thứ tự",
    "SĐT": "số điện thoại",
    "ĐT": "điện thoại",
    "ASEAN": "a xê an",
    "VN": "việt nam",
    "ISO": "i sô",
}

# Vietnamese names of letters, for spelling codes and unknown abbreviations aloud.
LETTER_NAMES: dict[str, str] = {
    "a": "a",
    "ă": "á",
    "â": "ớ",
    "b": "bê",
    "c": "xê",
    "d": "đê",  # acronyms: ODA is "ô đê a"; the alphabet name "dê" is rarely heard in speech
    "đ": "đê",
    "e": "e",
    "ê": "ê",
    "f": "ép",
    "g": "giê",
    "h": "hát",
    "i": "i",
    "j": "gi",
    "k": "ca",
    "l": "e lờ",
    "m": "em",
    "n": "en",
    "o": "o",
    "ô": "ô",
    "ơ": "ơ",
    "p": "pê",
    "q": "quy",
    "r": "e rờ",
    "s": "ét",
    "t": "tê",
    "u": "u",
    "ư": "ư",
    "v": "vê",
    "w": "vê kép",
    "x": "ích",
    "y": "i dài",
    "z": "dét",
}

# Units written after a number. Keys are matched case-sensitively (``m`` metre, not ``M``).
UNITS: dict[str, str] = {
    "%": "phần trăm",
    "đ": "đồng",
    "Đ": "đồng",
    "đồng": "đồng",
    "VNĐ": "đồng",
    "VND": "đồng",
    "vnđ": "đồng",
    "Việt Nam Đồng": "đồng",
    "Việt Nam đồng": "đồng",
    "USD": "đô la mỹ",
    "km": "ki lô mét",
    "m": "mét",
    "m2": "mét vuông",
    "m²": "mét vuông",
    "m3": "mét khối",
    "m³": "mét khối",
    "cm": "xen ti mét",
    "mm": "mi li mét",
    "kg": "ki lô gam",
    "g": "gam",
    "ha": "héc ta",
    "ml": "mi li lít",
    "kW": "ki lô oát",
    "kWh": "ki lô oát giờ",
    "°C": "độ xê",
}

# Words of web addresses that are read as words; other labels are spelled or left to the voice.
DOMAIN_WORDS: dict[str, str] = {
    "dichvucong": "dịch vụ công",
    "dichvucongbyt": "dịch vụ công bê i tê",
    "motcua": "một cửa",
    "xuatnhapcanh": "xuất nhập cảnh",
    "hotro": "hỗ trợ",
    "thutuc": "thủ tục",
    "hatinh": "hà tĩnh",
    "hanoi": "hà nội",
    "evisa": "e visa",
    "gov": "gov",
    "com": "com",
    "net": "nét",
    "org": "o rờ giê",
    "edu": "e đu",
    "vn": "vê en",
    "www": "vê kép vê kép vê kép",
    "vneid": "vê nê ai đi",
    "customs": "customs",
    "gmail": "gờ meo",
}


def spell_letters(text: str) -> str:
    """Letters by their Vietnamese names and digits one by one: ``CT01`` → ``xê tê không một``."""
    out: list[str] = []
    for char in text.lower():
        if char.isdigit():
            out.append(DIGIT_WORDS[int(char)])
        elif char in LETTER_NAMES:
            out.append(LETTER_NAMES[char])
    return " ".join(out)


@lru_cache(maxsize=1)
def _syllable_re() -> re.Pattern[str]:
    vowels = "aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    onset = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    return re.compile(rf"{onset}[{vowels}]{{1,3}}(?:ng|nh|ch|[cmnpt])?")


def looks_like_syllable(word: str) -> bool:
    """Whether an all-caps word could be a Vietnamese syllable (``THỦ``), so it is read, not spelled."""
    return _syllable_re().fullmatch(word.lower()) is not None


def expand_abbreviation(token: str) -> str | None:
    """Spoken form of one abbreviation token (``UBND``, ``NĐ-CP``, ``QH15``), or ``None`` if unknown."""
    for table in (ABBREVIATIONS, ISSUERS, LEGAL_TYPES):
        if token in table:
            return table[token]
    congress = re.fullmatch(r"(UBTVQH|QH)(\d{1,2})", token)
    if congress:
        return f"{ISSUERS[congress.group(1)]} khóa {spoken_number(int(congress.group(2)))}"
    if "-" in token:
        parts = [expand_abbreviation(part) for part in token.split("-")]
        if all(parts):
            return " ".join(p for p in parts if p)
    return None
