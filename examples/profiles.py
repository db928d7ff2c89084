"""The two fictional trusts of the examples: what is planted in their data.

Each trust has a profile of strengths, priorities, gaps and changes that a report should
find (``examples/README.md`` lists them), and the constants of the latent model that
turns those profiles into answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

SEED = 20250314
# Written as the workbooks' created/modified time and as every zip member's time stamp.
FIXED_TIME = datetime(2025, 1, 1, 9, 0, 0)

ELEMENTS = (
    "vision_values",
    "goals_performance",
    "support_compassion",
    "learning_innovation",
    "equity_inclusion",
    "teamwork",
)

# Latent model, in points on the 0-10 scale. A respondent's propensity on an element is
# the planted mean plus a person effect (part shared across elements, part specific);
# each answer adds item noise and is cut to the nearest of 0, 2.5, 5, 7.5, 10.
STAFF_LATENT_SD = 1.8
STAFF_NOISE_SD = 1.9
BOARD_LATENT_SD = 1.2
BOARD_NOISE_SD = 1.2
STAKEHOLDER_LATENT_SD = 1.7
STAKEHOLDER_NOISE_SD = 1.6
# Share of a person's latent variance that is common to all six elements.
SHARED_VARIANCE = 0.35
# Cuts between the answer codes, on the 0-10 scale.
CUTS = (1.25, 3.75, 6.25, 8.75)

# How answer cells are perturbed, as shares of the answered cells.
P_LABEL = 0.03  # written as label text instead of a number
P_BLANK = 0.012  # left blank
P_NOT_ANSWERED = 0.004  # "Don't know" / "N/A"
P_DROPOUT = 0.01  # share of respondents who leave the last third of the items blank
P_COMMENT = 0.10
NOT_ANSWERED_TEXT = ("Don't know", "Don't know", "N/A", "Not applicable")

WHITE = ("White British", "White Irish", "White Other")
BME = ("Asian or Asian British", "Black or Black British", "Mixed", "Other")
NOT_STATED = "Prefer not to say"
WHITE_WEIGHTS = (0.86, 0.03, 0.11)
BME_WEIGHTS = (0.50, 0.30, 0.11, 0.09)

# fmt: off
STAFF_GROUP_BANDS: dict[str, dict[str, float]] = {
    "Nursing and midwifery": {
        "Band 5": 44, "Band 6": 30, "Band 7": 17, "Band 8a": 6, "Band 8b": 2, "Band 8c": 1,
    },
    "Medical and dental": {"Medical": 100},
    "Allied health professionals": {
        "Band 5": 24, "Band 6": 35, "Band 7": 28, "Band 8a": 9, "Band 8b": 3, "Band 8c": 1,
    },
    "Psychological professions": {
        "Band 5": 10, "Band 6": 18, "Band 7": 34, "Band 8a": 22, "Band 8b": 11, "Band 8c": 5,
    },
    "Admin and clerical": {
        "Band 2": 12, "Band 3": 30, "Band 4": 25, "Band 5": 11, "Band 6": 8, "Band 7": 6,
        "Band 8a": 4, "Band 8b": 2, "Band 8c": 1, "Band 8d": 0.5, "Band 9": 0.2, "VSM": 0.3,
    },
    "Estates and ancillary": {
        "Band 2": 58, "Band 3": 25, "Band 4": 10, "Band 5": 4, "Band 6": 2, "Band 7": 1,
    },
    "Additional clinical services": {"Band 2": 28, "Band 3": 46, "Band 4": 21, "Band 5": 5},
}
# fmt: on
GENDERS = ("Female", "Male", "Non-binary", "Prefer not to say")
SURVEY_AGE_BANDS = ("16-20", "21-30", "31-40", "41-50", "51-65", "66+")
SURVEY_AGE_WEIGHTS = (0.02, 0.22, 0.26, 0.24, 0.245, 0.015)
SERVICE_LENGTHS = (
    "Less than 1 year",
    "1-2 years",
    "3-5 years",
    "6-10 years",
    "11-15 years",
    "More than 15 years",
)
SERVICE_WEIGHTS = (0.09, 0.15, 0.22, 0.21, 0.13, 0.20)
STAFF_DISABLED_SHARE = 0.19  # Disabled, as staff say in a survey (ESR records far fewer)

STAKEHOLDER_TYPES = {
    "patient": 0.45,
    "carer": 0.18,
    "commissioner": 0.08,
    "partner": 0.18,
    "regulator": 0.04,
    "other": 0.07,
}

WORKFORCE_BANDS = (
    "Band 1", "Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7",
    "Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM", "Medical", "Other",
)  # fmt: skip
LEADERSHIP_BANDS = frozenset({"Band 8a", "Band 8b", "Band 8c", "Band 8d", "Band 9", "VSM"})
WORKFORCE_AGE_BANDS = (
    "16-20", "21-25", "26-30", "31-35", "36-40", "41-45",
    "46-50", "51-55", "56-60", "61-65", "66+",
)  # fmt: skip
STAFF_AGE_WEIGHTS = (0.02, 0.09, 0.12, 0.13, 0.12, 0.12, 0.12, 0.12, 0.10, 0.05, 0.01)
LEADER_AGE_WEIGHTS = (0.0, 0.0, 0.01, 0.05, 0.10, 0.14, 0.17, 0.18, 0.21, 0.11, 0.03)
MEDICAL_AGE_WEIGHTS = (0.0, 0.04, 0.17, 0.20, 0.17, 0.14, 0.11, 0.09, 0.05, 0.02, 0.01)


@dataclass(frozen=True)
class Collection:
    """One collection (pre or post) of a trust: sizes and labels."""

    key: str
    period: str
    collected_on: date
    respondents: int
    first_respondent_id: int
    board_members: int
    stakeholders: int
    headcount: int
    applicants: int
    small_group_size: int
    dashboard_period: str


@dataclass(frozen=True)
class Indicator:
    """One dashboard row; ``pre`` and ``post`` are the trust's values."""

    name: str
    element: str
    pre: float
    post: float
    benchmark: float
    best: float
    worst: float
    higher_is_better: bool
    unit: str
    source: str
    # The trust's staff turnover, which the Workforce sheet's leavers are drawn to give
    # (leavers over the average number in post, as ESR reports it).
    workforce_turnover: bool = False


