"""The real bulletin as it arrived from the web comes out of `bulletin lint --fix` as the clean
seed text.

The test does what a clerk does with the pasted page: splits the one long line into columns
(at 【…】) and paragraphs, drops the web header (作者/发布时间) and the page furniture, puts each
unit's paragraphs into its fragment (the unit name goes to ``team:``, as the template has it) and
leaves every character as it came. All character changes are lint's.

About the comparison: shared/seed/anhua-2023-05.txt has lost its full-width , : ; ( ) — NFKC
normalisation somewhere on its way turned them into ASCII (its 。、“”《》【】 are intact, which NFKC
does not touch). So the fixed text is compared with the seed character for character except
that, at exactly those positions, the fixed text has the full-width form the seed was
normalised from; ``unicodedata.normalize("NFKC", fixed) == seed`` holds exactly.
"""

from __future__ import annotations

import collections
import re
import unicodedata
from pathlib import Path

import yaml

from bulletin_cli.lint import fix_text, lint_fragment_file, lint_text
from conftest import SEED
from test_lint_helpers import FULL

RAW = SEED / "anhua-2023-05.raw.txt"
CLEAN = SEED / "anhua-2023-05.txt"
EDITOR = "安化县人民政府办公室"
LEAD = re.compile(r"^([^,:\u3002]{4,40}?)(反映)?:")

# Fixes per rule on the seed (see the module docstring for how the seed is split). The numbers
# are reported to the team; a change in them means a rule changed behaviour.
EXPECTED_FIXES = {"C301": 637, "C302": 126, "P101": 154}


def clerk_split(raw: str) -> tuple[str, list[tuple[str, list[tuple[str, str]]]], str]:
    """(title line, [(column heading, [(lead, paragraph)])], footer line) as pasted, unchanged."""
    lines = raw.split("\n")
    title = re.sub(r"\(第\d+期\)$", "", lines[0])  # the issue number lives in issue.yaml
    assert lines[1].startswith("作者")  # web header: not part of the bulletin
    columns: list[tuple[str, list[tuple[str, str]]]] = []
    for token in lines[2].split(" "):
        if token.startswith("\u3010"):
            columns.append((token, []))
            continue
        m = LEAD.match(token)
        lead = token[: m.end()] if m else ""
        columns[-1][1].append((lead, token[len(lead):]))
    assert lines[4] == "|"
    return title, columns, lines[3]


def write_fragments(folder: Path, columns: list, series_teams: list[str]) -> dict[str, Path]:
    """One fragment per unit, in the styles clerks use (plain, quoted, block) and with a
    comment, so the fixer has to keep the file's layout."""
    by_team: dict[str, dict[str, list[str]]] = collections.OrderedDict()
    team = EDITOR
    for heading, paragraphs in columns:
        column = fix_text(heading)[1:-1]
        for lead, text in paragraphs:
            if lead:
                team = fix_text(lead.rstrip(":").removesuffix("反映"))
                assert team in series_teams, team
            elif column in ("会议精神", "重要事项"):
                team = EDITOR
            by_team.setdefault(team, collections.OrderedDict()).setdefault(column, []).append(text)
    files = {}
    for n, (team, sections) in enumerate(by_team.items()):
        out = [f"# {team} 报送(从网页复制)", f"team: {team}", "issue: 5", "sections:"]
        k = 0
        for column, texts in sections.items():
            out.append(f"  {column}:")
            for text in texts:
                style = k % 4
                k += 1
                if style == 1:
                    out.append('    - "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
                elif style == 2:
                    out.append("    - '" + text.replace("'", "''") + "'")
                elif style == 3:
                    out.append("    - |")
                    out.append("      " + text)
                else:
                    out.append("    - " + text + "  # 原文")
        path = folder / f"{n:02d}.yaml"
        path.write_text("\n".join(out) + "\n", encoding="utf-8")
        files[team] = path
    return files


def test_raw_seed_comes_out_clean(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    folder = ws / "issues" / "005" / "fragments"
    series = yaml.safe_load((ws / "bulletin.yaml").read_text(encoding="utf-8"))
    teams = [t["name"] for t in series["teams"]]
    title, columns, footer = clerk_split(RAW.read_text(encoding="utf-8"))
    files = write_fragments(folder, columns, teams)
    originals = {team: p.read_text(encoding="utf-8") for team, p in files.items()}

    # what lint reports before fixing, per rule
    counts: collections.Counter[str] = collections.Counter()
    for team, p in files.items():
        counts.update(f.code for f in lint_fragment_file(p.name, originals[team]))
    for raw_piece in [title, footer] + [h for h, _ in columns] + [lead for _, ps in columns for lead, _ in ps if lead]:
        counts.update(f.code for f in lint_text(raw_piece))

    result = cli("lint", "--fix", cwd=ws)
    assert result.exit_code == 0, result.output
    for team, p in files.items():
        kept = list((ws / ".bulletin" / "history" / "005").glob(f"*-before-fix-{p.name}"))
        assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == originals[team]
        fixed_file = p.read_text(encoding="utf-8")
        # comments and keys are kept; only values changed
        assert fixed_file.splitlines()[0] == originals[team].splitlines()[0]
        assert "# 原文" in fixed_file
    assert cli("lint", cwd=ws).exit_code == 0  # nothing left

    # assemble in the seed's layout from the fixed fragment values
    values = {team: yaml.safe_load(p.read_text(encoding="utf-8")) for team, p in files.items()}
    out = [fix_text(title), "第5期", f"{EDITOR} 2023年7月21日", ""]
    used: collections.Counter[tuple[str, str]] = collections.Counter()
    for heading, paragraphs in columns:
        column = fix_text(heading)[1:-1]
        if out[-1] != "":
            out.append("")
        out.append(fix_text(heading))
        team = EDITOR
        for lead, _raw_text in paragraphs:
            if lead:
                team = fix_text(lead.rstrip(":").removesuffix("反映"))
            text = values[team]["sections"][column][used[(team, column)]].strip()
            used[(team, column)] += 1
            out.append(fix_text(lead) + text)
    out += ["", fix_text(footer)]
    fixed = "\n".join(out) + "\n"
    seed = CLEAN.read_text(encoding="utf-8")

    assert unicodedata.normalize("NFKC", fixed) == seed
    assert len(fixed) == len(seed)
    damaged = collections.Counter((a, b) for a, b in zip(fixed, seed) if a != b)
    assert all(FULL[b] == a for a, b in damaged)  # only where the seed lost its full width
    assert sum(damaged.values()) == 154
    for paragraph in fixed.split("\n"):
        assert lint_text(paragraph) == [], paragraph

    print("fixes per rule on the seed:", dict(sorted(counts.items())))
    assert dict(counts) == EXPECTED_FIXES


def test_seed_without_cli_matches_too() -> None:
    """The pure API gives the same text (what add-section --fix stores)."""
    title, columns, footer = clerk_split(RAW.read_text(encoding="utf-8"))
    assert fix_text(title) == "安化县打好\u201c发展六仗\u201d工作专报"
    assert fix_text(footer) == "责任编辑\uff1a政务公开股"
    fixed = "\n".join(fix_text(lead + text) for _, ps in columns for lead, text in ps)
    seed_body = [l for l in CLEAN.read_text(encoding="utf-8").split("\n") if l and not l.startswith("\u3010")][3:-1]
    assert unicodedata.normalize("NFKC", fixed).split("\n") == seed_body
