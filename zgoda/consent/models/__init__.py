from .base import AppendOnlyError
from .contacts import ContactPoint, Suppression, phone_hash
from .keys import HashKeyFingerprint
from .ledger import Action, ConsentEvent, ConsentState, Source
from .ops import ConsentDashboard, ExportAudit, InvitationCandidate, SecurityInvitation
from .subjects import NumberSubject, PendingConsent
from .texts import ConsentText, Purpose, text_sha256

__all__ = [
    "Action", "AppendOnlyError", "ConsentDashboard", "ConsentEvent", "ConsentState", "ConsentText",
    "ContactPoint", "ExportAudit", "HashKeyFingerprint", "InvitationCandidate", "NumberSubject", "PendingConsent",
    "Purpose", "SecurityInvitation", "Source", "Suppression", "phone_hash", "text_sha256",
]
