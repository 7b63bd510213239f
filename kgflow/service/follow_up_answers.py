"""Answering and compiling a follow-up round (R14): the use cases behind ``kgflow uppfoljning answer|import|compile``.

An answer is the workflow's ``report`` step at the answering huvudman, done
through :func:`kgflow.service.advance.perform` like every step (the machine,
authority, lateness, the history row); its answers are checked against the
round's questions first and go both into the step's history row (so ``audit
verify`` covers them) and into the answers table, in the same transaction.
Compiling is the ``compile`` step at the owner: it may go once everyone has
answered, or after the answer day without the ones who did not (recorded by
name), and it closes the round to more answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kgflow.domain.errors import KgflowError, UsageError
from kgflow.domain.follow_up import Answer, FollowUpDefinition, answer_problems, checked_answers, stored_text
from kgflow.domain.wording import Phrase, joined, t, tn
from kgflow.service.advance import AdvanceRequest, AdvanceResult, perform
from kgflow.service.context import Services
from kgflow.service.follow_up_rounds import round_of
from kgflow.service.identity import acting_ref
from kgflow.service.lookup import actor_named, find_subject
from kgflow.service.ports import UnitOfWork

ORG_COLUMNS = ("organisation", "org")
"""The column of an import that names the answering organisation (its code, kommunkod or name)."""


@dataclass(frozen=True)
class Answered:
    """One organisation's answers, as recorded."""

    step: AdvanceResult
    answers: Mapping[str, Answer]


def answer_round(
    services: Services, round_code: str, org: str, given: Mapping[str, str], actor: str | None
) -> Answered:
    """Record an organisation's answers to a round.

    Raises:
        NotFound, UsageError, NotAuthorised, TransitionRefused: one sentence; nothing changes.
    """
    definition, _ = round_of(services, round_code)
    answers = checked_answers(definition, given)
    with services.uow(write=True) as uow:
        result = _record(services, uow, definition, round_code, org, answers, actor)
        uow.commit()
    return result


def import_answers(
    services: Services, round_code: str, rows: Sequence[Mapping[str, str]], actor: str | None, *, first_row: int = 2
) -> list[Answered]:
    """Record every row's answers (one row per organisation, a column per question id), all or nothing.

    Every row is checked first; a refusal in any row refuses them all, listed by row.

    Raises:
        UsageError: listing each refused row as ``rad N: sentence``; nothing changes.
    """
    definition, _ = round_of(services, round_code)
    if not rows:
        raise UsageError(t("Filen har inga rader med svar."))
    if not any(column in rows[0] for column in ORG_COLUMNS):
        raise UsageError(t("Filen behöver en kolumn 'organisation' som namnger den som svarar."))
    refusals: list[Phrase] = []
    checked: list[tuple[int, str, dict[str, Answer]]] = []
    for number, row in enumerate(rows, start=first_row):
        org = next((row[c] for c in ORG_COLUMNS if row.get(c)), "").strip()
        given = {key.strip().lower(): value for key, value in row.items() if key and key not in ORG_COLUMNS}
        answers, problems = answer_problems(definition, given)
        if not org:
            problems.insert(0, t("raden namnger ingen organisation."))
        refusals.extend(t("rad {number}: {sentence}", number=number, sentence=p) for p in problems)
        checked.append((number, org, answers))
    if refusals:
        raise UsageError(_listed(refusals))
    done: list[Answered] = []
    with services.uow(write=True) as uow:
        for number, org, answers in checked:
            try:
                done.append(_record(services, uow, definition, round_code, org, answers, actor))
            except KgflowError as refused:
                refusals.append(t("rad {number}: {sentence}", number=number, sentence=str(refused)))
        if refusals:
            raise UsageError(_listed(refusals))
        uow.commit()
    return done


def compile_round(
    services: Services, round_code: str, actor: str | None, ref: str, note: str | None = None
) -> AdvanceResult:
    """Compile a round at its owner: once every recipient has answered, or after the answer day without the rest.

    Raises:
        TransitionRefused, UsageError, NotAuthorised: one sentence; nothing changes.
    """
    definition, year = round_of(services, round_code)
    dates = definition.dates(year)
    today = services.clock.today()
    with services.uow(write=True) as uow:
        named = acting_ref(uow, actor, as_of_another_date=services.as_of_another_date)
        person = actor_named(uow, named)
        subject = find_subject(uow, round_code, definition.owner)
        waiting = [
            org.name for instance, org in uow.instances.children(subject.instance.id) if instance.state == "open"
        ]
        if waiting and today <= dates.answers_due:
            raise UsageError(
                tn(
                    "Rundan kan sammanställas när alla har svarat eller efter svarsdagen {due}; {count} huvudman "
                    "har inte svarat än ({names}).",
                    "Rundan kan sammanställas när alla har svarat eller efter svarsdagen {due}; {count} huvudmän "
                    "har inte svarat än ({names}).",
                    len(waiting),
                    due=dates.answers_due.isoformat(),
                    names=joined(waiting[:8], "; "),
                )
            )
        if waiting and note is None:
            note = str(
                tn(
                    "Svarsdagen {due} har passerat; {count} huvudman svarade inte.",
                    "Svarsdagen {due} har passerat; {count} huvudmän svarade inte.",
                    len(waiting),
                    due=dates.answers_due.isoformat(),
                )
            )
        request = AdvanceRequest(
            round_code, definition.owner, "compile", named, ref=ref, note=note, force=bool(waiting)
        )
        result = perform(services, uow, subject, person, request)
        uow.commit()
    return result


def _record(
    services: Services,
    uow: UnitOfWork,
    definition: FollowUpDefinition,
    round_code: str,
    org: str,
    answers: Mapping[str, Answer],
    actor: str | None,
) -> Answered:
    named = acting_ref(uow, actor, as_of_another_date=services.as_of_another_date)
    person = actor_named(uow, named)
    subject = find_subject(uow, round_code, org)
    if subject.org.code == definition.owner:
        raise UsageError(t("{org} äger rundan och besvarar den inte; den sammanställer den.", org=subject.org.name))
    request = AdvanceRequest(round_code, subject.org.code, "report", named, answers=tuple(answers.items()))
    step = perform(services, uow, subject, person, request)
    stored = {key: stored_text(value) for key, value in answers.items()}
    uow.answers.record(subject.item.id, subject.org.id, stored, services.clock.now())
    return Answered(step, answers)


def _listed(refusals: Sequence[Phrase]) -> Phrase:
    return tn(
        "Inga svar registrerades; {count} fel: {problems}",
        "Inga svar registrerades; {count} fel: {problems}",
        len(refusals),
        problems=joined(refusals, " "),
    )


__all__ = ["Answered", "answer_round", "compile_round", "import_answers"]
