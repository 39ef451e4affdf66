"""A staff member with 2FA (the admin demands it), logged in on a test client."""

from django.contrib.auth.models import Permission

from conftest import make_user


def staff_client(client, email="szef@example.com", full_numbers=False):
    person = make_user(email, phone="+48500900900", is_staff=True, is_superuser=not full_numbers and False)
    codenames = ["add_campaign", "change_campaign", "view_campaign", "add_landingpage", "change_landingpage",
                 "view_landingpage"]
    if full_numbers:
        codenames.append("view_full_phone")
    person.user_permissions.add(*Permission.objects.filter(content_type__app_label="campaigns",
                                                           codename__in=codenames))
    client.force_login(person)
    return client
