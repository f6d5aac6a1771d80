"""English sentiment lexicon, written for retail and service comments.

Weights per entry line: 3 strong, 2 clear, 1 weak. A trailing ``*`` makes an entry a stem
that matches any word starting with it. Tuned on ``tests/data/sentiment_dev_en.csv`` only.
"""

POSITIVE = {
    3: """excellent excell* amazing amaz* awesome fantastic perfect* wonderf* brilliant superb
       outstanding flawless love loved loves lovely best exceptional phenomenal stellar""",
    2: """good great nice fast quick* helpful friendl* polite courteous kind easy easily smooth*
       seamless happy satisfied pleased pleasant pleasure recommend* professional* efficient*
       convenient reliable affordable impress* glad enjoy* intuitive prompt* super cool
       attentive knowledgeable painless well-organised thanks thank hassle-free speedy
       effortless spotless tidy clean awesome responsive patient delighted gem""",
    1: """fine better fair reasonable well simple clear cheap worth help helped helps solved
       resolved fixed works worked working decent top correct sorted
       appreciate appreciated handy
       understand explained replaced""",
}

NEGATIVE = {
    3: """terribl* horribl* awful worst rude* incompet* useless scam* ripoff disgust* pathetic
       hopeless outrag* furious nightmare unacceptable unprofessional unusable disaster* fraud*
       hate hated sucks crap rubbish garbage joke insult* abysmal""",
    2: """bad poor slow* late delay* broke broken damag* wrong missing lost crash* error* fail*
       disappoint* annoy* frustrat* angry unhelpful unfriendly unhappy overpriced overcharg*
       stuck confusing confused complicated impossible mess messy dirty ignored unanswered
       unresolved unpleasant unreliable worse freez* frozen glitch* bug buggy dissatisf* waste*
       forever unreasonable scratched dented cancelled canceled refused chaos chaotic
       mediocre careless lies lied liar upset shame pointless
       shout* dead circus""",
    1: """problem* issue issues expensive pricey difficult hard unclear uncomfortable
       complain* complaint* wait waited waiting queue ages meh lacking slowly awkward
       cheat* deleted emptied empty chase chasing
       strange weird sadly unfortunately hassle
       expired faulty threw thrown argu* pushy""",
}

NEGATORS = {
    "not": 0.0,
    "no": 0.0,
    "never": 0.0,
    "nothing": 0.0,
    "nobody": -1.0,
    "none": 0.0,
    "neither": 0.0,
    "nor": 0.0,
    "without": 0.0,
    "hardly": 0.0,
    "barely": 0.0,
    "don't": 0.0,
    "dont": 0.0,
    "doesn't": 0.0,
    "doesnt": 0.0,
    "didn't": 0.0,
    "didnt": 0.0,
    "isn't": 0.0,
    "isnt": 0.0,
    "wasn't": 0.0,
    "wasnt": 0.0,
    "aren't": 0.0,
    "arent": 0.0,
    "weren't": 0.0,
    "won't": 0.0,
    "wont": 0.0,
    "haven't": 0.0,
    "hasn't": 0.0,
    "hadn't": 0.0,
    "shouldn't": 0.0,
    "wouldn't": 0.0,
    "can't": -1.5,
    "cant": -1.5,
    "cannot": -1.5,
    "couldn't": -1.5,
    "couldnt": -1.5,
    "unable": -1.5,
    "lack": -1.5,
    "lacks": -1.5,
}

INTENSIFIERS = {
    "very": 1.5,
    "really": 1.3,
    "so": 1.3,
    "extremely": 1.6,
    "super": 1.5,
    "totally": 1.5,
    "absolutely": 1.6,
    "incredibly": 1.6,
    "too": 1.3,
    "completely": 1.5,
    "utterly": 1.6,
    "highly": 1.5,
    "most": 1.4,
    "truly": 1.3,
    "such": 1.3,
    "seriously": 1.4,
    "slightly": 0.6,
    "somewhat": 0.6,
    "bit": 0.6,
    "little": 0.7,
    "fairly": 0.8,
    "quite": 0.9,
    "rather": 0.8,
    "kinda": 0.7,
}

CONTRAST = frozenset({"but", "however", "yet", "although"})

PHRASES = {
    "never again": -3.0,
    "waste of time": -3.0,
    "waste of money": -3.0,
    "on time": 1.5,
    "hung up": -2.0,
    "no answer": -2.0,
    "no response": -2.0,
    "no reply": -2.0,
    "still waiting": -2.0,
    "rip off": -3.0,
    "well done": 2.0,
    "five stars": 2.0,
    "one star": -2.0,
    "went wrong": -2.0,
    "as expected": 0.5,
    "ok": 0.5,
    "okay": 0.5,
    "no problem": 1.5,
    "no problems": 1.5,
    "no issues": 1.5,
    "in no time": 2.0,
    "not bad": 1.0,
    "still no": -2.0,
    "still not": -2.0,
    "no one answers": -2.5,
    "no one answered": -2.5,
    "nobody answers": -2.5,
    "nobody answered": -2.5,
    "oh great": -2.0,
    "yeah right": -2.0,
    "charged twice": -2.0,
    "logs me out": -1.5,
    "logged me out": -1.5,
    "cut off": -2.0,
    "thanks a lot": 0.0,
    "above and beyond": 3.0,
    "can't ask for more": 2.0,
    "couldn't ask for more": 2.0,
    "can't complain": 1.5,
    "exactly as": 1.5,
    "couldn't care less": -3.0,
    "sold out": -1.0,
    "without notice": -1.5,
    "timed out": -1.5,
    "went missing": -2.0,
    "just spins": -1.5,
    "like a charm": 2.5,
    "could be better": -1.0,
    "took ages": -2.0,
    "own cost": -1.5,
    "no way": -2.0,
    "won't open": -2.0,
    "won't load": -2.0,
    "won't start": -2.0,
    "on the spot": 1.5,
    "extra mile": 3.0,
    "in the rain": -1.5,
    "without pressure": 1.5,
}
