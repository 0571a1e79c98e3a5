"""Fill-in fragments for units, and the commented settings file for a new workspace."""

from __future__ import annotations

from pathlib import Path

from .errors import BulletinError
from .fsutil import atomic_write_text
from .messages import tr
from .model import IssueInfo, Series
from .validate import PLACEHOLDER_MARK, TEMPLATE_SAMPLES


def schema_beside(output: Path) -> Path:
    """Where a template sent out carries its schema: ``经济增长.yaml`` → ``经济增长.schema.json``,
    so the unit saves the two side by side and the `$schema` line finds it wherever they go."""
    return output.with_name(output.stem + ".schema.json")


def usual_columns(series: Series, team: str) -> list[str]:
    """The columns a unit's template offers: its usual ones, else every labelled column."""
    spec = series.team(team)
    columns = list(spec.sections) if spec and spec.sections else []
    if not columns:
        columns = [s.name for s in series.sections if s.label] or [series.sections[0].name]
    return columns


def refuse_folder(output: Path, example: str) -> None:
    """``-o`` names a folder (``-o ''`` is the current one) where a file name is needed."""
    if output.is_dir():
        raise BulletinError.single(
            str(output),
            tr(
                f"这是一个文件夹。请在 -o 后写文件名，如 -o {output / example}。",
                f"this is a folder; give -o a file name, such as {output / example}.",
            ),
        )


def write_template(output: Path, series: Series, info: IssueInfo, team: str) -> Path:
    """Write a template and, beside it, the series' fragment schema it names relatively (never
    the editor's own path). Refuses to overwrite the template, or a schema this tool did not
    write; checks both before writing either. Returns the schema's path."""
    from .schema import is_ours, schema_text

    refuse_folder(output, "经济增长.yaml")  # also -o '' (no name to put a schema beside)
    if output.exists():
        raise BulletinError.single(str(output), tr("文件已存在，不会覆盖。", "file exists; not overwritten."))
    schema = schema_beside(output)
    if schema.exists() and not is_ours(schema.read_text(encoding="utf-8", errors="replace")):
        raise BulletinError.single(
            str(schema),
            tr("已有同名文件，不是 bulletin 生成的 schema，不会覆盖。请换一个 -o 文件名。", "a file of this name exists and is not a bulletin schema; choose another -o name."),
        )
    atomic_write_text(schema, schema_text("fragment", series))
    atomic_write_text(output, fragment_template(series, info, team, schema.name))
    return schema


def fragment_template(series: Series, info: IssueInfo, team: str, schema_ref: str | None) -> str:
    """A fragment a unit can fill in: keys and comments in Chinese, the columns it usually
    writes for. The sample text is refused by validation if sent back unchanged. Without
    ``schema_ref`` (printed to the screen, saved who knows where) no `$schema` line."""
    columns = usual_columns(series, team)
    other = [s.name for s in series.sections if s.name not in columns]
    lines = [f"# yaml-language-server: $schema={schema_ref}"] if schema_ref else []
    lines += [
        f"# 《{series.title}》第{info.number}期 报送材料",
        f"# 报送单位：{team}",
        "#",
        "# 填写说明：",
        "#   1. 只改“- ”后面的文字，不要改动“专班:”“期号:”“栏目:”等字段名（和后面的英文冒号）和前面的空格。",
        "#   2. 每一条以“- ”开头；一条里要分几段时，用“- |”另起一行，段与段之间空一行。",
        "#   3. 文字里的标点请用中文全角标点（，。：；“”）。",
        "#   4. 没有内容的栏目整段删掉即可。",
    ]
    if other:
        lines.append(f"#   5. 其他栏目（如需要可照样添加）：{'、'.join(other)}。")
    lines += [
        "",
        f"专班: {team}",
        f"期号: {info.number}",
        "栏目:",
    ]
    for name in columns:
        lines += [
            f"  {name}:",
            f"    - {PLACEHOLDER_MARK}{TEMPLATE_SAMPLES[0]}）",
            "    - |",
            f"      {PLACEHOLDER_MARK}{TEMPLATE_SAMPLES[1]}）",
            "",
            f"      {TEMPLATE_SAMPLES[2]}",
        ]
    return "\n".join(lines) + "\n"


SERIES_TEMPLATE = """\
# yaml-language-server: $schema=schemas/bulletin.schema.json
# 简报系列设置。改好以后运行“bulletin validate”检查。

title: 某某县工作简报              # 报头名称（红色大字）
editor: 某某县人民政府办公室        # 编发单位（报头左下方）
# mark: 内部资料 注意保存           # 报头左上角标识，需要时填写

sections:                           # 栏目，按印刷顺序
  - 会议精神                        # 只写名称：内容前不加单位名
  - name: 工作动态
    label: "{team}："               # 每个单位内容前的引导语，{team} 代表单位名称
  - name: 情况反映
    label: "{team}反映："

teams:                              # 报送单位，按印刷顺序
  - name: 第一工作专班
    sections: [工作动态]            # 常报栏目（发模板时用）
  - name: 第二工作专班
    sections: [工作动态, 情况反映]
  - name: 某某乡镇
    expected: false                 # 不是每期都报送，不算缺报

distribution:                       # 报尾，按顺序
  - 报: 市委办公室，市政府办公室。
  - 送: 县委各位常委，县人大常委会、县政协主要领导。
  - 发: 各乡镇人民政府，县直各单位。
copies: 80                          # 共印N份
responsible_editor: 综合股          # 责任编辑

# script: simplified                # 用字：simplified 简体 / traditional 繁体
# max_file_size: 1000000            # 报送文件大小上限（字节）
# layout:                           # 版式（默认即国标 GB/T 9704-2012，一般不用改）
#   masthead_color: FF0000          # 报头红色
#   lines_per_page: 22
#   chars_per_line: 28
# lint:
#   disabled: []                    # 关闭的排版检查规则代码
"""
