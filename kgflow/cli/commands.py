"""The root's table of commands: each name, where its click command lives, and its one-line help.

The root group (:mod:`kgflow.cli.main`) imports a command's module only when
that command runs or its own ``--help`` is asked for, so ``kgflow status`` never
loads what ``kgflow serve`` or ``kgflow report`` need. ``kgflow --help`` lists
the commands from the short helps written here, without importing any of them;
each is the first sentence of the command's docstring, as click would shorten
it, and ``tests/unit/test_cli_commands.py`` fails when one drifts from its
command (in Swedish and in English).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

import click

from kgflow.domain.wording import marked


@dataclass(frozen=True)
class Entry:
    """One command of the root: ``target`` is ``"module:attribute"``; ``short_help`` a catalogue template."""

    target: str
    short_help: str

    def load(self) -> click.Command:
        """Import the command's module and return the command."""
        module, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


_TODO = marked("Det som väntar på dig: varje öppet steg du får ta, det mest brådskande först.")

_FOLLOW_UP = marked("Årlig uppföljning: enkätrundor till länets huvudmän, svar, sammanställning och årsrapport.")

COMMANDS: dict[str, Entry] = {
    "init": Entry(
        "kgflow.cli.init:init", marked("Skapa databasen, eller uppgradera den till den här versionen av kgflow.")
    ),
    "org": Entry(
        "kgflow.cli.org:org",
        marked("Lista, visa och importera organisationer (NPO, RPO, LPO, LAG, huvudmän, verksamheter, beslutsorgan)."),
    ),
    "person": Entry(
        "kgflow.cli.person:person", marked("Lista och visa personer: kod, namn, e-post och roller vid organisationer.")
    ),
    "item": Entry(
        "kgflow.cli.item:item", marked("Lägg till, lista och visa kunskapsstöd (VIP, PSVF, vårdprogram, riktlinjer).")
    ),
    "refer": Entry(
        "kgflow.cli.advance:refer", marked("Skicka KUNSKAPSSTÖD på remiss till hela kedjan under ägaren (R1, R2).")
    ),
    "advance": Entry("kgflow.cli.advance:advance", marked("Ta steget STEG för KUNSKAPSSTÖD vid organisationen ORG.")),
    "correct": Entry(
        "kgflow.cli.advance:correct",
        marked("Rätta det senaste steget för KUNSKAPSSTÖD vid organisationen ORG (R17)."),
    ),
    "status": Entry(
        "kgflow.cli.status:status",
        marked("Var kunskapsstöden står: en rad per organisation, eller en summering per kunskapsstöd."),
    ),
    "history": Entry(
        "kgflow.cli.status:history",
        marked("Varje registrerat steg för KUNSKAPSSTÖD vid ORG: när, vem, från, till, steg, värden, anteckning."),
    ),
    "todo": Entry("kgflow.cli.todo:todo", _TODO),
    "att-gora": Entry("kgflow.cli.todo:todo", _TODO),
    "overdue": Entry(
        "kgflow.cli.chase:overdue",
        marked("Det som är försenat nu: hur många arbetsdagar sent och vilket trappsteg som har nåtts."),
    ),
    "sweep": Entry(
        "kgflow.cli.chase:sweep", marked("Köa varje påminnelse, besked och eskalering som ska gå ut i dag.")
    ),
    "notify": Entry(
        "kgflow.cli.chase:notify", marked("Förhandsgranska, skicka och lista samlingsmejlen med köade meddelanden.")
    ),
    "plan": Entry(
        "kgflow.cli.plan:plan",
        marked("Implementerings- och kommunikationsplaner: vem som informerar vilka, var, hur och när."),
    ),
    "scheduler": Entry("kgflow.cli.scheduler:scheduler", marked("Kör påminnelserna och utskicken på ett schema.")),
    "serve": Entry(
        "kgflow.cli.serve:serve",
        marked("Kör webbtjänsten: Mina ärenden, ärendesidor med formulär, översikten och JSON-API:t (/api/v1)."),
    ),
    "workflow": Entry("kgflow.cli.workflow:workflow", marked("Kontrollera och visa arbetsflöden (workflows/*.yaml).")),
    "uppfoljning": Entry("kgflow.cli.followup:followup", _FOLLOW_UP),
    "followup": Entry("kgflow.cli.followup:followup", _FOLLOW_UP),
    "report": Entry(
        "kgflow.cli.report:report",
        marked("Införandematrisen: varje kunskapsstöd × organisation med läge och nivå."),
    ),
    "docs": Entry(
        "kgflow.cli.docs:docs",
        marked("Styrningens regler som en webbplats granskare kan läsa (ingen databas behövs)."),
    ),
    "audit": Entry(
        "kgflow.cli.audit:audit", marked("Kontrollera historikens kedja och skriv ut kontrollpunkter att arkivera.")
    ),
    "export": Entry(
        "kgflow.cli.backup:export",
        marked(
            "Skriv ut hela databasen – organisationer, personer, kunskapsstöd, ärenden, historik, utkorg "
            "– som JSON-rader."
        ),
    ),
    "import": Entry(
        "kgflow.cli.backup:import_",
        marked("Läs tillbaka en export till en tom databas (skapa den först med `kgflow init`)."),
    ),
}
"""Every command of ``kgflow``, by name; add a line here for a new command (see :mod:`kgflow.cli.main`)."""
