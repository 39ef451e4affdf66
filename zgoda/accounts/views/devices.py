from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zgoda.lib.converters import parse_id

from ..internal.flows import devices


@login_required
def devices_view(request):
    if request.method == "POST":
        if request.POST.get("action") == "revoke_all":
            count = devices.revoke(request.user, request=request)
        else:
            device_id = parse_id(request.POST.get("device_id", ""))  # 1-18 ASCII digits, or None
            if device_id is None:
                messages.error(request, _("Nie wskazano urządzenia."))
                return redirect("accounts:devices")
            count = devices.revoke(request.user, request=request, device_id=device_id)
            if not count:
                messages.error(request, _("Tego urządzenia nie ma już na liście."))
                return redirect("accounts:devices")
        messages.success(
            request,
            ngettext("Odwołano %(n)d urządzenie.", "Odwołano %(n)d urządzenia.", count) % {"n": count},
        )
        return redirect("accounts:devices")
    active = devices.active_devices(request.user)
    context = {"devices": active, "this_device": devices.this_device_id(request, active)}
    return render(request, "accounts/devices.html", context)
