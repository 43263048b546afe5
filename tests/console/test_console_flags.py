"""The coordinator console lists the entries advisors flagged as wrong or out of date (issue 14)."""

from __future__ import annotations

import httpx

from tests.console.conftest import EMAIL, PASSWORD, Console
from tests.console.helpers import log_in


def test_the_console_lists_flagged_entries(console: Console) -> None:
    device = console.devices[0]
    flag = {
        "client_id": 1,
        "service_source": "server:directory",
        "service_source_id": "kela-itakeskus",
        "service_name": {"fi": "Kelan palvelupiste Itäkeskus", "en": "Kela service point Itäkeskus"},
        "text": "The service point moved to Itis, 2nd floor",
        "flagged_at": "2026-03-02T09:30:00+00:00",
    }
    with httpx.Client(base_url=console.url + "/api/v1", timeout=30) as api:
        sent = api.post("/directory/flags", json={"flags": [flag]}, headers=device.headers)
        assert sent.status_code == 200, sent.text
    with httpx.Client(base_url=console.url, timeout=30, follow_redirects=True) as browser:
        assert browser.get("/console/flags").status_code == 401, "the page needs a login"
        log_in(browser, EMAIL, PASSWORD, "en")
        page = browser.get("/console/flags")
        assert page.status_code == 200
        assert 'aria-current="page"' in page.text and "Directory flags" in page.text
        assert "Kelan palvelupiste Itäkeskus" in page.text and "moved to Itis, 2nd floor" in page.text
        assert device.team in page.text
        browser.cookies.set("neuvo_lang", "fi")
        finnish = browser.get("/console/flags")
        assert "Hakemiston virheilmoitukset" in finnish.text
