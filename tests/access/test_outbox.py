"""Signed webhooks through the outbox (retried, logged), e-mail to a local SMTP server, reminders."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from ic2permed.access import service, webhooks
from ic2permed.access.schemas import RequestCreate, Transition, WebhookCreate
from ic2permed.core.database import Database, utcnow
from ic2permed.core.errors import Forbidden, ValidationFailed
from ic2permed.core.permissions import Actor, Role
from tests.access.conftest import eu_to_cn_request
from tests.fakes.servers import free_port


def test_standard_webhooks_reference_vector() -> None:
    """The Standard Webhooks specification's own test vector."""
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    signature = webhooks.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert webhooks.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}', signature)
    assert not webhooks.verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 1}', signature)


def fake_dns(table: dict[str, list[str]]) -> Any:
    return lambda host: table[host]


@pytest.mark.parametrize(
    ("url", "addresses", "ok"),
    [
        ("https://hooks.biobank.example/x", ["93.184.216.34"], True),
        ("http://hooks.biobank.example/x", ["93.184.216.34"], False),  # not https
        ("https://hooks.biobank.example/x", ["127.0.0.1"], False),  # loopback
        ("https://hooks.biobank.example/x", ["10.0.0.7"], False),  # private
        ("https://hooks.biobank.example/x", ["169.254.169.254"], False),  # link-local (cloud metadata)
        ("https://hooks.biobank.example/x", ["::1"], False),
        ("https://hooks.biobank.example/x", ["93.184.216.34", "192.168.1.2"], False),  # any private answer
        ("https://user:pw@hooks.biobank.example/x", ["93.184.216.34"], False),
    ],
)
def test_webhook_urls_must_be_https_and_public(url: str, addresses: list[str], ok: bool) -> None:
    resolve = fake_dns({"hooks.biobank.example": addresses})
    if ok:
        webhooks.check_url(url, resolve=resolve)
    else:
        with pytest.raises(ValidationFailed):
            webhooks.check_url(url, resolve=resolve)
    # The same private target passes only with the test setting, proving the guard is what refuses it.
    webhooks.check_url(url.replace("user:pw@", ""), allow_insecure=True, resolve=resolve)


