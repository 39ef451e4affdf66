"""{link:/p/slug/} and other paths are accepted in the composer and resolved against
ZGODA_PUBLIC_URL; a link to a landing page that does not exist is refused; the landing-page
picker puts the page's link into the text."""

from django.test import Client

from zgoda.campaigns.internal.flows import compose, dispatch, tracking
from zgoda.campaigns.models import Campaign, LandingPage, Recipient

from .conftest import people
from .staff import staff_client


def page():
    return LandingPage.objects.create(slug="mikolajki", title="Mikołajki", body="Taniej.", cta_label="Kupuję",
                                      cta_url="https://sklep.example.pl/")


def form_data(**extra):
    return {"name": "Mikołajki", "slug": "mikolajki", "text": "Mikolajki: -20%!", "sender": "Sklep",
            "provider": "outbox", "language": "", "twofa": "", **extra}


def test_relative_links_resolve_against_the_public_url(db, settings, campaign_settings):
    settings.ZGODA_PUBLIC_URL = "https://sklep.example.pl/"
    page()
    assert compose.text_errors("Hej {link:/p/mikolajki/}") == []
    assert compose.text_errors("Hej {link:/koszyk?x=1}") == []
    assert compose.target_of("Hej {link:/p/mikolajki/}") == "https://sklep.example.pl/p/mikolajki/"
    assert "/p/nie-ma/" in compose.text_errors("Hej {link:/p/nie-ma/}")[0]
    people(3)
    campaign = Campaign.objects.create(name="M", slug="m", provider="outbox", sender="Sklep",
                                       text="Mikolajki {link:/p/mikolajki/}")
    dispatch.schedule(campaign)
    row = Recipient.objects.filter(campaign=campaign).first()
    assert tracking.destination(row).startswith("https://sklep.example.pl/p/mikolajki/?utm_source=sms")


def test_unknown_landing_page_is_refused_in_the_composer(db, campaign_settings):
    staff = staff_client(Client())
    response = staff.post("/admin/campaigns/campaign/add/", form_data(text="Hej {link:/p/nie-ma/}"))
    assert response.status_code == 200 and "/p/nie-ma/" in response.content.decode()
    assert not Campaign.objects.exists()


def test_the_picker_puts_the_pages_link_into_the_text(db, campaign_settings):
    page()
    staff = staff_client(Client())
    form = staff.get("/admin/campaigns/campaign/add/").content.decode()
    assert 'name="landing_page"' in form and "/p/mikolajki/" in form
    response = staff.post("/admin/campaigns/campaign/add/", form_data(landing_page="mikolajki"))
    assert response.status_code == 302
    assert Campaign.objects.get().text == "Mikolajki: -20%! {link:/p/mikolajki/}"
