"""Issue 12, "hangs and cliffs": special files, huge flow lists, long paragraphs in preview, and
random input. Each returns quickly with a Chinese message, never `内部错误`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, snapshot

ECONOMY = "打好经济增长主动仗工作专班"
GOOD = f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态:\n    - 7月12日，专班召开调度会。\n"


def run_cli(*args: str | Path, cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The full entry point in a new process, with a timeout: a hang fails the test instead of
    blocking the suite."""
    env = {**os.environ, "BULLETIN_LANG": "zh"}
    return subprocess.run(
        [sys.executable, "-m", "bulletin_cli", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_add_section_on_a_fifo_returns_at_once(empty_issue_ws: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    before = snapshot(empty_issue_ws)
    start = time.monotonic()
    r = run_cli("add-section", fifo, cwd=empty_issue_ws, timeout=20)
    assert time.monotonic() - start < 15
    assert r.returncode == 1, r.stdout + r.stderr
    assert "pipe.yaml" in r.stderr and "不是一个普通文件" in r.stderr, r.stderr
    assert "内部错误" not in r.stderr and "Traceback" not in r.stderr
    assert snapshot(empty_issue_ws) == before


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_add_section_on_a_device_returns_at_once(empty_issue_ws: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    before = snapshot(empty_issue_ws)
    start = time.monotonic()
    r = run_cli("add-section", device, cwd=empty_issue_ws, timeout=20)
    assert time.monotonic() - start < 15
    assert r.returncode == 1
    assert f"{device}: 错误: " in r.stderr and "不是一个普通文件" in r.stderr, r.stderr
    assert snapshot(empty_issue_ws) == before


def test_the_read_is_bounded_even_if_the_file_grows(tmp_path: Path) -> None:
    """A file that is bigger by the time it is read than when it was looked at is still cut
    off at the limit (read_source never reads more than max_size + 1 bytes)."""
    from bulletin_cli.errors import BulletinError
    from bulletin_cli.sources.files import read_source

    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: b\n" * 1000)
    with pytest.raises(BulletinError) as err:
        read_source(path, max_size=1000)
    assert "文件太大" in str(err.value)


def test_a_huge_flow_list_is_refused_early(cli, empty_issue_ws: Path, tmp_path: Path) -> None:
    sent = tmp_path / "flow.yaml"
    sent.write_text(f"专班: {ECONOMY}\n期号: 5\n栏目:\n  专班动态: [" + "x," * 250_000 + "x]\n", "utf-8")
    assert sent.stat().st_size < 1_000_000  # under the size limit: the node cap must catch it
    before = snapshot(empty_issue_ws)
    start = time.monotonic()
    r = cli("add-section", sent, cwd=empty_issue_ws)
    elapsed = time.monotonic() - start
    assert r.exit_code == 1
    assert "flow.yaml: 错误: " in r.stderr and "过于庞大" in r.stderr, r.stderr
    assert elapsed < 5, elapsed  # 13 s before the cap moved into composition
    assert snapshot(empty_issue_ws) == before


def test_preview_of_a_long_paragraph_is_linear(tmp_path: Path) -> None:
    """A 100k-character paragraph: quadratic slicing took ~20 s here; linear takes well under
    a second. The bound is loose so a busy machine does not fail it."""
    from bulletin_cli.render.terminal import render_text
    from bulletin_cli.workspace import Workspace

    ws = tmp_path / "anhua"
    shutil.copytree(EXAMPLE, ws)
    sentence = "7月14日，安化县召开防范和处置非法集资“百日攻坚”行动动员大会，会议强调要牢固树立忧患意识。"
    text = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    (ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml").write_text(
        f"team: {ECONOMY}\nissue: 5\nsections:\n  专班动态:\n    - {text}\n", "utf-8"
    )
    issue = Workspace(ws).assembled_issue(5)
    start = time.perf_counter()
    out = render_text(issue, width=100)
    elapsed = time.perf_counter() - start
    assert text[-20:] in out.replace("\n", "").replace(" ", "").replace("│", "") or elapsed < 6
    assert elapsed < 6, elapsed


# ------------------------------------------------------------------ fuzz


@pytest.fixture(scope="module")
def fuzz_ws(tmp_path_factory: pytest.TempPathFactory) -> Path:
    ws = tmp_path_factory.mktemp("fuzz") / "anhua"
    shutil.copytree(EXAMPLE, ws)
    (ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml").unlink()
    return ws


ENGLISH = re.compile(r"found character|expected|while (?:scanning|parsing)|Input should|Value error|greater than|less than")


def _within(seconds: float, fn):  # type: ignore[no-untyped-def]
    """Run fn, failing (instead of hanging the suite) if it takes longer than ``seconds``."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "hang"
    return result[0]


SPECIALS = list("#:*&!%@`[]{}|>,?-~'\"\\\t\n ") + ["\\x01", "\\u2028", ": ", " #", "- ", "2023-02-30", "0x5", ".nan", "&a", "*a", "!!python/name:os.system"]
mutation = st.tuples(st.integers(0, len(GOOD)), st.sampled_from(SPECIALS + ["\u3000", "：", "“", "\x00", "\x85"]))
scalars = st.one_of(st.text(max_size=20), st.integers(), st.floats(), st.booleans(), st.none(), st.dates())
yaml_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _mutated(mutations: list[tuple[int, str]]) -> bytes:
    text = GOOD
    for at, piece in sorted(mutations, reverse=True):
        text = text[:at] + piece + text[at:]
    return text.encode("utf-8", "surrogatepass")


def _dumped(value: object, flow: bool) -> bytes:
    import yaml

    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=flow).encode("utf-8")


payloads = st.one_of(
    st.binary(max_size=300),
    st.lists(mutation, min_size=1, max_size=4).map(_mutated),
    st.builds(_dumped, yaml_values, st.booleans()),
    st.builds(
        lambda v: _dumped({"专班": ECONOMY, "期号": 5, "栏目": {"专班动态": v}}, False),
        yaml_values,
    ),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=payloads)
def test_fuzz_add_section_and_validate_never_crash(cli, fuzz_ws: Path, payload: bytes) -> None:
    sent = fuzz_ws.parent / "fuzz.yaml"
    sent.write_bytes(payload)
    stored = fuzz_ws / "issues" / "005" / "fragments" / f"{ECONOMY}.yaml"
    stored.unlink(missing_ok=True)
    r = _within(10, lambda: cli("add-section", sent, cwd=fuzz_ws))
    assert r.exit_code in (0, 1), r.output
    assert "内部错误" not in r.output and "Traceback" not in r.output, (payload, r.output)
    assert not ENGLISH.search(r.output), (payload, r.output)
    if r.exit_code == 1:
        assert "错误" in r.stderr
    # the same bytes where validate reads them: as a fragment dropped in by hand
    stored.unlink(missing_ok=True)
    stored.write_bytes(payload)
    r = _within(10, lambda: cli("validate", cwd=fuzz_ws))
    assert r.exit_code in (0, 1), r.output
    assert "内部错误" not in r.output and "Traceback" not in r.output, (payload, r.output)
    stored.unlink()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(st.binary(max_size=200), st.builds(_dumped, yaml_values, st.booleans())), which=st.sampled_from(["bulletin.yaml", "issue.yaml"]))
def test_fuzz_settings_files_never_crash_validate(cli, fuzz_ws: Path, payload: bytes, which: str) -> None:
    path = fuzz_ws / which if which == "bulletin.yaml" else fuzz_ws / "issues" / "005" / "issue.yaml"
    original = path.read_bytes()
    try:
        path.write_bytes(payload)
        r = _within(10, lambda: cli("validate", cwd=fuzz_ws))
        assert r.exit_code in (0, 1), r.output
        assert "内部错误" not in r.output and "Traceback" not in r.output, (payload, r.output)
        assert not ENGLISH.search(r.output), (payload, r.output)
    finally:
        path.write_bytes(original)
