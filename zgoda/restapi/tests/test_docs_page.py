"""/api/v1/docs: Swagger UI from django-ninja's own static files (no CDN: the CSP allows only
'self'), listing every operation, with a link to the integration guide, which renders."""

import pytest
from django.contrib.staticfiles import finders

CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs")


def test_docs_page_uses_local_assets_and_links_the_guide(client, db):
    response = client.get("/api/v1/docs")
    body = response.content.decode()
    assert response.status_code == 200 and "script-src 'self'" in response["Content-Security-Policy"]
    assert "/static/ninja/swagger-ui-bundle.js" in body and not any(host in body for host in CDN_HOSTS)
    assert 'href="/api/v1/docs/integration"' in body
    guide = client.get("/api/v1/docs/integration")
    text = guide.content.decode()
    assert guide.status_code == 200 and "<h2>2. The REST API</h2>" in text  # Markdown rendered, not shown raw
    assert "## " not in text and "<pre><code" in text


def test_swagger_files_are_found_although_ninja_is_no_installed_app(settings):
    assert "ninja" not in settings.INSTALLED_APPS  # importing it (and pydantic) on every start is 0.15 s
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css", "ninja/favicon.svg"):
        assert finders.find(name), name


def test_the_schema_names_every_resource(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/verifications", "/api/v1/verifications/{verification_id}/check", "/api/v1/consent-texts",
            "/api/v1/consents", "/api/v1/subjects/lookup", "/api/v1/withdrawals", "/api/v1/marketing-numbers",
            "/api/v1/suppressions", "/api/v1/webhooks", "/api/v1/webhooks/{subscription_id}"} <= set(schema["paths"])
    assert not [path for path in schema["paths"] if "phone" in path]  # numbers never in URLs
    problem = schema["paths"]["/api/v1/consents"]["post"]["responses"]["422"]["content"]
    assert list(problem) == ["application/problem+json"]


@pytest.mark.browser
def test_swagger_ui_renders_under_the_csp(phone_browser, screenshots):
    page = phone_browser.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text else None)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() >= 12
    screenshots(page, "api-docs")
    assert violations == []
    page.click("text=Przewodnik integracji")
    page.wait_for_selector("h2:has-text('The REST API')")
    # Long commands scroll inside their own block: the page itself is no wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
