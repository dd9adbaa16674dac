"""Flags carry their session's patient, so that the dashboards read a caseload's flags by index;
a therapist's week keeps its SRS totals, so that a clinic's week is merged from its therapists' weeks."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def patients_fill(apps, schema_editor):
    Flag = apps.get_model("review", "Flag")
    TherapySession = apps.get_model("therapy_sessions", "TherapySession")
    patient_of_session = TherapySession.objects.filter(pk=OuterRef("session_id")).values("patient_id")
    Flag.objects.filter(patient__isnull=True).update(patient_id=Subquery(patient_of_session))


class Migration(migrations.Migration):

    dependencies = [
        ("patients", "0001_initial"),
        ("review", "0004_audit_update_any_column"),
        ("therapy_sessions", "0002_review_requested_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="flags",
                to="patients.patient",
                verbose_name="patient",
            ),
        ),
        migrations.RunPython(patients_fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="flag",
            name="patient",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="flags",
                to="patients.patient",
                verbose_name="patient",
            ),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(fields=["patient", "status"], name="review_flag_patient_43befe_idx"),
        ),
        migrations.AddField(
            model_name="therapistweek",
            name="srs_tenths",
            field=models.JSONField(default=list, verbose_name="SRS totals in tenths"),
        ),
        migrations.AddIndex(
            model_name="therapistweek",
            index=models.Index(fields=["week"], name="review_ther_week_457f65_idx"),
        ),
    ]
