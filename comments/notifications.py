"""Mail about comments, always sent after the transaction commits.

queue_grew(): a comment was held or reported; moderators get one digest per
batch. comments_approved(pks): comments just went public; readers who asked
to hear of replies are told.
"""


def queue_grew():
    pass


def comments_approved(pks):
    pass
