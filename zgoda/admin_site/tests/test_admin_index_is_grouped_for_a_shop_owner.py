"""The panel's first page is grouped by a shop owner's tasks, not by Python app: campaigns
(with the consent dashboard and the campaigns first), consents and export, privacy/GDPR, SMS
gateways, security; every model of ours sits in a named section, none in "others"."""

import re

from conftest import make_user

SECTIONS = ["Kampanie", "Zgody i eksport", "Prywatność/RODO", "Bramki SMS", "Bezpieczeństwo"]
OUR_APPS = {"sms", "accounts", "consent", "privacy", "campaigns", "shop", "identity", "webhooks", "restapi"}


def test_admin_index_is_grouped_for_a_shop_owner(client, db):
    client.force_login(make_user("szef@example.com", phone="+48500900900", is_staff=True, is_superuser=True))
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="pl")
    html = response.content.decode()
    captions = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<caption>(.*?)</caption>", html, re.S)]
    assert captions[: len(SECTIONS)] == SECTIONS
    campaigns = response.context["app_list"][0]["models"]
    assert [m["admin_url"] for m in campaigns[:2]] == ["/admin/consent/consentdashboard/",
                                                       "/admin/campaigns/campaign/"]  # fmt: skip
    assert html.index("/admin/consent/consentdashboard/") < html.index("/admin/campaigns/campaign/") < html.index(
        "/admin/consent/consentevent/")
    others = [m["admin_url"] for section in response.context["app_list"] if section["name"] == "Pozostałe"
              for m in section["models"]]  # fmt: skip
    assert not [url for url in others if url.split("/")[2] in OUR_APPS], others

