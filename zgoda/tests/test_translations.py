"""The translation catalogs (zgoda/locale): English complete, Polish plurals right, the
committed .mo files what the .po files compile to, and pages served in English on request."""

import ast
import gettext
import html
import re
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import translation

from conftest import PHONE, login_password, sms_to
from zgoda.accounts.app_settings import trusted_device_days

LOCALE = settings.BASE_DIR / "locale"
CODES_SENT = (
    "Wysłaliśmy już %(n)d kod w tej próbie. Zacznij od nowa, aby dostać kolejny.",
    "Wysłaliśmy już %(n)d kody w tej próbie. Zacznij od nowa, aby dostać kolejny.",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{[a-z_]+\}")


def po_path(language):
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def read_po(path):
    """Entries of a .po file as dicts: flags, msgid, msgid_plural, msgstr {index: text}."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry, key = {"flags": set(), "msgid_plural": None, "msgstr": {}}, None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#") or not line.strip():
                continue
            elif line.startswith('"'):
                target, index = key
                text = ast.literal_eval(line)
                if target == "msgstr":
                    entry["msgstr"][index] += text
                else:
                    entry[target] += text
            else:
                keyword, value = line.split(" ", 1)
                match = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if keyword == "msgstr" or match:
                    key = ("msgstr", int(match.group(1)) if match else 0)
                    entry["msgstr"][key[1]] = ast.literal_eval(value)
                else:
                    key = (keyword, None)
                    entry[keyword] = ast.literal_eval(value)
        if "msgid" in entry:
            entries.append(entry)
    return entries


def messages(language):
    """The catalog without its header entry."""
    entries = read_po(po_path(language))
    assert entries[0]["msgid"] == "", "the header entry comes first"
    return entries[1:]


def header(language):
    return read_po(po_path(language))[0]["msgstr"][0]


# --- The catalogs themselves ---------------------------------------------------------


def test_the_english_catalog_translates_every_entry_and_has_nothing_fuzzy_or_obsolete():
    entries = messages("en")
    assert len(entries) > 600  # the parser still finds the catalog's entries
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values()) or not e["msgstr"]]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    obsolete = [e["msgid"] for e in entries if e.get("obsolete")]
    assert (untranslated, fuzzy, obsolete) == ([], [], [])
    assert [e["msgid"] for e in entries if e["msgid_plural"] and len(e["msgstr"]) != 2] == []
    assert "nplurals=2; plural=(n != 1);" in header("en")


def test_english_translations_keep_every_placeholder_of_their_source_string():
    wrong = []
    for entry in messages("en"):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, text in entry["msgstr"].items():
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(sources[min(index, 1)])):
                wrong.append((entry["msgid"], text))
    assert wrong == []


def test_english_translations_contain_no_polish_letters():
    polish = re.compile(r"[ąćęłńśźżĄĆĘŁŃŚŹŻ]")
    assert [e["msgid"] for e in messages("en") if any(polish.search(t) for t in e["msgstr"].values())] == []


def test_the_polish_catalog_has_three_plural_forms_and_fills_all_three_in_every_plural_entry():
    polish_rule = "nplurals=3; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1 : 2);"
    assert polish_rule in header("pl")
    plural_entries = [e for e in messages("pl") if e["msgid_plural"]]
    assert plural_entries  # the project does use ngettext
    incomplete = [e["msgid"] for e in plural_entries if sorted(e["msgstr"]) != [0, 1, 2]
                  or not all(e["msgstr"].values())]
    assert incomplete == []
    assert [e["msgid"] for e in messages("pl") if "fuzzy" in e["flags"]] == []


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_committed_mo_file_is_what_the_po_file_compiles_to(language, tmp_path):
    """Someone who edits a .po file and forgets `make messages` (compilemessages) fails here."""
    committed = po_path(language).with_suffix(".mo")
    assert committed.exists(), f"{committed} is missing: run `make messages`"
    # Compared by meaning first (needs no gettext tools): every translated entry, nothing else.
    with committed.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in messages(language):
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values()):
            continue
        msgid = f"{entry['msgctxt']}\x04{entry['msgid']}" if "msgctxt" in entry else entry["msgid"]  # gettext's key
        if entry["msgid_plural"]:
            expected.update({(msgid, i): text for i, text in entry["msgstr"].items()})
        else:
            expected[msgid] = entry["msgstr"][0]
    assert {k: v for k, v in compiled.items() if k != ""} == expected, f"run `make messages`: {committed} is stale"
    # Then byte for byte against msgfmt run the way compilemessages runs it.
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt is not installed: `make test` installs the Debian package gettext", pytrace=False)
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check-format", "-o", str(fresh), str(po_path(language))], check=True)
    assert fresh.read_bytes() == committed.read_bytes(), f"run `make messages`: {committed} is stale"


def test_translation_functions_are_imported_under_names_makemessages_extracts():
    """xgettext finds _(), gettext(), gettext_lazy(), ngettext()... but not an alias such as
    `gettext_lazy as _l`: strings marked that way never reach the catalogs."""
    alias = re.compile(r"from django\.utils\.translation import .*\b(\w*gettext\w*) as (\w+)")
    wrong = []
    for path in settings.BASE_DIR.rglob("*.py"):
        for name, local in alias.findall(path.read_text(encoding="utf-8")):
            if local != "_" or name not in {"gettext", "gettext_lazy"}:
                wrong.append(f"{path.relative_to(settings.BASE_DIR)}: {name} as {local}")
    assert wrong == []


# --- Polish plurals through Django's ngettext --------------------------------------


@pytest.mark.parametrize(
    "count, expected",
    [(1, "1 kod "), (2, "2 kody "), (4, "4 kody "), (5, "5 kodów "), (12, "12 kodów "), (22, "22 kody "),
     (25, "25 kodów "), (112, "112 kodów ")],
)
def test_polish_plural_of_codes_sent_follows_polish_grammar(count, expected):
    with translation.override("pl"):
        text = translation.ngettext(*CODES_SENT, count) % {"n": count}
    assert text == f"Wysłaliśmy już {expected}w tej próbie. Zacznij od nowa, aby dostać kolejny."


@pytest.mark.parametrize("count, expected",
                         [(1, "urządzenie"), (3, "urządzenia"), (5, "urządzeń"), (14, "urządzeń"), (24, "urządzenia")])
def test_polish_plural_of_revoked_devices_follows_polish_grammar(count, expected):
    with translation.override("pl"):
        text = translation.ngettext("Odwołano %(n)d urządzenie.", "Odwołano %(n)d urządzenia.", count)
    assert text % {"n": count} == f"Odwołano {count} {expected}."


@pytest.mark.parametrize("language, expected", [("pl", "Wysłaliśmy już 5 kodów w tej próbie."),
                                                ("en", "We have already sent 5 codes in this attempt.")])
def test_the_challenge_page_refuses_a_sixth_code_with_the_right_plural(settings, client, user_2fa, language, expected):
    settings.ZGODA_OTP_RESEND_COOLDOWN_SECONDS = 0  # only the per-login cap (5 codes) is in play
    settings.ZGODA_SMS_LIMITS_PER_NUMBER = [(1000, 300)]
    settings.ZGODA_SMS_LIMITS_PER_IP = [(1000, 3600)]
    language_header = {"accept-language": language}
    assert login_password(client, headers=language_header).status_code == 302  # code 1
    for _ in range(4):
        client.post("/accounts/2fa/challenge/resend/", headers=language_header)  # codes 2-5
    assert len(sms_to(PHONE)) == 5
    response = client.post("/accounts/2fa/challenge/resend/", follow=True, headers=language_header)
    assert len(sms_to(PHONE)) == 5 and expected in text_of(response)


def test_english_plurals_use_english_grammar():
    with translation.override("en"):
        assert translation.ngettext(*CODES_SENT, 1) % {"n": 1} == (
            "We have already sent 1 code in this attempt. Start over to get another one."
        )
        assert translation.ngettext(*CODES_SENT, 5) % {"n": 5} == (
            "We have already sent 5 codes in this attempt. Start over to get another one."
        )


# --- Pages in English on request ---------------------------------------------------


def text_of(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_login_page_is_english_for_an_english_browser_and_polish_by_default(client, db):
    english = text_of(client.get("/accounts/login/", headers={"accept-language": "en"}))
    assert '<html lang="en">' in english
    assert "Sign up" in english and "Privacy: your data and consents" in english
    assert "Załóż konto" not in english
    polish = text_of(client.get("/accounts/login/"))
    assert '<html lang="pl">' in polish and "Załóż konto" in polish


def test_the_sms_challenge_page_is_english_for_an_english_browser(pending_login):
    body = text_of(pending_login.get("/accounts/2fa/challenge/", headers={"accept-language": "en-GB,en;q=0.9"}))
    assert "Confirm your login" in body and "Enter code no. 1" in body and "Cancel login" in body
    days = trusted_device_days()
    assert days > 1 and f"Trust this device (don’t ask for a code for {days} days)" in body
    for polish in ("Potwierdź logowanie", "Wpisz kod nr", "Anuluj logowanie", "Zaufaj temu"):
        assert polish not in body


def test_the_consents_page_is_english_for_an_english_browser(client, user):
    client.force_login(user)
    body = text_of(client.get("/accounts/consents/", headers={"accept-language": "en"}))
    assert "Your consents" in body and "Marketing SMS" in body and "Two-step login is off." in body
    for polish in ("Twoje zgody", "SMS-y marketingowe", "Logowanie dwuetapowe jest wyłączone."):
        assert polish not in body


def test_a_wrong_code_is_refused_in_english_for_an_english_browser(pending_login):
    response = pending_login.post(
        "/accounts/2fa/challenge/", {"action": "code", "code": "12"}, headers={"accept-language": "en"}
    )
    body = html.unescape(response.content.decode())
    assert "The code has 6 digits." in body or "Wrong code." in body
    assert "Kod składa się" not in body and "Błędny kod" not in body
