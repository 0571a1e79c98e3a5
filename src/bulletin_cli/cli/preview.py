"""`bulletin preview`: the issue on the terminal as it will be printed.

Parses options, reads the workspace, prints ``render.terminal.IssuePreview``. No python-docx is
imported on this path (tests/test_preview_cli.py checks it): a preview must start at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.pager import Pager

from ..errors import BulletinError, Problem
from ..messages import tr
from .app import IssueOpt, WorkspaceOpt, app, handles_errors, open_workspace, print_problems, stderr

if TYPE_CHECKING:
    from ..workspace import IssueCheck, Workspace

EXAMPLES = tr("示例", "Examples")


@app.command(
    "preview",
    help=tr(
        "在终端里预览本期版面：报头、按语、栏目、报尾，按 Word 文档的分页标出“—— 第2页 ——”，"
        "并列出未报送的单位、空栏目和有提醒的材料。有问题的行在左侧标 !。\n\n"
        f"{EXAMPLES}:\n\n  bulletin preview\n\n  bulletin preview --issue 5 --no-pager\n\n"
        "  bulletin preview --fragment 收到的材料.yaml   （收录前先看看排进去的样子）",
        "Preview the issue on the terminal as it will be printed: masthead, note, columns, tail, "
        "the .docx's page breaks, and a summary of missing units, empty columns and warnings.\n\n"
        f"{EXAMPLES}:\n\n  bulletin preview\n\n  bulletin preview --fragment incoming.yaml",
    ),
)
@handles_errors
def preview(
    workspace: WorkspaceOpt = None,
    issue: IssueOpt = None,
    width: Annotated[
        int | None,
        typer.Option(
            "--width",
            min=20,
            max=400,
            help=tr("输出宽度（字符格数，默认：终端宽度）", "output width in cells (default: the terminal's)"),
            show_default=False,
        ),
    ] = None,
    no_pager: Annotated[
        bool,
        typer.Option("--no-pager", help=tr("不用分页器，直接输出", "print directly, without the pager")),
    ] = False,
    fragment: Annotated[
        Path | None,
        typer.Option(
            "--fragment",
            "-f",
            help=tr(
                "试排：把这份尚未收录的报送材料加进本期预览（左侧标 +），不改动任何文件",
                "preview this submission as if it were added (marked + on the left); nothing is written",
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    from ..lint import shared_results  # not at the top: keeps --help fast

    ws = open_workspace(workspace)
    shared = shared_results()  # a text linted in both passes below is checked once
    with shared:
        check = ws.check_issue(issue)
    marked = None
    if fragment is not None:
        with shared:
            marked = add_trial_fragment(ws, check, fragment)
    errors = check.errors
    if errors:
        # Show the page anyway (as a draft): the editor wants to see it while fixing files.
        print_problems(errors)
    assembled = check.assembled(draft=bool(errors))

    from ..render.terminal import IssuePreview, lint_warnings  # after parsing: keeps --help fast
    from ..workspace import ISSUE_FILE

    series = ws.series
    # A second lint pass on purpose: check_issue lints each fragment's YAML values (a whole
    # item, so E601 sees "一是…" and "三是…" in two paragraphs of it), the marks need findings
    # per printed paragraph; one cannot stand in for the other (tests/test_adversarial_more.py).
    # A paragraph that is a whole value (the usual case) reuses that value's findings.
    with shared:
        warnings = lint_warnings(assembled, script=series.script, disabled=series.lint.disabled)
    console = preview_console(width)
    # the view reports the 按语's findings itself (as 按语): not a second time as issue.yaml's
    note_file = ws.rel(check.folder / ISSUE_FILE)
    problems = [p for p in check.problems if not (p.file == note_file and p.severity == "warning" and p.code)]
    view = IssuePreview(assembled, width, warnings, marked=marked, problems=problems)
    use_pager = (
        not no_pager
        and console.is_terminal
        and sys.stdin.isatty()
        and view.height(console.width) > console.height
    )
    # crop=False: every line of the view is already cut to the console's width (IssuePreview
    # does it), so rich's second pass measuring every line again would change nothing. Only a
    # one-cell console is narrower than the summary's frame (two cells): rich cuts that one.
    crop = console.width < 2
    if use_pager:
        with console.pager(pager=LessPager(), styles=sys.platform != "win32"):
            console.print(view, crop=crop)
    else:
        console.print(view, crop=crop)
    if errors:
        raise typer.Exit(1)


def add_trial_fragment(ws: Workspace, check: IssueCheck, path: Path) -> str:
    """Put ``path`` into the checked issue as ``add-section --replace`` would (one submission
    per unit: it takes the place of the unit's earlier one), without writing anything.
    Returns the source name its paragraphs carry, for the marks."""
    from ..validate import check_fragment

    if not path.is_file():
        raise BulletinError.single(str(path), tr("找不到这个文件。", "no such file."))
    shown = str(path)
    loaded, problems = check_fragment(path, check.series, check.info, display=shown)
    hard = [p for p in problems if p.severity == "error"]
    if hard or loaded is None:
        raise BulletinError(hard or [Problem(shown, tr("无法读取。", "cannot be read."))])
    team = loaded.fragment.team
    target = path.resolve()
    kept = []
    replaced = []
    for f in check.fragments:
        if f.fragment.team == team or _same_file(ws.root / f.path, target) or _same_file(Path(f.path), target):
            replaced.append(f.path)
        else:
            kept.append(f)
    # forget what the replaced files said; the trial file speaks for the unit now
    check.problems = [p for p in check.problems if p.file not in replaced] + problems
    check.fragments = kept + [loaded]
    if replaced:
        stderr().print(
            tr(
                f"试排：{shown} 代替 {'、'.join(replaced)}（同一单位每期一份）。",
                f"trial: {shown} takes the place of {', '.join(replaced)} (one per unit per issue).",
            )
        )
    return loaded.path


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b
    except OSError:
        return False


def preview_console(width: int | None) -> Console:
    """Colours on a terminal; plain text when piped or when NO_COLOR is set (no escape codes
    at all, not even bold)."""
    plain = bool(os.environ.get("NO_COLOR")) or not sys.stdout.isatty()
    return Console(
        highlight=False,
        width=width,
        color_system=None if plain else "auto",
        emoji=False,
    )


class LessPager(Pager):
    """$PAGER or ``less``, told to pass colours through (-R) and to quit when the text fits
    (-F). pydoc's default runs ``less`` without -R, which shows escape codes as ``ESC[1m``.

    A pager that cannot run (``PAGER=nonexistent``, a typo, ``false``) must not swallow the
    preview: when it exits with an error the text is printed plainly, with a note why."""

    def show(self, content: str) -> None:
        from ..platform_support import pager_command

        command = pager_command()  # $PAGER, else less; None without either (or on Windows)
        if not command:
            # No usable pager: print the text as it is. pydoc's fallback (SystemPager) would
            # page it with its own "-- more --" prompt that leaves blank lines on the screen.
            sys.stdout.write(content)
            sys.stdout.flush()
            return
        import shlex

        env = dict(os.environ)
        try:
            program = shlex.split(command)[0] if command.strip() else ""
        except ValueError:
            program = command
        if os.path.basename(program) == "less":
            less = env.get("LESS", "")
            env["LESS"] = (less + " -R") if less else "-FRX"
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        try:
            proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
        except OSError:
            self._plain(content, command, None)
            return
        try:
            assert proc.stdin is not None
            with proc.stdin as pipe:
                pipe.write(content.encode(encoding, errors="replace"))
        except (BrokenPipeError, OSError):
            pass  # the reader quit the pager early, or it never started reading
        while True:
            try:
                proc.wait()
                break
            except KeyboardInterrupt:  # less handles Ctrl-C itself; wait for it
                pass
        if proc.returncode and proc.returncode > 0:
            self._plain(content, command, proc.returncode)

    @staticmethod
    def _plain(content: str, command: str, code: int | None) -> None:
        why = tr(f"（退出码 {code}）", f" (exit code {code})") if code is not None else ""
        stderr().print(
            tr(
                f"分页器“{escape(command)}”无法运行{why}，直接输出预览。可以检查 PAGER 环境变量，或加 --no-pager。",
                f"the pager “{escape(command)}” failed{why}; printing the preview directly. Check PAGER, or use --no-pager.",
            )
        )
        sys.stdout.write(content)
        sys.stdout.flush()