@dataclass(frozen=True)
class TrustProfile:
    """What is planted in a trust's data."""

    slug: str
    number: int
    name: str
    code: str
    trust_type: str
    collections: tuple[Collection, Collection]
    # Planted staff means (0-10) at baseline, and the planted change by the follow-up.
    staff_means: dict[str, float]
    staff_change: dict[str, float]
    # How far the board rates each element above staff (0-10 points).
    board_uplift: dict[str, float]
    stakeholder_means: dict[str, float]
    stakeholder_change: dict[str, float]
    # How much lower BME and Disabled staff score equity_inclusion (latent points).
    equity_gap_bme: float
    equity_gap_disabled: float
    staff_groups: dict[str, float]
    group_effects: dict[str, dict[str, float]]
    directorates: dict[str, float]
    small_directorate: str
    ethnicity_bme_share: float
    # Workforce: share of BME staff by band (among those who state an ethnicity).
    bme_share_by_band: dict[str, float]
    band_weights: dict[str, float]
    board_bme_members: int
    dashboard: tuple[Indicator, ...]


# ---------------------------------------------------------------------------------------
# The two trusts
# ---------------------------------------------------------------------------------------

NSS = "NHS Staff Survey (benchmark group median, best, worst)"

# fmt: off
NORTHWICK = TrustProfile(
    slug="northwick",
    number=1,
    name="Northwick General Hospital NHS Trust",
    code="RXN",
    trust_type="acute",
    collections=(
        Collection(
            key="pre", period="2025 baseline", collected_on=date(2025, 3, 14),
            respondents=2150, first_respondent_id=250001, board_members=16,
            stakeholders=112, headcount=7420, applicants=820, small_group_size=7,
            dashboard_period="2024/25",
        ),
        Collection(
            key="post", period="2026 follow-up", collected_on=date(2026, 3, 13),
            respondents=2320, first_respondent_id=260001, board_members=15,
            stakeholders=126, headcount=7560, applicants=860, small_group_size=6,
            dashboard_period="2025/26",
        ),
    ),
    staff_means={
        "vision_values": 6.6,
        "goals_performance": 6.4,
        "support_compassion": 6.25,
        "learning_innovation": 5.1,
        "equity_inclusion": 5.5,
        "teamwork": 7.5,
    },
    staff_change={"learning_innovation": 0.7, "support_compassion": 0.6},
    board_uplift={
        "vision_values": 1.4,
        "goals_performance": 1.3,
        "support_compassion": 1.2,
        "learning_innovation": 1.5,
        "equity_inclusion": 0.5,
        "teamwork": 0.9,
    },
    stakeholder_means={
        "vision_values": 6.6,
        "goals_performance": 6.3,
        "support_compassion": 6.8,
        "learning_innovation": 5.2,
        "equity_inclusion": 5.4,
        "teamwork": 6.5,
    },
    stakeholder_change={"learning_innovation": 0.3, "support_compassion": 0.2},
    equity_gap_bme=1.5,
    equity_gap_disabled=1.3,
    staff_groups={
        "Nursing and midwifery": 0.34,
        "Medical and dental": 0.11,
        "Allied health professionals": 0.09,
        "Admin and clerical": 0.22,
        "Estates and ancillary": 0.07,
        "Additional clinical services": 0.17,
    },
    group_effects={
        "Medical and dental": {"goals_performance": 0.3, "support_compassion": -0.2},
        "Nursing and midwifery": {"support_compassion": -0.3, "teamwork": 0.2},
        "Estates and ancillary": {"vision_values": -0.4, "learning_innovation": -0.4},
        "Admin and clerical": {"teamwork": -0.2, "vision_values": 0.2},
    },
    directorates={
        "Medicine and emergency care": 0.30,
        "Surgery and anaesthetics": 0.24,
        "Women's and children's": 0.13,
        "Clinical support services": 0.18,
        "Corporate services": 0.15,
    },
    small_directorate="Research and innovation",
    ethnicity_bme_share=0.26,
    bme_share_by_band={
        "Band 1": 0.20, "Band 2": 0.24, "Band 3": 0.19, "Band 4": 0.15, "Band 5": 0.44,
        "Band 6": 0.34, "Band 7": 0.20, "Band 8a": 0.11, "Band 8b": 0.08, "Band 8c": 0.06,
        "Band 8d": 0.05, "Band 9": 0.0, "VSM": 0.07, "Medical": 0.46, "Other": 0.15,
    },
    band_weights={
        "Band 1": 0.4, "Band 2": 17.0, "Band 3": 11.5, "Band 4": 8.0, "Band 5": 19.0,
        "Band 6": 14.5, "Band 7": 10.0, "Band 8a": 3.6, "Band 8b": 1.5, "Band 8c": 0.7,
        "Band 8d": 0.35, "Band 9": 0.12, "VSM": 0.1, "Medical": 12.5, "Other": 0.7,
    },
    board_bme_members=1,
    dashboard=(
        Indicator("Staff engagement score", "vision_values",
                  6.7, 6.8, 6.8, 7.3, 6.2, True, "score", NSS),
        Indicator("Staff who would recommend the trust as a place to work", "Vision and values",
                  59.8, 60.5, 61.0, 72.0, 47.0, True, "%", NSS),
        Indicator("CQC well-led rating (0 inadequate to 3 outstanding)", "vision_values",
                  2, 2, 2, 3, 0, True, "score", "CQC inspection report"),
        Indicator("Patients seen within 4 hours in the emergency department",
                  "goals_performance", 72.1, 73.4, 74.2, 86.0, 58.0, True, "%",
                  "NHS England A&E attendances and emergency admissions"),
        Indicator("Mandatory training compliance", "Goals and performance",
                  92.5, 93.1, 87.0, 96.0, 78.0, True, "%", "Trust learning system"),
        Indicator("Summary Hospital-level Mortality Indicator (SHMI)", "goals_performance",
                  0.96, 0.95, 1.00, 0.72, 1.20, False, "ratio", "NHS England SHMI"),
        Indicator("Staff who often or always feel burnt out because of their work",
                  "support_compassion", 31.6, 29.9, 30.8, 25.2, 40.4, False, "%", NSS),
        Indicator("Sickness absence rate", "Support and compassion",
                  5.2, 4.9, 5.1, 3.9, 6.6, False, "%", "NHS sickness absence statistics"),
        Indicator("Inpatients who felt treated with respect and dignity", "support_compassion",
                  9.0, 9.1, 9.1, 9.5, 8.5, True, "score", "CQC Adult Inpatient Survey"),
        Indicator("Staff who feel secure raising concerns about unsafe clinical practice",
                  "learning_innovation", 63.4, 68.9, 71.5, 79.0, 62.0, True, "%", NSS),
        Indicator("Patient safety incidents reported per 1,000 bed days",
                  "Learning and innovation", 38.2, 44.0, 52.6, 110.0, 24.0, True, "rate",
                  "Learn from patient safety events service"),
        Indicator("Appraisal rate (last 12 months)", "learning_innovation",
                  72.5, 79.0, 84.0, 95.0, 68.0, True, "%", "Trust ESR"),
        Indicator("Staff experiencing discrimination from manager or colleagues",
                  "equity_inclusion", 13.6, 13.2, 9.3, 4.4, 15.1, False, "%", NSS),
        Indicator("Staff experiencing harassment, bullying or abuse from colleagues",
                  "Equity and inclusion", 22.1, 21.8, 18.5, 11.7, 23.5, False, "%", NSS),
        Indicator("Staff who believe the trust gives equal opportunities for progression",
                  "equity_inclusion", 49.7, 50.3, 55.9, 64.0, 42.0, True, "%", NSS),
        Indicator("We work as a team (People Promise score)", "teamwork",
                  7.1, 7.1, 6.7, 7.2, 6.3, True, "score", NSS),
        Indicator("Staff turnover rate", "Teamwork",
                  10.2, 10.0, 11.4, 8.0, 15.5, False, "%", "Trust ESR",
                  workforce_turnover=True),
    ),
)

