"""APScheduler wiring: a clock that calls one service function, with a lease so only one process runs it."""
