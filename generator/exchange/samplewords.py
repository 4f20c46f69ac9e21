"""Word lists for the synthetic sample vault: names from many places, companies, roles, topics."""

from __future__ import annotations

FIRST_NAMES = (
    "Aaliyah", "Aarav", "Abena", "Adrián", "Agnieszka", "Aiko", "Aino", "Alejandro", "Amara",
    "Amélie", "Ana", "Anders", "Andrea", "Anna", "Antoine", "Arjun", "Astrid", "Ayşe", "Beatriz",
    "Ben", "Bianca", "Björn", "Camille", "Carlos", "Catalina", "Chen", "Chidi", "Chloé", "Clara",
    "Dagny", "Daniel", "Darius", "David", "Deepika", "Diego", "Dmitri", "Eamon", "Elena", "Élise",
    "Emeka", "Emma", "Esperanza", "Ethan", "Fatima", "Felix", "Fernando", "Fiona", "François",
    "Freya", "Gabriel", "Grace", "Guðrún", "Hana", "Hannah", "Hiroshi", "Ibrahim", "Inês", "Ingrid",
    "Isabel", "Ivan", "Jakub", "James", "Javier", "Jean-Luc", "Jiho", "Joana", "Jonas", "José",
    "Julia", "Kai", "Kalinda", "Karim", "Katarzyna", "Kenji", "Kofi", "Lars", "Laura", "Leila",
    "Léa", "Leo", "Liam", "Lin", "Lucía", "Łukasz", "Maëlle", "Malik", "Marco", "María", "Marta",
    "Mateo", "Mei", "Mikael", "Miriam", "Mohammed", "Nadia", "Naledi", "Nikolai", "Nina", "Noah",
    "Noémie", "Olga", "Oliver", "Olivia", "Omar", "Pablo", "Paulo", "Pedro", "Priya", "Rafael",
    "Rania", "Ravi", "Renée", "Rosa", "Ruth", "Saanvi", "Samuel", "Santiago", "Sara", "Sebastián",
    "Siobhan", "Sofía", "Søren", "Stefan", "Sunita", "Tariq", "Tatiana", "Teresa", "Thomas",
    "Tomás", "Uchenna", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zainab", "Zoë", "Zoran",
)  # fmt: skip

LAST_NAMES = (
    "Abara", "Adeyemi", "Almeida", "Andersson", "Bauer", "Becker", "Bell", "Berg", "Bianchi",
    "Brennan", "Castillo", "Çelik", "Chen", "Costa", "Dąbrowski", "Dahl", "Desai", "Díaz",
    "Dubois", "Eriksen", "Fernández", "Fischer", "Fontaine", "García", "Gómez", "Gonzalez",
    "Gruber", "Hale", "Hansen", "Hart", "Haugen", "Hoffmann", "Hussain", "Ibáñez", "Ito", "Jansen",
    "Jensen", "Jiménez", "Johansson", "Kaur", "Kelly", "Khan", "Kim", "Kowalski", "Kuznetsov",
    "Larsen", "Laurent", "Lefèvre", "Lindqvist", "López", "Lyle", "Marchetti", "Martin",
    "Martínez", "Mehta", "Mensah", "Moreau", "Müller", "Murphy", "Nakamura", "Nguyen", "Noor",
    "Novák", "Nowak", "Núñez", "O'Brien", "O'Connor", "Odhiambo", "Okafor", "Okoro", "Olsen",
    "Oyelaran", "Park", "Patel", "Pereira", "Petrov", "Popescu", "Quinn", "Raman", "Reyes",
    "Ricci", "Rodríguez", "Romano", "Rossi", "Russo", "Sánchez", "Santos", "Sato", "Schmidt",
    "Schneider", "Silva", "Singh", "Smith", "Sousa", "Suzuki", "Svensson", "Takahashi", "Tanaka",
    "Thompson", "Torres", "Vance", "Varga", "Vasquez", "Virtanen", "Volkov", "Wagner", "Walsh",
    "Wang", "Weber", "Wiśniewski", "Wu", "Yamamoto", "Yilmaz", "Zhang", "Zhou", "Żuraw",
)  # fmt: skip

