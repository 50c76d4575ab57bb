"""Importing the register from a spreadsheet (CSV), checking every row before anything is saved.

The steps are pure functions on text, so each can be tested alone: `parsing.decode_csv_bytes`
(bytes to text), `parsing.parse_csv` (text to rows, with file-level problems raised as
`columns.ImportFileError`), the cell readers in `cells`, and `checking.check_rows` (every row
checked against reference data and the people already in the register). `selectors.import_check`
is the one function that reads the database: it loads the reference data and possible
duplicates, then runs `check_rows`. Saving is `community.services.cocreator_import`; the pages
are `views`, with the upload and confirmation forms in `forms`.

The rules about a person are not repeated here: each row is turned into what the staff form
would be sent and checked by that form (`forms.CoCreatorImportForm`, the staff form with its
choices loaded once), so a rule changed on the staff form applies to imports too. This package
only reads the spreadsheet's ways of writing things (dates, names of choices in any case, yes or
no) and words the form's errors for a column.

Row numbers are the spreadsheet's: the column names are row 1, the first person row 2.
"""
