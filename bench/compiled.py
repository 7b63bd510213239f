"""Run kgflow's processes compiled, as an installed kgflow runs (pip writes the ``.pyc`` files when it installs).

A shell that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise have every timed
process compile kgflow's modules from source again — a cost no installed
kgflow pays. The bytecode goes to a folder of the benchmark's own
(``PYTHONPYCACHEPREFIX``), so the checkout is never written into.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import kgflow


def installed_like(folder: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment for kgflow processes with kgflow compiled into ``folder`` beforehand (untimed)."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
    package = Path(kgflow.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    return env
