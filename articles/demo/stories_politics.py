"""Politics stories: the council, the regional assembly and a by-election."""

from .records import StoryRecord

STORIES = [
    StoryRecord(
        slug="council-budget-cuts-road-repairs",
        headline="Council passes a budget with deeper cuts to road repairs "
        "than expected",
        standfirst="The ruling coalition protected schools and night buses but "
        "halved the pothole fund, after a late-night vote of 27 to 22.",
        body="""
<p>Ardenport's council approved next year's budget shortly before midnight
last night, after seven hours of debate and three failed amendments from the
opposition benches.</p>
<p>The budget keeps spending on schools level and finds money for the return
of night buses on the east bank, but cuts the road maintenance fund from 6.2
million to 3.1 million. Officials had warned in the spring that the backlog
of repairs already stood at more than 40 million.</p>
<h2>Where the money goes</h2>
<ul>
<li><strong>Schools:</strong> unchanged, with a small rise for school meals.</li>
<li><strong>Public transport:</strong> up 4 per cent, including the night
routes.</li>
<li><strong>Roads and pavements:</strong> down by half.</li>
<li><strong>Flood defences:</strong> up 12 per cent, mostly for pumps on the
east bank.</li>
</ul>
<h2>A tight vote</h2>
<p>The coalition needed every one of its councillors in the chamber, and the
leader of the council thanked a member who came straight from hospital after
the birth of her daughter.</p>
<blockquote><p>Nobody stands for election hoping to cut anything. We chose
children and buses over asphalt, and we will defend that choice.</p>
</blockquote>
<p>The opposition called the cut to roads a false economy and said it would
cost more in compensation claims for damaged cars and injured cyclists than
it saves.</p>
""",
        section="politics",
        authors=("tomasz-okafor",),
        tags=("city council", "budget", "transport"),
        days_ago=5,
        hour=18,
        image_caption="The budget debate ran for seven hours in the council chamber.",
        analysis={
            "Political": "A 27 to 22 vote leaves the coalition with no margin "
            "for absences. Expect the opposition to make potholes its theme "
            "in the coming by-election.",
            "Economic": "Halving maintenance rarely saves money: a road left "
            "for five years typically costs three to four times as much to "
            "rebuild as to patch.",
            "Social": "The spending that survived favours people without "
            "cars, who on the east bank are the majority of households.",
        },
        related=("night-buses-return-to-the-east-bank",),
    ),
    StoryRecord(
        slug="bridge-tolls-go-to-public-consultation",
        headline="Regional assembly puts bridge tolls to a public consultation",
        standfirst="A charge of two euros a crossing could pay for the "
        "crumbling Weir Bridge, but commuters and businesses are already "
        "lining up against it.",
        body="""
<p>The regional assembly voted this afternoon to open a twelve-week public
consultation on tolls for the three road bridges across the Sael, the first
time the idea has got past a committee.</p>
<p>The proposal would charge cars two euros a crossing at peak hours and one
euro otherwise, with buses, bicycles and emergency vehicles exempt. Residents
of the valley would get a monthly cap.</p>
<h2>Why now</h2>
<p>Engineers found corrosion in the Weir Bridge's steel supports last year
and limited it to vehicles under 18 tonnes. Replacing the deck is estimated at
95 million, money neither the region nor the city has.</p>
<blockquote><p>We can argue about tolls for twelve weeks. We cannot argue with
rust.</p></blockquote>
<p>The transport commissioner said the consultation would include options
without tolls, such as a special levy on business property, so that people
could compare the costs.</p>
<h2>Early reactions</h2>
<ul>
<li><strong>Chamber of commerce:</strong> opposed, fearing shoppers will stay
on their own side of the river.</li>
<li><strong>Cycling campaign:</strong> in favour, if the money also pays for
safe lanes on the bridges.</li>
<li><strong>Hauliers' association:</strong> wants a cap for lorries making
many crossings a day.</li>
</ul>
""",
        section="politics",
        authors=("tomasz-okafor", "ines-haddad"),
        tags=("regional assembly", "bridges", "transport"),
        days_ago=11,
        hour=17,
        image_caption="The Weir Bridge has been closed to heavy lorries since "
        "last year.",
        analysis={
            "Political": "Putting tolls to consultation lets the assembly "
            "test opinion without owning the idea. Few regional politicians "
            "will vote for a charge on commuters a year before an election.",
            "Economic": "At the proposed rates the tolls would raise roughly "
            "9 million a year, enough to borrow against for a new deck over "
            "fifteen years.",
            "Legal": "Regional law allows tolls only on infrastructure the "
            "region owns. Two of the bridges belong to the city, which would "
            "have to agree or transfer them.",
        },
    ),
    StoryRecord(
        slug="who-is-standing-in-riverside-by-election",
        headline="Who is standing in the Riverside ward by-election",
        standfirst="Five candidates want the council seat left empty by a "
        "councillor who moved abroad; the ward votes in five days.",
        body="""
<p>Voters in Riverside ward choose a new councillor in five days, after
the previous holder of the seat resigned to take a job overseas. The result
could trim the ruling coalition's majority to a single seat.</p>
<p>We asked each candidate the same three questions: what they would change
first, how they would vote on the bridge tolls, and where they buy their
bread.</p>
<h2>The candidates</h2>
<ul>
<li><strong>Helena Marsh (coalition):</strong> a primary school head who wants
safer crossings near schools.</li>
<li><strong>Dev Anand (opposition):</strong> runs a garage and promises to
fight for the road repair fund.</li>
<li><strong>Joanna Petrescu (Greens):</strong> a nurse campaigning for more
trees and shade on the riverside walk.</li>
<li><strong>Kwame Mensah (independent):</strong> a youth football coach who
wants the sports ground reopened.</li>
<li><strong>Sam Okonjo (Residents First):</strong> wants every council vote
streamed and archived online.</li>
</ul>
<h2>What is at stake</h2>
<p>Riverside has changed hands three times in twenty years. Turnout at the
last election was 38 per cent, and the previous councillor won by 212 votes.
Polling stations open at seven and close at ten.</p>
""",
        section="politics",
        authors=("tomasz-okafor",),
        tags=("elections", "city council"),
        days_ago=2,
        hour=12,
        image_caption="Five candidates are standing for one council seat.",
    ),
    StoryRecord(
        slug="newcomers-advice-desk-saved",
        headline="Newcomers' advice desk saved after a petition gathers 4,000 names",
        standfirst="The small office that helps new arrivals with forms, "
        "schools and tenancies will stay open for at least two more years.",
        body="""
<p>The city's advice desk for newcomers, which was due to close in June
when its grant ran out, will stay open after councillors agreed yesterday
to fund it until the end of next year.</p>
<p>The desk, two rooms above the Millgate post office, helped more than 2,600
people last year with residence papers, school places, job centre forms and
tenancy contracts. It is run by three staff and a rota of interpreters.</p>
<h2>The campaign</h2>
<p>Volunteers from the Ukrainian Saturday school, the Syrian community
association and several churches collected 4,000 signatures in five weeks,
many of them in languages other than English.</p>
<blockquote><p>People arrive here with a suitcase and a folder of papers they
cannot read. Two hours with the desk can save them two months of
trouble.</p></blockquote>
<p>The money comes from the council's reserves; the desk's managers say they
will look for a longer-term funder in the meantime.</p>
""",
        section="politics",
        authors=("tomasz-okafor", "mara-lindqvist"),
        tags=("city council", "громада", "migration"),
        days_ago=13,
        hour=14,
        image_caption="The desk helped more than 2,600 people last year.",
        related=("saturday-school-keeps-ukrainian-alive",),
    ),
    StoryRecord(
        slug="riverside-by-election-results",
        headline="Riverside by-election: the results",
        standfirst="Votes are counted overnight at the sports hall; the "
        "result is expected shortly after midnight.",
        body="""
<p>This article goes live when the polls close. The count takes place at the
Riverside sports hall, and we will report each candidate's total as soon as
the returning officer announces it.</p>
<h2>How the night will run</h2>
<p>Ballot boxes arrive from eleven polling stations between ten and eleven
o'clock. Counting starts once every box has been checked in.</p>
""",
        section="politics",
        authors=("tomasz-okafor",),
        tags=("elections", "city council"),
        days_ago=-3,
        hour=22,
        image_caption="The count takes place at the Riverside sports hall.",
    ),
]
