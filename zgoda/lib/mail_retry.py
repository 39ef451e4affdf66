"""An e-mail task that meets a mail server's outage runs again later instead of being lost.

A send that fails for a reason that may pass (no connection, a timeout, a dropped connection,
a 4xx answer) queues its task again with the same arguments after the next of RETRY_WAITS,
counting the tries in the task's `tries` argument. A 5xx refusal (it would be refused again),
the last wait spent, or a queue that cannot defer (the in-process one of the tests) raise the
error as before: the task is recorded as failed, with the error, on the owner's queue page.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_WAITS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8))


def may_pass(error: BaseException) -> bool:
    """Whether sending again later may succeed: the server was unreachable or said "not now"."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _message in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, OSError)  # refused, reset, timed out, SMTPServerDisconnected, TLS


def send_or_retry(send: Callable[[], object], task, *args, tries: int = 0, **kwargs):
    """send(), or when the mail server is out, `task(*args, tries=tries + 1, **kwargs)` queued
    for the next wait (None returned); raises what send() raised when a retry cannot help."""
    try:
        return send()
    except Exception as error:
        if not may_pass(error) or tries >= len(RETRY_WAITS) or not task.get_backend().supports_defer:
            raise
        when = timezone.now() + RETRY_WAITS[tries]
        task.using(run_after=when).enqueue(*args, tries=tries + 1, **kwargs)
        logger.warning("E-mail of task %s%r not sent (%s: %s); try %d of %d at %s", task.name, args,
                       type(error).__name__, error, tries + 2, len(RETRY_WAITS) + 1, when.isoformat())
        return None
