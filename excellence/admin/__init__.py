"""The admin's shared base, the same for every app's admin; the apps' own admins live in `<app>/admin`.

- `services`: every save goes through a service, and a refusal shows beside its field;
- `programme`: Persian input, Jalali dates, normalized search, rows selected for `__str__`;
- `confirmation`: the page asking for a written text before a service runs;
- `display`: list columns and links;
- `filters`: list filters.

Django's admin autodiscovery imports this package as the `excellence` app's admin, so it
registers nothing and imports no models.
"""
