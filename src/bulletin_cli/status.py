"""Who has submitted what for an issue: the data behind `bulletin status`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .assemble import fragment_characters
from .workspace import IssueCheck


@dataclass
class TeamStatus:
    team: str
    expected: bool
    submitted: bool
    file: str | None
    characters: dict[str, int] = field(default_factory=dict)  # column → characters
    errors: int = 0
    warnings: int = 0

    @property
    def state(self) -> str:
        if self.submitted:
            return "error" if self.errors else "submitted"
        return "missing" if self.expected else "optional"


@dataclass
class IssueStatus:
    number: int
    date: str
    columns: list[str]
    teams: list[TeamStatus]
    empty_columns: list[str]
    problems: list[dict[str, object]]

    @property
    def missing(self) -> list[str]:
        return [t.team for t in self.teams if t.state == "missing"]

    def to_json(self) -> dict[str, object]:
        return {
            "issue": self.number,
            "date": self.date,
            "columns": self.columns,
            "missing": self.missing,
            "empty_columns": self.empty_columns,
            "teams": [{**asdict(t), "state": t.state} for t in self.teams],
            "problems": self.problems,
        }


def issue_status(check: IssueCheck) -> IssueStatus:
    series = check.series
    by_team = {f.fragment.team: f for f in check.fragments}
    errors_by_file: dict[str, int] = {}
    warnings_by_file: dict[str, int] = {}
    for p in check.problems:
        bucket = errors_by_file if p.severity == "error" else warnings_by_file
        bucket[p.file] = bucket.get(p.file, 0) + 1
    rows: list[TeamStatus] = []
    unreadable = {team: path for path, team in check.unreadable.items() if team}
    for name in series.team_names():
        spec = series.team(name)
        loaded = by_team.get(name)
        broken = unreadable.get(name) if loaded is None else None
        row = TeamStatus(
            team=name,
            expected=(spec.expected if spec else False),
            submitted=loaded is not None or broken is not None,
            file=loaded.path if loaded else broken,
        )
        if broken is not None:
            row.errors = errors_by_file.get(broken, 0) or 1
        if loaded is not None:
            row.characters = fragment_characters(loaded.fragment)
            row.errors = errors_by_file.get(loaded.path, 0)
            row.warnings = warnings_by_file.get(loaded.path, 0)
        rows.append(row)
    written = {c for f in check.fragments for c in f.fragment.sections}
    return IssueStatus(
        number=check.info.number,
        date=check.info.date.isoformat(),
        columns=series.section_names(),
        teams=rows,
        empty_columns=[c for c in series.section_names() if c not in written],
        problems=[
            {"file": p.file, "line": p.line, "column": p.column, "severity": p.severity, "message": p.message}
            for p in check.problems
        ],
    )

