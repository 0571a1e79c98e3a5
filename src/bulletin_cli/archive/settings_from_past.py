"""``bulletin init --from PAST``: a new series' bulletin.yaml read from one past issue.

What the issue shows is written as settings (masthead name, editing unit, mark, columns in
order with the lead each uses, units in order with the columns they wrote for, the tail). What
it cannot show is written as a commented line to fill in, and named in the summary.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BulletinError
from ..messages import tr
from .past_issue import PastIssue, interpret
from .yaml_text import scalar


@dataclass
class FoundSettings:
    text: str  # the bulletin.yaml to write
    past: PastIssue
    found: list[tuple[str, str]] = field(default_factory=list)  # (what, value) for the summary
    missing: list[str] = field(default_factory=list)  # what is left commented


def settings_from_document(path: Path) -> FoundSettings:
    from ._reading import read_document

    past = interpret(read_document(path))
    if not past.columns:
        raise BulletinError.single(
            str(path),
            tr("这看起来不是一期简报：没有找到单独一行的【栏目名称】，无法读出栏目。",
               "this does not look like a bulletin: no 【column】 heading on a line of its own."),
        )
    return settings_from_past(past)


def column_labels(past: PastIssue) -> list[tuple[str, str]]:
    """Columns in order, each with the lead most of its contributions use ("" for none). An
    ASCII colon in a lead is taken for the full-width one a Chinese bulletin means."""
    out: dict[str, Counter[str]] = {}
    for column in past.columns:
        counts = out.setdefault(column.name, Counter())
        counts.update(c.label.replace(":", "\uff1a") for c in column.contributions if c.label)
    return [(name, counts.most_common(1)[0][0] if counts else "") for name, counts in out.items()]


def team_columns(past: PastIssue) -> list[tuple[str, list[str]]]:
    teams: dict[str, list[str]] = {}
    for column in past.columns:
        for con in column.contributions:
            if con.team:
                cols = teams.setdefault(con.team, [])
                if column.name not in cols:
                    cols.append(column.name)
    return list(teams.items())


def settings_from_past(past: PastIssue) -> FoundSettings:
    result = FoundSettings("", past)
    found, missing = result.found, result.missing
    lines = [
        "# yaml-language-server: $schema=schemas/bulletin.schema.json",
        f"# 简报系列设置，由 bulletin init --from 从往期 {past.display} 读出。",
        "# 以“# ”开头、写着“待填写”的行是往期里看不出来的，请补上后去掉行首的“# ”；改好后运行“bulletin validate”检查。",
        "",
    ]

    def setting(key: str, value: str | None, what: str, comment: str, example: str) -> None:
        if value:
            lines.append(f"{key}: {scalar(value)}    # {comment}")
            found.append((what, value))
        else:
            lines.append(f"# {key}: {example}    # {comment}（待填写）")
            missing.append(what)

    setting("title", past.title, tr("报头名称", "masthead"), "报头名称", "某某县工作简报")
    setting("editor", past.editor, tr("编发单位", "editing unit"), "编发单位（报头左下方）", "某某县人民政府办公室")
    if past.mark:
        lines.append(f"mark: {scalar(past.mark)}    # 报头左上角标识")
        found.append((tr("左上角标识", "mark"), past.mark))
    else:
        lines.append("# mark: 内部资料 注意保存    # 报头左上角标识，往期没有；需要时填写")
    lines += ["", "sections:                           # 栏目，按印刷顺序"]
    labels = column_labels(past)
    for name, label in labels:
        if label:
            lines += [f"  - name: {scalar(name)}", f"    label: {scalar(label)}    # 每个单位内容前的引导语"]
        else:
            lines.append(f"  - {scalar(name)}")
    if labels:
        found.append((tr(f"栏目（{len(labels)}个）", f"columns ({len(labels)})"),
                      "、".join(f"{n}（{lab}）" if lab else n for n, lab in labels)))
    else:
        lines.append("  # - 工作动态    # 往期里没有【栏目】，待填写")
        missing.append(tr("栏目", "columns"))
    teams = team_columns(past)
    lines += ["", "teams:                              # 报送单位，按印刷顺序",
              "  # 不是每期都报送的单位，加一行“expected: false”（往期看不出来，待填写）"]
    for name, cols in teams:
        lines.append(f"  - name: {scalar(name)}")
        lines.append("    sections:")
        lines += [f"      - {scalar(c)}" for c in cols]
    if teams:
        found.append((tr(f"报送单位（{len(teams)}个）", f"units ({len(teams)})"), "、".join(n for n, _ in teams)))
    else:
        lines[-2] = "teams: []                           # 往期没有“单位：”开头的内容，待填写"
        missing.append(tr("报送单位", "units"))
    lines.append("")
    if past.distribution:
        lines.append("distribution:                       # 报尾，按顺序")
        lines += [f"  - {scalar(label)}: {scalar(to)}" for label, to in past.distribution]
        found.append((tr("分送", "distribution"), "；".join(f"{a}：{b}" for a, b in past.distribution)))
    else:
        lines += ["# distribution:                     # 报尾分送（报/送/发），往期没有；需要时填写",
                  "#   - 报: 市委办公室，市政府办公室。"]
        missing.append(tr("分送（报/送/发）", "distribution"))
    if past.copies:
        lines.append(f"copies: {past.copies}    # 共印N份")
        found.append((tr("印数", "copies"), str(past.copies)))
    else:
        lines.append("# copies: 80    # 共印N份，往期没有；需要时填写")
        missing.append(tr("印数", "copies"))
    setting("responsible_editor", past.responsible_editor, tr("责任编辑", "responsible editor"), "责任编辑", "综合股")
    if teams:
        missing.append(tr("不定期报送的单位（expected: false）", "optional units (expected: false)"))
    if past.title_color and past.title_color not in ("FF0000", "000000"):
        lines += ["", "layout:", f"  masthead_color: {past.title_color}    # 往期报头的颜色"]
    result.text = "\n".join(lines) + "\n"
    return result
