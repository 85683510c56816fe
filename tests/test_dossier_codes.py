"""Receipt and resume codes: hard to guess, easy to say, and a mis-heard code is caught."""

from __future__ import annotations

import random

import pytest

from civic.dossiers.receipt_codes import (
    ALPHABET,
    CODE_LENGTH,
    format_receipt_code,
    is_valid_receipt_code,
    new_receipt_code,
    normalize_receipt_code,
    parse_receipt_code,
    read_receipt_code,
    speak_receipt_code,
)
from civic.dossiers.resume_codes import (
    RESUME_CODE_LENGTH,
    is_valid_resume_code,
    new_resume_code,
    parse_resume_code,
    read_resume_code,
    speak_resume_code,
)
from civic.text.abbreviations import LETTER_NAMES
from civic.text.numbers import DIGIT_WORDS
from civic.text.vietnamese import strip_diacritics

RNG = random.Random(20261122)


def _codes(count: int) -> list[str]:
    return [new_receipt_code() for _ in range(count)]


def test_alphabet_has_no_look_alike_or_sound_alike_symbols() -> None:
    assert not set(ALPHABET) & set("01OQDILJ")  # written look-alikes
    assert not set(ALPHABET) & set("AEUMFZW")  # bare vowels, em/en, ép/ét/dét, vê kép
    letters = [ch for ch in ALPHABET if ch.isalpha()]
    rhyming_e = [ch for ch in letters if LETTER_NAMES[ch.lower()].endswith("ê")]
    assert len(rhyming_e) <= 1  # bê/xê/đê/giê/pê/tê/vê: at most one of them
    names = [LETTER_NAMES[ch.lower()] for ch in letters]
    assert len(set(names)) == len(names)
    assert not set(names) & set(DIGIT_WORDS)


def test_new_codes_are_valid_random_and_readable() -> None:
    codes = _codes(300)
    assert all(len(c) == CODE_LENGTH and is_valid_receipt_code(c) for c in codes)
    assert len(set(codes)) == len(codes)
    used = {symbol for code in codes for symbol in code[:-1]}
    assert used == set(ALPHABET)  # every symbol drawn: the space is the whole alphabet


def test_every_single_wrong_symbol_is_detected() -> None:
    for code in _codes(40):
        for position in range(CODE_LENGTH):
            for symbol in ALPHABET:
                if symbol != code[position]:
                    wrong = code[:position] + symbol + code[position + 1 :]
                    assert not is_valid_receipt_code(wrong), (code, wrong)


def test_swapped_neighbours_and_swaps_across_one_are_detected() -> None:
    for code in _codes(200):
        for gap in (1, 2):
            for i in range(CODE_LENGTH - gap):
                if code[i] == code[i + gap]:
                    continue
                chars = list(code)
                chars[i], chars[i + gap] = chars[i + gap], chars[i]
                assert not is_valid_receipt_code("".join(chars))


def test_spoken_form_names_letters_and_groups_four_by_four() -> None:
    assert speak_receipt_code("C2H9N4S7") == "xê hai hát chín, en bốn ét bảy"
    assert speak_receipt_code("KRXY8356") == "ca e rờ ích i dài, tám ba năm sáu"
    assert format_receipt_code("C2H9N4S7") == "C2H9-N4S7"


def test_codes_read_back_from_speech_and_typing() -> None:
    for code in _codes(100):
        spoken = speak_receipt_code(code)
        assert read_receipt_code(spoken) is not None
        assert parse_receipt_code(spoken) == code
        assert parse_receipt_code(spoken.replace(",", "")) == code
        assert parse_receipt_code(strip_diacritics(spoken)) == code  # ASR without marks
        assert parse_receipt_code(f"tra cứu hồ sơ {spoken} giúp tôi") == code
        assert parse_receipt_code(f"mã hồ sơ của em là {spoken} ạ") == code
        assert parse_receipt_code(code.lower()) == code
        assert parse_receipt_code(format_receipt_code(code)) == code
        assert parse_receipt_code(" ".join(code)) == code
        assert normalize_receipt_code(format_receipt_code(code).lower()) == code


def test_other_common_letter_names_are_understood() -> None:
    code = "SXYR" + "2345"
    code = code[:-1] + next(ch for ch in ALPHABET if is_valid_receipt_code(code[:-1] + ch))
    last = DIGIT_WORDS[int(code[-1])] if code[-1].isdigit() else LETTER_NAMES[code[-1].lower()]
    said = f"ét xì ích xì i grếc rờ hai ba bốn {last}"
    assert parse_receipt_code(said) == code


def test_a_mis_heard_symbol_is_reported_not_guessed() -> None:
    for code in _codes(50):
        position = RNG.randrange(CODE_LENGTH)
        wrong_symbol = RNG.choice([s for s in ALPHABET if s != code[position]])
        wrong = code[:position] + wrong_symbol + code[position + 1 :]
        reading = read_receipt_code(speak_receipt_code(wrong))
        assert reading is not None
        assert reading.valid is False
        assert reading.code == wrong
        assert parse_receipt_code(speak_receipt_code(wrong)) is None


def test_letters_outside_the_alphabet_make_an_invalid_reading() -> None:
    reading = read_receipt_code("a bê xê một hai ba bốn năm")
    assert reading is not None and not reading.valid


@pytest.mark.parametrize("said", ["tôi muốn hỏi lệ phí khai sinh", "", "hai", "có không"])
def test_no_code_said_gives_none(said: str) -> None:
    assert read_receipt_code(said) is None


def test_resume_codes_are_digits_with_a_check_that_catches_errors() -> None:
    for _ in range(200):
        code = new_resume_code()
        assert len(code) == RESUME_CODE_LENGTH and code.isdigit() and is_valid_resume_code(code)
        for position in range(RESUME_CODE_LENGTH):
            for digit in "0123456789":
                if digit != code[position]:
                    assert not is_valid_resume_code(code[:position] + digit + code[position + 1 :])
        for i in range(RESUME_CODE_LENGTH - 1):
            if code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
                assert not is_valid_resume_code(swapped)


def test_resume_codes_are_said_and_heard_like_phone_numbers() -> None:
    for _ in range(50):
        code = new_resume_code()
        spoken = speak_resume_code(code)
        assert spoken.count(",") == 1 and len(spoken.replace(",", "").split()) == RESUME_CODE_LENGTH
        assert parse_resume_code(spoken) == code
        assert parse_resume_code(f"tiếp tục hồ sơ {spoken}") == code
        assert parse_resume_code(strip_diacritics(f"tiếp tục hồ sơ {spoken} giúp tôi")) == code
        assert parse_resume_code(f"{code[:4]} {code[4:]}") == code


def test_resume_code_with_linh_and_mot_is_understood() -> None:
    code = next(c for c in (new_resume_code() for _ in range(10_000)) if c.startswith("0"))
    spoken = speak_resume_code(code).replace("không", "linh", 1)
    assert parse_resume_code(spoken) == code


def test_mis_heard_resume_code_is_reported() -> None:
    code = new_resume_code()
    wrong = code[:3] + str((int(code[3]) + 1) % 10) + code[4:]
    reading = read_resume_code(speak_resume_code(wrong))
    assert reading is not None and reading.valid is False and reading.code == wrong
    assert read_resume_code("tôi muốn tiếp tục hồ sơ") is None
