"""Demo projects, activities, sign-ups and attendance for the synthetic demo community.

Everything here is invented: about a dozen pieces of co-creation work in a mental health trust and
about two years of activities up to three months ahead, six to ten a month. The mix moves towards
the deeper engagement levels over time, so the staff dashboard's centre of gravity rises; the share
of evening, weekend and informal-setting sessions rises too.

Past activities are done (a few cancelled) and have attendance, drawn from the demo co-creators;
the few most recent have sign-ups but no attendance yet, so "attendance still to record" has rows.
Future activities are open or planned, with sign-ups; some are full with a waiting list.

`build_demo_activities()` is deterministic (one `random.Random(2027)`) and idempotent: projects are
keyed by title and activities by title and start time. The plan is worked out from today's date, so
a month that already holds demo activities is left alone whole: loading again on a later day adds
only the months that were not there before.

The package's modules: `data`, `plan` and `build` (`build_demo_activities`, which `seed_demo` in
reporting runs), and `team_week` (a weekly carers' peer group series, one changed and one
cancelled activity with their `ActivityChange` rows; `build_demo_activities` calls it).
"""
