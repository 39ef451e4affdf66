"""Django's database sessions in fewer statements: same table, same rows, same cookie.

Django's backend asks whether a fresh random key exists before using it, wraps each single
INSERT/UPDATE in a transaction, reads a row before deleting it, and on a key change (every
login) deletes the old row, inserts the new one at once and updates it again when the
response is saved. Here a new key is 32 random characters (160 bits from one read of the
system's random source, where Django draws each character alone) used as is (a clash, never
seen in practice, still fails the primary key and takes another key), a read is plain SQL composed
once (lib.plainsql), each write is one statement, a delete is one DELETE, and a changed key
is one UPDATE by the save at the end of the request that renames the old row (its key, data
and expiry at once): from then on the old key finds nothing, as after Django's delete.
"""

import base64
import secrets

from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.db import DatabaseError, IntegrityError, router
from django.utils import timezone

from . import plainsql
from .transactions import contained


class SessionStore(DjangoSessionStore):
    _insert_on_save = False
    _renamed_from = None  # the key cycle_key replaced, whose row the next save takes over
    written_fields = ("session_data", "expire_date")  # what a save writes besides the key

    def load(self):
        """One SELECT by key (_read_row); an expired row is no session, as Django's."""
        row = self._read_row() if self.session_key else None
        if row is None or row.expire_date <= timezone.now():
            self._session_key = None
            return {}
        return self.decode(row.session_data)

    # The data never leaves this table, yet Django signs, compresses and base64-encodes it as
    # if it went to the browser: a key derivation, an HMAC and zlib on every read and write
    # (about 0.15 ms a read, a millisecond per login). Here it is the serializer's JSON as is;
    # a row in Django's format (written before, or moved by migration 0010) still reads.
    def encode(self, session_dict) -> str:
        return self.serializer().dumps(session_dict).decode("latin-1")

    def decode(self, session_data: str) -> dict:
        if not session_data.startswith("{"):
            return super().decode(session_data)  # Django's signed format never starts with "{"
        try:
            return self.serializer().loads(session_data.encode("latin-1"))
        except ValueError:
            return {}  # unreadable is no session, as Django's decode answers

    def _read_row(self):
        """The row of this key, in plain SQL (lib.plainsql); a subclass may read more with it."""
        return plainsql.by_pk(self.model, self.session_key)

    def _get_new_session_key(self):
        return base64.b32encode(secrets.token_bytes(20)).decode().lower()  # a-z and 2-7: Django's key characters

    def create(self):
        while True:
            self._session_key = self._get_new_session_key()
            try:
                self.save(must_create=True)
            except CreateError:
                continue
            self.modified = True
            return

    def cycle_key(self):
        data = self._session
        old_key = self.session_key
        self._session_key = self._get_new_session_key()
        self._session_cache = data
        self._insert_on_save = True
        self.modified = True
        if old_key:
            self._renamed_from = self._renamed_from or old_key

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        must_create = must_create or self._insert_on_save
        data = self._get_session(no_load=must_create)
        obj = self.create_model_instance(data)
        using = router.db_for_write(self.model, instance=obj)
        if self._renamed_from and self._rename(obj, using):
            return
        try:
            with contained(using):
                if must_create:
                    plainsql.insert(obj, using=using)
                elif not plainsql.update(obj, self.written_fields, using=using):
                    raise UpdateError  # the row is gone (ended elsewhere), as Django's backend says
        except IntegrityError:
            if must_create:
                if self._insert_on_save:  # the cycled key clashed: take another
                    self._session_key = self._get_new_session_key()
                    return self.save()
                raise CreateError from None
            raise
        except DatabaseError:
            if not must_create:
                raise UpdateError from None
            raise
        self._insert_on_save = False

    def _rename(self, obj, using) -> bool:
        """Give the cycled-out key's row the new key and data; False when that row is gone."""
        old_key, self._renamed_from = self._renamed_from, None
        try:
            with contained(using):
                renamed = plainsql.update(obj, ("session_key", *self.written_fields), pk=old_key, using=using)
        except IntegrityError:  # the new key clashed: take another
            self._session_key = self._get_new_session_key()
            self._renamed_from = old_key
            return self._rename(self.create_model_instance(self._get_session()), using)
        if renamed:
            self._insert_on_save = False
        return bool(renamed)

    def delete(self, session_key=None):
        if session_key is None:
            if self._renamed_from:  # a cycled key not yet saved: its old row is the one to go
                self.delete(self._renamed_from)
                self._renamed_from = None
            if self.session_key is None:
                return
            session_key = self.session_key
        # One DELETE: a session row has no dependants and no delete signals to collect for.
        plainsql.delete(self.model, session_key, using=router.db_for_write(self.model))
