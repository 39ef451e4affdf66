"""The owner's panel: Django's admin site, titled after the shop, its index grouped by the
owner's tasks, and one Polish wording for every model admin (ours and third-party ones)."""
