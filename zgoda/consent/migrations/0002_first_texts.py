"""The first version of every purpose's text, in Polish and English, so the forms have
something to show on a fresh install. Staff publish their own versions in the admin: production
refuses to start while these are current (zgoda.consent.E003, zgoda/consent/checks.py).

The SMS marketing text promises no STOP reply: with the default alphanumeric sender nobody can
answer an SMS (campaign footers add "lub odpisz STOP" only when the gateway receives replies)."""

import hashlib

from django.db import migrations

TEXTS = {
    ("terms", "pl"): (
        "Akceptuję Regulamin sklepu i zapoznałem(-am) się z Polityką prywatności.",
        "Regulamin sklepu internetowego\n\n"
        "1. Sklep prowadzi sprzedaż na odległość za pośrednictwem strony internetowej.\n"
        "2. Konto klienta jest bezpłatne; klient może je usunąć w każdej chwili.\n"
        "3. Umowa sprzedaży zostaje zawarta z chwilą potwierdzenia zamówienia przez sklep.\n"
        "4. Konsument może odstąpić od umowy w terminie 14 dni bez podania przyczyny.\n"
        "5. Reklamacje rozpatrujemy w ciągu 14 dni od ich otrzymania.",
    ),
    ("terms", "en"): (
        "I accept the shop's Terms of Service and have read the Privacy Policy.",
        "Online shop terms of service\n\n"
        "1. The shop sells at a distance through its website.\n"
        "2. A customer account is free; the customer may delete it at any time.\n"
        "3. A sales contract is made when the shop confirms the order.\n"
        "4. A consumer may withdraw from the contract within 14 days without giving a reason.\n"
        "5. Complaints are handled within 14 days of receipt.",
    ),
    ("privacy", "pl"): (
        "Zapoznałem(-am) się z Polityką prywatności.",
        "Polityka prywatności\n\n"
        "Administratorem danych jest sklep. Dane konta przetwarzamy, by wykonać umowę (art. 6 ust. 1 lit. b RODO); "
        "numer telefonu do logowania dwuetapowego, bo o to prosisz (art. 6 ust. 1 lit. b); numer do SMS-ów "
        "marketingowych tylko na podstawie Twojej zgody (art. 6 ust. 1 lit. a). Masz prawo dostępu do danych, "
        "ich sprostowania, usunięcia, przeniesienia i sprzeciwu, a zgodę możesz wycofać w każdej chwili.",
    ),
    ("privacy", "en"): (
        "I have read the Privacy Policy.",
        "Privacy policy\n\n"
        "The shop is the data controller. We process account data to perform the contract (GDPR art. 6(1)(b)); "
        "the phone number for two-step login because you ask for it (art. 6(1)(b)); the number for marketing "
        "text messages only with your consent (art. 6(1)(a)). You may access, rectify, erase and port your data "
        "and object, and you may withdraw consent at any time.",
    ),
    ("twofa", "pl"): (
        "Numer wykorzystamy do wysyłania kodów logowania dwuetapowego. Możesz je wyłączyć w każdej chwili.",
        "Numer telefonu podany przy włączaniu logowania dwuetapowego wykorzystujemy do wysyłania jednorazowych "
        "kodów SMS przy logowaniu z nowego urządzenia, przy zmianie numeru i przy wyłączaniu zabezpieczenia. "
        "Wyłączenie logowania dwuetapowego nie wpływa na inne zgody.",
    ),
    ("twofa", "en"): (
        "We will use the number to send two-step login codes. You can turn it off at any time.",
        "The phone number given when turning on two-step login is used to send one-time SMS codes when you log "
        "in from a new device, change the number or turn the protection off. Turning two-step login off does "
        "not affect your other consents.",
    ),
    ("sms_marketing", "pl"): (
        "Chcę otrzymywać od sklepu SMS-y z ofertami i promocjami na podany numer telefonu. "
        "Zgodę mogę wycofać w każdej chwili.",
        "Zgoda na otrzymywanie informacji handlowych SMS-em\n\n"
        "Wyrażam zgodę na przesyłanie mi przez sklep informacji handlowych (oferty, promocje, nowości) "
        "w wiadomościach SMS na numer telefonu, który podałem(-am) i potwierdziłem(-am) kodem. "
        "Zgoda jest dobrowolna i nie jest warunkiem logowania dwuetapowego ani zakupów. "
        "Mogę ją wycofać w każdej chwili na stronie „Twoje zgody” albo linkiem w każdej wiadomości; "
        "wycofanie nie wpływa na zgodność z prawem wcześniejszej wysyłki.",
    ),
    ("sms_marketing", "en"): (
        "I want to receive text messages with the shop's offers and promotions at the phone number I gave. "
        "I can withdraw this consent at any time.",
        "Consent to marketing text messages\n\n"
        "I agree that the shop may send me commercial information (offers, promotions, news) by SMS to the "
        "phone number I gave and confirmed with a code. The consent is voluntary and is not a condition of "
        "two-step login or of buying. I can withdraw it at any time on the “Your consents” page or through the "
        "link in every message; withdrawal does not affect earlier messages.",
    ),
}


def create_texts(apps, schema_editor):
    ConsentText = apps.get_model("consent", "ConsentText")
    for (purpose, language), (label, body) in TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, language=language, version="1.0",
            defaults={
                "label": label, "body": body, "material": True, "published_by": "zgoda",
                "sha256": hashlib.sha256(f"{label}\n\n{body}".encode()).hexdigest(),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]
    operations = [migrations.RunPython(create_texts, migrations.RunPython.noop)]
