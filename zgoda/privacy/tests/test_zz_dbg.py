from zgoda.accounts.models import AuditEvent
from .people import full_person, IP
from .test_erasure_leaves_no_trace import erase_through_the_emailed_link

def test_x(client, db):
    person = full_person(client)
    n = AuditEvent.objects.count()
    erase_through_the_emailed_link(client, person)
    for e in AuditEvent.objects.order_by("id").values("id", "event", "user_id", "ip", "user_agent", "details"):
        print(e)
    print("before", n)
