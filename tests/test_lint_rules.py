"""Each rule on small texts: what it fixes, what it leaves alone, where it points."""

from __future__ import annotations

import pytest

from bulletin_cli.lint import RULES, fix_text, lint_text, unknown_codes
from test_lint_helpers import DASH2, ELLIPSIS2, IDEO_SPACE, W


def codes(text: str, **kw: object) -> list[str]:
    return [f.code for f in lint_text(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "fixed"),
    [
        # P101 half-width punctuation in Chinese context
        ("7月14日,全市召开", W("7月14日,全市召开")),
        ("增长16.38%,绝对额第4;增速第2", W("增长16.38%,绝对额第4;增速第2")),
        ("问题是:怎么办?马上办!", W("问题是:怎么办?马上办!")),
        ("医共体建设(桑植考察报告)、债务化解", W("医共体建设(桑植考察报告)、债务化解")),
        ("生产总值(GDP)增长", W("生产总值(GDP)增长")),
        ("共1,000元,时间08:57", "共1,000元" + W(",") + "时间08:57"),
        ("Hello, world (test): ok?", "Hello, world (test): ok?"),
        # P102 full stop
        ("工作落实.下一步", "工作落实\u3002下一步"),
        ("全面升级.", "全面升级\u3002"),
        ("见附件说明.docx和3.5亿元", "见附件说明.docx和3.5亿元"),
        # P201 quotes
        ('开展"执行力提升年"行动', "开展\u201c执行力提升年\u201d行动"),
        ("他说'好'", "他说\u2018好\u2019"),
        ('"百日攻坚"和"全面压降"', "\u201c百日攻坚\u201d和\u201c全面压降\u201d"),
        ("it's 中文", "it's 中文"),
        # C301 traditional, C302 pinyin
        ("安化縣打好發(fā)展六仗", "安化县打好发展六仗"),
        ("瀏覽數(shù)", "浏览数"),
        ("隨著氣溫升高", "随着气温升高"),
        ("工作成效卓著", "工作成效卓著"),  # simplified line: 著 stays (no Taiwan-variant guess)
        # S401-S403 spaces
        ("安 化 县", "安化县"),
        (f"{IDEO_SPACE}{IDEO_SPACE}7月14日召开", "7月14日召开"),
        ("召开会议。  ", "召开会议\u3002"),
        ("共 5 件", "共 5 件"),
        # P103 doubled, P104 ellipsis, P105 dash
        ("会议,,强调。。", W("会议,强调") + "\u3002"),
        ("等等...", "等等" + ELLIPSIS2),
        ("等等\u3002\u3002\u3002", "等等" + ELLIPSIS2),
        ("等等\u2026", "等等" + ELLIPSIS2),
        ("wait...", "wait..."),
        ("主题--发展", "主题" + DASH2 + "发展"),
        ("N-甲基吡咯烷酮,1-6月", "N-甲基吡咯烷酮" + W(",") + "1-6月"),
        # D501 dates
        ("2023年07月01日", "2023年7月1日"),
        ("2023年10月10日", "2023年10月10日"),
    ],
)
def test_fix(raw: str, fixed: str) -> None:
    assert fix_text(raw) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "详见http://www.gov.cn/a,b?c=1;d:e(f)",
        "联系邮箱:abc.def@example.com",
        "网址 https://example.com/path?x=1&y=(2)",
    ],
)
def test_urls_and_emails_untouched(text: str) -> None:
    fixed = fix_text(text)
    for token in ("http://www.gov.cn/a,b?c=1;d:e(f)", "abc.def@example.com", "https://example.com/path?x=1&y=(2)"):
        if token in text:
            assert token in fixed


def test_codes_and_positions() -> None:
    text = "第一行没问题\u3002\n安化縣召开会议,强调"
    found = lint_text(text)
    assert [(f.code, f.line, f.column) for f in found] == [("C301", 2, 3), ("P101", 2, 8)]
    f = found[1]
    assert text[f.offset : f.end] == ","
    assert f.before.endswith("召开会议,强调") and f.after is not None and W(",") in f.after
    assert "半角" in f.message


