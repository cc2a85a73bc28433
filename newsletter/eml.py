"""The email as a standards-compliant message (RFC 5322 + MIME): multipart/alternative with
the plain text first and the HTML last, UTF-8, Subject, From, To, Date and Message-ID.
Any mail client opens the exported NAME.eml; send-test sends the same message."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from newsletter.errors import InputError
from newsletter.models import Brand, Rendered
from newsletter.utm import host_of

# RFC 5322 group syntax for "no visible recipients": valid, and mail clients show it.
UNDISCLOSED = "undisclosed-recipients:;"


def default_sender(brand: Brand) -> str:
    """`"Brand name" <newsletter@website host>`: the From of an exported message."""
    host = host_of(brand.website) or "localhost"
    return str(Address(display_name=brand.name, username="newsletter", domain=host))


def check_address(value: str, what: str) -> str:
    """`value` if it parses as email addresses (or the undisclosed group), else InputError."""
    try:
        header = policy.default.header_factory("To", value)
        addresses, defects = header.addresses, header.defects
    except (ValueError, IndexError, TypeError):
        addresses, defects = (), (ValueError(),)
    if value.strip() == UNDISCLOSED:
        return value.strip()
    if not addresses or defects or any(not a.username or not a.domain for a in addresses):
        raise InputError(
            f"{what} {value!r} is not an email address",
            hint="Write it like name@example.org or 'Name <name@example.org>'.",
        )
    return value.strip()


def build_message(
    rendered: Rendered,
    *,
    subject: str,
    sender: str,
    to: str = UNDISCLOSED,
    date: datetime | None = None,
    message_id: str | None = None,
) -> EmailMessage:
    """The email as a MIME message: text/plain then text/html alternatives, both UTF-8."""
    message = EmailMessage(policy=policy.SMTP)
    message["Subject"] = " ".join(subject.split())
    message["From"] = check_address(sender, "sender")
    message["To"] = check_address(to, "recipient")
    message["Date"] = format_datetime(date or datetime.now().astimezone())
    domain = message["From"].addresses[0].domain
    message["Message-ID"] = message_id or make_msgid(domain=domain or None)
    message.set_content(rendered.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as bytes with CRLF line ends, as mail clients and SMTP expect."""
    return message.as_bytes(policy=policy.SMTP)
