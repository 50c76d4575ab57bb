"""The synthetic demo community: about 200 made-up co-creators, partners and champions.

Everything here is invented. Names are drawn at random from lists of first names and surnames
common among Kent and Medway's communities; every email address is at example.org and every
phone number is in Ofcom's range for drama (07700 900000 to 07700 900999); partner organisations
have made-up names and example.org websites.

The community is deliberately uneven, as real ones are, so the representation-gap page has
something to show: women, and older women above all, are over-represented; men, people under 25,
and Black and Asian people are under-represented against the Census 2021 benchmarks.

`build_demo_community()` is deterministic (one `random.Random(2026)`) and idempotent: people are
keyed by email, partners by name, contacts by name within their organisation, and a person who
already has a champion role is not given another. Running it twice leaves the same rows.

The package's modules: `people`, `partners` and `build` (`build_demo_community`, which `seed_demo`
in reporting runs).
"""
