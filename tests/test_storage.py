"""Storage and recoverability through the real CLI: the history, unique and safe file names,
broken fragments, atomic `new`, strays in fragments/, withdraw, delete-issue, re-running
intake on a whole inbox, and lint --fix backups (issues 11 and 12)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import snapshot

ECONOMY = "打好经济增长主动仗工作专班"
SAFETY = "打好安全生产翻身仗工作专班"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def version(i: int, team: str = ECONOMY) -> str:
    return f"专班: {team}\n期号: 5\n栏目:\n  专班动态:\n    - 7月12日，专班召开第{i}次调度会。\n"


def fragments(ws: Path) -> Path:
    return ws / "issues" / "005" / "fragments"


def kept(ws: Path, number: int = 5) -> list[Path]:
    folder = ws / ".bulletin" / "history" / f"{number:03d}"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def recoverable(ws: Path) -> set[str]:
    """Every text the workspace holds for issue 5: current fragments and the history."""
    texts = {p.read_text(encoding="utf-8") for p in fragments(ws).glob("*.yaml")}
    return texts | {p.read_text(encoding="utf-8") for p in kept(ws)}


def add_teams(ws: Path, *names: str) -> None:
    """Units with awkward names, appended to the example's settings."""
    settings = ws / "bulletin.yaml"
    text = settings.read_text(encoding="utf-8")
    extra = "".join(f"  - name: '{n}'\n    expected: false\n    sections: [专班动态]\n" for n in names)
    settings.write_text(text.replace("\nresponsible_editor:", "\n" + extra + "\nresponsible_editor:", 1), encoding="utf-8")


# ------------------------------------------------------------------ the history


