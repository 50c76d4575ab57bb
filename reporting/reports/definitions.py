"""What each figure in the steering group's report means: the definitions, labels and sections.

The report for one period is worked out in `reporting.reports.figures` from the readings in
`outcome1`, `outcome2` and `activity`, shaped by `shaping`.

`figures.report_for(period)` returns one JSON-safe dict (the shape is in the reporting contract: version,
period, previous_period, year_before_period, computed_at, sections of figures, levels, series).
Every page, pack, CSV and PDF renders from it and nothing else. The steering group's report (and
every pack) has been through the small-number rule in `cocreation.lib.disclosure`, which is for
people: counts of people and figures made from people show 0 as 0, 1 to 7 as "*", 8 and above
rounded to the nearest 5, percentages from the rounded figures (and "*" if either is suppressed);
participant-hours only where 8 or more different people attended, to the nearest 5, and the
centre of gravity worked out from the hours as shown. Counts of activities, projects, themes and records, and means of service
scores, identify nobody and are shown as they are. Staff see the exact report (`disclosure`
"exact"). All values are strings; "" means there is no figure (nothing to divide by). No names,
emails or other personal data go in.

Each figure has a `current` block (this period) and a `previous` block (the period before), each
with `value`, `numerator` and `denominator`, and a plain-English `how`. The definitions:

Outcome 1: improved experience from being involved
- Confidence, connection or purpose: co-creators whose latest experience survey answer in the
  period (by month; within a month, the one about the latest activity) answered at least one of
  the confidence, connection and purpose questions; of those, the ones that agreed or strongly
  agreed (4 or 5 of 5) with at least one. Answers that name nobody (anonymous, or from people who
  have left) count once each. The block also gives every answer (`answers`) and a `note`.
- Input led to change: co-creators, counted the same way, who answered "I can see that my input
  led to change" in the period; of those, agreed or strongly agreed.
- Wellbeing (SWEMWBS): people with a follow-up answered in the period and a "before" answered
  earlier; their first "before" against their latest follow-up in the period. Improved when the
  metric score rose by at least the threshold (SWEMWBS_CHANGE_THRESHOLD, 3 points).
- Case studies: case studies written in the period that are published (a count).

Outcome 2: better services through co-creation
- Projects with measurable change: projects with an impact record published in the period; of
  those, projects where such a record has evidence that moved the better way (up when higher is
  better, down when lower is better). When evidence recorded after the period ended moved the
  figure, the block's `note` says so, with the date and the figure when the period ended.
- Experience scores in co-designed services: Friends and Family Test evidence on published impact
  records with a follow-up in the period; the change from the mean baseline to the mean follow-up,
  in points. These are scores of services, not of people, so they are shown as they are.
- Participation from under-represented groups: different co-creators who attended an activity in
  the period; of those, the ones in a group the representation gap (whole community) marks as
  under-represented: below the threshold and a group the trust is trying to reach (half of the
  population or fewer, or marked a priority by staff). A second figure gives the change in percentage points on the same period a
  year before, worked out from the shown percentages.
- Triangulation: themes where co-creator insight and complaints, PALS, incidents and the Friends
  and Family Test agree (a top-3 theme in both, or a similar share), out of themes with any data
  in the period.
- Staff understanding: staff who took part, counted once each by their latest answer, who
  answered the understanding question; of those, agreed or strongly agreed.

Activity
- Activities (cancelled ones left out) starting in the period, and participant-hours (hours
  recorded for people who attended them; "*" when from 1 to 7 different people attended, else
  to the nearest 5), per engagement level and in total. Counted by people, not attendance
  records, so one person at many sessions cannot reveal their own hours.
- Centre of gravity: the mean engagement level weighted by participant-hours (1 Inform to 5
  Co-create), shown only where 8 or more different people attended.
- New co-creators (joined in the period), active co-creators (attended in the period), and the
  shares of activities in the evening, at the weekend and in an informal setting.

Involvement payments and expenses
- Claims for sessions held in the period that have been marked paid (`payments.spend.selectors`):
  the involvement payments on them and their expenses, in pounds and pence (money identifies
  nobody, so both ways show it exactly; a person who declined payment adds no payment), the
  number of claims (records, as they are) and the different people paid (people, through the
  small-number rule). A claim paid later moves its session's period, so an open or recent
  period's figures can still rise.

Building confidence and capacity (objective 4)
- From `capacity.report.capacity_totals`, every one a count with no denominator: training
  completions with a completion day in the period (records) and the different co-creators
  completing (people); co-creators whose development plan was active at the period's end, as the
  plan's history says it stood then (people); plan reviews held in the period (one person's each, so through the
  small-number rule); mentoring pairs active at any time in the period, both having agreed before
  it ended, not declined and not ended by the time it began (two people each: the small-number
  rule); mentoring and peer-group meetings held in the period (records); different services
  accredited on the period's last day (awarded by then, renewal date after it) and awards made
  in the period (services are teams, not people: as they are).

Every figure is counted by aggregation in the database: the number of queries for a report is the
same however many rows there are.
"""