ELMBRIDGE = TrustProfile(
    slug="elmbridge",
    number=2,
    name="Elmbridge Mental Health and Community NHS Trust",
    code="RXE",
    trust_type="mental health",
    collections=(
        Collection(
            key="pre", period="2025 baseline", collected_on=date(2025, 5, 9),
            respondents=1880, first_respondent_id=250001, board_members=13,
            stakeholders=74, headcount=4380, applicants=540, small_group_size=5,
            dashboard_period="2024/25",
        ),
        Collection(
            key="post", period="2026 follow-up", collected_on=date(2026, 5, 15),
            respondents=1760, first_respondent_id=260001, board_members=14,
            stakeholders=88, headcount=4450, applicants=520, small_group_size=8,
            dashboard_period="2025/26",
        ),
    ),
    staff_means={
        "vision_values": 7.4,
        "goals_performance": 6.3,
        "support_compassion": 5.2,
        "learning_innovation": 6.6,
        "equity_inclusion": 5.6,
        "teamwork": 6.8,
    },
    staff_change={"support_compassion": 0.7, "goals_performance": 0.5},
    board_uplift={
        "vision_values": 0.6,
        "goals_performance": 1.3,
        "support_compassion": 1.4,
        "learning_innovation": 1.1,
        "equity_inclusion": 1.2,
        "teamwork": 1.2,
    },
    stakeholder_means={
        "vision_values": 7.1,
        "goals_performance": 6.4,
        "support_compassion": 5.1,
        "learning_innovation": 6.4,
        "equity_inclusion": 5.2,
        "teamwork": 6.3,
    },
    stakeholder_change={"support_compassion": 0.3},
    equity_gap_bme=1.5,
    equity_gap_disabled=1.3,
    staff_groups={
        "Nursing and midwifery": 0.33,
        "Medical and dental": 0.06,
        "Allied health professionals": 0.08,
        "Psychological professions": 0.07,
        "Admin and clerical": 0.20,
        "Estates and ancillary": 0.04,
        "Additional clinical services": 0.22,
    },
    group_effects={
        "Nursing and midwifery": {"support_compassion": -0.3, "teamwork": 0.2},
        "Psychological professions": {"learning_innovation": 0.3, "goals_performance": -0.2},
        "Estates and ancillary": {"vision_values": -0.4, "learning_innovation": -0.3},
        "Medical and dental": {"goals_performance": 0.2},
    },
    directorates={
        "Adult mental health": 0.32,
        "Older people's services": 0.17,
        "Community health services": 0.27,
        "Children and young people's services": 0.12,
        "Corporate services": 0.12,
    },
    small_directorate="Forensic services",
    ethnicity_bme_share=0.20,
    bme_share_by_band={
        "Band 1": 0.15, "Band 2": 0.18, "Band 3": 0.20, "Band 4": 0.13, "Band 5": 0.31,
        "Band 6": 0.27, "Band 7": 0.16, "Band 8a": 0.08, "Band 8b": 0.06, "Band 8c": 0.05,
        "Band 8d": 0.0, "Band 9": 0.0, "VSM": 0.0, "Medical": 0.50, "Other": 0.12,
    },
    band_weights={
        "Band 1": 0.2, "Band 2": 9.0, "Band 3": 20.0, "Band 4": 10.0, "Band 5": 17.0,
        "Band 6": 18.0, "Band 7": 12.5, "Band 8a": 5.0, "Band 8b": 2.2, "Band 8c": 0.9,
        "Band 8d": 0.4, "Band 9": 0.15, "VSM": 0.1, "Medical": 4.5, "Other": 0.5,
    },
    board_bme_members=1,
    dashboard=(
        Indicator("Staff engagement score", "vision_values",
                  7.4, 7.4, 7.0, 7.5, 6.4, True, "score", NSS),
        Indicator("Staff who would recommend the trust as a place to work", "Vision and values",
                  68.2, 68.6, 63.5, 74.0, 50.0, True, "%", NSS),
        Indicator("CQC well-led rating (0 inadequate to 3 outstanding)", "vision_values",
                  3, 3, 2, 3, 0, True, "score", "CQC inspection report"),
        Indicator("Care plans reviewed within 12 months", "goals_performance",
                  88.0, 90.5, 89.0, 97.0, 75.0, True, "%", "Trust clinical records"),
        Indicator("Mandatory training compliance", "Goals and performance",
                  90.1, 91.0, 89.5, 96.0, 80.0, True, "%", "Trust learning system"),
        Indicator("Staff who often or always feel burnt out because of their work",
                  "support_compassion", 32.4, 30.1, 25.9, 20.5, 33.8, False, "%", NSS),
        Indicator("Sickness absence rate", "Support and compassion",
                  6.7, 6.3, 5.6, 4.4, 7.4, False, "%", "NHS sickness absence statistics"),
        Indicator("Staff saying there are enough staff to do their job properly",
                  "support_compassion", 26.3, 28.0, 37.2, 47.4, 24.9, True, "%", NSS),
        Indicator("Service users who felt treated with care and compassion",
                  "support_compassion", 7.2, 7.4, 7.8, 8.4, 7.0, True, "score",
                  "CQC Community Mental Health Survey"),
        Indicator("Staff who feel secure raising concerns about unsafe clinical practice",
                  "learning_innovation", 74.0, 74.5, 74.8, 81.0, 66.0, True, "%", NSS),
        Indicator("Patient safety incidents reported per 1,000 bed days",
                  "Learning and innovation", 61.0, 62.5, 60.0, 95.0, 30.0, True, "rate",
                  "Learn from patient safety events service"),
        Indicator("Staff experiencing discrimination from manager or colleagues",
                  "equity_inclusion", 11.9, 11.6, 7.6, 4.8, 13.1, False, "%", NSS),
        Indicator("Staff experiencing harassment, bullying or abuse from colleagues",
                  "Equity and inclusion", 17.6, 17.2, 13.8, 10.4, 19.2, False, "%", NSS),
        Indicator("Staff who believe the trust gives equal opportunities for progression",
                  "equity_inclusion", 52.4, 53.0, 58.9, 66.0, 47.0, True, "%", NSS),
        Indicator("We work as a team (People Promise score)", "teamwork",
                  6.9, 6.9, 6.9, 7.2, 6.5, True, "score", NSS),
        Indicator("Staff turnover rate", "Teamwork",
                  12.3, 12.1, 12.0, 9.0, 16.0, False, "%", "Trust ESR",
                  workforce_turnover=True),
    ),
)
# fmt: on

