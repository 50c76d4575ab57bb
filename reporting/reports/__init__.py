"""The steering group's period reports: the figures, their charts, the CSV and PDF exports, and
the report pages (the latest quarter, the period picker, six-monthly and annual summaries)."""