VERSION = 1
AGREE = 4  # "Agree" or "Strongly agree" on the 1 to 5 scale

HOW = {
    "o1_confidence_connection_purpose": (
        "Co-creators who answered the experience survey in the period, each counted once by "
        "their latest answer in it, that answered at least one of the questions on confidence, "
        "connection with other people and sense of purpose. Anonymous answers cannot be matched "
        "to a person, so each counts once. The top number is those that agreed or strongly "
        "agreed with at least one of them."
    ),
    "o1_input_led_to_change": (
        "Co-creators who answered “I can see that my input led to change” in the period, each "
        "counted once by their latest answer in it (anonymous answers once each). The top "
        "number is those that agreed or strongly agreed."
    ),
    "o1_wellbeing_improved": (
        "People who answered the wellbeing questions (SWEMWBS) as a follow-up in the period and "
        "had answered them before taking part, earlier. Their first answers are set against their "
        "latest follow-up in the period. The top number is those whose score rose by at least "
        "{threshold} points, the change that counts as meaningful."
    ),
    "o1_case_studies_published": (
        "Case studies written in the period that have been published with the person's consent."
    ),
    "o2_projects_measurable_change": (
        "Projects with an impact record published in the period. The top number is those where "
        "such a record has evidence that moved the better way: up where higher is better, down "
        "where lower is better."
    ),
    "o2_experience_score_change": (
        "Friends and Family Test scores (% positive) recorded as evidence on published impact "
        "records, with a follow-up measured in the period. The change is the mean follow-up "
        "score minus the mean score before the change, in points. These are scores of services, "
        "not of people, so they are shown however few there are."
    ),
    "o2_under_represented_participation": (
        "Different co-creators who attended at least one activity in the period, and of them "
        "those in at least one group the representation gap flags as under-represented. A group "
        "is flagged when its share of the community is less than {under} times its share of the "
        "population served and it is a group we are trying to reach: half of the population or "
        "fewer, or a group staff have marked a priority. A group most of the population belongs "
        "to (such as people who are not disabled) is not flagged unless marked a priority, so "
        "more people from a majority group cannot raise this figure."
    ),
    "o2_under_represented_change": (
        "The share of co-creators attending who are in an under-represented group, in this "
        "period minus the same period a year before, in percentage points. Worked out from the "
        "percentages as shown, so it is not shown when either of them is not."
    ),
    "o2_triangulation_agree": (
        "Themes with any co-creator insight or any complaints, PALS, incidents or Friends and "
        "Family Test counts in the period. The top number is those where co-creators and the "
        "other sources agree: a top-3 theme in both, or a similar share in both. When either side "
        "has fewer than {min_items} items in the period, no theme is read as agreeing."
    ),
    "o2_staff_understanding": (
        "Staff who took part and answered the question on understanding the needs of patients, "
        "carers and families in the period, each counted once by their latest answer. The top "
        "number is those that agreed or strongly agreed."
    ),
    "act_activities": "Activities that started in the period, leaving out cancelled ones.",
    "act_participant_hours": (
        "Hours recorded for everyone who attended those activities, added up. Shown to the "
        "nearest 5, and not shown when fewer than 8 different people attended."
    ),
    "act_centre_of_gravity": (
        "The average engagement level of the period's activities, from 1 (Inform) to 5 "
        "(Co-create), weighted by participant-hours: each level times its hours, added up "
        "(top number) and divided by all the hours (bottom number). Shown only where 8 or more "
        "different people attended; worked out from the two numbers as shown."
    ),
    "act_new_cocreators": "People who joined the co-creation community in the period.",
    "act_active_cocreators": "Different co-creators who attended at least one activity in the period.",
    "act_evening_share": "Activities in the period that were in the evening, out of all of them.",
    "act_weekend_share": "Activities in the period that were at the weekend, out of all of them.",
    "act_informal_share": (
        "Activities in the period held in an informal setting (a community venue, library, food "
        "bank, Job Centre or faith venue), out of all of them."
    ),
    "pay_involvement_paid": (
        "Involvement payments on claims for sessions held in the period that have been paid, "
        "in pounds and pence. A claim counts in the period of its session, whenever it was "
        "paid, so this can still rise as later claims are paid. Money identifies nobody, so it "
        "is shown exactly."
    ),
    "pay_expenses_paid": (
        "Expenses (travel, parking, care cover, food and drink) on claims for sessions held in "
        "the period that have been paid, in pounds and pence, shown exactly."
    ),
    "pay_claims_paid": (
        "Claims for sessions held in the period that have been paid: one claim is one person at "
        "one session. Claims are records, so they are shown as they are."
    ),
    "pay_people_paid": (
        "Different people with at least one claim paid for a session held in the period. A "
        "count of people, so small numbers are hidden and the rest rounded to the nearest 5."
    ),
    "cap_training_completions": (
        "Courses completed in the period: each time a person completed a course, by the day it "
        "was completed (from attendance at the course's sessions or recorded by staff). No "
        "denominator: a count of records, so it is shown as it is."
    ),
    "cap_people_trained": (
        "Different co-creators who completed at least one course in the period, each counted "
        "once however many courses they completed. No denominator: a count of people, so small "
        "numbers are hidden and the rest rounded to the nearest 5."
    ),
    "cap_active_plans": (
        "Co-creators whose personal development plan was active at the end of the period's last "
        "day, as the plan's history says it stood then: a plan closed since still counts for "
        "the periods it was active in. No denominator: a count of people, so small numbers are "
        "hidden and the rest rounded to the nearest 5."
    ),
    "cap_plan_reviews": (
        "Reviews of development plans held in the period, by the day each was held. Each review "
        "is about one person, so small numbers are hidden and the rest rounded to the nearest "
        "5, as for people. No denominator."
    ),
    "cap_mentoring_pairs": (
        "Mentoring pairs active at any time in the period: the mentor and the mentee had both "
        "agreed before the period ended, neither declined, and the pair had not ended by the "
        "time it began. Peer-support groups are not pairs and are not counted here. Each pair "
        "is two people, so small numbers are hidden and the rest rounded to the nearest 5. No "
        "denominator."
    ),
    "cap_support_meetings": (
        "Meetings of mentoring pairs and peer-support groups held in the period, by the day they "
        "met, as logged by the people in them or by staff. No denominator: a count of records, "
        "so it is shown as it is."
    ),
    "cap_services_accredited": (
        "Different services holding the trust's co-creation accreditation on the last day of "
        "the period: awarded on or before that day, with a renewal date after it. An "
        "accreditation not renewed by its renewal date has lapsed and is not counted. No "
        "denominator: services are teams, not people, so this is shown as it is."
    ),
    "cap_services_awarded": (
        "Co-creation accreditations awarded in the period, by the day of the award (a renewal "
        "is a new award). No denominator: services are teams, not people, so this is shown as "
        "it is."
    ),
}

