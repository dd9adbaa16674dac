from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("review", "0008_flags_fold")]

    operations = [
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["open", "acknowledged"])),
                fields=("patient", "code"),
                name="flag_one_active_per_patient_and_rule",
            ),
        ),
    ]
