from django.conf import settings


def site(request):
    return {"site_name": settings.ZGODA_SITE_NAME, "dev_outbox": settings.ZGODA_DEV_OUTBOX}
