"""send-test against a real SMTP server (aiosmtpd) on 127.0.0.1: plain, STARTTLS with login,
and every way the settings can be wrong."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner, Result

from newsletter.cli import main
from newsletter.errors import InputError
from newsletter.sendtest import ENV_PASSWORD, ENV_USER, SendError, load_smtp, send_message
from newsletter.workspace import Workspace

USER, PASSWORD = "editor@example.org", "correct horse battery staple"


@dataclass
class Inbox:
    """What the server received: (envelope sender, recipients, parsed message)."""

    mails: list[tuple[str, list[str], EmailMessage]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        assert isinstance(message, EmailMessage)
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    port: int
    inbox: Inbox
    cert: Path | None = None


def start(inbox: Inbox, **kwargs: Any) -> tuple[Controller, int]:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    return controller, port


@pytest.fixture
def plain_server() -> Iterator[Server]:
    inbox = Inbox()
    controller, port = start(inbox)
    try:
        yield Server(port, inbox)
    finally:
        controller.stop()


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl tool."""
    openssl = shutil.which("openssl")
    assert openssl, "the openssl command is needed to make a test certificate"
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[Server]:
    cert, key = certificate
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller, port = start(
        inbox,
        tls_context=context,
        require_starttls=True,
        authenticator=authenticate,
        auth_require_tls=True,
    )
    try:
        yield Server(port, inbox, cert)
    finally:
        controller.stop()


def configure(workspace: Path, smtp: str) -> None:
    config = workspace / "newsletter.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + smtp, encoding="utf-8")


def send(workspace: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["-w", str(workspace), "send-test", "--issue", "issues/sample.toml", *args]
    )


@pytest.fixture(autouse=True)
def no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ENV_USER, ENV_PASSWORD, "NEWSLETTER_SMTP_HOST", "NEWSLETTER_SMTP_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_sends_the_issue_as_multipart_alternative(
    sample_workspace: Path, plain_server: Server
) -> None:
    configure(
        sample_workspace,
        f'[smtp]\nhost = "127.0.0.1"\nport = {plain_server.port}\nstarttls = false\n'
        'from = "Nordlys News <news@example.org>"\n',
    )
    result = send(sample_workspace, "--to", "Reader <reader@example.net>")
    assert result.exit_code == 0, result.output
    assert f"through 127.0.0.1:{plain_server.port}" in result.output
    [(sender, recipients, message)] = plain_server.inbox.mails
    assert (sender, recipients) == ("news@example.org", ["reader@example.net"])
    assert message["Subject"] == "December: demo day, a shared lab and patient data rules"
    assert message["To"] == "Reader <reader@example.net>"
    assert message["From"] == "Nordlys News <news@example.org>"
    assert message["Message-ID"].endswith("@example.org>") and message["Date"]
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.iter_parts()
    assert (plain.get_content_type(), html.get_content_type()) == ("text/plain", "text/html")
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    assert "Twelve start-ups pitch at the autumn demo day" in plain.get_content()
    assert "<h2" in html.get_content() and "*|UNSUB|*" in html.get_content()


def test_starttls_with_login_from_the_environment(
    sample_workspace: Path, tls_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(sample_workspace, f'[smtp]\nhost = "127.0.0.1"\nport = {tls_server.port}\n')
    monkeypatch.setenv(ENV_USER, USER)
    monkeypatch.setenv(ENV_PASSWORD, PASSWORD)
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.cert))  # trust the test certificate
    result = send(sample_workspace, "--to", "reader@example.net")
    assert result.exit_code == 0, result.output
    assert "with STARTTLS" in result.output
    [(sender, recipients, message)] = tls_server.inbox.mails
    assert sender == "newsletter@example.org"  # no [smtp] from: the brand's default sender
    assert recipients == ["reader@example.net"]
    assert message["Subject"].startswith("December:")
    assert PASSWORD not in (sample_workspace / "newsletter.toml").read_text(encoding="utf-8")


