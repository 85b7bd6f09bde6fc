import pytest

from cyberins.terms import CATALOGUE, PARTY_LABELS, CoverageCode, Party, TermsError, Text, get_coverage

DESIGN_CODES = {
    "business_interruption": ("first", "营业中断"),
    "restoration": ("first", "复原成本"),
    "regulatory": ("first", "监管合规成本"),
    "extortion": ("first", "网络敲诈勒索"),
    "intellectual_property": ("first", "知识产权损失"),
    "data_breach": ("third", "数据泄露"),
    "crisis_management": ("third", "危机管理"),
    "legal": ("third", "法律诉讼"),
    "response_service": ("service", "应急响应服务"),
}


def test_catalogue_matches_design_codes_parties_and_seed_names():
    assert {c.code: (c.party, c.name.zh) for c in CATALOGUE} == DESIGN_CODES
    assert len(CATALOGUE) == len(DESIGN_CODES)


def test_every_coverage_has_bilingual_texts():
    for coverage in CATALOGUE:
        for text in (coverage.name, coverage.description):
            assert text.zh
            assert text.en
            assert text.zh != text.en


def test_seed_descriptions():
    assert get_coverage("business_interruption").description.zh == (
        "由于系统或网络崩溃导致的营业中断期间的收入损失或相关费用。"
    )
    assert (
        get_coverage(CoverageCode.DATA_BREACH).description.zh
        == "由于私密的商业或个人信息泄露给第三方造成的损失。"
    )


def test_codes_are_strings():
    assert CoverageCode.LEGAL == "legal"
    assert get_coverage("legal").party is Party.THIRD
    assert PARTY_LABELS[Party.SERVICE] == Text("安全服务", "Security service")


def test_unknown_coverage():
    with pytest.raises(TermsError) as caught:
        get_coverage("cyber_war")
    assert (caught.value.code, caught.value.field) == ("terms.unknown_coverage", "coverage")
    assert "cyber_war" in caught.value.message.en


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "营业中断"), ("en", "Business interruption"), ("fr", "营业中断")]
)
def test_text_for_language(language, expected):
    assert get_coverage("business_interruption").name.for_language(language) == expected


def test_terms_error_is_value_error_with_code_field_and_message():
    error = TermsError("terms.example", "field_x", Text("中文", "English"))
    assert isinstance(error, ValueError)
    assert (error.code, error.field, error.message.zh) == ("terms.example", "field_x", "中文")
    assert str(error) == "terms.example [field_x]: English"
