"""Send a test email over SMTP. The server comes from newsletter.toml [smtp] (host, port,
starttls, from) or the environment; credentials only ever from the environment
(NEWSLETTER_SMTP_USER / NEWSLETTER_SMTP_PASSWORD), never from the workspace."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from newsletter.eml import check_address
from newsletter.errors import InputError, NewsletterError
from newsletter.tomlpos import key_lines, line_of

if TYPE_CHECKING:  # smtplib and ssl load when a test is sent (compose needs neither)
    import ssl
    from email.message import EmailMessage

    from newsletter.workspace import Workspace

ENV_USER = "NEWSLETTER_SMTP_USER"
ENV_PASSWORD = "NEWSLETTER_SMTP_PASSWORD"
ENV_HOST = "NEWSLETTER_SMTP_HOST"
ENV_PORT = "NEWSLETTER_SMTP_PORT"
SECRET_KEYS = ("password", "pass", "passwd", "user", "username", "login", "secret", "token")
SMTP_KEYS = ("host", "port", "starttls", "from", "timeout")


class SendError(NewsletterError):
    """Sending failed: what the server said and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message}\n  {hint}" if hint else message)


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    sender: str | None = None
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0

    def __repr__(self) -> str:  # never print the password
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, starttls={self.starttls}, "
            f"sender={self.sender!r}, user={self.user!r})"
        )


class _Table:
    """The [smtp] table of newsletter.toml, with file:line errors."""

    def __init__(self, workspace: Workspace) -> None:
        self.path = workspace.config_path
        raw = workspace.config.extra.get("smtp", {})
        self.lines = key_lines(self.path.read_text(encoding="utf-8")) if raw else {}
        if not isinstance(raw, dict):
            raise self.error("`smtp` must be a table", ("smtp",))
        self.data: dict[str, Any] = raw

    def error(self, message: str, where: tuple[str | int, ...], hint: str = "") -> InputError:
        line = line_of(self.lines, where)
        return InputError(message, path=self.path, line=line, hint=hint)

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) is not (kind is bool) or not isinstance(value, kind):
            what = {str: "a string", int: "a whole number", bool: "true or false"}[kind]
            raise self.error(f"`smtp.{key}` must be {what}", ("smtp", key))
        return value


def configured_sender(workspace: Workspace) -> str | None:
    """The From address set in [smtp] `from`, checked (None when not set)."""
    table = _Table(workspace)
    sender = table.get("from", str)
    if sender is None:
        return None
    try:
        return check_address(sender, "smtp.from")
    except InputError as error:
        raise table.error(error.message, ("smtp", "from"), error.hint) from None


def load_smtp(workspace: Workspace, env: Mapping[str, str] | None = None) -> SmtpSettings:
    """Server settings from [smtp] and the environment (host/port may come from either)."""
    env = os.environ if env is None else env
    table = _Table(workspace)
    for key in table.data:
        if key.lower() in SECRET_KEYS:
            raise table.error(
                f"`smtp.{key}`: credentials must not be stored in the workspace (it is shared "
                "and kept in git)",
                ("smtp", key),
                hint=f"Remove it and set {ENV_USER} and {ENV_PASSWORD} in the environment.",
            )
    host = env.get(ENV_HOST) or table.get("host", str)
    if not host:
        raise InputError(
            "no SMTP server configured",
            path=table.path,
            hint=f'Add [smtp] with host = "smtp.example.org" (and port, starttls, from) to '
            f"newsletter.toml, or set {ENV_HOST}.",
        )
    starttls = table.get("starttls", bool, True)
    port = _port(env.get(ENV_PORT), table, 587 if starttls else 25)
    timeout = table.get("timeout", int, 30)
    user, password = env.get(ENV_USER) or None, env.get(ENV_PASSWORD) or None
    if user and not password:
        raise InputError(
            f"{ENV_USER} is set but {ENV_PASSWORD} is not",
            hint="Set both, or neither for a server without login.",
        )
    if user and not starttls and not _is_loopback(host):
        raise InputError(
            f"refusing to send the SMTP password to {host} unencrypted (starttls = false)",
            path=table.path,
            line=line_of(table.lines, ("smtp", "starttls")),
            hint="Set starttls = true in [smtp].",
        )
    return SmtpSettings(
        host.strip(), port, starttls, configured_sender(workspace), user, password, float(timeout)
    )


def _port(raw: str | None, table: _Table, default: int) -> int:
    if raw is not None and raw.strip():
        if not raw.strip().isdigit() or not 0 < int(raw) < 65536:
            raise InputError(
                f"{ENV_PORT}={raw!r} is not a port number", hint="Use a number like 587."
            )
        return int(raw)
    port: int = table.get("port", int, default)
    if not 0 < port < 65536:
        raise table.error(
            "`smtp.port` must be between 1 and 65535",
            ("smtp", "port"),
            hint="Usually 587 (STARTTLS) or 25.",
        )
    return port


def _is_loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False


def send_message(
    message: EmailMessage, settings: SmtpSettings, *, context: ssl.SSLContext | None = None
) -> None:
    """Send `message` to its To addresses. Raises SendError with the server's reason."""
    import smtplib
    import ssl

    where = f"{settings.host}:{settings.port}"
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout) as smtp:
            smtp.ehlo()
            if settings.starttls:
                if not smtp.has_extn("starttls"):
                    raise SendError(
                        f"{where} does not offer STARTTLS",
                        "Set starttls = false in [smtp] only for a local relay.",
                    )
                smtp.starttls(context=context or ssl.create_default_context())
                smtp.ehlo()
            if settings.user and settings.password:
                smtp.login(settings.user, settings.password)
            smtp.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError(
            f"{where} refused the login: {_reply(exc)}", f"Check {ENV_USER} and {ENV_PASSWORD}."
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(f"{to} ({_reply(err)})" for to, err in exc.recipients.items())
        raise SendError(
            f"{where} refused the recipient {refused}", "Check the --to address."
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise SendError(
            f"{where} answered {exc.smtp_code}: {_reply(exc)}", "Check the [smtp] settings."
        ) from None
    except ssl.SSLError as exc:
        raise SendError(
            f"secure connection to {where} failed: {exc.reason or exc}",
            "The server's TLS certificate is not trusted.",
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        raise SendError(
            f"could not send through {where}: {exc or type(exc).__name__}",
            "Check host and port in [smtp] and your connection.",
        ) from None


def _reply(error: object) -> str:
    import smtplib

    if isinstance(error, smtplib.SMTPResponseException):
        detail = error.smtp_error
    elif isinstance(error, tuple) and len(error) == 2:
        detail = error[1]
    else:
        detail = str(error)
    return detail.decode("utf-8", "replace") if isinstance(detail, bytes) else str(detail)
