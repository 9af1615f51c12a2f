"""scripts/find-python: `make run` finds Python >= 3.12 or says in one sentence what to install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "find-python"
BASH = shutil.which("bash") or "/bin/bash"


def _bin_dir(tmp_path: Path) -> Path:
    """A PATH with only the tools the script needs, and no Python at all."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("ls", "sort"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    return bin_dir


def _fake_python(path: Path, *, version: str, exit_code: int = 0) -> None:
    """A candidate that claims a version; a real interpreter answers the version check."""
    path.parent.mkdir(parents=True, exist_ok=True)
    major, minor = (int(part) for part in version.split(".")[:2])
    path.write_text(
        "#!/bin/sh\n"
        f"[ {exit_code} -ne 0 ] && exit {exit_code}\n"
        'case "$2" in *version_info*)'
        f" [ {minor} -ge 12 ] && [ {major} -ge 3 ] && exit 0; exit 1;; esac\n"
        f'echo "{path}"\n'
    )
    path.chmod(0o755)


def _run(tmp_path: Path, bin_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path / "home"),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        "LANG": "C.UTF-8",
    }
    return subprocess.run(  # noqa: S603 - fixed arguments, test-only
        [BASH, str(SCRIPT)], env=env, capture_output=True, text=True, check=False, timeout=30
    )


def test_it_stops_with_one_clear_sentence_when_no_python_is_found(tmp_path: Path) -> None:
    bin_dir = _bin_dir(tmp_path)
    _fake_python(bin_dir / "python3", version="3.11")
    result = _run(tmp_path, bin_dir)
    assert result.returncode == 1
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.count("\n") == 0, "one sentence, one line"
    assert "Python 3.12 oder neuer" in message
    assert "installieren" in message


def test_it_skips_a_candidate_that_fails_to_run(tmp_path: Path) -> None:
    """A pyenv shim for an uninstalled version exists on PATH but fails when run."""
    bin_dir = _bin_dir(tmp_path)
    _fake_python(bin_dir / "python3.13", version="3.13", exit_code=127)
    _fake_python(bin_dir / "python3", version="3.12")
    result = _run(tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(bin_dir / "python3")


def test_it_finds_pyenvs_installed_versions(tmp_path: Path) -> None:
    bin_dir = _bin_dir(tmp_path)
    _fake_python(bin_dir / "python3", version="3.11")
    interpreter = tmp_path / "no-pyenv" / "versions" / "3.13.1" / "bin" / "python3"
    interpreter.parent.mkdir(parents=True)
    interpreter.symlink_to(sys.executable)
    result = _run(tmp_path, bin_dir)
    assert result.returncode == 0, result.stderr
    found = result.stdout.strip()
    assert found
    assert os.access(found, os.X_OK)


@pytest.mark.skipif(sys.version_info < (3, 12), reason="needs this interpreter to qualify")
def test_it_prints_a_working_interpreter_on_this_machine() -> None:
    result = subprocess.run(  # noqa: S603 - fixed arguments, test-only
        [BASH, str(SCRIPT)], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    version = subprocess.run(  # noqa: S603 - runs the interpreter the script found
        [result.stdout.strip(), "-c", "import sys; print(sys.version_info >= (3, 12))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert version.stdout.strip() == "True"
