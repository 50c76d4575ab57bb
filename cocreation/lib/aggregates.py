"""Related values gathered in the database, so a long export reads them in its one query."""

from django.db.models import Aggregate, CharField, OuterRef, QuerySet, Subquery


class JoinedText(Aggregate):
    """The values of a group as one text, joined by commas, in no particular order.

    PostgreSQL's `STRING_AGG`, SQLite's `GROUP_CONCAT`: the caller splits and sorts, so use it
    only for values that hold no comma (choice values, ids).
    """

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(expressions)s::text, ',')",
            **extra_context,
        )


def joined_per_row(related: QuerySet, link: str, column: str) -> Subquery:
    """A subquery giving, for each outer row, `column` of its `related` rows joined by commas.

    `link` is the related rows' foreign key to the outer row, e.g. `cocreator_id`. Each related
    set is its own subquery, so two sets never multiply each other's rows.
    """
    per_row = (
        related.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(joined=JoinedText(column))
        .values("joined")
    )
    return Subquery(per_row, output_field=CharField())


def split_joined(text: str | None) -> list[str]:
    """The values `JoinedText` joined, sorted (an empty list for a row with none)."""
    return sorted(text.split(",")) if text else []
