"""Climate stories: the river in flood, the floodplain and school heating."""

from .records import StoryRecord

STORIES = [
    StoryRecord(
        slug="sael-reaches-highest-level-in-a-decade",
        headline="The Sael reaches its highest level in a decade, closing "
        "east bank streets",
        standfirst="Three days of heavy rain upstream pushed the river 4.3 "
        "metres above normal; pumps held, but dozens of cellars flooded "
        "along the quays.",
        body="""
<p>The river Sael peaked at 4.3 metres above its normal level at the Weir
Bridge gauge early this morning, its highest reading since the floods of ten
years ago. Police closed eleven streets on the east bank overnight as water
came over the lower quay.</p>
<p>The new pumping station at Millgate, finished last spring, ran at full
capacity for fourteen hours. Engineers say it kept water out of about 300
homes that flooded last time. Even so, firefighters pumped out more than 60
cellars along Quay Street and Tanner's Row.</p>
<h2>How it happened</h2>
<p>Up to 120 millimetres of rain fell on the hills of the upper valley over
the past three days, nearly two months' worth, onto ground already soaked by a
wet spring. The peak reached Ardenport about a day later.</p>
<blockquote><p>The defences did what they were built to do. But we built them
for the river we had twenty years ago, and it is not the river we have
now.</p></blockquote>
<p>That was the city's head of civil protection, speaking at a briefing in
the town hall this morning. She said the water would fall slowly and
that streets should reopen by the weekend.</p>
<h2>Reactions</h2>
<ul>
<li><strong>East bank residents' forum:</strong> asks for sandbags to be
stored in every block, not only at the depot.</li>
<li><strong>Shopkeepers on Quay Street:</strong> want a hardship fund for
lost stock, as after the last flood.</li>
<li><strong>Regional environment agency:</strong> says the upstream meadows
plan will lower future peaks, but not for years.</li>
<li><strong>Council leader:</strong> promises a review of the flood plan
within three months.</li>
</ul>
""",
        section="climate",
        authors=("rowan-achterberg", "mara-lindqvist"),
        tags=("flooding", "River Sael", "east bank"),
        days_ago=1,
        hour=8,
        image_caption="Water came over the lower quay overnight.",
        analysis={
            "Environmental": "Peaks like this one used to come once in "
            "fifty years. The valley has now seen two in a decade, as "
            "heavier downpours fall on hills that drain faster than they did.",
            "Social": "The streets that flood are among the city's cheapest "
            "to rent, and many tenants have no contents insurance.",
            "Economic": "Every flooded cellar is a small business's "
            "storeroom or a family's freezer. The last flood cost Quay "
            "Street shops an estimated 4 million.",
            "Political": "The new pumping station was controversial and "
            "expensive. This week it paid for itself, and its backers will "
            "say so loudly.",
        },
        related=("floodplain-meadows-to-be-restored",),
        is_featured=True,
    ),
    StoryRecord(
        slug="floodplain-meadows-to-be-restored",
        headline="Floodplain meadows to be restored upstream in a ten-year plan",
        standfirst="Farmers will be paid to let 900 hectares of riverside "
        "fields flood again, storing water before it reaches the city.",
        body="""
<p>The regional assembly has approved a ten-year plan to turn 900 hectares
of drained farmland in the upper Sael valley back into meadows that can flood
in winter, soaking up water that would otherwise race down to Ardenport.</p>
<p>Farmers who take part will be paid an annual fee per hectare and can still
graze cattle or cut hay in summer. Old drainage ditches will be blocked and
some embankments lowered.</p>
<h2>Slowing the river</h2>
<p>Hydrologists at the regional environment agency estimate that the meadows
could shave 20 to 30 centimetres off a big flood peak in the city, and give
an extra six hours of warning.</p>
<blockquote><p>A meadow that floods in January is doing a job. We just stopped
paying it for that job a hundred years ago.</p></blockquote>
<p>Fourteen farms have signed up so far. The plan needs at least twenty to
reach its target area.</p>
""",
        section="climate",
        authors=("rowan-achterberg",),
        tags=("flooding", "River Sael", "regional assembly", "nature"),
        days_ago=6,
        hour=10,
        image_caption="Blocked ditches will let riverside fields hold water in winter.",
        analysis={
            "Environmental": "Wet meadows are among the richest habitats in "
            "the valley: the plan should bring back breeding curlews and "
            "lapwings as well as store water.",
            "Economic": "Paying farmers to store water costs a fraction of "
            "raising flood walls in the city, and the money stays in the "
            "rural economy.",
        },
        related=("sael-reaches-highest-level-in-a-decade",),
    ),
    StoryRecord(
        slug="school-heat-pumps-first-winter",
        headline="School heat pumps: the first winter's numbers are in",
        standfirst="Four schools that swapped gas boilers for heat pumps used "
        "58 per cent less energy, and classrooms were warmer.",
        body="""
<p>Four Ardenport schools that replaced their gas boilers with heat pumps
last summer used 58 per cent less energy for heating this winter, according
to meter readings published by the city's energy office.</p>
<p>Running costs fell by about a third, less than the energy savings because
electricity costs more per unit than gas. The city expects the pumps to pay
back their installation cost in eleven years.</p>
<h2>Warmer rooms</h2>
<p>Teachers at Millgate Primary and Riverside Secondary reported fewer cold
mornings. The old boilers took two hours to warm the buildings after a
weekend; the heat pumps run gently all the time.</p>
<ul>
<li>Average classroom temperature: 20.5°C, up from 19.1°C.</li>
<li>Gas use: zero, down from 410,000 kilowatt-hours.</li>
<li>Breakdowns reported: two, both fixed within a day.</li>
</ul>
<p>Nine more schools are due to switch over the next two summers.</p>
""",
        section="climate",
        authors=("rowan-achterberg", "ines-haddad"),
        tags=("energy", "education"),
        days_ago=16,
        hour=9,
        image_caption="Nine more schools will switch to heat pumps over the "
        "next two summers.",
    ),
]
