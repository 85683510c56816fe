"""Procedure search as citizens use it: everyday names, no diacritics, speech errors, follow-ups.

Everything runs on the shipped catalog and the real colloquial vocabulary.
"""

from __future__ import annotations

import pytest

from assistant.bench.search import evaluate_quality, load_query_set
from civic.catalog.search import MatchKind, ProcedureSearch, cli_search, default_search
from civic.catalog.search.colloquial import load_vocabulary
from civic.catalog.search.spelling import phonetic_key
from civic.catalog.search.syllables import syllables
from civic.catalog.store import default_catalog
from civic.text.vietnamese import fold, has_diacritics


@pytest.fixture(scope="module")
def search() -> ProcedureSearch:
    return default_search()


def top_codes(search: ProcedureSearch, query: str, limit: int = 3) -> list[str]:
    return [hit.procedure.code for hit in search.search(query, limit=limit)]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("làm giấy khai sinh", "1.001193"),
        ("làm sổ đỏ", "1.013978"),
        ("đổi bằng lái", "3.000347"),
        ("đăng ký tạm trú", "1.004194"),
        ("làm hộ chiếu", "1.001456"),
        ("xin giấy độc thân", "1.004873"),
        ("lý lịch tư pháp", "3.000333"),
        ("công chứng bản sao", "2.000815"),
        ("khai tử cho bố", "1.000656"),
        ("đăng ký kết hôn", "1.000894"),
        ("mở hộ kinh doanh", "1.001612"),
        ("nhập hộ khẩu cho con", "1.004222"),
    ],
)
def test_everyday_names_find_the_official_procedure_first(search, query, code):
    assert top_codes(search, query)[0] == code


def test_making_an_id_card_offers_the_id_card_procedures(search):
    resolution = search.resolve("làm căn cước")
    codes = [hit.procedure.code for hit in resolution.hits]
    assert "1.014061" in codes  # cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên
    assert all("căn cước" in hit.procedure.name.lower() for hit in resolution.hits)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("trợ cấp người khuyết tật", "1.001776"),
        ("tiền mai táng cho người hưởng bảo trợ xã hội", "1.001731"),
        ("xin giấy xác nhận khuyết tật", "1.001699"),
        ("làm khai sinh, hộ khẩu và thẻ bảo hiểm y tế cho con", "2.000986"),
    ],
)
def test_pilot_procedures_are_found_by_their_everyday_names(search, query, code):
    resolution = search.resolve(query)
    assert resolution.kind is not MatchKind.NONE
    assert resolution.hits[0].procedure.code == code


@pytest.mark.parametrize(
    "query",
    ["đăng ký khai sinh cho con", "xin giấy độc thân", "đổi giấy phép lái xe", "tiền mai táng", "làm sổ đỏ"],
)
def test_typing_without_diacritics_gives_the_same_first_answer(search, query):
    assert not has_diacritics(fold(query))
    assert top_codes(search, fold(query))[0] == top_codes(search, query)[0]


@pytest.mark.parametrize(
    ("heard", "code"),
    [
        ("khai xinh cho con", "1.001193"),  # s/x
        ("đăng ký tạm chú", "1.004194"),  # tr/ch
        ("đổi bằng lái sẹ", "3.000347"),  # s/x and a wrong tone
        ("làm hộ triếu", "1.001456"),  # ch/tr
        ("đăng ký khaisinh", "1.001193"),  # two syllables run together
    ],
)
def test_speech_recognition_errors_are_corrected(search, heard, code):
    assert top_codes(search, heard)[0] == code


def test_misheard_id_card_still_finds_id_card_procedures(search):
    assert "1.014061" in top_codes(search, "làm căn cướt")  # final t/c


def test_commune_procedure_comes_before_its_variants(search):
    codes = top_codes(search, "đăng ký khai sinh", limit=10)
    assert codes[0] == "1.001193"
    for variant in ("2.000528", "1.004884"):  # có yếu tố nước ngoài; đăng ký lại
        assert variant not in codes or codes.index(variant) > 0


def test_saying_a_procedures_exact_name_settles_it(search):
    resolution = search.resolve("đăng ký khai sinh")
    assert resolution.kind is MatchKind.SINGLE
    assert resolution.hits[0].procedure.code == "1.001193"


