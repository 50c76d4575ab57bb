"""Forms about people and accounts, in plain English.

allauth's forms (joining, signing in, codes, passwords) are in `accounts` and named in
settings.ACCOUNT_FORMS.
"""
