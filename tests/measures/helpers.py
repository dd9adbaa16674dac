"""Small builders shared by the measures tests."""

from decimal import Decimal

from measures.services import Submission, srs_response_build, wai_response_build, wai_response_submit

TABLET_ES = Submission(channel="tablet", language="es")


def d(*values: str) -> list[Decimal]:
    return [Decimal(v) for v in values]


def srs_row(session, items=("9.0", "9.5", "8.5", "9.0"), submission=TABLET_ES, **overrides):
    """An unsaved SRS response built by the service, then altered by `overrides`."""
    response = srs_response_build(session=session, items=d(*items), submission=submission)
    for name, value in overrides.items():
        setattr(response, name, value)
    return response


def wai_row(session, items=(4,) * 12, respondent="patient", submission=TABLET_ES, **overrides):
    response = wai_response_build(session=session, items=list(items), respondent=respondent, submission=submission)
    for name, value in overrides.items():
        setattr(response, name, value)
    return response


def wai_from_paper(session, entered_by, items=(5,) * 12, respondent="therapist"):
    """A WAI-SR of `session` typed in from paper by `entered_by`, through the service.

    The therapist's own rating unless `respondent` says otherwise."""
    return wai_response_submit(
        session=session,
        items=list(items),
        respondent=respondent,
        channel="paper",
        language="es",
        submitted_by=entered_by,
    )
