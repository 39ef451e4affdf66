"""gunicorn settings for Zgoda: `gunicorn -c python:zgoda.gunicorn_conf zgoda.wsgi:application`.

The access log shows each request's method and *path* without its query string: gateways
that can send no header (Kannel's dlr-url and get-url) carry their callback secret in the
query string, and gunicorn's default format ("%(r)s", the whole request line) would write it
to the log. Nor is the Referer logged (it may hold another site's query string). The options
given on the command line (--bind, --workers, --access-logfile...) still apply.
"""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s "%(a)s" %(M)sms'
