"""Fictional names, places and languages for the demo authority, Demoshire.

Every person and place made from these lists is invented. Demoshire's postcodes use the area
letters DM, which no real postcode area uses; addresses in real neighbouring authorities use
fictional street names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    boys: tuple[str, ...]
    girls: tuple[str, ...]
    surnames: tuple[str, ...]
    # Languages other than English a family from this pool may speak at home, with weights.
    languages: tuple[tuple[str, float], ...] = ()
    # Share of families from this pool whose first language is English.
    english: float = 1.0


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


POOLS: dict[str, NamePool] = {
    "british": NamePool(
        boys=_t(
            "Oliver George Noah Arthur Leo Freddie Harry Oscar Archie Jack Charlie Theo Thomas "
            "Alfie Jacob Joshua Henry Finley Reggie Teddy Samuel Max Dylan Lewis Callum Kieran "
            "Ryan Liam Connor Ethan Tyler Harvey Mason Riley Jayden Logan Bobby Daniel James "
            "William Joseph Alexander Benjamin Luke Matthew Nathan Owen Jamie Kyle Reece Brandon "
            "Jordan Ben Adam Tom Louis Albie Ronnie Tommy Stanley Frankie Rory Toby Elliot"
        ),
        girls=_t(
            "Olivia Amelia Isla Ava Mia Ivy Lily Freya Florence Grace Evie Poppy Ella Sophie "
            "Ruby Millie Daisy Willow Rosie Harper Emily Chloe Jessica Megan Lauren Hannah Holly "
            "Bethany Amy Katie Charlotte Phoebe Esme Matilda Erin Isabella Lucy Ellie Scarlett "
            "Sienna Maisie Lola Eleanor Abigail Imogen Georgia Paige Courtney Shannon Jade "
            "Natalie Rebecca Elizabeth Alice Violet Mollie Harriet Niamh Summer Lexi"
        ),
        surnames=_t(
            "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
            "Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner "
            "Hill Moore Cooper Ward Morris King Harrison Ashworth Holt Whittaker Kershaw "
            "Entwistle Heywood Barlow Greenwood Hargreaves Butterworth Howarth Rigby Lomax "
            "Crompton Pilkington Hindle Ogden Fletcher Marsden Bentley Sutcliffe Holden "
            "Birtwistle Schofield Rushton Tattersall Nuttall Haworth Lord Pickup Dawson Booth "
            "Mellor Bradshaw Haslam Cunliffe Fairclough Seddon Kay Leigh Atherton Ainsworth "
            "Baxter Chadwick Duckworth Gaskell Hulme Lees Platt Riley Shaw Stott Warburton"
        ),
    ),
    "irish": NamePool(
        boys=_t("Sean Ciaran Patrick Padraig Conor Eoin Cian Darragh Michael John Martin"),
        girls=_t("Niamh Aoife Ciara Siobhan Roisin Orla Caoimhe Bridget Mary Kathleen"),
        surnames=_t("Murphy Kelly Doyle McDonagh Ward Connors O'Brien Byrne Quinn Gallagher"),
    ),
    "polish": NamePool(
        boys=_t("Jakub Kacper Filip Szymon Antoni Dominik Mateusz Wiktor Oskar Bartosz"),
        girls=_t("Zuzanna Julia Maja Lena Alicja Zofia Hanna Oliwia Natalia Wiktoria"),
        surnames=_t("Nowak Wójcik Kowalczyk Woźniak Mazur Krawczyk Zając Król Wróbel Pawlak"),
        languages=(("Polish", 1.0),),
        english=0.3,
    ),
    "romanian": NamePool(
        boys=_t("Andrei Matei Luca Darius Ionut Mihai Stefan Alexandru Marian Robert"),
        girls=_t("Ioana Maria Elena Andreea Denisa Bianca Alexandra Sandra Daria Ana"),
        surnames=_t("Popescu Ionescu Popa Stan Dumitru Lakatos Balogh Rostas Stoica Munteanu"),
        languages=(("Romanian", 3.0), ("Romani", 1.0), ("Slovak", 1.0), ("Czech", 0.5)),
        english=0.2,
    ),
    "southern_european": NamePool(
        boys=_t("Tiago Rafael Diogo Luca Marco Matteo Giorgos Nikos Gonçalo Alessandro"),
        girls=_t("Beatriz Inês Leonor Giulia Chiara Sofia Eleni Maria Francesca Mariana"),
        surnames=_t("Silva Santos Ferreira Pereira Rossi Russo Esposito Papadopoulos Costa"),
        languages=(("Portuguese", 3.0), ("Italian", 1.5), ("Spanish", 1.5), ("Greek", 1.0)),
        english=0.45,
    ),
    "turkish": NamePool(
        boys=_t("Emir Yusuf Mert Kerem Arda Burak Eren Ali Deniz Can"),
        girls=_t("Elif Zeynep Defne Ecem Aylin Merve Esra Ayşe Melis Ceren"),
        surnames=_t("Yılmaz Kaya Demir Şahin Çelik Aydın Öztürk Arslan Doğan Kılıç"),  # noqa: RUF001
        languages=(("Turkish", 1.0),),
        english=0.4,
    ),
    "albanian": NamePool(
        boys=_t("Arben Ardit Besart Dardan Endrit Klevis Luan Rron"),
        girls=_t("Arta Besa Dafina Elira Era Lejla Rina Vlora"),
        surnames=_t("Hoxha Krasniqi Berisha Gashi Shala Morina Kelmendi Dervishi"),
        languages=(("Albanian", 1.0),),
        english=0.3,
    ),
    "pakistani": NamePool(
        boys=_t("Muhammad Ayaan Zayn Ibrahim Yusuf Hamza Ali Adam Rayyan Haris Bilal Zakariya"),
        girls=_t("Aisha Maryam Fatima Zara Amira Hafsa Inaya Zainab Khadija Alisha Iqra Hania"),
        surnames=_t("Khan Hussain Ahmed Ali Iqbal Akhtar Mahmood Rashid Anwar Butt Shah Raja"),
        languages=(("Urdu", 3.0), ("Punjabi", 2.0), ("Pahari (Mirpuri)", 1.5)),
        english=0.55,
    ),
    "indian": NamePool(
        boys=_t("Arjun Aarav Rohan Dev Vihaan Krish Aryan Jaskaran Gurveer Ishaan Rahul"),
        girls=_t("Priya Simran Anaya Diya Isha Kiran Navneet Meera Saanvi Riya Jasleen"),
        surnames=_t("Patel Sharma Singh Kaur Gill Sandhu Mistry Joshi Desai Chauhan Sidhu"),
        languages=(("Gujarati", 2.0), ("Punjabi", 2.0), ("Hindi", 1.0), ("Tamil", 0.5)),
        english=0.6,
    ),
    "bangladeshi": NamePool(
        boys=_t("Rayhan Ayaan Ishaq Tahmid Abdullah Sami Arif Nabil Imran"),
        girls=_t("Tasnim Nusrat Sumaiya Ruksana Jannat Mahira Sadia Anisa Farhana"),
        surnames=_t("Rahman Miah Uddin Islam Begum Chowdhury Hoque Ahmed Ali Khatun"),
        languages=(("Bengali (Sylheti)", 3.0), ("Bengali", 1.0)),
        english=0.45,
    ),
    "south_asian_other": NamePool(
        boys=_t("Aashish Bibek Suraj Tharun Kavin Nimal Sanjay Prakash"),
        girls=_t("Anisha Sabina Pooja Tharshika Nila Dilani Sita Kamala"),
        surnames=_t("Gurung Rai Thapa Tamang Sivakumar Rajendran Perera Fernando"),
        languages=(("Nepali", 2.0), ("Tamil", 2.0), ("Sinhala", 1.0)),
        english=0.4,
    ),
    "chinese": NamePool(
        boys=_t("Wei Jun Hao Yu Ethan Ryan Jason Kevin Zihan Yichen"),
        girls=_t("Mei Lin Xin Jia Chloe Emily Grace Yuxi Ruoxi Hoi"),
        surnames=_t("Chen Wang Li Zhang Liu Wong Cheung Lam Ho Chan"),
        languages=(("Cantonese", 1.0), ("Mandarin", 1.5)),
        english=0.5,
    ),
    "caribbean": NamePool(
        boys=_t("Jaden Malachi Isaiah Tyrese Kai Marcus Nathaniel Elijah Reuben Josiah"),
        girls=_t("Aaliyah Jada Shanice Keisha Nia Tia Imani Kiara Destiny Chantelle"),
        surnames=_t("Campbell Francis Grant Lewis Thomas Richards Bailey Gordon Morgan Reid"),
    ),
    "west_african": NamePool(
        boys=_t("Daniel David Emmanuel Tobi Kwame Chidi Kofi Tunde Femi Ebuka Kelechi Yaw"),
        girls=_t("Blessing Esther Precious Amara Ifeoma Adaeze Abena Tolu Chioma Ama Favour"),
        surnames=_t("Okafor Adeyemi Mensah Osei Boateng Okoro Adebayo Nwosu Kamara Conteh Asante"),
        languages=(("Yoruba", 2.0), ("Igbo", 1.5), ("Twi", 1.5), ("French", 1.0), ("Lingala", 0.5)),
        english=0.65,
    ),
    "somali": NamePool(
        boys=_t("Abdi Mohamed Abdirahman Yusuf Hassan Mustafe Ahmed Abdullahi"),
        girls=_t("Hodan Ayan Hibo Ifrah Sagal Nasra Fardowsa Hamdi"),
        surnames=_t("Abdi Farah Mohamed Hassan Warsame Osman Jama Egal"),
        languages=(("Somali", 1.0),),
        english=0.35,
    ),
    "middle_eastern": NamePool(
        boys=_t("Omar Yousef Karim Ahmad Mustafa Reza Darius Hamid Sami Mohammed Ali"),
        girls=_t("Layla Noor Yasmin Mariam Leila Sara Hana Shirin Rania Dina Zahra"),
        surnames=_t("Haddad Nasser Rahimi Ahmadi Karimi Hosseini Mansour Saleh Aziz Barzani Popal"),
        languages=(
            ("Arabic", 3.0),
            ("Kurdish (Sorani)", 1.5),
            ("Farsi", 1.0),
            ("Dari", 1.0),
            ("Pashto", 1.0),
        ),
        english=0.25,
    ),
    "east_asian_other": NamePool(
        boys=_t("Minh Tuan Joshua Miguel Paolo Gabriel Kenji Jin"),
        girls=_t("Linh Mai Angel Nicole Maria Andrea Yuna Sakura"),
        surnames=_t("Nguyen Tran Pham Santos Reyes Cruz Tanaka Kim"),
        languages=(("Vietnamese", 1.0), ("Tagalog", 1.0), ("Korean", 0.3), ("Japanese", 0.2)),
        english=0.5,
    ),
    "latin_american": NamePool(
        boys=_t("Santiago Mateo Sebastián Diego Juan Gabriel"),
        girls=_t("Valentina Camila Isabella Lucía Gabriela Sofía"),
        surnames=_t("García Rodríguez Martínez López Gómez Oliveira"),
        languages=(("Spanish", 2.0), ("Portuguese", 1.0)),
        english=0.4,
    ),
}


# DfE/CBDS ethnicity code -> (name pool, pool for the surname when mixed heritage or None).
ETHNICITY_POOLS: dict[str, tuple[str, str | None]] = {
    "WBRI": ("british", None),
    "WENG": ("british", None),
    "WSCO": ("british", None),
    "WWEL": ("british", None),
    "WIRI": ("irish", None),
    "WIRT": ("irish", None),
    "WROM": ("romanian", None),
    "WROG": ("british", None),
    "WROR": ("romanian", None),
    "WOTH": ("british", "polish"),
    "WEEU": ("polish", None),
    "WPOR": ("southern_european", None),
    "WITA": ("southern_european", None),
    "WGRE": ("southern_european", None),
    "WWEU": ("southern_european", None),
    "WEUR": ("romanian", None),
    "WALB": ("albanian", None),
    "WKOS": ("albanian", None),
    "WTUR": ("turkish", None),
    "MWBC": ("caribbean", "british"),
    "MWBA": ("west_african", "british"),
    "MWAS": ("british", "pakistani"),
    "MWAP": ("pakistani", "british"),
    "MWAI": ("british", "indian"),
    "MOTH": ("british", "southern_european"),
    "MWOE": ("british", "middle_eastern"),
    "MWCH": ("british", "chinese"),
    "MABL": ("caribbean", "indian"),
    "MBOE": ("west_african", "latin_american"),
    "AIND": ("indian", None),
    "APKN": ("pakistani", None),
    "AMPK": ("pakistani", None),
    "AKPA": ("pakistani", None),
    "ABAN": ("bangladeshi", None),
    "AOTH": ("south_asian_other", None),
    "ANEP": ("south_asian_other", None),
    "ASLT": ("south_asian_other", None),
    "AAFR": ("indian", None),
    "CHNE": ("chinese", None),
    "CHKC": ("chinese", None),
    "BCRB": ("caribbean", None),
    "BAFR": ("west_african", None),
    "BSOM": ("somali", None),
    "BNGN": ("west_african", None),
    "BGHA": ("west_african", None),
    "BSLN": ("west_african", None),
    "BCON": ("west_african", None),
    "BOTH": ("caribbean", None),
    "BBRI": ("caribbean", None),
    "OOTH": ("middle_eastern", None),
    "ORAB": ("middle_eastern", None),
    "OKRD": ("middle_eastern", None),
    "OAFG": ("middle_eastern", None),
    "OIRN": ("middle_eastern", None),
    "OIRQ": ("middle_eastern", None),
    "OFIL": ("east_asian_other", None),
    "OVIE": ("east_asian_other", None),
    "OLAM": ("latin_american", None),
    "NOBT": ("british", None),
    "REFU": ("british", None),
}

# Each DfE ethnicity row of sen_needs_all_plans.csv, split over extended CBDS codes. The split
# within a row is illustrative (DfE publishes the major groups only); the row totals are DfE's.
ETHNICITY_CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "White - White British": (("WBRI", 96.0), ("WENG", 2.0), ("WSCO", 1.0), ("WWEL", 1.0)),
    "White - Irish": (("WIRI", 1.0),),
    "White - Traveller of Irish heritage": (("WIRT", 1.0),),
    "White - Gypsy/Roma": (("WROM", 2.0), ("WROG", 1.0), ("WROR", 2.0)),
    "White - Any other White background": (
        ("WOTH", 3.0),
        ("WEEU", 3.0),
        ("WPOR", 1.0),
        ("WITA", 1.0),
        ("WALB", 0.7),
        ("WKOS", 0.3),
        ("WTUR", 1.0),
        ("WGRE", 0.5),
        ("WWEU", 0.5),
        ("WEUR", 1.0),
    ),
    "Mixed - White and Black Caribbean": (("MWBC", 1.0),),
    "Mixed - White and Black African": (("MWBA", 1.0),),
    "Mixed - White and Asian": (("MWAS", 3.0), ("MWAP", 1.0), ("MWAI", 1.0)),
    "Mixed - Any other Mixed background": (
        ("MOTH", 3.0),
        ("MWOE", 1.0),
        ("MWCH", 0.5),
        ("MABL", 0.5),
        ("MBOE", 0.5),
    ),
    "Asian - Indian": (("AIND", 1.0),),
    "Asian - Pakistani": (("APKN", 4.0), ("AMPK", 1.0), ("AKPA", 1.0)),
    "Asian - Bangladeshi": (("ABAN", 1.0),),
    "Asian - Chinese": (("CHNE", 4.0), ("CHKC", 1.0)),
    "Asian - Any other Asian background": (
        ("AOTH", 3.0),
        ("ANEP", 1.0),
        ("ASLT", 1.0),
        ("AAFR", 0.5),
    ),
    "Black - Black Caribbean": (("BCRB", 1.0),),
    "Black - Black African": (
        ("BAFR", 4.0),
        ("BSOM", 2.0),
        ("BNGN", 2.0),
        ("BGHA", 1.0),
        ("BSLN", 0.5),
        ("BCON", 0.5),
    ),
    "Black - Any other Black background": (("BOTH", 3.0), ("BBRI", 1.0)),
    "Any other ethnic group": (
        ("OOTH", 2.0),
        ("ORAB", 1.0),
        ("OKRD", 1.0),
        ("OAFG", 1.0),
        ("OIRN", 1.0),
        ("OIRQ", 1.0),
        ("OFIL", 0.5),
        ("OVIE", 0.5),
        ("OLAM", 0.5),
    ),
    "Unclassified": (("NOBT", 2.0), ("REFU", 1.0)),
}

# Short names people are known by.
PREFERRED_NAMES: dict[str, str] = {
    "Oliver": "Olly",
    "Alexander": "Alex",
    "Thomas": "Tom",
    "Samuel": "Sam",
    "Benjamin": "Ben",
    "Joshua": "Josh",
    "Matthew": "Matt",
    "Daniel": "Dan",
    "William": "Will",
    "Frederick": "Freddie",
    "Charlotte": "Lottie",
    "Elizabeth": "Libby",
    "Jessica": "Jess",
    "Isabella": "Bella",
    "Eleanor": "Ellie",
    "Abigail": "Abbie",
    "Rebecca": "Becky",
    "Muhammad": "Mo",
    "Alexandra": "Sasha",
    "Emmanuel": "Manny",
    "Nathaniel": "Nate",
    "Gabriela": "Gabi",
    "Zakariya": "Zak",
}

# Demoshire's towns and the postcode districts that serve them.
DEMOSHIRE_TOWNS: tuple[tuple[str, tuple[str, ...], float], ...] = (
    ("Demchester", ("DM1", "DM2", "DM3", "DM4"), 4.0),
    ("Brindlemoor", ("DM5",), 1.5),
    ("Hollin Cross", ("DM6",), 1.2),
    ("Oxley Bridge", ("DM7",), 1.0),
    ("Sallowfield", ("DM8",), 0.8),
    ("Tarnbury", ("DM9",), 0.8),
)

# Postcode districts used for fictional addresses in the real neighbouring authorities.
NEIGHBOUR_POSTCODES: dict[str, tuple[str, ...]] = {
    "355": ("M6", "M27", "M30"),
    "343": ("L20", "L23", "PR8"),
    "352": ("M14", "M22", "M40"),
    "341": ("L4", "L11", "L15"),
    "350": ("BL1", "BL3"),
    "359": ("WN2", "WN5"),
    "358": ("M32", "M33"),
    "356": ("SK4", "SK6"),
    "877": ("WA2", "WA5"),
    "895": ("CW1", "SK11"),
    "888": ("PR1", "BB5", "LA1"),
    "340": ("L36", "L32"),
}

STREETS: tuple[str, ...] = (
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Victoria Road",
    "Park Avenue",
    "Moorside Road",
    "Hollins Lane",
    "Brook Street",
    "Kiln Close",
    "Weavers Row",
    "Foundry Walk",
    "Chapel Fold",
    "Canal Side",
    "Orchard Way",
    "Beech Grove",
    "Rowan Drive",
    "Heather Close",
    "Bracken Way",
    "Lark Hill",
    "Coppice Road",
    "Spinners Way",
    "Quarry Bank",
    "Ashfield Road",
    "Meadow Croft",
    "Willow Court",
    "Fernlea Avenue",
    "Tithe Barn Lane",
    "Holly Bank",
    "Bridge Street",
    "Market Street",
    "Albert Terrace",
    "Cotton Street",
    "Larch Close",
    "Sycamore Avenue",
    "Pennine View",
    "Greenway",
    "Longacre",
    "Bleachers Lane",
    "Dyers Court",
    "Pinfold Lane",
    "Hawthorn Road",
    "Oak Street",
    "Elm Road",
    "Clough Lane",
    "Fold Gardens",
    "Nook Lane",
)

# Letters used in the inward part of a UK postcode (never C, I, K, M, O or V).
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

# Languages used by deaf children and young people who sign.
BSL = "British Sign Language"

# Parents' and grandparents' generations, for the British pool (other pools reuse their lists).
BRITISH_MOTHERS: tuple[str, ...] = _t(
    "Sarah Emma Claire Nicola Lisa Michelle Kelly Joanne Gemma Laura Rachel Helen Victoria "
    "Stacey Donna Leanne Kerry Amanda Samantha Zoe Jennifer Natasha Katherine Louise Kirsty "
    "Danielle Jodie Hayley Charlotte Amy Rebecca Stephanie Lindsey Sophie Jade Vicky"
)
BRITISH_FATHERS: tuple[str, ...] = _t(
    "Paul Mark David Andrew Craig Lee Darren Stephen Gary Michael Christopher Richard Jason "
    "Wayne Dean Carl Matthew Daniel Robert Neil Simon Adam Jamie Anthony Ian Martin Scott "
    "Gareth Ryan Liam Ashley Shaun Kevin Jonathan Phil Steven"
)
BRITISH_GRANDMOTHERS: tuple[str, ...] = _t(
    "Susan Linda Karen Julie Margaret Christine Janet Patricia Elaine Carol Denise Jacqueline"
)
BRITISH_GRANDFATHERS: tuple[str, ...] = _t(
    "Peter John Alan Keith Brian Stephen Graham Colin Trevor Barry Derek Philip"
)