TRUSTS: tuple[TrustProfile, ...] = (NORTHWICK, ELMBRIDGE)

# ---------------------------------------------------------------------------------------
# Free text (fictional)
# ---------------------------------------------------------------------------------------

NEGATIVE_COMMENTS: dict[str, tuple[str, ...]] = {
    "vision_values": (
        "The values are on every poster but not in how some managers behave.",
        "I could not tell you what the trust's vision is.",
        "Senior leaders feel remote from what happens on the ground.",
    ),
    "goals_performance": (
        "Targets change so often that nobody knows what matters.",
        "I have not had a proper appraisal in two years.",
        "We never hear back about how our service is doing.",
    ),
    "support_compassion": (
        "We are so short-staffed that nobody has time to check on each other.",
        "My manager is kind but has no time to support us.",
        "I am exhausted and do not feel anyone notices.",
        "Breaks are the first thing to go when we are busy.",
    ),
    "learning_innovation": (
        "When something goes wrong the first question is who is to blame.",
        "Ideas from staff go into a box and disappear.",
        "There is no protected time for training.",
        "I would think twice before raising a concern.",
    ),
    "equity_inclusion": (
        "Promotion depends on who you know, not what you can do.",
        "Staff from minority backgrounds are overlooked for senior roles.",
        "Reasonable adjustments took months to be put in place.",
        "I have heard colleagues make comments that would not be tolerated elsewhere.",
    ),
    "teamwork": (
        "Our team is great but other departments do not talk to us.",
        "Handovers between teams are a constant source of friction.",
    ),
}
POSITIVE_COMMENTS: dict[str, tuple[str, ...]] = {
    "vision_values": (
        "I am proud of the care we give and leaders say so too.",
        "The chief executive's open sessions make the vision feel real.",
    ),
    "goals_performance": (
        "Our team huddle makes clear what we are aiming for each week.",
        "Patient feedback is shared with us and we act on it.",
    ),
    "support_compassion": (
        "My manager always asks how I am and means it.",
        "Colleagues covered for me when I had a family emergency.",
    ),
    "learning_innovation": (
        "Our quality improvement project was backed from the start.",
        "After an incident we had a calm, useful debrief.",
    ),
    "equity_inclusion": (
        "The staff networks are starting to make a difference.",
        "I feel I belong here whatever my background.",
    ),
    "teamwork": (
        "My team pulls together, especially on the hard days.",
        "Everyone's voice counts in our team meetings.",
        "The best thing about working here is my team.",
    ),
}
MIXED_COMMENTS = (
    "Some things have improved but workload is still high.",
    "Good team, difficult environment.",
    "It depends a lot on which ward or department you are in.",
    "Communication from the top has got better this year.",
    "Parking and facilities need attention.",
    "More flexible working would help retention.",
)
KEY_MESSAGES = (
    "Proud of the care; worried about pressure on front-line staff.",
    "Believes the values are well embedded; wants more visible leadership.",
    "Sees teamwork as the trust's main strength.",
    "Concerned that learning from incidents is slow to spread.",
    "Wants a sharper focus on race equality in senior appointments.",
    "Thinks goals are clear at board level but less so on wards.",
    "Sees silos between divisions as the main risk.",
    "Wants staff voice to reach the board more directly.",
    "Highlights recruitment and retention as the top people risk.",
    "Feels the board is cohesive and challenges well.",
)
STAKEHOLDER_GOOD = (
    "Staff were kind and took time to explain things.",
    "Good partnership working on discharge planning.",
    "The team listened and changed the appointment system.",
    "Clear communication from the ward every day.",
)
STAKEHOLDER_POOR = (
    "We were passed from one department to another.",
    "Complaints take too long to get a proper answer.",
    "Staff seem stretched and rushed.",
    "Hard to know who to contact when things go wrong.",
    "Interpreting services were not arranged in time.",
)