class Receiver:
    """A local HTTP endpoint recording what it receives; answers with the queued statuses."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.received: list[tuple[dict[str, str], str]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"])).decode()
                receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                return None

        self.server = HTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver([500])  # the first delivery fails, the retry succeeds
    yield server
    server.close()


def _people(database: Database) -> dict[str, Actor]:
    from ic2permed.core.accounts import repository as accounts

    with database.session() as session:
        found = {}
        for name in ("lea-fictional", "rep-hangzhou-fictional", "rep-lyon-fictional", "committee-fictional"):
            user = accounts.by_username(session, name)
            assert user is not None
            found[name] = Actor(id=user.id, username=name, roles=frozenset(Role(r.role) for r in user.roles))
    return found


def test_state_changes_reach_the_biobank_signed_retried_and_logged(
    database: Database, catalogue: dict[str, str], receiver: Receiver
) -> None:
    people = _people(database)
    with database.session() as session:
        with pytest.raises(Forbidden):
            service.add_webhook(
                session,
                people["rep-lyon-fictional"],
                WebhookCreate(biobank_id="bb-hangzhou-test", url=receiver.url),
                True,
            )
        with pytest.raises(ValidationFailed):
            service.add_webhook(
                session,
                people["rep-hangzhou-fictional"],
                WebhookCreate(biobank_id="bb-hangzhou-test", url=receiver.url),
            )
        hook = service.add_webhook(
            session,
            people["rep-hangzhou-fictional"],
            WebhookCreate(biobank_id="bb-hangzhou-test", url=receiver.url),
            True,
        )
        request = service.submit(session, people["lea-fictional"], RequestCreate.model_validate(eu_to_cn_request()))
        service.move_request(session, people["committee-fictional"], request.id, Transition(target="in_progress"))

        with httpx.Client(timeout=5) as client:

            def send(url: str, headers: dict[str, str], body: str) -> int:
                return client.post(url, content=body.encode(), headers=headers).status_code

            first = service.deliver(session, send, None, allow_insecure=True)
            assert first.retrying == 1 and first.delivered >= 1  # one failed with HTTP 500 and waits its turn
            assert service.deliver(session, send, None, allow_insecure=True).delivered == 0  # not due yet
            later = utcnow() + timedelta(minutes=5)
            assert service.deliver(session, send, None, now=later, allow_insecure=True).delivered == 1
        log = service.outbox_log(session, Actor.system())

    webhook_rows = [row for row in log if row["kind"] == "webhook"]
    assert all(row["delivered_at"] for row in webhook_rows)
    assert any(row["attempts"] == 2 and row["last_error"] == "" for row in webhook_rows)
    assert len(receiver.received) == len(webhook_rows) + 1
    targets = set()
    for headers, body in receiver.received:
        msg_id, timestamp = headers["webhook-id"], int(headers["webhook-timestamp"])
        # Recompute the signature independently of the module under test.
        key = base64.b64decode(hook.secret.removeprefix("whsec_"))
        expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest())
        assert headers["webhook-signature"] == "v1," + expected.decode()
        event = json.loads(body)
        assert event["type"] == "access_request.state_changed"
        targets.add(event["data"]["to"])
    assert {"under_review", "in_progress", "representative_contacted"} <= targets


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope)
        return "250 OK"


def test_representatives_are_mailed_through_smtp_when_configured(database: Database, catalogue: dict[str, str]) -> None:
    from ic2permed.access import mail

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        people = _people(database)
        with database.session() as session:
            request = service.submit(session, people["lea-fictional"], RequestCreate.model_validate(eu_to_cn_request()))
            service.move_request(session, people["committee-fictional"], request.id, Transition(target="in_progress"))
            # The test catalogue is loaded as bundled data: an admin allows mailing its addresses here.
            unsent = service.deliver(session, lambda *_: 200, None, mail_bundled=True)
            assert unsent.skipped == 1 and mailbox.messages == []  # no SMTP configured: kept, not lost
            sender = mail.smtp_sender("127.0.0.1", controller.port, "ic2permed@platform.example")
            assert service.deliver(session, lambda *_: 200, sender, mail_bundled=True).delivered == 1
    finally:
        controller.stop()
    (envelope,) = mailbox.messages
    assert envelope.rcpt_tos == ["access@hangzhou-test.example"]  # demo contacts use .example
    assert b"Access request #" in envelope.content


def test_reminders_then_unreachable(database: Database, catalogue: dict[str, str]) -> None:
    people = _people(database)
    with database.session() as session:
        request = service.submit(session, people["lea-fictional"], RequestCreate.model_validate(eu_to_cn_request()))
        service.move_request(session, people["committee-fictional"], request.id, Transition(target="in_progress"))
        assert service.remind(session, now=utcnow() + timedelta(days=1)) == 0
        assert service.remind(session, now=utcnow() + timedelta(days=15)) == 1
        notes = service.notifications(session, people["rep-hangzhou-fictional"])
        assert any(n.text.startswith("Reminder:") for n in notes)
        assert service.remind(session, now=utcnow() + timedelta(days=30)) == 1
        detail = service.get_request(session, people["lea-fictional"], request.id)
    assert detail.collections[0].state == "representative_unreachable"
    assert detail.history[-1].party == "system"


def test_bundled_directory_addresses_are_mailed_only_when_an_admin_allows_it(
    database: Database, catalogue: dict[str, str]
) -> None:
    from ic2permed.access import mail

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        people = _people(database)
        sender = mail.smtp_sender("127.0.0.1", controller.port, "ic2permed@platform.example")
        with database.session() as session:
            first = service.submit(session, people["lea-fictional"], RequestCreate.model_validate(eu_to_cn_request()))
            service.move_request(session, people["committee-fictional"], first.id, Transition(target="in_progress"))
            report = service.deliver(session, lambda *_: 200, sender)  # the switch is off by default
            assert (report.withheld, report.delivered) == (1, 0)
            assert mailbox.messages == []
            (logged,) = [m for m in service.outbox_log(session, people["committee-fictional"]) if m["kind"] == "email"]
            assert logged["failed"] and logged["last_error"].startswith("withheld")
            assert service.deliver(session, lambda *_: 200, sender).withheld == 0  # withheld once, never sent later

            # The same mail goes out when the admin switch is on.
            second = service.submit(session, people["lea-fictional"], RequestCreate.model_validate(eu_to_cn_request()))
            service.move_request(session, people["committee-fictional"], second.id, Transition(target="in_progress"))
            assert service.deliver(session, lambda *_: 200, sender, mail_bundled=True).delivered == 1
    finally:
        controller.stop()
    (envelope,) = mailbox.messages
    assert envelope.rcpt_tos == ["access@hangzhou-test.example"]


def test_the_admin_switch_is_a_setting_off_by_default() -> None:
    from ic2permed.core.config import Settings

    assert Settings().mail_bundled_contacts is False
    assert Settings(mail_bundled_contacts=True).mail_bundled_contacts is True
