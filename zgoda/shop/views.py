from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.internal.flows.twofa import twofa_of

PRODUCTS = [
    (_("Kawa ziarnista 1 kg"), "79,00 zł"),
    (_("Herbata zielona"), "24,50 zł"),
    (_("Kubek termiczny"), "59,90 zł"),
]


def home(request):
    twofa = twofa_of(request.user) if request.user.is_authenticated else None
    return render(request, "shop/home.html", {"products": PRODUCTS, "twofa": twofa})