def test_findings_point_into_original_after_earlier_fixes() -> None:
    text = "發(fā)展,增长"
    found = lint_text(text)
    comma = next(f for f in found if f.code == "P101")
    assert text[comma.offset] == ","
    pinyin = next(f for f in found if f.code == "C302")
    assert text[pinyin.offset : pinyin.end] == "(fā)"


def test_unbalanced_reported_not_fixed() -> None:
    text = "关于\u300a通知的说明,见\u3010附件"
    found = [f for f in lint_text(text) if f.code == "P202"]
    assert len(found) == 2 and all(f.after is None for f in found)
    assert {text[f.offset] for f in found} == {"\u300a", "\u3010"}
    assert codes("他说\u201c好\u201d\u3002") == []
    assert codes("他说\u201d好\u3002") == ["P202"]


def test_enumerations() -> None:
    assert codes("主要有三点:一是稳经济\u3002三是保安全\u3002", disabled=("P101",)) == ["E601"]
    skip = next(f for f in lint_text("一是甲\u3002三是乙\u3002"))
    assert "二是" in skip.message and skip.after is None
    assert codes("一是甲\u3002二是乙\u3002二是丙\u3002") == ["E602"]
    assert codes("一是甲\u3002二是乙\u3002三是丙\u3002") == []
    assert codes("思想统一是前提\u3002三是乙\u3002") == []  # 统一是 is no marker
    # each point its own paragraph is fine; a skip across paragraphs is still a skip
    assert codes("一是甲\u3002\n二是乙\u3002\n三是丙\u3002") == []
    assert codes("一是甲\u3002\n三是丙\u3002") == ["E601"]


def test_disabled_and_script() -> None:
    # a traditional character left in place is also outside GB2312 (C303): 仿宋_GB2312 lacks it
    assert sorted(codes("安化縣,召开", disabled=("C301",))) == ["C303", "P101"]
    assert codes("安化縣,召开", disabled=("c301", "P101", "C303")) == []
    assert codes("安化縣召开", script="traditional") == []
    assert fix_text("安化縣召开", script="traditional") == "安化縣召开"
    with pytest.raises(ValueError):
        lint_text("x", script="martian")


def test_rules_registry() -> None:
    assert set(RULES) >= {"P101", "P102", "P103", "P104", "P105", "P201", "P202", "C301", "C302",
                          "S401", "S402", "S403", "D501", "E601", "E602"}
    for code, (name, zh, en, fixable) in RULES.items():
        assert name and zh and en and isinstance(fixable, bool), code
    assert not RULES["P202"].fixable and not RULES["E601"].fixable and RULES["C301"].fixable
    assert unknown_codes(["P101", "X999", "p102"]) == ["X999"]


def test_every_code_in_findings_is_registered() -> None:
    text = '安 化縣發(fā)展,"好". 等等...--\u300a 2023年07月01日 一是甲\u3002三是乙 \u3000'
    found = lint_text(text)
    assert {f.code for f in found} <= set(RULES)
    assert len({f.code for f in found}) >= 9


def test_messages_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_LANG", "en")
    (f,) = lint_text("召开,会议")
    assert f.message.startswith("half-width")


def test_characters_outside_gb2312() -> None:
    text = "刘䶮同志和𠮷祥村的堃喆来信。"
    c303 = [f for f in lint_text(text) if f.code == "C303"]
    # consecutive characters are one finding
    assert [text[f.offset:f.end] for f in c303] == ["䶮", "𠮷", "堃喆"]
    assert all(f.after is None for f in c303)  # report only: the text stays as typed
    assert "䶮" in c303[0].message and "U+4DAE" in c303[0].message
    assert codes("——“引号”与·间隔号、℃、①都在 GB2312 中。") == []
    assert codes("刘䶮", script="traditional") == []
