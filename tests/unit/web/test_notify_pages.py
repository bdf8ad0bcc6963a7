"""'Tell me when I'm close' on the status page: the form, its answers and its refusals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from kiosk.bootstrap import Core, assemble
from kiosk.clock import ManualClock
from kiosk.config import Settings
from kiosk.config.notify import NotifySettings
from kiosk.domain.nearby import Channel, Choice
from kiosk.domain.visit import Visit
from kiosk.store import Database
from kiosk.web.app import create_app
from kiosk.web.notify_pages import mask_address

HOSTILE = "<script>alert('x')</script>\"&"
CHANNELS = NotifySettings(smtp_url="mailto://mail.example.com",
                          sms_url="twilio://AC1:t@+15550000000")


@pytest.fixture
def notifying(db: Database, settings: Settings, clock: ManualClock) -> Core:
    return assemble(db, replace(settings, notify=CHANNELS), clock)


@pytest.fixture
def client(notifying: Core) -> Iterator[TestClient]:
    with TestClient(create_app(notifying, rate_limit_per_minute=100_000)) as test_client:
        yield test_client


@pytest.fixture
def visit(notifying: Core) -> Visit:
    notifying.visits.check_in(name="Ahead", category="laptop")
    return notifying.visits.check_in(name="Zaphod Beeblebrox", email="zaphod@example.com",
                                     category="laptop", description="password hunter2")


def _post(client: TestClient, visit: Visit, fields: dict[str, str], **headers: str):  # type: ignore[no-untyped-def]
    return client.post(f"/v/{visit.status_token}/notify", data=fields, headers=headers,
                       follow_redirects=False)


def test_the_status_page_offers_the_sites_channels(client: TestClient, visit: Visit) -> None:
    page = client.get(f"/v/{visit.status_token}").text
    assert "Tell me when I&#39;m close" in page
    for offered in ("email", "sms", "page"):
        assert f'value="{offered}"' in page
    assert 'value="slack"' not in page, "Slack is not set up at this site"
    assert 'type="tel"' in page
    assert f'action="/v/{visit.status_token}/notify?lang=en"' in page
    assert "zaphod@example.com" not in page
    assert "Nothing is sent" in page


def test_choosing_email_stores_it_and_shows_it_masked(client: TestClient, notifying: Core,
                                                      visit: Visit) -> None:
    answer = _post(client, visit, {"channel": "email", "ahead": "2"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/v/{visit.status_token}?lang=en#notify"
    assert notifying.notify.choice(visit.id) == Choice(Channel.EMAIL, "zaphod@example.com", 2)
    page = client.get(answer.headers["location"]).text
    assert "We&#39;ll e-mail z\u2022\u2022\u2022@example.com when 2 people are ahead" in page
    assert "zaphod@example.com" not in page
    assert 'value="2" checked' in page


def test_a_text_message_in_german(client: TestClient, notifying: Core, visit: Visit) -> None:
    answer = client.post(f"/v/{visit.status_token}/notify?lang=de", follow_redirects=True,
                         data={"channel": "sms", "ahead": "called", "phone": "+44 7700 900123"})
    assert answer.status_code == 200
    assert notifying.notify.choice(visit.id) == Choice(Channel.SMS, "+447700900123", None)
    assert "Wir senden eine SMS an +44\u2022\u2022\u2022123, wenn Sie aufgerufen werden." in answer.text


def test_only_the_page_unsubscribes(client: TestClient, notifying: Core, visit: Visit) -> None:
    notifying.notify.choose(visit.id, "email", ahead=1)
    assert _post(client, visit, {"channel": "page", "ahead": "1"}).status_code == 303
    assert notifying.notify.choice(visit.id) is None


@pytest.mark.parametrize(("fields", "message"), [
    ({"channel": "sms", "ahead": "2", "phone": "12"}, "country code"),
    ({"channel": "sms", "ahead": "2", "phone": HOSTILE}, "country code"),
    ({"channel": "email", "ahead": "4"}, "choose when"),
    ({"channel": HOSTILE, "ahead": "2"}, "choose how"),
    ({"channel": "slack", "ahead": "2"}, "choose how"),
    ({"channel": "sms", "ahead": "2", "phone": "7" * 10_000}, "choose how"),
])
def test_refusals_are_one_clear_line_and_store_nothing(
        client: TestClient, notifying: Core, visit: Visit, fields: dict[str, str],
        message: str) -> None:
    answer = _post(client, visit, fields)
    assert answer.status_code == 400
    assert message in answer.text.lower()
    assert 'role="alert"' in answer.text
    assert "<script>alert" not in answer.text, "typed HTML is escaped"
    assert notifying.notify.choice(visit.id) is None


def test_a_visitor_without_a_work_email_is_told_so(client: TestClient, notifying: Core) -> None:
    guest = notifying.visits.check_in(name="Guest", category="laptop")
    answer = _post(client, guest, {"channel": "email", "ahead": "1"})
    assert answer.status_code == 400
    assert "We have no work e-mail for you" in answer.text


def test_the_refused_phone_is_typed_again_escaped(client: TestClient, visit: Visit) -> None:
    answer = _post(client, visit, {"channel": "sms", "ahead": "3", "phone": '"><b>x'})
    assert 'value="&#34;&gt;&lt;b&gt;x"' in answer.text
    assert 'value="3" checked' in answer.text
    assert 'aria-invalid="true"' in answer.text


def test_a_post_from_another_site_is_refused(client: TestClient, notifying: Core,
                                             visit: Visit) -> None:
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        answer = _post(client, visit, {"channel": "email", "ahead": "2"}, **headers)
        assert answer.status_code == 403
    assert notifying.notify.choice(visit.id) is None


def test_a_wrong_token_is_the_plain_not_found(client: TestClient) -> None:
    answer = client.post("/v/" + "A" * 30 + "/notify", data={"channel": "email"})
    assert answer.status_code == 404
    assert "unknown or has expired" in answer.text
    assert client.get("/v/" + "A" * 30 + "/notify").status_code == 404


def test_no_form_once_called_or_without_channels(client: TestClient, notifying: Core, visit: Visit,
                                                 core: Core) -> None:
    notifying.visits.call(visit.id, "Kim", counter="Desk 2")
    assert 'id="notify"' not in client.get(f"/v/{visit.status_token}").text
    notifying.visits.start(visit.id, "Kim")
    refused = _post(client, visit, {"channel": "email", "ahead": "2"})
    assert refused.status_code == 400
    assert "no longer waiting" in refused.text
    with TestClient(create_app(core, rate_limit_per_minute=100_000)) as plain:
        other = core.visits.check_in(name="P", category="laptop", email="p@example.com")
        assert 'id="notify"' not in plain.get(f"/v/{other.status_token}").text


def test_the_form_page_and_its_rate_limit(notifying: Core, visit: Visit) -> None:
    with TestClient(create_app(notifying, rate_limit_per_minute=60)) as limited:
        page = limited.get(f"/v/{visit.status_token}/notify?lang=es")
        assert page.status_code == 200
        assert "Avísame cuando me toque pronto" in page.text
        answers = [_post(limited, visit, {"channel": "email", "ahead": "2"}).status_code
                   for _ in range(30)]
    assert 429 in answers
    assert notifying.notify.choice(visit.id) == Choice(Channel.EMAIL, "zaphod@example.com", 2)


def test_masks() -> None:
    assert mask_address(Channel.EMAIL, "ann@example.com") == "a\u2022\u2022\u2022@example.com"
    assert mask_address(Channel.SMS, "+447700900123") == "+44\u2022\u2022\u2022123"
