"""Changing existing rows and adding new ones: the one way services write.

- `locked_current(instance, expected_updated_at=…)`: every update service starts here. It
  claims the row and refuses the change when the row is not the version the editor
  loaded, so that of two saves arriving together the second waits for the first and is
  then refused: nobody's change is silently overwritten.
- `model_update(instance=…, fields=…, data=…)`: set, validate and save what changed.
- `save_new(instance, refusal=…)`: insert a new row; a unique constraint met by a
  concurrent insert answers the rule's message instead of an IntegrityError.
"""

import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from excellence import jalali
from excellence.errors import ApplicationError, StaleCopy


def parse_version(value) -> datetime.datetime | None:
    """A version as posted (ISO 8601 text) or given (a datetime); None when absent or unreadable."""
    if isinstance(value, datetime.datetime):
        return value
    if not value:
        return None
    try:
        return datetime.datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None


def stale_copy(current: models.Model) -> StaleCopy:
    return StaleCopy(
        _(
            "Someone else changed this record at %(when)s, after you opened it. Nothing was "
            "saved: reload the page to see the current version, then make your changes again."
        ),
        params={"when": jalali.format_datetime(current.updated_at)},
    )


def locked_current(instance: models.Model, *, expected_updated_at, select_related=()) -> models.Model:
    """The row of `instance`, claimed for this transaction, if it is still the version the editor loaded.

    `expected_updated_at` is the `updated_at` the editor's page (or API client) loaded; a
    missing one is refused like a stale one, never waved through. The check and the claim
    are one conditional `UPDATE … WHERE updated_at = <loaded>`: of two saves arriving
    together, the second waits for the first's row lock, then finds a newer version and
    is refused. The caller owns the transaction (a refusal rolls the claim back).
    """
    expected = parse_version(expected_updated_at)
    if expected is None:
        raise ApplicationError(
            _(
                "Version: this change does not say which version of the record it was made on. "
                "Reload the page and make your changes again."
            ),
            code="version_required",
        )
    manager = type(instance)._default_manager
    # Setting the column to itself writes nothing, yet takes the row's write lock.
    claimed = manager.filter(pk=instance.pk, updated_at=expected).update(updated_at=F("updated_at"))
    if not claimed:
        current = manager.filter(pk=instance.pk).first()
        if current is None:
            raise StaleCopy(_("Someone else deleted this record after you opened it. Nothing was saved."))
        raise stale_copy(current)
    queryset = manager.select_related(*select_related) if select_related else manager.all()
    return queryset.get(pk=instance.pk)


def save_new(instance: models.Model, *, refusal: ApplicationError) -> models.Model:
    """Validate and insert `instance`; losing a unique constraint to a concurrent insert answers `refusal`."""
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError:
        raise refusal from None
    return instance


def model_update(*, instance: models.Model, fields: list[str], data: dict) -> tuple[models.Model, bool]:
    """Set the `fields` present in `data` on `instance`, validate, and save only what changed.

    Returns the instance and whether anything changed. Many-to-many fields are set
    after the row is saved. The caller owns the transaction (and, for an update, has
    locked the row with `locked_current`).
    """
    changed_fields = []
    m2m_data = {}
    model_fields = {field.name: field for field in instance._meta.get_fields()}

    for name in fields:
        if name not in data:
            continue
        field = model_fields.get(name)
        if field is None:
            raise ValueError(f"{type(instance).__name__} has no field {name!r}")
        if field.many_to_many:
            if set(getattr(instance, name).values_list("pk", flat=True)) != {obj.pk for obj in data[name]}:
                m2m_data[name] = data[name]
            continue
        if getattr(instance, name) != data[name]:
            setattr(instance, name, data[name])
            changed_fields.append(name)

    if changed_fields:
        instance.full_clean()
        update_fields = changed_fields
        if any(field.name == "updated_at" for field in instance._meta.fields):
            update_fields = [*changed_fields, "updated_at"]
        instance.save(update_fields=update_fields)

    for name, value in m2m_data.items():
        getattr(instance, name).set(value)
    if m2m_data and not changed_fields and any(field.name == "updated_at" for field in instance._meta.fields):
        # A new set of links is a new version of the row.
        instance.save(update_fields=["updated_at"])

    return instance, bool(changed_fields or m2m_data)
