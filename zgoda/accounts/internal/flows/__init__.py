"""Side effects of the accounts app live here: codes, SMS, devices, audit events."""
