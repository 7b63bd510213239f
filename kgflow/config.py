"""Settings from the environment, a config file and the global options; no side effects.

| setting | option | environment / config key | default |
| --- | --- | --- | --- |
| database | ``--db`` | ``KGFLOW_DATABASE_URL`` | ``sqlite:///./kgflow.db`` |
| acting person | ``--as`` | ``KGFLOW_USER`` | none |
| run as of a date (2000-01-01 … 2100-12-31) | ``--today`` | ``KGFLOW_TODAY`` | the real date |
| workflow files | | ``KGFLOW_WORKFLOWS`` | the shipped ``workflows/`` |
| SMTP server | | ``KGFLOW_SMTP_HOST``, ``_PORT``, ``_USER``, ``_PASSWORD`` | none: ``.eml`` files |
| SMTP security | | ``KGFLOW_SMTP_SECURITY`` (none, starttls, ssl) | starttls |
| sender | | ``KGFLOW_MAIL_FROM`` | ``kgflow@`` the top organisation's domain, else ``kgflow@kgflow.invalid`` |
| mail folder | | ``KGFLOW_MAIL_DIR`` | ``kgflow-mail`` beside the SQLite file |
| mail language | | ``KGFLOW_MAIL_LANGUAGE`` (sv, en) | ``KGFLOW_LANGUAGE`` when sv or en, else sv |
| web address e-mails link to (``URL/arende/ITEM/ORG``) | | ``KGFLOW_WEB_URL`` | none: e-mails name whom to contact |
| schedule | | ``KGFLOW_SCHEDULE`` (crontab, Europe/Stockholm) | ``0 7 * * mon-fri`` |
| scheduler lease | | ``KGFLOW_SCHEDULER_LEASE_SECONDS`` | 120 |
| mail claim lease | | ``KGFLOW_MAIL_LEASE_SECONDS`` | 300 |
| checkpoint file | | ``KGFLOW_CHECKPOINT_FILE`` (a line ``SEQ:HASH<TAB>time`` per checkpoint) | none |
| checkpoint schedule | | ``KGFLOW_CHECKPOINT_SCHEDULE`` (crontab, Europe/Stockholm) | ``30 6 * * mon`` |
| workflow cache | | ``KGFLOW_CACHE_DIR`` (``off``: none) | ``$XDG_CACHE_HOME/kgflow`` or ``~/.cache/kgflow`` |

The config file is ``KGFLOW_CONFIG`` or ``./kgflow.toml`` and names the same keys
(``KGFLOW_SMTP_HOST = "smtp.example.se"``). The environment wins over the file,
an option over both. Secrets never appear in ``repr``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kgflow.domain.addresses import checked_address
from kgflow.domain.errors import UsageError
from kgflow.domain.fields import parse_date
from kgflow.domain.wording import t

PACKAGE = Path(__file__).parent
SECURITY = ("none", "starttls", "ssl")
DEFAULT_SENDER = "kgflow@kgflow.invalid"
DEFAULT_SCHEDULE = "0 7 * * mon-fri"
DEFAULT_CHECKPOINT_SCHEDULE = "30 6 * * mon"


def _shipped(folder: str) -> Path:
    in_wheel = PACKAGE / "_shipped" / folder
    return in_wheel if in_wheel.is_dir() else PACKAGE.parent / folder


def cache_folder(values: Mapping[str, str], environ: Mapping[str, str]) -> Path | None:
    """``KGFLOW_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgflow``, else ``~/.cache/kgflow``; None for ``off``."""
    chosen = values.get("KGFLOW_CACHE_DIR", "").strip()
    if chosen.lower() in ("off", "0", "no", "none"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    base = environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "kgflow"


def shipped_workflows() -> Path:
    """The workflow files that come with kgflow (in a wheel, or the source tree)."""
    return _shipped("workflows")


def shipped_features() -> Path:
    """The governance rules as Swedish Gherkin, which ``kgflow docs build`` reads by default."""
    return _shipped("features")


def shipped_notifications() -> Path:
    """The e-mail templates that come with kgflow."""
    return _shipped("notifications")


@dataclass(frozen=True)
class MailSettings:
    """Where and how notices are delivered."""

    smtp_host: str | None = None
    smtp_port: int | None = None
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str | None = None  # None: derived from the database (kgflow.service.sender), else DEFAULT_SENDER
    folder: Path | None = None
    language: str = "sv"
    web_url: str | None = None
    lease_seconds: int = 300
    retry_seconds: int = 300
    max_attempts: int = 10


@dataclass(frozen=True)
class SchedulerSettings:
    """When the scheduler sweeps and sends, files checkpoints, and how long its lease lasts."""

    cron: str = DEFAULT_SCHEDULE
    lease_seconds: int = 120
    checkpoint_cron: str = DEFAULT_CHECKPOINT_SCHEDULE


def _number(values: Mapping[str, str], key: str, default: int, minimum: int = 0) -> int:
    text = values.get(key)
    if text is None or text == "":
        return default
    if not text.strip().isdigit() or int(text) < minimum:
        raise UsageError(
            t("{key} ska vara ett heltal, minst {minimum}, inte {text!r}.", key=key, minimum=minimum, text=text)
        )
    return int(text)


def _config_file(env: Mapping[str, str]) -> dict[str, str]:
    named = env.get("KGFLOW_CONFIG")
    path = Path(named) if named else Path("kgflow.toml")
    if not path.is_file():
        if named:
            raise UsageError(t("KGFLOW_CONFIG pekar på {named}, som inte är en fil.", named=named))
        return {}
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(
            t("Det går inte att läsa konfigurationsfilen {path}: {problem}.", path=path, problem=exc)
        ) from exc
    unknown = [key for key in data if not key.startswith("KGFLOW_")]
    if unknown:
        raise UsageError(
            t(
                "{path} får bara sätta nycklar som börjar med KGFLOW_, inte {keys}.",
                path=path,
                keys=", ".join(sorted(unknown)),
            )
        )
    return {key: str(value) for key, value in data.items()}


def mail_settings(values: Mapping[str, str]) -> MailSettings:
    """Mail settings from merged config values.

    Raises:
        UsageError: for an unknown security mode, a bad number, an unusable sender or language.
    """
    security = values.get("KGFLOW_SMTP_SECURITY", "starttls").strip().lower() or "starttls"
    if security not in SECURITY:
        raise UsageError(
            t("KGFLOW_SMTP_SECURITY ska vara none, starttls eller ssl, inte {security!r}.", security=security)
        )
    chosen = values.get("KGFLOW_LANGUAGE", "").strip().lower()
    language = values.get("KGFLOW_MAIL_LANGUAGE", "").strip().lower() or (chosen if chosen in ("sv", "en") else "sv")
    if language not in ("sv", "en"):
        raise UsageError(t("KGFLOW_MAIL_LANGUAGE ska vara sv eller en, inte {language!r}.", language=language))
    try:
        sender = checked_address(values["KGFLOW_MAIL_FROM"]) if values.get("KGFLOW_MAIL_FROM") else None
    except UsageError as exc:
        raise UsageError(t("KGFLOW_MAIL_FROM: {problem}", problem=exc)) from exc
    web_url = values.get("KGFLOW_WEB_URL", "").strip().rstrip("/") or None
    if web_url and not (web_url.startswith(("http://", "https://")) and len(web_url.split()) == 1):
        raise UsageError(
            t(
                "KGFLOW_WEB_URL ska vara en adress som börjar med http:// eller https://, inte {value}.",
                value=repr(web_url),
            )
        )
    folder = values.get("KGFLOW_MAIL_DIR")
    port = values.get("KGFLOW_SMTP_PORT")
    return MailSettings(
        smtp_host=values.get("KGFLOW_SMTP_HOST") or None,
        smtp_port=_number(values, "KGFLOW_SMTP_PORT", 0, 1) if port else None,
        security=security,
        user=values.get("KGFLOW_SMTP_USER") or None,
        password=values.get("KGFLOW_SMTP_PASSWORD") or None,
        sender=sender,
        folder=Path(folder) if folder else None,
        language=language,
        web_url=web_url,
        lease_seconds=_number(values, "KGFLOW_MAIL_LEASE_SECONDS", 300, 1),
        retry_seconds=_number(values, "KGFLOW_MAIL_RETRY_SECONDS", 300, 1),
        max_attempts=_number(values, "KGFLOW_MAIL_MAX_ATTEMPTS", 10, 1),
    )


@dataclass(frozen=True)
class Settings:
    """Everything kgflow needs to know before it starts."""

    database_url: str | None
    actor: str | None
    today: date | None
    workflows_dir: Path
    mail: MailSettings = field(default_factory=MailSettings)
    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    checkpoint_file: Path | None = None
    cache_dir: Path | None = None
    """Where validated workflow definitions are kept between commands; None: not kept."""

    @classmethod
    def load(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        db: str | None = None,
        actor: str | None = None,
        today: str | None = None,
    ) -> Settings:
        """Read the config file and the environment; options given explicitly win.

        Raises:
            UsageError: for a date that is not YYYY-MM-DD, or an unusable setting.
        """
        env = os.environ if environ is None else environ
        values = {**_config_file(env), **{key: value for key, value in env.items() if key.startswith("KGFLOW_")}}
        today_text = today or values.get("KGFLOW_TODAY") or None
        what = "--today" if today else "KGFLOW_TODAY"
        workflows = values.get("KGFLOW_WORKFLOWS")
        checkpoints = values.get("KGFLOW_CHECKPOINT_FILE")
        return cls(
            database_url=db or values.get("KGFLOW_DATABASE_URL") or None,
            actor=actor or values.get("KGFLOW_USER") or None,
            today=parse_date(today_text, what) if today_text else None,
            workflows_dir=Path(workflows) if workflows else shipped_workflows(),
            mail=mail_settings(values),
            scheduler=SchedulerSettings(
                cron=values.get("KGFLOW_SCHEDULE") or DEFAULT_SCHEDULE,
                lease_seconds=_number(values, "KGFLOW_SCHEDULER_LEASE_SECONDS", 120, 2),
                checkpoint_cron=values.get("KGFLOW_CHECKPOINT_SCHEDULE") or DEFAULT_CHECKPOINT_SCHEDULE,
            ),
            checkpoint_file=Path(checkpoints).expanduser() if checkpoints else None,
            cache_dir=cache_folder(values, env),
        )
