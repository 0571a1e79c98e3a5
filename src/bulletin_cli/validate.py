"""Checks across files: is the unit known, the column known, the issue number current."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .assemble import LoadedFragment
from .errors import BulletinError, Problem
from .sources.yaml_reader import YamlDoc, load_model
from .messages import suggest, tr
from .model import Fragment, IssueInfo, Series, TitledItem

# Text a template carries until the unit fills it in.
PLACEHOLDER_MARK = "（请在这里填写"
# Every sample paragraph of the template (template.fragment_template), as printed there; any of
# them left anywhere in a submission is refused, with or without the mark.
TEMPLATE_SAMPLES = (
    "第一条内容，例如：7月12日，召开……会议。",
    "第二条内容。这一条有两段，这是第一段。",
    "这是第二段。",
)


def check_fragment(
    path: Path,
    series: Series,
    info: IssueInfo,
    *,
    display: str | None = None,
    lint: bool = True,
) -> tuple[LoadedFragment | None, list[Problem]]:
    """Read and check one submission. Structural problems raise BulletinError; problems with
    its content against the series are returned (errors and warnings) so all are reported."""
    fragment, doc = load_model(path, Fragment, max_size=series.max_file_size, display=display)
    problems = cross_check(fragment, doc, series, info)
    if lint:
        problems.extend(lint_warnings(doc, series))
    lines = {p: line for p, (line, _col) in doc.value_marks.items()}
    return LoadedFragment(fragment, doc.source.display, lines, doc.source.text), problems


def series_problems(series: Series, doc: YamlDoc) -> list[Problem]:
    """A unit's usual column that is not a column of the series: its template would offer it,
    and add-section would then refuse the unit's reply for the editor's typo."""
    names = series.section_names()
    problems = []
    for i, team in enumerate(series.teams):
        for j, name in enumerate(team.sections):
            if name not in names:
                problems.append(
                    doc.problem(
                        ("teams", i, "sections", j),
                        tr(
                            f"“{team.name}”的栏目“{name}”不是本简报的栏目（sections 里没有）。本简报的栏目有：{'、'.join(names)}。",
                            f"the column “{name}” of “{team.name}” is not a column of this series (not under "
                            f"sections). Columns: {', '.join(names)}.",
                        )
                        + suggest(name, names),
                    )
                )
    return problems


def cross_check(fragment: Fragment, doc: YamlDoc, series: Series, info: IssueInfo) -> list[Problem]:
    problems: list[Problem] = []
    teams = series.team_names()
    if fragment.team not in teams:
        problems.append(
            doc.problem(
                ("team",),
                tr(
                    f"“{fragment.team}”不在本简报的报送单位名单里（bulletin.yaml 的 teams）。",
                    f"“{fragment.team}” is not a unit of this series (teams in bulletin.yaml).",
                )
                + suggest(fragment.team, teams),
            )
        )
    if fragment.issue is not None and fragment.issue != info.number:
        older = fragment.issue < info.number
        problems.append(
            doc.problem(
                ("issue",),
                tr(
                    f"期号写的是第{fragment.issue}期，但当前是第{info.number}期"
                    + ("（可能是上一期的旧文件）。" if older else "。")
                    + "请核对后改正期号。",
                    f"the file is for issue {fragment.issue} but the current issue is {info.number}"
                    + (" (an old file?)." if older else "."),
                ),
            )
        )
    names = series.section_names()
    for name, items in fragment.sections.items():
        if name not in names:
            problems.append(
                doc.problem(
                    ("sections", name),
                    tr(
                        f"没有“{name}”这个栏目。本简报的栏目有：{'、'.join(names)}。",
                        f"there is no column “{name}”. Columns: {', '.join(names)}.",
                    )
                    + suggest(name, names),
                    at_key=True,
                )
            )
        for i, item in enumerate(items):
            texts = [item.title, item.text] if isinstance(item, TitledItem) else [item]
            sample = next((m for t in texts for m in (PLACEHOLDER_MARK, *TEMPLATE_SAMPLES) if m in t), None)
            if sample is not None:
                problems.append(_sample_problem(doc, ("sections", name, i), sample))
    return problems


def _sample_problem(doc: YamlDoc, path: tuple[str | int, ...], sample: str) -> Problem:
    """Point at the line of the sample itself (an item may span many lines)."""
    line, col = doc.where(path)
    lines = doc.source.text.split("\n")
    for k in range(max(line - 1, 0), len(lines)):
        at = lines[k].find(sample)
        if at >= 0:
            line, col = k + 1, at + 1
            break
    return Problem(
        doc.source.display,
        tr(
            f"这里还是模板里的示例文字（“{sample}”），请换成实际内容，或删掉它。",
            f"this is still the template's sample text (“{sample}”); replace or delete it.",
        ),
        line,
        col,
    )


def lint_warnings(doc: YamlDoc, series: Series) -> list[Problem]:
    """Typographic findings as warnings."""
    from .lint import lint_fragment_file

    findings = lint_fragment_file(
        doc.source.display,
        doc.source.text,
        script=series.script,
        disabled=tuple(series.lint.disabled),
        root=doc.node,
    )
    return [
        Problem(doc.source.display, f"{f.code} {f.message}", f.line, f.column, "warning", f.code)
        for f in findings
    ]


def check_unique_teams(fragments: Sequence[LoadedFragment]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for f in fragments:
        team = f.fragment.team
        if team in seen:
            problems.append(
                Problem(
                    f.path,
                    tr(
                        f"“{team}”已经有一份报送（{seen[team]}），同一单位每期只能有一份。",
                        f"“{team}” already has a submission ({seen[team]}); one per unit per issue.",
                    ),
                    f.line_of("team"),
                )
            )
        else:
            seen[team] = f.path
    return problems


def raise_if_errors(problems: Sequence[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BulletinError(list(errors))
