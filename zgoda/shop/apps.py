from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "zgoda.shop"
    label = "shop"
    verbose_name = "Demo shop"