def test_twenty_replacements_in_a_row_keep_every_version(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    ws = empty_issue_ws
    sent = []
    for i in range(20):
        text = version(i)
        src = write(tmp_path / f"v{i}.yaml", text)
        r = cli("add-section", *(["--replace"] if i else []), src, cwd=ws)
        assert r.exit_code == 0, r.output
        sent.append(text)
    assert (fragments(ws) / f"{ECONOMY}.yaml").read_text(encoding="utf-8") == sent[-1]
    history = kept(ws)
    assert len(history) == 19 and len({p.name for p in history}) == 19
    assert {p.read_text(encoding="utf-8") for p in history} == set(sent[:-1])
    assert list(fragments(ws).iterdir()) == [fragments(ws) / f"{ECONOMY}.yaml"]  # nothing else beside it
    r = cli("history", cwd=ws)
    assert r.exit_code == 0 and r.stdout.count("被新版本替换") == 19 and "共 19 个旧版本" in r.stdout
    # any version comes back with add-section --replace
    r = cli("add-section", "--replace", history[0], cwd=ws)
    assert r.exit_code == 0, r.output
    assert (fragments(ws) / f"{ECONOMY}.yaml").read_text(encoding="utf-8") == sent[0]
    assert sent[-1] in recoverable(ws)
    assert cli("validate", cwd=ws).exit_code == 0


def test_replacement_message_names_the_kept_copy(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    assert cli("add-section", write(tmp_path / "a.yaml", version(1)), cwd=empty_issue_ws).exit_code == 0
    r = cli("add-section", "--replace", write(tmp_path / "b.yaml", version(2)), cwd=empty_issue_ws)
    assert r.exit_code == 0, r.output
    assert "旧版本保存在 .bulletin/history/005/" in r.stdout


# ------------------------------------------------------------------ file names


@pytest.mark.parametrize(
    "first,second",
    [("经开区/高新区", "经开区_高新区"), (".", ".."), ("CON", "con"), ("A" * 300, "A" * 299 + "B"), ("园区.", "园区"), ("~园区", "_园区")],
)
def test_units_whose_names_sanitise_alike_never_displace_each_other(
    cli, empty_issue_ws: Path, tmp_path: Path, first: str, second: str
) -> None:
    ws = empty_issue_ws
    add_teams(ws, first, second)
    a = write(tmp_path / "a.yaml", version(1).replace(ECONOMY, f"'{first}'"))
    b = write(tmp_path / "b.yaml", version(2).replace(ECONOMY, f"'{second}'"))
    assert cli("add-section", a, cwd=ws).exit_code == 0
    r = cli("add-section", b, cwd=ws)
    assert r.exit_code == 0 and "已收入" in r.stdout, r.output
    names = [p.name for p in fragments(ws).iterdir()]
    assert len(names) == 2 and len({n.casefold() for n in names}) == 2
    for name in names:
        assert len(name.encode("utf-8")) <= 255 and not name.startswith(".") and not name.endswith((".", " "))
        assert name.split(".")[0].split("-")[0].upper() not in {"CON", "NUL", "PRN", "AUX"} or "-" in name
    r = cli("status", "--json", cwd=ws)
    import json

    teams = {t["team"]: t["state"] for t in json.loads(r.stdout)["teams"]}
    assert teams[first] == "submitted" and teams[second] == "submitted"
    assert cli("validate", cwd=ws).exit_code == 0


def test_reserved_windows_names_get_a_safe_file_name(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    ws = empty_issue_ws
    add_teams(ws, "NUL", "COM1", "a:b*c?")
    for i, team in enumerate(["NUL", "COM1", "a:b*c?"]):
        r = cli("add-section", write(tmp_path / f"{i}.yaml", version(i).replace(ECONOMY, f"'{team}'")), cwd=ws)
        assert r.exit_code == 0, r.output
    names = sorted(p.name for p in fragments(ws).iterdir())
    assert all(n.split(".")[0].upper() not in {"NUL", "COM1"} for n in names), names
    assert not any(c in n for n in names for c in ':*?"<>|\\'), names


def test_a_file_holding_another_units_name_is_not_replaced(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    """The unit of a stored fragment is what its team: says, not its file name."""
    ws = empty_issue_ws
    squatter = write(fragments(ws) / f"{ECONOMY}.yaml", version(1, SAFETY))
    r = cli("add-section", write(tmp_path / "e.yaml", version(2)), cwd=ws)
    assert r.exit_code == 0, r.output
    assert squatter.read_text(encoding="utf-8") == version(1, SAFETY)
    assert len(list(fragments(ws).glob("*.yaml"))) == 2


def test_a_broken_fragment_is_not_replaced_without_replace(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    ws = empty_issue_ws
    broken = write(fragments(ws) / "经济增长.yaml", f"专班: {ECONOMY}\n期号: 5\n栏目: [坏\n")
    before = snapshot(ws)
    r = cli("add-section", write(tmp_path / "new.yaml", version(3)), cwd=ws)
    assert r.exit_code == 1
    assert "--replace" in r.stderr and "这份旧材料有错误" in r.stderr
    assert snapshot(ws) == before
    r = cli("add-section", "--replace", tmp_path / "new.yaml", cwd=ws)
    assert r.exit_code == 0, r.output
    assert broken.read_text(encoding="utf-8") == version(3)  # took the broken one's place
    assert [p.read_text(encoding="utf-8") for p in kept(ws)] == [f"专班: {ECONOMY}\n期号: 5\n栏目: [坏\n"]


# ------------------------------------------------------------------ new, atomic


def test_half_made_issue_folder_new_and_validate_agree(cli, example_ws: Path) -> None:
    ws = example_ws
    (ws / "issues" / "006" / "fragments").mkdir(parents=True)  # what a crash of an old version left
    r = cli("validate", "--issue", "6", cwd=ws)
    assert r.exit_code == 1 and "缺少 issue.yaml" in r.stderr and "bulletin new --number 6" in r.stderr
    r = cli("new", cwd=ws)
    assert r.exit_code == 0 and "第6期" in r.stdout, r.output
    assert cli("validate", "--issue", "6", cwd=ws).exit_code == 0


def test_half_made_issue_with_files_is_not_cleaned(cli, example_ws: Path) -> None:
    ws = example_ws
    write(ws / "issues" / "006" / "fragments" / "x.yaml", version(1))
    r = cli("new", cwd=ws)
    assert r.exit_code == 1 and "已经存在" in r.stderr
    r = cli("validate", "--issue", "6", cwd=ws)
    assert r.exit_code == 1 and "delete-issue 6 --force" in r.stderr
    assert (ws / "issues" / "006" / "fragments" / "x.yaml").is_file()


def test_leftover_of_an_interrupted_new_is_reported_then_cleaned(cli, example_ws: Path) -> None:
    ws = example_ws
    (ws / "issues" / ".new-006-deadbeef" / "fragments").mkdir(parents=True)
    tmp = write(fragments(ws) / f".{ECONOMY}.yaml.abcd1234.tmp", "half")
    r = cli("validate", cwd=ws)
    assert r.exit_code == 0 and ".new-006-deadbeef" in r.stderr and "临时文件" in r.stderr
    assert "half" not in r.output
    assert cli("new", cwd=ws).exit_code == 0
    assert not (ws / "issues" / ".new-006-deadbeef").exists() and not tmp.exists()
    assert cli("validate", "--issue", "5", cwd=ws).stderr == ""


# ------------------------------------------------------------------ strays


def test_everything_in_fragments_that_is_not_a_submission_is_reported(cli, example_ws: Path, tmp_path: Path) -> None:
    ws = example_ws
    folder = fragments(ws)
    secret = write(tmp_path / "outside" / "shadow", "root:SECRET-HASH:19000:0:99999:7:::\n")
    write(folder / "经济增长-补充.txt", "SECRET-TXT 手工放进来的")
    (folder / "报送.docx").write_bytes(b"PK\x03\x04 SECRET-DOCX")
    write(folder / f"{ECONOMY}.yaml~", "SECRET-BACKUP")
    (folder / "旧材料").mkdir()
    os.mkfifo(folder / "管道.yaml")
    os.symlink(tmp_path / "missing.yaml", folder / "断链.yaml")
    os.symlink(secret, folder / "外部.yaml")
    for command in ("validate", "status"):
        r = cli(command, cwd=ws)
        for name in ("经济增长-补充.txt", "报送.docx", f"{ECONOMY}.yaml~", "旧材料", "管道.yaml", "断链.yaml", "外部.yaml"):
            assert name in r.output, (command, name, r.output)
        assert "SECRET" not in r.output
    r = cli("validate", cwd=ws)
    assert r.exit_code == 1  # a link or a pipe named .yaml looks like a submission but is not one
    assert "工作目录之外" in r.stderr and "指向不存在文件" in r.stderr and "管道" in r.stderr
    assert "fragments/经济增长-补充.txt: 提醒" in r.stderr
    for command in ("lint", "preview", "export --draft -o out.docx"):
        r = cli(*command.split(), cwd=ws)
        assert "SECRET" not in r.output, command


# ------------------------------------------------------------------ withdraw, delete-issue


def test_withdraw_says_what_and_keeps_it(cli, example_ws: Path, tmp_path: Path) -> None:
    ws = example_ws
    original = (fragments(ws) / f"{SAFETY}.yaml").read_text(encoding="utf-8")
    r = withdrawn = cli("withdraw", "--team", SAFETY, cwd=ws)
    assert r.exit_code == 0, r.output
    assert "已撤下" in r.stdout and "专班动态、情况反映" in r.stdout and "字" in r.stdout
    assert not (fragments(ws) / f"{SAFETY}.yaml").exists()
    r = cli("status", "--json", cwd=ws)
    assert SAFETY in r.stdout and '"missing": [\n    "打好安全生产翻身仗工作专班"' in r.stdout
    copies = [p for p in kept(ws) if "-withdrawn-" in p.name]
    assert len(copies) == 1 and copies[0].read_text(encoding="utf-8") == original
    assert "撤下" in cli("history", "--team", SAFETY, cwd=ws).stdout
    # re-running the inbox does not bring it back by accident ...
    r = cli("add-section", copies[0], cwd=ws)
    assert r.exit_code == 0 and "曾被撤下" in r.stdout and "--replace" in r.stdout
    assert not (fragments(ws) / f"{SAFETY}.yaml").exists()
    # ... the message says how to restore, and that works
    assert f"bulletin add-section --replace --issue 5 {copies[0].relative_to(ws)}" in withdrawn.stdout
    assert cli("add-section", "--replace", copies[0], cwd=ws).exit_code == 0
    assert (fragments(ws) / f"{SAFETY}.yaml").read_text(encoding="utf-8") == original
    r = cli("withdraw", "--team", "打好安全生产翻身仗专班", cwd=ws)
    assert r.exit_code == 1 and "您是不是要写“打好安全生产翻身仗工作专班”" in r.stderr
    r = cli("withdraw", "--team", "不存在的专班", cwd=ws)
    assert r.exit_code == 1 and "没有“不存在的专班”的材料" in r.stderr


def test_withdraw_a_broken_fragment(cli, empty_issue_ws: Path) -> None:
    ws = empty_issue_ws
    write(fragments(ws) / "x.yaml", f"专班: {ECONOMY}\n栏目: [坏\n")
    r = cli("withdraw", "--team", ECONOMY, cwd=ws)
    assert r.exit_code == 0 and "有错误" in r.stdout, r.output
    assert not list(fragments(ws).iterdir()) and len(kept(ws)) == 1


def test_delete_issue(cli, example_ws: Path) -> None:
    ws = example_ws
    assert cli("new", cwd=ws).exit_code == 0
    before = snapshot(ws / "issues" / "005")
    r = cli("delete-issue", "5", cwd=ws)
    assert r.exit_code == 1 and "8 份报送材料" in r.stderr and "--force" in r.stderr
    assert snapshot(ws / "issues" / "005") == before
    r = cli("delete-issue", "6", cwd=ws)
    assert r.exit_code == 0 and "已删除" in r.stdout, r.output
    assert not (ws / "issues" / "006").exists()
    r = cli("delete-issue", "5", "--force", cwd=ws)
    assert r.exit_code == 0 and "8 份报送材料" in r.stdout
    deleted = sorted((ws / ".bulletin" / "history" / "deleted").iterdir())
    assert [p.name[:4] for p in deleted] == ["005-", "006-"]
    assert snapshot(deleted[0]) == before
    r = cli("delete-issue", "9", cwd=ws)
    assert r.exit_code == 1 and "没有第9期" in r.stderr
    # restore by moving it back
    shutil.move(deleted[0], ws / "issues" / "005")
    assert cli("validate", cwd=ws).exit_code == 0


# ------------------------------------------------------------------ the whole inbox, twice


def test_rerunning_intake_on_the_whole_inbox(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    ws = empty_issue_ws
    inbox = sorted((ws.parent / "inbox").glob("*.yaml"))
    assert cli("add-section", *inbox, cwd=ws).exit_code == 0
    before = snapshot(ws)
    r = cli("add-section", *inbox, cwd=ws)
    assert r.exit_code == 0, r.output
    assert r.stdout.count("跳过") == len(inbox) and "内容相同" in r.stdout
    assert snapshot(ws) == before
    # a corrected file from a unit that already submitted still needs --replace
    corrected = write(ws.parent / "inbox" / "经济增长-更正.yaml", version(9))
    r = cli("add-section", *inbox, corrected, cwd=ws)
    assert r.exit_code == 1 and "--replace" in r.stderr
    assert snapshot(ws) == before
    assert cli("add-section", "--replace", corrected, cwd=ws).exit_code == 0
    # now the inbox holds the old and the new version of that unit: the old one is skipped
    r = cli("add-section", *inbox, corrected, cwd=ws)
    assert r.exit_code == 0, r.output
    assert "较早的一版" in r.stdout and r.stdout.count("跳过") == len(inbox) + 1


# ------------------------------------------------------------------ lint --fix


def test_lint_fix_keeps_backups_out_of_fragments_and_replace_offers_the_fixes_again(
    cli, empty_issue_ws: Path, tmp_path: Path
) -> None:
    ws = empty_issue_ws
    raw = version(1).replace("7月12日，专班召开第1次调度会。", "7月12日,专班召开调度会.")
    assert cli("add-section", write(tmp_path / "raw.yaml", raw), cwd=ws).exit_code == 0
    r = cli("lint", "--fix", cwd=ws)
    assert r.exit_code == 0, r.output
    assert [p.name for p in fragments(ws).iterdir()] == [f"{ECONOMY}.yaml"]
    assert "原文件另存为 .bulletin/history/005/" in r.stdout
    assert [p.read_text(encoding="utf-8") for p in kept(ws)] == [raw]
    assert cli("validate", cwd=ws).exit_code == 0
    # the same raw file again: already received (it is the text before the fix)
    r = cli("add-section", tmp_path / "raw.yaml", cwd=ws)
    assert r.exit_code == 0 and "改正排版前的原文相同" in r.stdout, r.output
    # a correction with the same kind of problems: the fixes are offered again
    again = write(tmp_path / "again.yaml", raw.replace("调度会.", "调度会,部署工作."))
    r = cli("add-section", "--replace", again, cwd=ws)
    assert r.exit_code == 0, r.output
    assert "P101" in r.stdout and "lint --fix 改正过" in r.stdout and "--replace --fix" in r.stdout
    r = cli("lint", "--fix", cwd=ws)
    assert r.exit_code == 0 and "部署工作。" in (fragments(ws) / f"{ECONOMY}.yaml").read_text(encoding="utf-8")
    assert {raw, again.read_text(encoding="utf-8")} <= recoverable(ws)


def test_without_hard_links_the_history_is_a_copy(cli, empty_issue_ws: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some SMB/FAT shares have no hard links: the old version is copied instead."""
    import errno

    def no_links(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    ws = empty_issue_ws
    assert cli("add-section", write(tmp_path / "a.yaml", version(1)), cwd=ws).exit_code == 0
    monkeypatch.setattr(os, "link", no_links)
    for i in (2, 3):
        assert cli("add-section", "--replace", write(tmp_path / f"{i}.yaml", version(i)), cwd=ws).exit_code == 0
    assert [p.read_text(encoding="utf-8") for p in kept(ws)] == [version(1), version(2)]
    assert cli("withdraw", "--team", ECONOMY, cwd=ws).exit_code == 0
    assert {version(1), version(2), version(3)} <= recoverable(ws)
    assert not [p for p in kept(ws) if p.name.startswith(".")]  # no temporary file left
