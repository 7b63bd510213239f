"""The governance rules as decisions over plain values.

Every rule a workflow file may name — a guard, a warning, a condition or the
deciding half of an effect — is a function here over :class:`~.step.Facts`
(what the service loaded in one read) and the :class:`~.step.Decision` so far.
It returns the new decision or raises :class:`~.step.Refusal`. No rule reads a
database, a clock or a file; the service loads, asks, and stores the outcome.
"""
