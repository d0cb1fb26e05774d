"""Plausible newsroom text for the benchmark, made from phrase lists.

Pools of sentences and paragraphs are built once from a seeded random
generator; articles and comments are assembled from them, which keeps
seeding fast while the pages keep realistic lengths.
"""

import random

from articles.models import Article

SUBJECTS = [
    "The city council",
    "The harbour authority",
    "A group of residents",
    "The regional transport board",
    "Local shopkeepers",
    "The water utility",
    "Teachers at the east side schools",
    "The mayor's office",
    "Hospital managers",
    "A coalition of tenants",
    "The parks department",
    "Farmers in the river valley",
    "The chamber of commerce",
    "Volunteers from the food bank",
    "The planning committee",
    "Night-shift workers",
]
VERBS = [
    "approved",
    "questioned",
    "postponed",
    "welcomed",
    "criticised",
    "announced",
    "reviewed",
    "rejected",
    "funded",
    "debated",
    "challenged",
    "proposed",
]
OBJECTS = [
    "a plan to rebuild the old ferry terminal",
    "new limits on late-night deliveries",
    "the budget for street lighting",
    "a study of flooding along the embankment",
    "changes to the bus timetable",
    "the sale of two empty warehouses",
    "a scheme to insulate older flats",
    "higher fees for parking permits",
    "a second cycle bridge",
    "the closure of a branch library",
    "a pilot for free school breakfasts",
    "rules for short-term holiday lets",
    "repairs to the flood wall",
    "a cleaner fleet of refuse lorries",
]
TAILS = [
    "after months of public meetings",
    "despite objections from neighbours",
    "on Tuesday evening",
    "in a close vote",
    "ahead of the winter season",
    "following a report by independent engineers",
    "while the final costs remain unclear",
    "as the deadline for consultation approached",
    "with support from both main parties",
    "after a petition gathered thousands of names",
]
QUOTES = [
    "We have waited long enough for a straight answer",
    "Nobody here is against change, we just want to be heard",
    "The numbers simply do not add up yet",
    "This is the most practical option on the table",
    "People on our street will feel the difference within a year",
    "We need to see the full figures before anyone signs",
]
SPEAKERS = [
    "one councillor said",
    "a resident told us",
    "the committee chair said",
    "a spokesperson explained",
    "a local business owner added",
]
FIRST_NAMES = [
    "Ada", "Bruno", "Chiara", "Dmitri", "Esther", "Farid", "Greta", "Hugo",
    "Ines", "Jonas", "Kemi", "Lars", "Mira", "Nadia", "Oskar", "Priya",
    "Quentin", "Rosa", "Samir", "Tove", "Umar", "Vera", "Wen", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Baptiste", "Castillo", "Dunmore", "Eklund", "Fairweather",
    "Gallo", "Hartmann", "Ibsen", "Jovanovic", "Kowalski", "Lindqvist",
    "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Ramos", "Sato",
    "Thornton", "Urquhart", "Valdez", "Whitlock", "Zeller",
]  # fmt: skip
COMMENT_OPENINGS = [
    "Good to finally see this reported.",
    "I live two streets away and nobody asked us.",
    "Thanks for following this story so closely.",
    "Has anyone checked what this will cost in ten years?",
    "My neighbours and I went to the last meeting.",
    "This is the first clear explanation I have read.",
    "I am not convinced by the council's answer.",
    "Same thing happened in our part of town.",
]
SUBJECT_WORDS = [
    "housing", "transport", "schools", "health", "climate", "budget",
    "river", "harbour", "parks", "culture", "policing", "elections",
    "energy", "water", "libraries", "markets", "cycling", "heritage",
    "jobs", "tourism", "waste", "farming", "courts", "youth",
]  # fmt: skip
TAG_QUALIFIERS = [
    "", "north", "south", "east", "west", "old town", "riverside", "harbour",
    "council", "2016", "2020", "2024", "inquiry", "funding", "strike",
    "festival", "review", "protest", "vote", "report", "plan", "court case",
    "reform", "crisis", "debate", "census", "survey", "pilot", "appeal",
    "season", "tender", "audit", "repairs", "merger", "closure", "opening",
    "petition", "forum", "grant", "fees", "hearing", "league", "market day",
    "night", "weekend", "winter", "summer", "spring", "autumn", "2030 goals",
    "data", "map", "history", "explainer", "timeline", "interview", "letters",
    "analysis", "photo essay", "guide", "debate night", "q and a", "live",
    "obituaries", "profiles", "factcheck", "follow-up", "archive", "opinion",
    "rights", "prices", "rents", "wages", "safety", "access", "spending",
    "volunteers", "donors", "campaign", "results", "recount", "budget day",
    "councillors", "deadline", "neighbours", "outlook",
]  # fmt: skip


class Wording:
    """Pools of sentences, paragraphs and comments from one seeded generator."""

    def __init__(self, seed=3):
        self.random = random.Random(seed)
        self.sentences = [self._sentence() for _ in range(400)]
        sanitize = Article._meta.get_field("body").sanitize
        # Passed through the body's own sanitizer once, so every body built
        # from them is already what save() would have stored.
        self.blocks = [sanitize(self._block(n)) for n in range(600)]
        self.comments = [self._comment() for _ in range(800)]

    def _sentence(self):
        r = self.random
        if r.random() < 0.2:
            return f"“{r.choice(QUOTES)},” {r.choice(SPEAKERS)}."
        parts = (
            r.choice(SUBJECTS),
            r.choice(VERBS),
            r.choice(OBJECTS),
            r.choice(TAILS),
        )
        return " ".join(parts) + "."

    def _sentences(self, low, high):
        return " ".join(
            self.random.sample(self.sentences, self.random.randint(low, high))
        )

    def _block(self, n):
        if n % 25 == 0:
            return f"<h2>{self.random.choice(OBJECTS).capitalize()}</h2>"
        if n % 31 == 0:
            return f"<blockquote><p>{self._sentences(1, 2)}</p></blockquote>"
        if n % 37 == 0:
            items = "".join(
                f"<li><p>{self._sentences(1, 1)}</p></li>" for _ in range(3)
            )
            return f"<ul>{items}</ul>"
        return f"<p>{self._sentences(3, 5)}</p>"

    def _comment(self):
        return f"{self.random.choice(COMMENT_OPENINGS)} {self._sentences(1, 3)}"

    def headline(self, rnd):
        words = rnd.choice(OBJECTS).split()
        return f"{rnd.choice(SUBJECTS)} {rnd.choice(VERBS)} {' '.join(words)}"[:200]

    def standfirst(self, rnd):
        return " ".join(rnd.sample(self.sentences, rnd.randint(1, 2)))[:400]

    def body(self, rnd):
        """About 500 to 900 words of sanitized HTML."""
        return "".join(rnd.sample(self.blocks, rnd.randint(8, 14)))

    def person(self, rnd):
        return f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}"


def tag_names(count):
    """`count` distinct tag names, the most common subjects first."""
    names = []
    for qualifier in TAG_QUALIFIERS:
        for word in SUBJECT_WORDS:
            names.append(f"{word} {qualifier}".strip())
            if len(names) == count:
                return names
    raise ValueError(f"Only {len(names)} tag names can be made, not {count}.")
