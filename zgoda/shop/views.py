from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.api import has_twofa

PRODUCTS = [
    (_("Kawa ziarnista 1 kg"), "79,00 zł"),
    (_("Herbata zielona"), "24,50 zł"),
    (_("Kubek termiczny"), "59,90 zł"),
]


def home(request):
    twofa = request.user.is_authenticated and has_twofa(request.user)
    return render(request, "shop/home.html", {"products": PRODUCTS, "twofa": twofa})
