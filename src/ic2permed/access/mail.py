"""E-mail through SMTP (only when configured): one plain-text message per call."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from email.message import EmailMessage


def smtp_sender(host: str, port: int, sender: str) -> Callable[[str, str, str], None]:
    def send(to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(host, port, timeout=10) as smtp:
            smtp.send_message(message)

    return send
