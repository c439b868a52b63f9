"""Query lookups the project registers on Django's fields (in NewsroomConfig.ready)."""

from django.db.models import lookups


class IntegerIn(lookups.In):
    """`id__in=[...]` that leaves out numbers the column cannot hold, as Django's own exact,
    gt and lt lookups on integer fields already do: such a number matches no row, and SQLite
    refuses it with an OverflowError (a 500 for a forged "99999999999999999999" in any form,
    admin widget or query string that ends in an `__in` lookup)."""

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            try:
                low, high = connection.ops.integer_field_range(
                    self.lhs.output_field.get_internal_type()
                )
            except KeyError:  # a column type the backend gives no range for
                low = high = None
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)
