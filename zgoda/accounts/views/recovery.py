"""The link of a staff-assisted recovery: confirm it is you, then see how long the wait is."""

from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from ..internal.flows import recovery as recoveries
from ..models import AssistedRecovery


@never_cache
def assisted_recovery_view(request, pk, token):
    recovery = recoveries.from_link(int(pk), token)
    if recovery is None:
        return render(request, "accounts/assisted_recovery.html", {"invalid": True}, status=404)
    language = translation.get_language() or "pl"
    if request.method == "POST" and recovery.state == AssistedRecovery.State.LINK_SENT:
        recoveries.confirm(request, recovery, language)
        return redirect(request.path)
    if recovery.state == AssistedRecovery.State.WAITING and recoveries.finish_if_due(recovery_id=recovery.pk,
                                                                                     language=language):
        recovery.refresh_from_db()
    context = {
        "recovery": recovery,
        "ready_at": timezone.localtime(recovery.ready_at) if recovery.ready_at else None,
    }
    return render(request, "accounts/assisted_recovery.html", context)
