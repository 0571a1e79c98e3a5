"""A long soak of the storage loss loops (tests/test_storage_loss.py) with real processes.

    python benchmarks/soak_storage.py [N]     # N times the loop counts of the test suite (default 10)

Every version ever reported as received must stay recoverable and the issue must always
validate; the loop counts are printed per loop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    factor = sys.argv[1] if len(sys.argv) > 1 else "10"
    env = {**os.environ, "BULLETIN_SOAK": factor}
    return subprocess.call(
        [sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_storage_loss.py")],
        cwd=ROOT,
        env=env,
    )


if __name__ == "__main__":
    sys.exit(main())
