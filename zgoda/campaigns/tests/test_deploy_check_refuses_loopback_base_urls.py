"""Production refuses to start while the base URLs of SMS and e-mail links point at this
machine (`zgoda check --deploy --fail-level ERROR`, run by the start script); ZGODA_DEMO=1
(`make run`) allows it; `make run` derives both from its port."""

import pytest
from django.core import checks
from django.core.checks.registry import registry

from zgoda.campaigns.checks import links_lead_beyond_this_machine
from zgoda.lib import site

LOOPBACK = ["http://127.0.0.1:8000", "http://localhost:8000", "localhost", "http://[::1]:8000", "127.0.0.5",
            "http://0.0.0.0:8000", "http://shop.localhost"]  # fmt: skip


def deploy_errors():
    return [c for c in links_lead_beyond_this_machine(None) if c.id == "campaigns.E005"]


@pytest.mark.parametrize("url", LOOPBACK)
def test_production_with_a_loopback_base_url_fails_the_deploy_check(settings, url):
    settings.ZGODA_DEMO = False
    settings.ZGODA_PUBLIC_URL = "https://sklep.example.pl"
    settings.ZGODA_SHORT_BASE_URL = url
    errors = deploy_errors()
    assert len(errors) == 1 and errors[0].level == checks.ERROR and "ZGODA_SHORT_BASE_URL" in errors[0].msg
    settings.ZGODA_PUBLIC_URL, settings.ZGODA_SHORT_BASE_URL = url, "sklep.pl"
    assert "ZGODA_PUBLIC_URL" in deploy_errors()[0].msg


def test_real_addresses_and_the_demo_pass(settings):
    settings.ZGODA_DEMO = False
    settings.ZGODA_PUBLIC_URL, settings.ZGODA_SHORT_BASE_URL = "https://sklep.example.pl", "sklep.pl"
    assert deploy_errors() == []
    settings.ZGODA_DEMO = "1"
    settings.ZGODA_PUBLIC_URL = settings.ZGODA_SHORT_BASE_URL = "http://127.0.0.1:8000"
    assert deploy_errors() == []


def test_it_runs_with_the_deploy_checks_only():
    assert links_lead_beyond_this_machine in registry.get_checks(include_deployment_checks=True)
    assert links_lead_beyond_this_machine not in registry.get_checks(include_deployment_checks=False)


def test_make_run_derives_both_base_urls_from_its_port():
    assert site.loopback_urls(8611) == {"ZGODA_PUBLIC_URL": "http://127.0.0.1:8611",
                                        "ZGODA_SHORT_BASE_URL": "http://127.0.0.1:8611"}
