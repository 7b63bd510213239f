"""What one line of a digest says about a plan activity past its date (R19), in both languages.

The digest's templates read a notice line as they read a step's: the
organisation (the LPO whose plan it is), what the line is about, what to do
and by when. Here "what" is the activity — its number, målgrupp, vad and
tidplan — and "what to do" is to carry it out and mark it, or mark it
cancelled. An escalation tells the LPO's secretary in that role.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kgflow.domain.ladders import escalation_level
from kgflow.domain.plans import plan_path
from kgflow.domain.wording import Phrase, in_swedish, speak, t
from kgflow.locale import translator
from kgflow.service.mail import NoticeLine
from kgflow.service.mail_lines import line_about
from kgflow.service.ports import NoticeView


def _both(phrase: Phrase) -> tuple[str, str]:
    with speak("en", translator("en")):
        english = str(phrase)
    return in_swedish(phrase), english


def plan_line(view: NoticeView, today: date, web_url: str | None = None) -> NoticeLine:
    """The line for a queued notice about a late plan activity; with ``web_url``, a link to the plan's page.

    Raises:
        LookupError: when the notice is not about an activity.
    """
    activity = view.activity
    if activity is None:
        raise LookupError(view.id)
    about_sv, about_en = _both(
        t(
            "aktivitet {number} i implementeringsplanen: {group} – {what} ({schedule})",
            number=activity.number,
            group=activity.target_group,
            what=activity.what,
            schedule=activity.schedule,
        )
    )
    action_sv, action_en = _both(t("Markera aktiviteten som genomförd (eller inställd, om den inte blir av)"))
    role_sv, role_en = _both(t("Sekreterare")) if escalation_level(view.rung) else ("", "")
    return replace(
        line_about(view, today, about_sv, about_en),
        action_sv=action_sv,
        action_en=action_en,
        role_sv=role_sv,
        role_en=role_en,
        link=f"{web_url}{plan_path(view.item_code, view.org_code)}" if web_url else None,
    )
