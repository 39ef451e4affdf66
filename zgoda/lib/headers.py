"""Content-Security-Policy for every response: our own scripts and styles only.

`form-action 'self'` also binds the redirects after a form is sent (Chromium enforces it):
a page whose form ends at another site (a shop logging its customer in with Zgoda) names
that site's origin. Apps that know such pages register a hook, `hook(request) -> origins`;
only the responses a hook answers for get more than 'self'.
"""

POLICY_PARTS = (
    "default-src 'self'", "img-src 'self' data:", "style-src 'self' 'unsafe-inline'", "script-src 'self'",
    "form-action {form_action}", "frame-ancestors 'none'", "base-uri 'self'", "object-src 'none'",
)
POLICY = "; ".join(POLICY_PARTS).format(form_action="'self'")

_form_action_hooks = []


def add_form_action_hook(hook) -> None:
    """`hook(request)` returns the origins ("https://shop.example") the page's forms may end at."""
    if hook not in _form_action_hooks:
        _form_action_hooks.append(hook)


def policy(form_action_origins=()) -> str:
    origins = sorted({o for o in form_action_origins if _is_origin(o)})
    return "; ".join(POLICY_PARTS).format(form_action=" ".join(["'self'", *origins]))


def _is_origin(value: str) -> bool:
    """scheme://host[:port] and nothing that could end the directive or add another."""
    return (
        isinstance(value, str) and "://" in value and value.count("/") == 2
        and not any(c in value for c in " ;,'\"\r\n\t")
    )


def _form_action_origins(request) -> set[str]:
    found = set()
    for hook in _form_action_hooks:
        found.update(hook(request) or ())
    return found


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response.headers:
            html = response.headers.get("Content-Type", "").startswith("text/html")
            origins = _form_action_origins(request) if html and _form_action_hooks else ()
            response.headers["Content-Security-Policy"] = policy(origins) if origins else POLICY
        return response
