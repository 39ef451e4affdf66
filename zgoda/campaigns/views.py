"""Public side: tracked links, landing pages with their call to action, the conversion API."""

import hmac
import json

from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import app_settings, branding
from .internal.flows import tracking
from .models import Conversion, LandingPage


@never_cache
@require_GET
def link(request, token):
    recipient = tracking.recipient_for(token)
    if recipient is None:
        target = tracking.test_destination(token)
        if target is None:
            return TemplateResponse(request, "campaigns/link_gone.html", {}, status=404)
    else:
        tracking.click(recipient, request.headers.get("User-Agent", ""))
        target = tracking.destination(recipient)
    response = HttpResponseRedirect(target)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def landing(request, slug):
    page = get_object_or_404(LandingPage, slug=slug)
    token = request.GET.get(tracking.RECIPIENT_PARAM, "")
    paragraphs = [p.strip() for p in page.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return TemplateResponse(request, "campaigns/landing.html", {
        "page": page, "paragraphs": paragraphs, "token": token, "test": tracking.is_test_token(token),
        **branding.context(),
    })


@require_GET
def landing_image(request, slug):
    page = get_object_or_404(LandingPage, slug=slug)
    if not page.image:
        raise Http404
    response = HttpResponse(bytes(page.image), content_type=page.image_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_POST
def landing_cta(request, slug):
    """The call-to-action button: a conversion for the recipient the token names, then onward."""
    page = get_object_or_404(LandingPage, slug=slug)
    recipient = tracking.recipient_for(request.POST.get(tracking.RECIPIENT_PARAM, ""))
    if recipient is not None:
        tracking.convert(recipient, Conversion.Source.CTA, reference=f"page:{page.slug}")
    return HttpResponseRedirect(page.cta_url)


@csrf_exempt
@require_http_methods(["POST"])
def conversion_api(request):
    """POST {"token": "<zr from the landing URL>", "reference": "order-123"} with
    Authorization: Bearer <ZGODA_CAMPAIGN_CONVERSION_SECRET>."""
    secret = app_settings.conversion_secret()
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not secret or not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"error": _("Brak albo zły klucz API (nagłówek Authorization: Bearer …).")}, status=401)
    try:
        data = json.loads(request.body or b"{}")
        token, reference = str(data.get("token", "")), str(data.get("reference", ""))[:120]
    except (ValueError, AttributeError):
        return JsonResponse({"error": _("Treść musi być obiektem JSON z polem token.")}, status=400)
    recipient = tracking.recipient_for(token)
    if recipient is None:
        return JsonResponse({"error": _("Nieznany token odbiorcy.")}, status=404)
    created = tracking.convert(recipient, Conversion.Source.API, reference=reference)
    return JsonResponse({"recorded": created, "campaign": recipient.campaign.slug}, status=201 if created else 200)