def test_close_candidates_are_offered_as_at_most_three_options(search):
    resolution = search.resolve("chứng thực chữ ký")
    assert resolution.kind in (MatchKind.SINGLE, MatchKind.AMBIGUOUS)
    assert 1 <= len(resolution.hits) <= 3
    many = search.resolve("hộ chiếu")
    assert many.kind is MatchKind.AMBIGUOUS
    assert 2 <= len(many.hits) <= 3


@pytest.mark.parametrize(
    "follow_up",
    [
        "thế còn lệ phí?",
        "bao lâu thì có",
        "cần giấy tờ gì",
        "nộp ở đâu ạ",
        "căn cứ pháp lý là gì",
        "tôi muốn hỏi thủ tục làm sao",
        "vay le phi bao nhieu",
    ],
)
def test_follow_up_questions_name_no_procedure(search, follow_up):
    assert search.resolve(follow_up).kind is MatchKind.NONE


def test_fee_words_that_are_part_of_a_procedure_name_still_find_it(search):
    resolution = search.resolve("lệ phí trước bạ nhà đất")
    assert resolution.kind is not MatchKind.NONE
    assert resolution.hits[0].procedure.code == "1.007277"


@pytest.mark.parametrize("text", ["thời tiết hôm nay", "asdfgh", "mấy giờ rồi", "xin chào", "123456", ""])
def test_garbage_and_small_talk_resolve_to_none(search, text):
    resolution = search.resolve(text)
    assert resolution.kind is MatchKind.NONE
    assert resolution.hits == ()


def test_hidden_homophones_of_filler_are_kept_when_written_with_diacritics(search):
    # "thị" (in thị thực, visa) folds like the particle "thì"
    assert search.analyse("cấp thị thực").content[:3] == ("cap", "thi", "thuc")
    assert "thi" not in search.analyse("vậy thì sao").content


def test_spelling_variants_are_one_syllable():
    assert syllables("Đăng kí lí lịch") == syllables("dang ky ly lich")
    assert syllables("mức độ 02") == ["muc", "do", "2"]


def test_near_homophones_share_a_phonetic_key():
    assert phonetic_key("tru") == phonetic_key("chu")
    assert phonetic_key("sinh") == phonetic_key("xinh")
    assert phonetic_key("cuoc") == phonetic_key("cuot")
    assert phonetic_key("sinh") != phonetic_key("tinh")


def test_colloquial_vocabulary_rewrites_into_catalog_words():
    vocabulary = load_vocabulary()
    rewritten = vocabulary.rewrite(syllables("cho tôi hỏi làm sổ đỏ ở đâu ạ"), [None] * 9, lambda a, b: False)
    assert " ".join(rewritten).startswith("dang ki dat dai cap giay chung nhan quyen su dung dat")
    assert vocabulary.rewrite(syllables("thế còn lệ phí"), [None] * 4, lambda a, b: False) == ()


def test_query_set_is_realistic_and_valid():
    query_set = load_query_set()
    catalog = default_catalog()
    assert len(query_set.queries) >= 150
    assert sum(not q.has_diacritics for q in query_set.queries) >= len(query_set.queries) / 2
    assert sum(q.asr for q in query_set.queries) >= 25
    assert len(query_set.none) >= 20
    for query in query_set.queries:
        assert all(catalog.get(code) is not None for code in query.codes), query.text


def test_top3_hit_rate_on_the_query_set_meets_the_quality_gate(search):
    quality = evaluate_quality(search, load_query_set())
    assert quality.overall.top3 >= 0.95, quality.misses
    assert quality.without_diacritics.top3 >= 0.95
    assert quality.asr.top3 >= 0.9
    assert quality.none_detected / quality.none_total >= 0.85


def test_cli_prints_the_procedure_code(capsys):
    assert cli_search("làm giấy khai sinh", limit=3) == 0
    output = capsys.readouterr().out
    assert "1.001193" in output
    assert "Thủ tục đăng ký khai sinh" in output


def test_cli_says_when_nothing_matches(capsys):
    assert cli_search("asdfgh") == 1
    assert "Không tìm thấy" in capsys.readouterr().out


def test_empty_catalog_finds_nothing():
    from civic.catalog.store import Catalog

    empty = ProcedureSearch(Catalog(()))
    assert empty.search("đăng ký khai sinh") == []
    assert empty.resolve("đăng ký khai sinh").kind is MatchKind.NONE
