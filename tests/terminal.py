"""A command run with its stderr on a terminal (a pty), as a user's shell gives it: what
the CLI draws only on a terminal (the load's progress bar) is then in ``stderr``."""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path


def run_on_terminal(
    command: list[str], env: dict[str, str], cwd: Path, timeout: float
) -> subprocess.CompletedProcess[str]:
    """``command`` with stdout a pipe and stderr a terminal; both read to the end."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=follower, env=env, cwd=cwd
        )
        os.close(follower)
        err = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the process closed the terminal
                break
            if not chunk:
                break
            err += chunk
        out = process.stdout.read() if process.stdout else b""
        code = process.wait(timeout=timeout)
    finally:
        os.close(leader)
    return subprocess.CompletedProcess(command, code, out.decode(), err.decode())
