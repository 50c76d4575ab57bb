"""Delivering every message to a person, by email or text message, once.

The one way any app reaches a person. Inside its own transaction an app asks for a message to
one person (`message_queue`, e.g. a survey invitation, a waiting-list place, "your input led to
change"), to a list of people under one key prefix (`messages_queue`), or a digest send
(`broadcast_start`, one `Broadcast` with a `Message` per person); a send too big for one request
(the newsletter) opens its `Broadcast` (`broadcast_open`) and a worker adds the people a batch
at a time (`broadcast_add`). Each message is a `Message`
row under a unique key (`<key_prefix>:<co-creator id>` for a list) made before anything is sent,
so asking again, a retried task or a batch that runs twice finds the same row, never a new one.
After commit the new rows' ids go to the `community.deliver_batch` task in batches; a broker
that is down is no error: the resume sweep below finds rows nobody took.

The rows are the queue; a task only says which rows to look at. Leases: a worker running a batch
(`MESSAGE_BATCH_SIZE`, 50) first takes a lease on every row of it that nobody else holds
(`SELECT ... FOR UPDATE SKIP LOCKED`, so two workers never wait on each other; SQLite has no row
locks and simply runs one writer at a time): `lease_owner` names this run, `lease_until` is now
plus `MESSAGE_LEASE_SECONDS` (30). A thread renews the lease every third of that while the worker
lives, so a lease runs out only when its worker has died (or stalls for over 20 seconds). The
resume sweep (every 15 seconds) queues again every row whose lease has run out, so a dead worker's
messages, sent or not, are taken over within about 45 seconds rather than after minutes. A row no
worker has held for `MESSAGE_RESUME_AFTER_SECONDS` (30) is queued again too: its task was lost,
or a worker took the task and died before starting it. The sweep marks what it queued (no owner,
`lease_until` that far ahead) so a row waiting in a long queue is not queued again at every run.

Sending one message (`message_deliver`) takes three steps (a batch, `batch_deliver`, takes the
same steps with fewer round trips: see its docstring):

1. In a short transaction the row is locked. A row another live worker holds is left alone.
   Only a row still waiting (PENDING) goes on, or one left SENDING whose lease ran out (its
   worker died). The person's wishes are checked again now (they may have left or unsubscribed
   since the send began); if they say no, the row is SKIPPED with the reason. Otherwise it
   becomes SENDING with `claimed_at`, a fresh lease and one more attempt, and the transaction
   commits.
2. The email or text goes out, outside any transaction, carrying the key (the `X-Message-Key`
   header; GOV.UK Notify's `reference`).
3. The row becomes SENT, if it is still this worker's claim (`claimed_at`).

How honest is "exactly once"? A worker that dies between steps 2 and 3 leaves the row SENDING.
When its lease has run out the row is reconciled: a backend that can say whether it took that key
(`delivered(key)`: the recording test backend, and GOV.UK Notify, asked by reference) lets us mark
the row SENT when it did and send it when it did not, so with those backends each message goes
exactly once. Plain SMTP cannot say, so the message is sent again and `last_error` notes that it
may have arrived twice: with SMTP, a worker killed in the moment between the server accepting a
message and the row being marked SENT is the one case that is at least once rather than exactly
once, so at most one duplicate per worker process killed (the one message it had in flight).
Rows of a dead worker's batch that it had not started are PENDING and are simply sent. Asking the
backend happens while the row is locked (rare: only after a worker died).

Failures: a temporary one (an SMTP 4xx reply, a refused or dropped connection, a timeout, Notify
429 or 5xx) puts the row back to PENDING with `last_error`; the task retries it (Celery's own
retry) after 30 seconds, doubling up to an hour with each try of that message, and after
`MESSAGE_MAX_ATTEMPTS` tries the row is FAILED ("Gave up after 6 attempts: ..."). A permanent one (an SMTP 5xx reply, every recipient refused with 5xx, Notify 400
or 403) makes it FAILED at once. Staff see FAILED and retrying rows on `/staff/messages/`.

Rules (`reason_not_to_send`): nothing goes to someone who has left, who used an unsubscribe link
(by any channel, until they choose email or text messages again in the portal), or who has not
chosen the channel or has no address or number for it. The
newsletter (kind "newsletter") goes only to people who asked for it; digests (kinds starting
"digest") only to people whose digest choice is not "No digest". People who asked for post,
large print or easy read are listed by `people_to_send_by_hand` for staff to send.

Accounts that are not co-creators (system partners and service teams, `Role.PARTNER`): an app
tells one about its own access with `notices.account_notify` (a login given, a support answer,
an accreditation decision, a renewal reminder), the same shape as `person_notify`. The row names
the account (`Message.user`, no `cocreator`) and goes by email only, to the account's address,
through everything above (key, hand-over after commit, leases, retries, reconciling). Its rule
(`reason_not_to_send_account`) skips a closed account, one with no address, or an erased address;
it has no unsubscribe link or header (a service message about their own access), and its template
sees `account` (the user: `full_name`, `email`) where a co-creator's sees `cocreator`.
"""
