"""A system check: the review settings must make sense before anything is reviewed with them."""

from django.core import checks


@checks.register(checks.Tags.compatibility)
def review_settings_check(app_configs, **kwargs):
    from .selectors import thresholds_in_force
    from .services.recompute import checklist_parameters

    errors = []
    for name, read in (("REVIEW_THRESHOLDS", thresholds_in_force), ("REVIEW_CHECKLIST", checklist_parameters)):
        try:
            read()
        except (TypeError, ValueError) as error:
            errors.append(checks.Error(f"{name}: {error}", id="review.E001"))
    return errors
