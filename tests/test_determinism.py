"""The build is byte-identical across processes whose string hashing differs (PYTHONHASHSEED), so no set or dict
order leaks into data/tidy/. Two processes are needed: within one process the hash order never changes."""

import os
import subprocess
import sys
from pathlib import Path

import cmp

from .conftest import RAW

LIB = Path(cmp.__file__).resolve().parents[1]  # the cmp under test, also for the child processes


def _env(seed: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "CMP_HOME"}
    env.update(PYTHONHASHSEED=str(seed), PYTHONPATH=os.pathsep.join(filter(None, [str(LIB), env.get("PYTHONPATH")])))
    return env


def _build_both(tmp_path: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Build the real corpus with PYTHONHASHSEED=1 and =2, side by side; the output files of each."""
    procs = {seed: subprocess.Popen([sys.executable, "-m", "cmp", "build", "--raw-dir", str(RAW), "--out-dir",
                                     str(tmp_path / f"seed{seed}")], env=_env(seed), stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True)
             for seed in (1, 2)}
    files = []
    for seed, proc in procs.items():
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, f"PYTHONHASHSEED={seed}: {err[-2000:]}"
        out = tmp_path / f"seed{seed}"
        files.append({str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    return files[0], files[1]


def test_the_two_seeds_really_change_hash_order():
    hashes = {
        subprocess.run([sys.executable, "-c", "print(hash('养老床位'))"], env=_env(seed), capture_output=True,
                       text=True, check=True).stdout
        for seed in (1, 2)
    }
    assert len(hashes) == 2


def test_build_is_byte_identical_across_hash_seeds(tmp_path):
    one, two = _build_both(tmp_path)
    assert {"indicators.csv", "indicators.parquet", "quality.csv", "datapackage.json"} <= set(one)
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert not differ, f"outputs differ between PYTHONHASHSEED=1 and =2: {differ}"
    assert one["indicators.csv"].count(b"\n") > 200
