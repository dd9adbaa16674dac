"""Write trackers: the models of patient data declare that their writes are audited.

Writes are captured by PostgreSQL triggers (django-pghistory): every insert,
update and delete of a tracked model leaves an append-only event naming the
row by id (no content, so an erasure leaves no copy behind), labelled by
AuditMiddleware with the user, page and address of the request. The event
models (`PatientWrite`, ...) belong to this app (`audit.models`, their
tables `audit_*write`), whichever app holds the tracked model.
"""

import pghistory
import pgtrigger
from django.db import models

from . import models as _audit_models  # noqa: F401 (pghistory adds each event model to audit.models: load it first)


def track_writes(*, fields: list[str]):
    """Decorate a model class: audit every insert, update and delete of its rows, keeping `fields`."""

    def decorate(model: type[models.Model]) -> type[models.Model]:
        return pghistory.track(
            pghistory.InsertEvent(),
            # Any column, not only the few the event keeps.
            pghistory.UpdateEvent(condition=pgtrigger.Condition("OLD.* IS DISTINCT FROM NEW.*")),
            pghistory.DeleteEvent(),
            fields=fields,
            app_label="audit",
            model_name=f"{model.__name__}Write",
            append_only=True,
            obj_field=pghistory.ObjForeignKey(db_constraint=False, on_delete=models.DO_NOTHING, related_name="+"),
        )(model)

    return decorate
