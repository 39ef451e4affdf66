from django.shortcuts import render

from zgoda.accounts.internal.flows.twofa import twofa_of

PRODUCTS = [
    ("Kawa ziarnista 1 kg", "79,00 zł"),
    ("Herbata zielona", "24,50 zł"),
    ("Kubek termiczny", "59,90 zł"),
]


def home(request):
    twofa = twofa_of(request.user) if request.user.is_authenticated else None
    return render(request, "shop/home.html", {"products": PRODUCTS, "twofa": twofa})
