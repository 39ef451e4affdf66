from decimal import Decimal

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zgoda.accounts.api import has_twofa
from zgoda.lib.money import money

PRODUCTS = [
    (_("Kawa ziarnista 1 kg"), Decimal("79.00")),
    (_("Herbata zielona"), Decimal("24.50")),
    (_("Kubek termiczny"), Decimal("59.90")),
]


def home(request):
    twofa = request.user.is_authenticated and has_twofa(request.user)
    products = [(name, money(price, "PLN")) for name, price in PRODUCTS]
    return render(request, "shop/home.html", {"products": products, "twofa": twofa})
