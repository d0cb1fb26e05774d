"""Readers' comments on the demo stories, keyed by article slug, oldest first.
Those not approved wait in the moderation queue."""

from .records import CommentRecord

COMMENTS = {
    "sael-reaches-highest-level-in-a-decade": [
        CommentRecord(
            "Greta Holm",
            "Our street stayed dry this time, and last time we had water up to "
            "the second step. Whoever argued for that pumping station, thank "
            "you.",
            hours_after=5,
        ),
        CommentRecord(
            "Tariq Benali",
            "Glad for you, Greta. Two doors down from us on Tanner's Row the "
            "cellar still filled. The pumps help, but the old drains on our "
            "side cannot keep up.",
            hours_after=7,
            reply_to=0,
        ),
        CommentRecord(
            "Lena Sørensen",
            "Sandbags in every block is such an obvious idea. Half an hour "
            "queueing at the depot in the rain is not a plan.",
            hours_after=9,
        ),
        CommentRecord(
            "Newsroom desk",
            "We asked the council about the queues. The depot opens two hours "
            "earlier from Friday, and we will add it to the story once they "
            "confirm it in writing.",
            hours_after=11,
            reply_to=2,
            staff=True,
        ),
        CommentRecord(
            "Pieter de Vries",
            "Does anyone know if the Quay Street car park reopens before "
            "the weekend? My shop deliveries come through there.",
            hours_after=20,
            approved=False,
        ),
    ],
    "bridge-tolls-go-to-public-consultation": [
        CommentRecord(
            "Alma Kovač",
            "I cross the Weir Bridge twice a day to get to work. Two euros "
            "each way is eighty a month. The cap had better be generous.",
            hours_after=3,
        ),
        CommentRecord(
            "Jonas Eriksen",
            "Fair point, but the bridge is falling apart. I would rather pay "
            "something than watch it close completely.",
            hours_after=6,
            reply_to=0,
        ),
        CommentRecord(
            "Marisol Vega",
            "Where do we send our views? The article says twelve weeks but "
            "not how to take part.",
            hours_after=30,
            approved=False,
        ),
    ],
    "night-buses-return-to-the-east-bank": [
        CommentRecord(
            "Bogdan Ilić",
            "Finally. I finish at the bakery at half past two and have been "
            "cycling home in all weathers.",
            hours_after=2,
        ),
        CommentRecord(
            "Chiara Romano",
            "Good news, but please keep an eye on whether the N7 actually "
            "stops at the hospital's back entrance. The day bus skips it.",
            hours_after=10,
        ),
    ],
    "bakeries-band-together-to-buy-flour": [
        CommentRecord(
            "Henrik Dahl",
            "Ruth's sourdough is the best thing on Tanner's Row. Good to see "
            "the small shops looking after each other.",
            hours_after=4,
        ),
        CommentRecord(
            "Yusuf Demir",
            "Would the group take a café? We bake our own cakes and buy flour "
            "in small bags at supermarket prices.",
            hours_after=26,
            approved=False,
        ),
    ],
}
