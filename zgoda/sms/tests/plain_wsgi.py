"""A WSGI app without Django, for tests of the gunicorn configuration alone."""


def app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
