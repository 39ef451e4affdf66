"""/privacy/account/: the account's privacy page for a browser that followed an e-mailed link."""

from .account_urls import account_pages
from .views import account

app_name = "privacy_link"
urlpatterns = account_pages(account.LINK)
