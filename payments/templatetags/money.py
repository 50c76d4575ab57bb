"""`{{ amount|money }}`: "£1,250.00", as `payments.money.money_text` writes it."""

from django import template

from ..money import money_text

register = template.Library()
register.filter("money", money_text)