# Letters NFKD does not decompose into a base letter and an accent.
TRANSLITERATE = {"ł": "l", "ø": "o", "ð": "d", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}

COMPANY_FIRST = (
    "Northwind", "Crestmoor", "Bluefield", "Harbor", "Summit", "Ironbridge", "Lakeside", "Redwood",
    "Silverline", "Westfield", "Brightwater", "Granite", "Evergreen", "Oakridge", "Meridian",
    "Copperleaf", "Stonegate", "Riverbend", "Highland", "Fairhaven",
)  # fmt: skip
COMPANY_SECOND = (
    "Logistics", "Clinics", "Capital", "Analytics", "Robotics", "Foods", "Health", "Partners",
    "Labs", "Energy", "Media", "Software", "Consulting", "Manufacturing", "Insurance", "Bank",
    "Pharma", "Realty", "Retail", "Studios",
)  # fmt: skip
ROLES = (
    "Chief Executive Officer", "Chief Financial Officer", "Head of Procurement", "VP of Sales",
    "Engineering Manager", "Product Lead", "Founder", "Partner", "Investor", "Board Member",
    "Head of Operations", "Data Scientist", "Marketing Director", "Account Executive", "Professor",
    "Physician", "Consultant", "Designer", "Recruiter", "Journalist",
)  # fmt: skip
CITIES = (
    "Riverton", "Eastbrook", "Lisbon", "Madrid", "Berlin", "Nairobi", "Lagos", "Toronto", "Austin",
    "Kraków", "São Paulo", "Tokyo", "Seoul", "Mumbai", "Oslo", "Zürich", "Montréal", "Dublin",
    "Singapore", "Melbourne",
)  # fmt: skip
TAGS = (
    "healthcare", "fintech", "logistics", "retail", "startup", "investor", "academia", "media",
    "energy", "hiring", "mentor", "alumni", "conference", "board", "saas", "hardware", "policy",
    "nonprofit", "design", "sales",
)  # fmt: skip
HOW = (
    "same board", "college roommates", "worked together for years", "met at a conference",
    "neighbours", "co-founded a startup", "same running club", "introduced by a client",
    "former manager", "played in a band together",
)  # fmt: skip
TOPICS = (
    "the quarterly numbers", "a hiring plan", "the new product line", "an investor update",
    "the conference talk", "a pilot project", "market trends", "their expansion", "a board seat",
    "pricing", "the merger rumours", "a podcast episode", "the procurement process",
    "a book recommendation", "travel plans",
)  # fmt: skip
VERBS = {
    "call": ("Called about", "Phone call on", "Quick call about"),
    "meet": ("Coffee; talked about", "Lunch to discuss", "Met at the trade fair about"),
    "email": ("Emailed about", "Sent a note on", "Wrote to follow up on"),
    "message": ("Texted about", "Messaged about", "Short chat about"),
}
INTERESTS = (
    "Sailing", "Jazz", "Chess", "Marathons", "Gardening", "Photography", "Cooking", "Poetry",
    "Climbing", "History", "Football", "Wine",
)  # fmt: skip
NOTE_SENTENCES = (
    "Met {where}; sharp, friendly and direct.",
    "Knows everyone in {tag} around {city}.",
    "Prefers short emails over calls, and answers within a day.",
    "Was very helpful when we were looking for {topic}.",
    "Keep asks light: the relationship is still young.",
    "Runs a small meetup about {tag} every other month.",
    "Has two kids and a dog called Pepper; ask about the dog.",
    "Moved from {city} a few years ago and misses it.",
    "Strong opinions on {topic}; worth hearing them out.",
    "Introduced me to two good clients last year.",
)
PLACES = ("a conference in {city}", "a dinner party", "an alumni event", "a workshop", "a friend's")
