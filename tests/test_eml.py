"""The .eml export: a standards-compliant multipart/alternative message any client opens."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_articles, make_brand, make_issue

from newsletter.cli import main
from newsletter.config import load_profile
from newsletter.eml import UNDISCLOSED, build_message, check_address, default_sender, message_bytes
from newsletter.errors import InputError
from newsletter.render import render_issue

SUBJECT = "Desember: forskning på kreft — og «nye» data"


def body(part: object) -> str:
    """A text part's content with MIME's canonical CRLF line ends read back as newlines."""
    assert isinstance(part, EmailMessage)
    text = part.get_content()
    assert isinstance(text, str)
    return text.replace("\r\n", "\n").removesuffix("\n")


def parse(data: bytes) -> EmailMessage:
    message = message_from_bytes(data, policy=policy.strict)  # strict: defects raise
    assert isinstance(message, EmailMessage)
    return message


def test_message_round_trips_with_utf8_subject_and_both_parts() -> None:
    articles = make_articles(4)
    rendered = render_issue(
        make_issue(articles, subject=SUBJECT), articles, make_brand(), load_profile("mailchimp")
    )
    when = datetime(2026, 12, 1, 8, 30, tzinfo=timezone(timedelta(hours=1)))
    message = build_message(
        rendered,
        subject=SUBJECT,
        sender=default_sender(make_brand()),
        to="Reader <reader@example.net>",
        date=when,
        message_id="<2026-12@example.org>",
    )
    data = message_bytes(message)
    assert data.isascii()  # 7-bit clean on the wire: UTF-8 is encoded (RFC 2047, QP)
    lines = data.split(b"\r\n")
    assert max(len(line) for line in lines) <= 78
    assert b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    back = parse(data)
    assert back["Subject"] == SUBJECT
    assert back["From"] == "Nordlys Health Cluster <newsletter@example.org>"
    assert back["To"] == "Reader <reader@example.net>"
    assert back["Date"] == "Tue, 01 Dec 2026 08:30:00 +0100"
    assert back["Message-ID"] == "<2026-12@example.org>"
    assert back["MIME-Version"] == "1.0"
    assert back.get_content_type() == "multipart/alternative"
    plain, html = back.iter_parts()
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    assert plain.get_content_type() == "text/plain" and html.get_content_type() == "text/html"
    assert plain.get_content_charset() == "utf-8" and html.get_content_charset() == "utf-8"
    assert body(plain) == rendered.text.removesuffix("\n")
    assert body(html) == rendered.html.removesuffix("\n")


def test_defaults_undisclosed_recipients_now_and_a_fresh_message_id() -> None:
    articles = make_articles(2)
    rendered = render_issue(make_issue(articles), articles, make_brand(), load_profile("generic"))
    first = parse(message_bytes(build_message(rendered, subject="x", sender="a@example.org")))
    second = build_message(rendered, subject="x", sender="a@example.org")
    assert first["To"] == UNDISCLOSED
    assert first["Message-ID"] != second["Message-ID"]
    assert first["Message-ID"].endswith("@example.org>")
    assert abs(first["Date"].datetime - datetime.now().astimezone()) < timedelta(minutes=5)


@pytest.mark.parametrize("bad", ["", "reader", "reader@", "@example.org", "two words"])
def test_bad_addresses_are_input_errors(bad: str) -> None:
    with pytest.raises(InputError, match="is not an email address"):
        check_address(bad, "recipient")


def test_good_addresses() -> None:
    assert check_address(" a@example.org ", "x") == "a@example.org"
    assert check_address('"Ola N." <ola@example.no>', "x") == '"Ola N." <ola@example.no>'


def test_compose_exports_the_eml_beside_html_and_text(
    sample_workspace: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        main,
        [
            "-w",
            str(sample_workspace),
            "compose",
            "--issue",
            "issues/sample.toml",
            "-o",
            str(tmp_path),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    message = parse((tmp_path / "sample.eml").read_bytes())
    assert message["Subject"] == "December: demo day, a shared lab and patient data rules"
    assert message["From"].addresses[0].addr_spec == "newsletter@example.org"
    plain, html = message.iter_parts()
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    html_file = (tmp_path / "sample.html").read_text(encoding="utf-8")
    assert body(html) == html_file.replace("\r\n", "\n").removesuffix("\n")
    text_file = (tmp_path / "sample.txt").read_text(encoding="utf-8")
    assert body(plain) == text_file.removesuffix("\n")
    assert '"eml":' in result.output


def test_smtp_from_setting_is_the_exported_sender(sample_workspace: Path, tmp_path: Path) -> None:
    config = sample_workspace / "newsletter.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '\n[smtp]\nfrom = "Nordlys <post@example.org>"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "-w",
            str(sample_workspace),
            "compose",
            "--issue",
            "issues/sample.toml",
            "-o",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    message = parse((tmp_path / "sample.eml").read_bytes())
    assert message["From"] == "Nordlys <post@example.org>"
