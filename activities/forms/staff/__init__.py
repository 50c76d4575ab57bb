"""Forms for the staff pages, a module per area: `projects`, `activity`, `attendance`, and the
`fields` they share."""
