"""The community newsletter and the digests: staff compose, schedule and send an issue; the public
read past issues; each co-creator gets a weekly or monthly round-up of what is new."""
