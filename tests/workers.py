"""Worker processes for the concurrency and crash tests: kgflow used through its services, in a loop.

    python -m tests.workers answer-all DATABASE_URL ITEM
    python -m tests.workers ping-pong DATABASE_URL ITEM SECONDS SEED

``answer-all`` answers every instance still on remiss, deepest first, one
transaction each, printing each organisation once its answer is committed
(crash tests kill it at random moments after the first). ``ping-pong`` moves
random instances of a two-state workflow back and forth for a while, racing
other workers, and prints one JSON line: what it applied and what was refused.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

from kgflow.domain.errors import Conflict, KgflowError, TransitionRefused
from kgflow.service.advance import AdvanceRequest, advance
from kgflow.service.queries import status
from kgflow.testing import FixedClock, World, application

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
TODAY = date(2027, 2, 1)


def answer_all(url: str, item: str) -> None:
    world = World(application(url, FixedClock(TODAY)), FixedClock(TODAY))
    world.answer_below(
        item, "npo-psykisk-halsa", including=True, each=lambda org: print(org, flush=True), skip_refused=True
    )


def ping_pong(url: str, item: str, seconds: float, seed: int) -> None:
    app = application(url, FixedClock(TODAY), FIXTURES)
    chooser = random.Random(seed)
    outcome: Counter[str] = Counter()
    rows = [line.row for line in status(app.services, item) if line.row.org_kind == "kommun"]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = chooser.choice(rows)
        event = chooser.choice(["ping", "pong"])
        expect = "a" if event == "ping" else "b"
        request = AdvanceRequest(item, row.org, event, f"k.{row.org}", expect_state=expect)
        try:
            advance(app.services, request)
            outcome["applied"] += 1
        except (Conflict, TransitionRefused):
            outcome["refused"] += 1
        except KgflowError as error:
            outcome[f"error: {error}"] += 1
    app.close()
    print(json.dumps(dict(outcome)))


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "answer-all":
        answer_all(arguments[0], arguments[1])
    elif command == "ping-pong":
        ping_pong(arguments[0], arguments[1], float(arguments[2]), int(arguments[3]))
    else:
        raise SystemExit(f"unknown worker {command!r}")
