"""User-facing problems are values: raised deep, printed once at the CLI edge."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, already worded for the user."""

    file: str
    message: str
    line: int = 0  # 1-based; 0 when the whole file is meant
    column: int = 0  # 1-based
    severity: str = "error"  # or "warning"
    code: str = ""

    def location(self) -> str:
        loc = self.file
        if self.line:
            loc += f":{self.line}"
            if self.column:
                loc += f":{self.column}"
        return loc

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass
class BulletinError(Exception):
    """Invalid input: exit code 1. Carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def single(cls, file: str, message: str, line: int = 0, column: int = 0) -> BulletinError:
        return cls([Problem(file=file, message=message, line=line, column=column)])

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class UsageProblem(Exception):
    """Bad use of the command line: exit code 2."""
