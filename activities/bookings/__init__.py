"""Booking for someone: staff book, move and cancel places for a person, and everyone is told.

`services` (staff booking, moving, cancelling; reminders), `notices` (the confirmations and
reminders, through community's one pipeline), `calendar` (an event's `.ics` for an email),
`forms`, `views`.
"""
