from django.core.paginator import Paginator
from django.utils.functional import cached_property

# Counting past this many rows tells a moderator nothing more, and on a table
# of millions the full COUNT(*) is the slowest query of the page.
COUNT_CAP = 10_000


class CappedCountPaginator(Paginator):
    """A paginator for big admin lists: counts at most COUNT_CAP + 1 rows.

    Past the cap the list shows COUNT_CAP rows' worth of pages; filters and
    search narrow it down further.
    """

    @cached_property
    def count(self):
        return min(self.object_list.order_by()[: COUNT_CAP + 1].count(), COUNT_CAP)