LABELS = {
    "o1_confidence_connection_purpose": (
        "Co-creators reporting improved confidence, connection or sense of purpose"
    ),
    "o1_input_led_to_change": "Co-creators reporting that their input led to change",
    "o1_wellbeing_improved": "People whose wellbeing improved (paired SWEMWBS)",
    "o1_case_studies_published": "Case studies published",
    "o2_projects_measurable_change": "Service improvement projects showing measurable change",
    "o2_experience_score_change": "Change in experience scores in co-designed services",
    "o2_under_represented_participation": (
        "Co-creators taking part who are from under-represented groups"
    ),
    "o2_under_represented_change": (
        "Change in participation from under-represented groups on the same period a year before"
    ),
    "o2_triangulation_agree": "Themes where co-creator insight and other sources agree",
    "o2_staff_understanding": (
        "Staff reporting a better understanding of patient, carer and family needs"
    ),
    "act_activities": "Activities",
    "act_participant_hours": "Participant-hours",
    "act_centre_of_gravity": "Centre of gravity (mean engagement level)",
    "act_new_cocreators": "New co-creators",
    "act_active_cocreators": "Active co-creators",
    "act_evening_share": "Activities in the evening",
    "act_weekend_share": "Activities at the weekend",
    "act_informal_share": "Activities in informal settings",
    "pay_involvement_paid": "Involvement payments paid",
    "pay_expenses_paid": "Expenses paid",
    "pay_claims_paid": "Claims paid",
    "pay_people_paid": "People paid",
    "cap_training_completions": "Training courses completed",
    "cap_people_trained": "People who completed training",
    "cap_active_plans": "Co-creators with an active development plan",
    "cap_plan_reviews": "Development plan reviews held",
    "cap_mentoring_pairs": "Mentoring pairs",
    "cap_support_meetings": "Mentoring and peer-support meetings held",
    "cap_services_accredited": "Services accredited",
    "cap_services_awarded": "Services awarded accreditation",
}

