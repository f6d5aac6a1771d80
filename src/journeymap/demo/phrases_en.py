"""English phrase parts for open survey answers: openers, topic statements, closers.

Keys: sentiment ``neg``/``mid``/``pos``; topics are the survey points of ``behaviour``.
Placeholders ``{minutes}``, ``{days}``, ``{times}`` and ``{product}`` are filled in per answer.
"""

from __future__ import annotations

OPENERS = {
    "neg": ("Honestly,", "Not happy.", "Disappointing.", "To be frank,", "Sorry to say it:",
            "Really frustrating:", "Once again,"),
    "mid": ("Okay overall.", "Mixed feelings.", "It was fine, I guess.", "Average.",
            "Nothing special.", "So-so."),
    "pos": ("Great job!", "Very happy.", "Thank you!", "Excellent.", "Really pleased.",
            "Top service.", "Well done."),
}
CLOSERS = {
    "neg": ("Please fix this.", "I expected more from Nordlys.", "I may shop elsewhere next "
            "time.", "This needs to change.", "Not what I pay for.", ""),
    "mid": ("Could be better.", "Room for improvement.", "We'll see next time.", "",
            "It did the job."),
    "pos": ("Will recommend.", "I'll be back.", "Keep it up!", "", "Five stars from me.",
            "Thanks again."),
}
TOPICS = {
    "hotline": {
        "neg": ("I waited {minutes} minutes on hold before anyone answered.",
                "I was transferred {times} times and had to explain everything again.",
                "The call dropped after {minutes} minutes in the queue.",
                "The hotline agent could not see my order and just read a script."),
        "mid": ("The hotline answered after a while and the problem is half solved.",
                "The agent was polite but I still had to wait {minutes} minutes."),
        "pos": ("The agent on the phone solved it in one call.",
                "Short wait and a very knowledgeable person on the hotline."),
    },
    "web_checkout": {
        "neg": ("The delivery options at checkout are confusing and the prices appear too "
                "late.", "I could not tell which delivery option was cheapest.",
                "The payment failed twice and I had no idea why.",
                "Too many steps in the checkout, the delivery page is a mess."),
        "mid": ("Checkout works but the delivery step could be simpler.",
                "Ordering the {product} took longer than it should."),
        "pos": ("Quick checkout, ordered the {product} in two minutes.",
                "Smooth ordering on the website, clear summary."),
    },
    "app_checkout": {
        "neg": ("The app logged me out and the password reset did not work {times} times.",
                "I was stuck in a loop of login and password reset.",
                "The app keeps asking for a new password and then rejects it."),
        "mid": ("The app is fine once you are logged in.",
                "Ordering in the app works, logging in is a pain."),
        "pos": ("Buying the {product} in the app was effortless.",
                "The app is fast and remembers everything."),
    },
    "store": {
        "neg": ("Nobody in the shop could answer my questions about the {product}.",
                "The {product} on display was not in stock."),
        "mid": ("The shop was busy but the staff tried their best.",
                "Found the {product}, but had to wait at the till."),
        "pos": ("The staff in the shop gave me great advice on the {product}.",
                "Friendly shop, I walked out with the {product} in ten minutes."),
    },
    "delivery": {
        "neg": ("The parcel arrived {days} days late.", "The courier never rang the bell."),
        "mid": ("Delivery was on time but the tracking was vague.",
                "The box was a bit damaged but the {product} is fine."),
        "pos": ("The {product} arrived the next day, well packed.",
                "Delivery was exactly in the promised slot."),
    },
    "chat": {
        "neg": ("The chat kept sending me links instead of answers.",
                "I waited {minutes} minutes in the chat and then it closed."),
        "mid": ("The chat answered, but slowly.", "The chat helped a bit."),
        "pos": ("The chat sorted my question in a few minutes.",
                "Helpful person in the chat, clear answers."),
    },
    "service_point": {
        "neg": ("The repair of my {product} took weeks.",
                "The service point had no record of my warranty."),
        "mid": ("The service point fixed it, eventually.",
                "Repair was okay but communication was poor."),
        "pos": ("The service point repaired the {product} quickly.",
                "Very professional repair service."),
    },
    "returns": {
        "neg": ("I waited {days} days for the return label.",
                "Requesting the return was easy, but the label took {days} days to arrive.",
                "Nobody told me when my return label would come."),
        "mid": ("The return worked, though the label came slowly.",
                "The refund arrived, but the whole return took too long."),
        "pos": ("Returning the {product} was painless.", "Quick refund, no questions asked."),
    },
    "relationship": {
        "neg": ("Prices are fine, but the service lets you down.",
                "After the last order I would not recommend Nordlys."),
        "mid": ("Good products, service is hit and miss.",
                "Nordlys is okay, like the other big shops."),
        "pos": ("Nordlys is my first choice for home electronics.",
                "Good prices, good shops and the Club points are a nice bonus."),
    },
}
PRODUCTS = ("washing machine", "TV", "laptop", "coffee machine", "vacuum cleaner",
            "headphones", "fridge", "phone", "air fryer", "sofa lamp")
