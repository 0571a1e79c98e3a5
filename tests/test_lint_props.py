"""Properties every fix must keep, for any text (hypothesis)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin_cli.lint import fix_text, lint_text
from bulletin_cli.lint.chars import is_han
from bulletin_cli.lint.rules import _converter

HAN = "发展工作会议安化县全市强调着著卓一二三是的了縣會議專報發數據經濟隨氣溫區"
PUNCT = [",", ".", ";", ":", "?", "!", "(", ")", '"', "'", "...", "--", "-", " ", "  ", "\u3000",
         "\t", "\n", "\u3002", "\uff0c", "\u3001", "\u201c", "\u201d", "\u2018", "\u2019", "\u300a",
         "\u300b", "\u3010", "\u3011", "\u2026", "\u2014", "\uff08", "\uff09", "\uff1a"]
NUMBERS = ["16.38%", "1,000", "08:57", "3.5", "2023", "07", "0.5", "12:30", "1-6", "100"]
URLS = ["http://www.gov.cn/a,b?c=1;d:e", "https://example.com/x(1)", "www.anhua.gov.cn",
        "abc.def@example.com", "x_y@mail.hunan.gov.cn"]
LATIN = ["GDP", "PM2.5", "don't", "Word", "N", "e.g.", "WPS", "hello"]

piece = st.one_of(
    st.text(alphabet=HAN, min_size=1, max_size=6),
    st.sampled_from(PUNCT),
    st.sampled_from(NUMBERS),
    st.sampled_from(URLS),
    st.sampled_from(LATIN),
)
texts = st.lists(piece, max_size=25).map("".join)
# tokens must stand apart to be recognisable as tokens: a URL glued to a Latin word is another URL
separated = st.lists(
    st.tuples(st.text(alphabet=HAN, min_size=1, max_size=4), st.sampled_from(PUNCT[:12]),
              st.sampled_from(NUMBERS + URLS + LATIN)),
    max_size=8,
)

FAST = settings(max_examples=int(__import__("os").environ.get("LINT_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _simplified(ch: str) -> set[str]:
    return {ch, _converter("t2s").convert(ch), _converter("tw2s").convert(ch)}


@FAST
@given(texts)
def test_fix_is_idempotent(text: str) -> None:
    once = fix_text(text)
    assert fix_text(once) == once


@FAST
@given(texts)
def test_fixed_text_has_no_fixable_findings(text: str) -> None:
    assert [f for f in lint_text(fix_text(text)) if f.fixable] == []


@FAST
@given(texts)
def test_chinese_characters_change_only_by_opencc(text: str) -> None:
    before = [c for c in text if is_han(c)]
    after = [c for c in fix_text(text) if is_han(c)]
    assert len(after) == len(before)  # no character of content lost or added
    for a, b in zip(before, after):
        assert b in _simplified(a), (a, b)


@FAST
@given(texts)
def test_latin_letters_and_digits_kept(text: str) -> None:
    fixed = fix_text(text)
    keep = lambda s: re.sub(r"(?<![0-9])0(?=[1-9][月日号])", "", "".join(c for c in s if c.isascii() and c.isalnum()))  # noqa: E731
    assert keep(fixed) == keep(text)


@FAST
@given(separated)
def test_numbers_urls_and_latin_words_untouched(parts: list[tuple[str, str, str]]) -> None:
    text = "".join(f"{han}{p} {token} " for han, p, token in parts)
    fixed = fix_text(text)
    for _, _, token in parts:
        assert token in fixed, (token, fixed)


@FAST
@given(texts)
def test_findings_point_inside_the_text(text: str) -> None:
    lines = text.split("\n")
    for f in lint_text(text):
        assert 0 <= f.offset <= f.end <= len(text)
        assert 1 <= f.line <= len(lines) and 1 <= f.column <= len(lines[f.line - 1]) + 1


def _yaml_item(value: str, style: int) -> str:
    if style == 0:
        return '    - "' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'
    if style == 1:
        return "    - '" + value.replace("'", "''").replace("\n", "\n\n      ") + "'"
    lines = value.split("\n")
    return "    - |-\n" + "\n".join("      " + line if line.strip() else "" for line in lines)


@settings(max_examples=int(__import__("os").environ.get("LINT_EXAMPLES", "300")) // 2, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(texts, st.integers(0, 2)), min_size=1, max_size=4))
def test_fragment_fix_changes_exactly_the_values(items: list[tuple[str, int]]) -> None:
    import yaml

    from bulletin_cli.lint import fix_fragment
    from bulletin_cli.lint.fragment import text_nodes

    body = "\n".join(_yaml_item(v, s) for v, s in items)
    text = f"# 注释\nteam: 甲 # 单位\nsections:\n  动态:\n{body}\n"
    try:
        nodes = list(text_nodes(yaml.compose(text), text))
    except yaml.YAMLError:
        return  # the generator wrote something YAML rejects; not lint's business
    result = fix_fragment(text)
    new = [n.value for n in text_nodes(yaml.compose(result.text), result.text)]
    assert new == [fix_text(n.value) for n in nodes]
    assert result.text.startswith("# 注释\nteam: 甲 # 单位\nsections:\n  动态:\n")
    assert fix_fragment(result.text).text == result.text