SECTIONS = [
    (
        "outcome1",
        "Outcome 1: improved experience from being involved",
        [
            "o1_confidence_connection_purpose",
            "o1_input_led_to_change",
            "o1_wellbeing_improved",
            "o1_case_studies_published",
        ],
    ),
    (
        "outcome2",
        "Outcome 2: better services through co-creation",
        [
            "o2_projects_measurable_change",
            "o2_experience_score_change",
            "o2_under_represented_participation",
            "o2_under_represented_change",
            "o2_triangulation_agree",
            "o2_staff_understanding",
        ],
    ),
    (
        "activity",
        "Activity",
        [
            "act_activities",
            "act_participant_hours",
            "act_centre_of_gravity",
            "act_new_cocreators",
            "act_active_cocreators",
            "act_evening_share",
            "act_weekend_share",
            "act_informal_share",
        ],
    ),
    (
        "capacity",
        "Building confidence and capacity (objective 4)",
        [
            "cap_training_completions",
            "cap_people_trained",
            "cap_active_plans",
            "cap_plan_reviews",
            "cap_mentoring_pairs",
            "cap_support_meetings",
            "cap_services_accredited",
            "cap_services_awarded",
        ],
    ),
    (
        "payments",
        "Involvement payments and expenses",
        [
            "pay_involvement_paid",
            "pay_expenses_paid",
            "pay_claims_paid",
            "pay_people_paid",
        ],
    ),
]

# The trend chart follows the survey percentages quarter by quarter.
TREND_MEASURES = [
    ("o1_confidence_connection_purpose", "ccp"),
    ("o1_input_led_to_change", "change"),
    ("o2_staff_understanding", "staff"),
]
