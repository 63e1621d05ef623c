"""Updating a row from a dict of changes: the one way services change existing rows."""

from django.db import models


def model_update(*, instance: models.Model, fields: list[str], data: dict) -> tuple[models.Model, bool]:
    """Set the `fields` present in `data` on `instance`, validate, and save only what changed.

    Returns the instance and whether anything changed. Many-to-many fields are set
    after the row is saved. The caller owns the transaction.
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

    return instance, bool(changed_fields or m2m_data)
