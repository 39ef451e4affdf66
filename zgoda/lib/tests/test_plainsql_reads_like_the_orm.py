"""lib.plainsql reads a row by its key as the ORM would (the session and the user of every
request): the same field values (aware datetimes, empty and None fields, decimals, JSON), None
for a missing key; an expired session is no session; an inactive user is nobody."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import PASSWORD, make_user
from zgoda.accounts.backends import EmailAuthenticationBackend
from zgoda.lib import plainsql
from zgoda.lib.dbsessions import SessionStore
from zgoda.sms.models import Message


def fields_of(instance):
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_a_user_reads_as_the_orm_reads_it(db):
    user = make_user()
    user.last_login = timezone.now()
    user.save()
    read = plainsql.by_pk(get_user_model(), user.pk)
    assert fields_of(read) == fields_of(get_user_model().objects.get(pk=user.pk))
    assert timezone.is_aware(read.date_joined) and timezone.is_aware(read.last_login)
    assert read.check_password(PASSWORD) and not read._state.adding and read._state.db == "default"


def test_decimals_json_and_empty_values_read_as_the_orm_reads_them(db):
    message = Message.objects.create(kind="otp", to="+48500100200", text="x", segments=1, encoding="GSM-7", cost=Decimal("0.0500"),
                                     providers_tried=["outbox"])
    read = plainsql.by_pk(Message, str(message.pk))
    assert fields_of(read) == fields_of(Message.objects.get(pk=message.pk))
    assert read.submitted_at is None and read.cost == Decimal("0.05") and read.providers_tried == ["outbox"]


def test_a_missing_key_is_none(db):
    assert plainsql.by_pk(get_user_model(), 999999) is None


def test_a_session_is_one_plain_select_and_an_expired_one_is_no_session(db):
    store = SessionStore()
    store["answer"] = 42
    store.save()
    with CaptureQueriesContext(connection) as captured:
        assert SessionStore(store.session_key).load() == {"answer": 42}
    assert len(captured) == 1 and "ORDER BY" not in captured[0]["sql"]
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_the_request_user_is_read_plainly_and_an_inactive_one_is_nobody(db):
    user = make_user()
    backend = EmailAuthenticationBackend()
    assert backend.get_user(user.pk) == user and backend.get_user("not-a-number") is None
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert backend.get_user(user.pk) is None


def test_only_some_fields_leaves_the_others_deferred_as_the_orms_only(db):
    message = Message.objects.create(kind="otp", to="+48500100200", text="x", segments=1, encoding="GSM-7")
    read = plainsql.by_pk(Message, message.pk, only=("to", "status"))
    assert read.get_deferred_fields() == Message.objects.only("to", "status").get(pk=message.pk).get_deferred_fields()
    assert (read.pk, read.to, read.status) == (message.pk, "+48500100200", message.status)


def test_an_insert_writes_the_row_the_orm_writes_with_defaults_and_its_key(db):
    from zgoda.accounts.models import AuditEvent, CodeChallenge

    user = make_user()
    event = plainsql.insert(AuditEvent(event="login_ok", user=user, details={"a": "ż", "n": [1]}))
    assert event.pk is not None and not event._state.adding and event._state.db == "default"
    assert fields_of(AuditEvent.objects.get(pk=event.pk)) == fields_of(event)
    assert timezone.is_aware(event.created_at)  # the field's default / auto_now_add ran
    challenge = plainsql.insert(CodeChallenge(user=user, purpose="login", phone="+48500100200"))  # a UUID key of its own
    assert fields_of(CodeChallenge.objects.get(pk=challenge.pk)) == fields_of(challenge)


def test_several_rows_go_in_one_insert_each_with_its_own_key_in_order(db):
    from zgoda.accounts.models import AuditEvent

    user = make_user()
    events = [AuditEvent(event="code_accepted", user=user, details={"n": 1}), AuditEvent(event="login_ok", user_id=user.pk),
              AuditEvent(event="login_ok", ip="203.0.113.5", details={"ż": "ó"})]
    with CaptureQueriesContext(connection) as captured:
        plainsql.insert_many(events)
    assert len(captured.captured_queries) == 1
    assert len({e.pk for e in events}) == 3 and all(not e._state.adding for e in events)
    for event in events:
        assert fields_of(AuditEvent.objects.get(pk=event.pk)) == fields_of(event)


def test_an_insert_sends_the_save_signals_and_refuses_a_duplicate(db):
    from django.db import IntegrityError
    from django.db.models.signals import post_save, pre_save

    seen = []

    def pre(sender, instance, **kwargs):
        seen.append(("pre", instance.pk))

    def post(sender, instance, created, **kwargs):
        seen.append(("post", created, instance.pk))

    pre_save.connect(pre, sender=Message)
    post_save.connect(post, sender=Message)
    try:
        message = plainsql.insert(Message(kind="otp", to="+48500100200", text="x", segments=1, encoding="GSM-7"))
    finally:
        pre_save.disconnect(pre, sender=Message)
        post_save.disconnect(post, sender=Message)
    assert seen == [("pre", None), ("post", True, message.pk)]
    with pytest.raises(IntegrityError), transaction.atomic():
        plainsql.insert(Message(pk=message.pk, kind="otp", to="+48500100200", text="x", segments=1, encoding="GSM-7"))


def test_an_update_writes_only_its_fields_and_counts_the_rows(db):
    from zgoda.accounts.models import CodeChallenge

    challenge = plainsql.insert(CodeChallenge(user=make_user(), purpose="login", phone="+48500100200"))
    stale = CodeChallenge.objects.get(pk=challenge.pk)
    challenge.codes_sent, challenge.next_send_at, challenge.phone = 2, timezone.now(), "+48500999999"
    assert plainsql.update(challenge, ("codes_sent", "next_send_at")) == 1
    stale.codes_sent, stale.next_send_at = 2, challenge.next_send_at
    assert fields_of(CodeChallenge.objects.get(pk=challenge.pk)) == fields_of(stale)  # the phone was not written
    CodeChallenge.objects.filter(pk=challenge.pk).delete()
    assert plainsql.update(challenge, ("codes_sent",)) == 0


def test_an_update_can_rename_the_key_of_a_row(db):
    store = SessionStore()
    store["a"] = 1
    store.save()
    row = Session.objects.get(session_key=store.session_key)
    row.session_key = "n" * 32
    assert plainsql.update(row, ("session_key", "session_data", "expire_date"), pk=store.session_key) == 1
    assert not Session.objects.filter(session_key=store.session_key).exists()
    assert SessionStore("n" * 32).load() == {"a": 1}


def test_an_upsert_updates_the_row_with_the_same_unique_value_in_one_statement(db):
    from allauth.usersessions.models import UserSession

    anna, jan = make_user(), make_user("jan@example.com")
    upsert = (("session_key",), ("user", "ip"))
    first = plainsql.insert(UserSession(user=anna, session_key="k" * 32, ip="198.51.100.1", user_agent="A"), upsert=upsert)
    with CaptureQueriesContext(connection) as captured:
        again = plainsql.insert(UserSession(user=jan, session_key="k" * 32, ip="198.51.100.2", user_agent="B"), upsert=upsert)
    assert len(captured) == 1, "no BEGIN, COMMIT or savepoint around it"
    assert again.pk == first.pk
    row = UserSession.objects.get()
    assert (row.user_id, row.ip, row.user_agent) == (jan.pk, "198.51.100.2", "A"), "only the named fields change"