def test_wrong_password_is_a_clear_error(
    sample_workspace: Path, tls_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(sample_workspace, f'[smtp]\nhost = "127.0.0.1"\nport = {tls_server.port}\n')
    monkeypatch.setenv(ENV_USER, USER)
    monkeypatch.setenv(ENV_PASSWORD, "wrong")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_server.cert))
    result = send(sample_workspace, "--to", "reader@example.net")
    assert result.exit_code == 2
    assert "refused the login" in result.output and ENV_PASSWORD in result.output
    assert "Traceback" not in result.output and tls_server.inbox.mails == []


def test_untrusted_certificate_is_refused(
    sample_workspace: Path, tls_server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(sample_workspace, f'[smtp]\nhost = "127.0.0.1"\nport = {tls_server.port}\n')
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent.pem")
    result = send(sample_workspace, "--to", "reader@example.net")
    assert result.exit_code == 2
    assert "secure connection" in result.output and tls_server.inbox.mails == []


def test_starttls_required_but_not_offered(sample_workspace: Path, plain_server: Server) -> None:
    configure(sample_workspace, f'[smtp]\nhost = "127.0.0.1"\nport = {plain_server.port}\n')
    result = send(sample_workspace, "--to", "reader@example.net")
    assert result.exit_code == 2
    assert "does not offer STARTTLS" in result.output


@pytest.mark.parametrize(
    ("smtp", "words"),
    [
        ("", "no SMTP server configured"),
        ('[smtp]\nhost = "127.0.0.1"\npassword = "hunter2"\n', "must not be stored"),
        ('[smtp]\nhost = "127.0.0.1"\nport = "587"\n', "`smtp.port` must be a whole number"),
        ('[smtp]\nhost = "127.0.0.1"\nstarttls = "yes"\n', "`smtp.starttls` must be true or"),
        ('[smtp]\nhost = "127.0.0.1"\nfrom = "not an address"\n', "is not an email address"),
    ],
)
def test_bad_settings_name_the_file_and_line(sample_workspace: Path, smtp: str, words: str) -> None:
    configure(sample_workspace, smtp)
    result = send(sample_workspace, "--to", "reader@example.net")
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "newsletter.toml" in result.output and "Traceback" not in result.output
    if smtp:
        text = (sample_workspace / "newsletter.toml").read_text(encoding="utf-8")
        key = smtp.strip().splitlines()[-1].split("=")[0].strip()
        line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith(key + " "))
        assert f"newsletter.toml:{line}:" in result.output


def test_bad_recipient(sample_workspace: Path) -> None:
    result = send(sample_workspace, "--to", "reader-at-example")
    assert result.exit_code == 2 and "is not an email address" in result.output


def test_user_without_password_and_plaintext_login(
    sample_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(sample_workspace, '[smtp]\nhost = "smtp.example.org"\nstarttls = false\n')
    workspace = Workspace(sample_workspace)
    with pytest.raises(InputError, match="NEWSLETTER_SMTP_PASSWORD is not"):
        load_smtp(workspace, {ENV_USER: USER})
    with pytest.raises(InputError, match="unencrypted"):
        load_smtp(workspace, {ENV_USER: USER, ENV_PASSWORD: PASSWORD})
    settings = load_smtp(
        workspace,
        {
            "NEWSLETTER_SMTP_HOST": "127.0.0.1",
            ENV_USER: USER,
            ENV_PASSWORD: PASSWORD,
            "NEWSLETTER_SMTP_PORT": "2525",
        },
    )
    assert (settings.host, settings.port, settings.starttls) == ("127.0.0.1", 2525, False)
    assert PASSWORD not in repr(settings)


def test_connection_refused_is_a_send_error(sample_workspace: Path) -> None:
    configure(sample_workspace, f'[smtp]\nhost = "127.0.0.1"\nport = {free_port()}\n')
    settings = load_smtp(Workspace(sample_workspace), {})
    with pytest.raises(SendError, match=r"could not send through 127\.0\.0\.1"):
        send_message(EmailMessage(), settings)
