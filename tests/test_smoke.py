"""A lead opens the bundled sample and sees each role's response count."""

from tui.data import SurveyData


def test_sample_roles_and_response_counts(sample: SurveyData) -> None:
    roles = sample.roles(sample.latest_wave())
    counts = dict(zip(roles["role_label"], roles["respondents"], strict=True))
    assert counts == {"SPLW": 53, "CC": 33, "H&WC": 6}
