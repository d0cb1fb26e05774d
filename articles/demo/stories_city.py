"""City stories: transport, housing, schools and libraries."""

from .records import StoryRecord

STORIES = [
    StoryRecord(
        slug="night-buses-return-to-the-east-bank",
        headline="Night buses return to the east bank after a two-year gap",
        standfirst="From next week the N4 and N7 run every half hour until 4 a.m., "
        "ending long walks home for shift workers across the Sael.",
        body="""
<p>The east bank gets its night buses back next week, two years after the
routes were cut to save money during a driver shortage. The N4 will run from
the central station over the Weir Bridge to the Foundry estate, and the N7
loops through Millgate and the hospital every thirty minutes between midnight
and 4 a.m.</p>
<p>The transport company says it has hired 38 drivers since the spring, enough
to staff the routes without pulling buses from daytime timetables. The
service costs about 1.1 million a year, shared between the company and the
city.</p>
<h2>Who waited the longest</h2>
<p>Cleaners, hospital porters and bakery staff were hit hardest by the cut.
Many walked forty minutes or paid for taxis that ate a fifth of a night's
wages. A survey by the east bank residents' forum last year found that one in
six households had someone working after midnight.</p>
<blockquote><p>I have done that walk over the bridge at three in the morning
more times than I want to remember. A bus every half hour changes my whole
week.</p></blockquote>
<p>That was Dilnoza Rashidova, a porter at the General, who collected
signatures for the routes' return. The forum plans to count passengers
itself for the first month to make sure the buses are not quietly cut again.</p>
<h2>What changes next week</h2>
<ul>
<li><strong>N4:</strong> Central station to Foundry estate via Weir Bridge,
every 30 minutes.</li>
<li><strong>N7:</strong> Millgate, General Hospital and Tanner's Row,
a loop every 30 minutes.</li>
<li><strong>Fares:</strong> day tickets and monthly passes are valid; no
night surcharge.</li>
</ul>
""",
        section="city",
        authors=("mara-lindqvist",),
        tags=("transport", "east bank", "city council"),
        days_ago=3,
        hour=7,
        image_caption="From next week the N4 crosses the Weir Bridge every "
        "half hour through the night.",
    ),
    StoryRecord(
        slug="foundry-tenants-win-repair-schedule",
        headline="Foundry tenants win a repair schedule after a winter "
        "without reliable heating",
        standfirst="The housing association has agreed in writing to replace "
        "boilers in all three blocks by October, after months of protest by "
        "residents.",
        body="""
<p>Residents of the three Foundry tower blocks have a signed timetable for
new boilers, hot-water tanks and window seals, ending a standoff with their
landlord that began when the heating failed for eleven days in January.</p>
<p>The Sael Valley Housing Association will replace the boilers block by
block, starting with Anvil House in June. Tenants will get a rent reduction
of 15 per cent for every week their heating is off during the works.</p>
<h2>Months of complaints</h2>
<p>The tenants' committee logged 412 repair requests over the winter, most of
them about heating and damp. Several families with young children moved in
with relatives during the coldest weeks. The committee printed the log and
delivered it to the association's board meeting in a shopping trolley.</p>
<blockquote><p>We did not ask for anything special. We asked for warm flats
and a date, and we will hold them to that date.</p></blockquote>
<p>The association's director said the delays came from a contractor that
went bust in the autumn, and apologised to residents at a meeting in the
estate's community hall last week.</p>
<h2>Reactions</h2>
<ul>
<li><strong>Tenants' committee:</strong> relieved, but will publish monthly
progress reports of its own.</li>
<li><strong>City housing office:</strong> will inspect each block after the
works are done.</li>
<li><strong>Opposition councillors:</strong> want the same deal for the
association's other estates.</li>
</ul>
""",
        section="city",
        authors=("mara-lindqvist",),
        tags=("housing", "east bank", "city council"),
        days_ago=9,
        hour=8,
        image_caption="Anvil House will be the first of the three blocks to "
        "get new boilers.",
        analysis={
            "Social": "The Foundry blocks house about 1,900 people, a third of "
            "them children. A cold flat is a health problem before it is a "
            "housing one, and the committee's log turned scattered complaints "
            "into evidence nobody could wave away.",
            "Legal": "A written timetable with a rent reduction attached is "
            "enforceable in a way that promises at meetings are not. Tenants "
            "can now take missed dates to the housing tribunal.",
            "Political": "Housing is the issue councillors hear about most on "
            "the east bank doorsteps, and a by-election is weeks away in the "
            "neighbouring ward.",
        },
    ),
    StoryRecord(
        slug="saturday-school-keeps-ukrainian-alive",
        headline="The Saturday school where children keep their Ukrainian alive",
        standfirst="Every week, ninety pupils fill a borrowed primary school "
        "in Millgate for maths, songs and grammar in the language of home.",
        body="""
<p>At nine on a Saturday morning the corridors of Millgate Primary are loud
with Ukrainian. Parents drop off children with lunch boxes and exercise books,
and a dozen volunteer teachers, most of them qualified back home, start
lessons that run until one.</p>
<p>The school began three years ago in a church hall with eleven pupils. It
now has ninety on the register and a waiting list, and pays the city a
nominal rent for six classrooms.</p>
<h2>Two languages, one week</h2>
<p>Most pupils attend local schools on weekdays and speak English with their
friends. Parents say the Saturday classes are what keep grandparents on video
calls from becoming strangers.</p>
<blockquote><p>My son answers me in English now. On Saturdays he argues with his
teacher in Ukrainian, and I could listen to that all day.</p></blockquote>
<p>The volunteers hope to offer exam preparation for older pupils next year,
which would need funding for textbooks and a seventh room.</p>
""",
        section="city",
        authors=("mara-lindqvist",),
        tags=("education", "громада"),
        days_ago=15,
        hour=10,
        image_caption="Lessons run from nine until one every Saturday in term time.",
    ),
    StoryRecord(
        slug="library-stays-open-late-for-exams",
        headline="Central library stays open until ten for exam season",
        standfirst="Students asked for somewhere quiet and warm to revise in "
        "the evenings; for six weeks, the library will be it.",
        body="""
<p>The central library on Quay Street will stay open until 10 p.m. on
weekdays from next week until the end of the exam season, the city's
culture office announced.</p>
<p>The longer hours follow a petition started by sixth-form students who said
cramped homes and noisy cafés made evening revision close to impossible.
More than 700 people signed it in a fortnight.</p>
<h2>How it will work</h2>
<p>Two reading rooms on the first floor will stay open, with the ground floor
closing as usual at six. Librarians will work the extra shifts on overtime,
and the café will sell tea and soup until nine.</p>
<ul>
<li>Open until 10 p.m. Monday to Friday for six weeks.</li>
<li>Library card needed after 6 p.m.; cards are free at the desk.</li>
<li>Wi-Fi and power sockets at every desk in the reading rooms.</li>
</ul>
<p>The culture office says it will look at usage figures before deciding
whether to repeat the scheme in the winter exam period.</p>
""",
        section="city",
        authors=("mara-lindqvist", "tomasz-okafor"),
        tags=("education", "libraries"),
        days_ago=20,
        hour=9,
        image_caption="The first-floor reading rooms will stay open until ten.",
    ),
    StoryRecord(
        slug="weir-bridge-cycle-lane-consultation",
        headline="Weir Bridge cycle lane goes to a public vote of residents",
        standfirst="Two designs, one narrow bridge: the city asks both banks "
        "which one they want before the works start in spring.",
        body="""
<p>Residents on both banks of the Sael have until the end of the month to
choose between two designs for a cycle lane on the Weir Bridge, the city's
transport office said on Monday.</p>
<p>The first design takes one of the bridge's two car lanes and turns it into
a two-way cycle track behind a kerb. The second keeps both car lanes but
narrows them, painting a cycle lane on each side.</p>
<h2>What each design costs</h2>
<ul>
<li>Kerbed two-way track: about 640,000, six weeks of works.</li>
<li>Painted lanes on both sides: about 180,000, two weeks of works.</li>
</ul>
<p>Ballot papers go out with next week's council newsletter and can also be
filled in at the central library.</p>
""",
        section="city",
        authors=("ines-haddad",),
        tags=("transport",),
        days_ago=0,
        hour=7,
        image_caption="The Weir Bridge carries both car lanes and the footpaths.",
        is_draft=True,
        in_review=True,
    ),
]
