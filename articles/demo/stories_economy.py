"""Economy stories: the port, prices and small firms."""

from .records import StoryRecord

STORIES = [
    StoryRecord(
        slug="port-traffic-falls-for-third-quarter",
        headline="Port container traffic falls for a third quarter as a "
        "shipping line moves north",
        standfirst="Ardenport handled 14 per cent fewer containers than a "
        "year ago, and the dockers' union fears for up to 120 jobs.",
        body="""
<p>Container traffic through the port of Ardenport fell for the third
quarter running, according to figures published by the port authority this
morning, after one of its largest customers moved two weekly services to a
deep-water terminal further up the coast.</p>
<p>The port handled about 61,000 containers between April and June, down
from 71,000 a year earlier. Bulk cargo, mostly grain and timber, held steady.
</p>
<h2>Why the line left</h2>
<p>Newer container ships need a channel deeper than the Sael estuary offers
at low tide. Dredging it would cost an estimated 70 million and take three
years to approve, the port authority says.</p>
<blockquote><p>We are not losing ships because we are slow or expensive. We
are losing them because the river is the river.</p></blockquote>
<h2>Jobs at risk</h2>
<p>The dockers' union says the port's main operator has told staff to expect
fewer shifts over the summer, and that up to 120 jobs could go if the trend
continues. The operator said it had no plans for redundancies "at this
stage".</p>
<ul>
<li><strong>Union:</strong> wants a guarantee of no compulsory job losses.</li>
<li><strong>Port authority:</strong> is courting short-sea and river barge
services instead.</li>
<li><strong>Regional government:</strong> says dredging is not in this
year's plans.</li>
</ul>
""",
        section="economy",
        authors=("ines-haddad",),
        tags=("port", "jobs", "River Sael"),
        days_ago=7,
        hour=9,
        image_caption="Two weekly container services have moved to a "
        "deep-water terminal up the coast.",
        analysis={
            "Economic": "The port and the firms around it employ about 2,300 "
            "people. Bulk cargo is steadier but far less labour-intensive than "
            "containers.",
            "Environmental": "Dredging a deeper channel would disturb the "
            "estuary's mudflats, a protected feeding ground for wading birds.",
            "Political": "The port is owned by the region, the dredging "
            "permit would come from the state, and the jobs are in the city: "
            "three governments, none of which can act alone.",
        },
    ),
    StoryRecord(
        slug="bakeries-band-together-to-buy-flour",
        headline="Small bakeries band together to buy flour as prices climb",
        standfirst="Eleven independent bakers have formed a buying group, "
        "hoping bulk orders will keep a loaf under three euros.",
        body="""
<p>Eleven independent bakeries in Ardenport have started ordering flour
together, after the price of a 25-kilo sack rose by almost a third in
eighteen months.</p>
<p>The group places one order a fortnight with a mill in the upper valley
and shares a rented van for deliveries. Members say they are saving between
8 and 12 per cent on flour, their biggest single cost after wages.</p>
<h2>Dough and arithmetic</h2>
<p>Ruth Abernethy, who has run a bakery on Tanner's Row for nineteen years,
came up with the idea after comparing invoices with a competitor over
coffee.</p>
<blockquote><p>We had been paying different prices for the same flour from
the same mill. Once we saw that, working together was the obvious
thing.</p></blockquote>
<p>The bakers also plan to share electricity contracts when their current
deals end in the autumn, and are talking to two butchers about joining for
packaging.</p>
""",
        section="economy",
        authors=("ines-haddad",),
        tags=("small business", "prices"),
        days_ago=12,
        hour=7,
        image_caption="The group orders flour once a fortnight from a mill in "
        "the upper valley.",
    ),
    StoryRecord(
        slug="tram-depot-to-become-workshops",
        headline="Old tram depot to become workshops for sixty small firms",
        standfirst="The brick sheds on the east bank, empty since the last "
        "tram ran in 1974, will house carpenters, printers and repair shops.",
        body="""
<p>The derelict tram depot on Foundry Road will be converted into workshops
and studios for about sixty small businesses, under plans approved by the
city's planning committee yesterday.</p>
<p>The project, led by a cooperative of local tradespeople, keeps the listed
brick facades and the tram rails in the yard. Rents will be capped at 20 per
cent below market rates for the first ten years.</p>
<h2>Who is moving in</h2>
<ul>
<li>Furniture makers and carpenters, in the largest shed.</li>
<li>A bicycle and appliance repair shop, open to the public.</li>
<li>Print studios and a shared darkroom.</li>
<li>A canteen run by a catering social enterprise.</li>
</ul>
<h2>Next steps</h2>
<p>Building work starts in the autumn and should take eighteen months. The
cooperative says more than 140 firms have already registered interest, and
it will give priority to businesses based on the east bank.</p>
""",
        section="economy",
        authors=("ines-haddad", "mara-lindqvist"),
        tags=("small business", "jobs", "east bank"),
        days_ago=18,
        hour=11,
        image_caption="The tram depot's brick sheds have stood empty for fifty years.",
        related=("foundry-tenants-win-repair-schedule",),
    ),
    StoryRecord(
        slug="what-the-new-ferry-timetable-means",
        headline="What the new ferry timetable means for commuters",
        standfirst="Draft: the summer timetable adds early crossings but drops "
        "the last boat on Sundays.",
        body="""
<p>Draft notes. Check the new departure times with the ferry company before
publishing, and ask the commuters' group for a comment.</p>
<h2>Changes so far</h2>
<ul>
<li>A 6.10 a.m. crossing on weekdays.</li>
<li>No 11 p.m. boat on Sundays.</li>
</ul>
""",
        section="economy",
        authors=("ines-haddad",),
        tags=("transport",),
        days_ago=0,
        hour=8,
        image_caption="The ferry crosses the Sael every twenty minutes at peak times.",
        is_draft=True,
    ),
]
