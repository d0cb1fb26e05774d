"""The newsroom's sections, analysis lenses and reporters."""

from .records import AuthorRecord, SectionRecord

SECTIONS = [
    SectionRecord(
        "City",
        "city",
        "Streets, homes, schools and buses: daily life in Ardenport, "
        "neighbourhood by neighbourhood.",
    ),
    SectionRecord(
        "Politics",
        "politics",
        "The city council, the regional assembly and the people who want "
        "their seats, followed vote by vote.",
    ),
    SectionRecord(
        "Economy",
        "economy",
        "Work, prices and business along the Sael, from the port cranes to "
        "the corner bakery.",
    ),
    SectionRecord(
        "Climate",
        "climate",
        "The river, the weather it brings and what the valley is doing to "
        "live with both.",
    ),
]

LENSES = ["Political", "Social", "Economic", "Environmental", "Legal"]

AUTHORS = [
    AuthorRecord(
        name="Mara Lindqvist",
        slug="mara-lindqvist",
        job_title="City reporter",
        bio="Mara grew up above a launderette on the east bank and has walked "
        "its streets with a notebook for eight years. Before journalism she "
        "drove a night bus, which is why she still answers calls at 2 a.m.",
        beats="housing, transport and the east bank neighbourhoods",
    ),
    AuthorRecord(
        name="Tomasz Okafor",
        slug="tomasz-okafor",
        job_title="Politics correspondent",
        bio="Tomasz has sat through more council meetings than anyone cares to "
        "count and reads budget annexes for pleasure. He previously worked "
        "as a parliamentary researcher.",
        beats="the city council, the regional assembly and elections",
    ),
    AuthorRecord(
        name="Inès Haddad",
        slug="ines-haddad",
        job_title="Economy editor",
        bio="Inès covers the money that moves through the valley, from freight "
        "contracts to the price of a loaf. She trained as an accountant and "
        "keeps a spreadsheet for everything.",
        beats="jobs, small business, the port and prices",
    ),
    AuthorRecord(
        name="Rowan Achterberg",
        slug="rowan-achterberg",
        job_title="Climate and environment reporter",
        bio="Rowan studied hydrology before swapping the lab for the newsroom. "
        "They keep a rain gauge on the office roof and a pair of waders "
        "under the desk.",
        beats="the river, flooding, energy and nature",
    ),
]
