"""Run kgflow's processes compiled, as an installed kgflow runs (pip writes the ``.pyc`` files when it installs).

A shell that sets ``PYTHONDONTWRITEBYTECODE`` would otherwise have every timed
process compile kgflow's modules from source again — a cost no installed
kgflow pays. So kgflow is compiled once beforehand, untimed, into its own
``__pycache__`` folders (ignored by git), where the timed processes find it
as they find the libraries' bytecode pip wrote. (``PYTHONPYCACHEPREFIX`` is no
way around this: it moves every module's bytecode, the libraries' too, so the
first timed process to import SQLAlchemy would compile all of it.)
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import kgflow


def installed_like(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment for kgflow processes, with kgflow compiled beforehand (untimed)."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONPYCACHEPREFIX", None)
    package = Path(kgflow.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    return env
