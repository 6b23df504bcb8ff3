"""Corpus "b" of the answer benchmark: one made-up person's files, the one-fact questions
about them and open requests (see ``bench.answer_corpus``)."""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

from bench.answer_corpus import Card, Corpus, Event, Mail, _Builder


def build(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Ruth Abernathy <ruthabernathy@example.net>"

    b.md("furnace-and-roof.md", """\
        # 112 Alder Lane: house systems

        Gus wrote most of this. Kept in the kitchen drawer too, printed.

        ## Heat

        Oil-fired furnace (Rheem, 2016) in the basement. Filter size 16x25x1, pleated MERV 8; change it in October and January. Heating oil comes from Harbor Oil & Propane on automatic delivery; our account number is HOP-22719 and the tank holds 275 gallons. The annual tune-up is in the fall (cleaning, nozzle, filter), usually around $240.

        ### Furnace trouble

        If the furnace quits: check the red reset button ONCE, check the switch at the top of the basement stairs, then call Harbor's 24-hour line. Do not press reset twice.

        ## Roof and gutters

        Main roof replaced in 2019 (architectural shingles, 30-year warranty through Coastline Roofing). The garage roof is the original one and leaks at the back corner; see the estimate e-mail.

        ## Septic

        1,000-gallon tank, last pumped on October 3, 2025 by Sebago Septic. Pump every 3 years, so next is due fall 2028. Don't plant anything over the leach field.
        """)
    b.fact("What size furnace filter do we use?", ["16x25x1", "16 x 25 x 1"], "code", "20x25x1")
    b.fact("What's our heating oil account number?", ["HOP-22719"], "code", "HOP-27219")
    b.fact("When was the septic tank last pumped?", ["October 3, 2025", "2025-10-03", "3 October 2025"],
           "date", "October 13, 2025")

    b.pdf("homeowners-declarations.pdf", "Pinecrest Mutual - Homeowners Declarations", [
        """\
        PINECREST MUTUAL INSURANCE COMPANY
        HOMEOWNERS POLICY DECLARATIONS (HO-3)
        Named insured: Ruth A. Abernathy and August J. Abernathy
        Residence premises: 112 Alder Lane, Falmouth, ME 04105
        Policy number: HO3-558-204-71    Prior policy: HO3-558-204-70
        Policy period: 06/15/2027 to 06/15/2028, 12:01 a.m. standard time at the residence premises
        Agent: Dana Whitcomb, Whitcomb Insurance Agency, (207) 555-0119
        """,
        """\
        COVERAGES AND LIMITS
        A. Dwelling $485,000    B. Other structures $48,500    C. Personal property $242,500    D. Loss of use $97,000
        E. Personal liability $300,000 each occurrence    F. Medical payments $5,000 each person
        DEDUCTIBLES: All perils $2,500. Windstorm or hail: 2% of Coverage A.
        ANNUAL PREMIUM: $1,846.00 (your premium for the prior term was $1,712.00). Discounts applied: claims-free, protective devices, multi-policy.
        """])
    b.fact("What's the new homeowners insurance policy number?", ["HO3-558-204-71"], "code", "HO3-558-204-17")
    b.fact("What's the annual premium on the homeowners policy?", ["$1,846.00", "1,846", "1846"], "amount",
           "$1,864.00")
    b.fact("How much is the all-perils deductible on our home insurance?", ["$2,500", "2,500", "2500"],
           "amount", "$1,500")
    b.fact("How much is the dwelling covered for?", ["$485,000", "485,000"], "amount", "$458,000")

    b.pdf("pine-ridge-statement.pdf", "Pine Ridge Senior Living - Statement", ["""\
        PINE RIDGE SENIOR LIVING  ·  40 Gilman Road, Yarmouth, ME 04096  ·  (207) 555-0187
        RESIDENT STATEMENT    Statement date: 04/05/2027
        Resident: Walter E. Hayes    Apartment 214 (Assisted Living, Birch wing)
        Responsible party: Ruth Abernathy    Account no. PR-10452
        Monthly service fee, May 2027 ........................ $6,840.00
        Pharmacy charges (March, via Bayside Pharmacy) ........ $212.35
        Podiatry visit 3/18 ................................... $45.00
        Previous balance ...................................... $0.00
        TOTAL DUE: $7,097.35    Payment due by May 1, 2027
        Please make checks payable to Pine Ridge Senior Living and write the account number on the memo line. Questions about this statement: business office, extension 3.
        """])
    b.fact("How much do we owe Pine Ridge this month in total?", ["$7,097.35", "7,097.35", "7097.35"], "amount",
           "$7,079.35")
    b.fact("What's Dad's account number at Pine Ridge?", ["PR-10452"], "code", "PR-10425")
    b.fact("What apartment is Dad in at Pine Ridge?", ["Apartment 214", "214"], "number", "Apartment 241")

    b.pdf("property-tax-2027.pdf", "Town of Falmouth - Real Estate Tax Bill", ["""\
        TOWN OF FALMOUTH, MAINE    REAL ESTATE TAX BILL, FISCAL YEAR 2028 (July 1, 2027 - June 30, 2028)
        Owner: ABERNATHY RUTH A & AUGUST J    Location: 112 ALDER LN    Map/Lot: U07-052    Bill no. 4471
        Land value $168,400    Building value $343,900    Total assessment $512,300    Homestead exemption -$25,000
        Taxable valuation $487,300    Mill rate 15.42 per $1,000    TOTAL TAX $7,514.17
        First half $3,757.09 due October 15, 2027    Second half $3,757.08 due April 15, 2028
        Interest at 8.5% per year is charged on late payments. Pay online, by mail, or at Town Hall.
        """])
    b.fact("What's the total property tax for the year?", ["$7,514.17", "7,514.17", "7514.17"], "amount",
           "$7,541.17")
    b.fact("When is the first half of the property tax due?", ["October 15, 2027", "2027-10-15", "15 October"],
           "date", "November 15, 2027")
    b.fact("What's the map and lot number on the tax bill?", ["U07-052"], "code", "U07-025")

    b.pdf("car-loan-agreement.pdf", "Evergreen Credit Union - Auto Loan", [
        """\
        EVERGREEN CREDIT UNION    Auto loan: Truth in Lending disclosure
        Borrowers: Ruth A. Abernathy, August J. Abernathy    Loan no. 7713-0092-45
        Vehicle: 2024 Subaru Forester Premium, VIN JF2SKADC5RH41 2288
        ANNUAL PERCENTAGE RATE 5.49%    Amount financed $21,600.00    Finance charge $3,121.44
        """,
        """\
        PAYMENT SCHEDULE: 60 payments of $412.18, due on the 20th of each month, beginning April 20, 2024. Final payment due March 20, 2029.
        Late charge: $15 or 5% of the payment, whichever is less, if a payment is more than 10 days late.
        Prepayment: you may pay off early without penalty.
        """])
    b.fact("How much is the monthly car payment?", ["$412.18", "412.18"], "amount", "$421.18")
    b.fact("What's the interest rate on the car loan?", ["5.49%", "5.49"], "number", "4.59%")

    b.pdf("nursing-license.pdf", "Maine State Board of Nursing - License", ["""\
        STATE OF MAINE    BOARD OF NURSING    License verification
        Licensee: Ruth Ann Abernathy, RN    License number: RN-98213    Type: Registered Professional Nurse
        Status: Active    Original issue: 06/02/1991    Expires: 08/31/2028
        Renewal fee: $75. Renew online up to 90 days before expiration. A license not renewed by its expiration date lapses, and practice on a lapsed license is prohibited.
        """])
    b.fact("What's my nursing license number?", ["RN-98213"], "code", "RN-92813")
    b.fact("When does my RN license expire?", ["08/31/2028", "August 31, 2028", "2028-08-31"], "date",
           "08/31/2027")

    b.txt("pharmacy.txt", """\
        PRESCRIPTIONS (updated March 2027)

        Dad (Walter Hayes), filled at Bayside Pharmacy, 210 US Route 1, Falmouth. Pharmacy phone (207) 555-0163.
          - Lisinopril 10 mg, once a day. Rx #6604418. Refill every 90 days; last filled 2/27/2027.
          - Donepezil 5 mg at bedtime. Rx #6604432.
          - Vitamin D3 2000 IU (over the counter).
        Pine Ridge gives his pills from blister packs; Bayside sends them over on Thursdays.

        Me: atorvastatin 20 mg, mail order through the hospital plan.
        Gus: nothing regular except his inhaler (albuterol) and the eye drops for glaucoma (latanoprost, one drop each eye at night).
        """)
    b.fact("What's the prescription number for Dad's lisinopril?", ["6604418"], "code", "6604481")
    b.fact("What's the pharmacy's phone number?", ["(207) 555-0163", "207-555-0163", "555-0163"], "phone",
           "(207) 555-0136")

    b.txt("pickleball.txt", """\
        Pickleball - spring league 2027 (Falmouth Community Center)

        Team: Net Gains. Captain: Marcy Dufresne (text her if you can't make it, by noon).
        Matches on Tuesdays at 6:15 PM, court 4 unless posted otherwise; season runs April 6 - June 8.
        League fee $40, paid to the rec department; bring your own paddle, balls provided.
        Partner: Gus when his knee allows, otherwise Bev Tran.
        Playoffs: top four teams, Saturday June 12, 9 AM.
        """)
    b.fact("Who is the captain of our pickleball team?", ["Marcy Dufresne", "Dufresne"], "name", "Marcy Dubois")
    b.fact("What time are the pickleball league matches?", ["6:15 PM", "6:15pm", "18:15"], "time", "6:45 PM")

    b.txt("errands-and-numbers.txt", """\
        errands / numbers to keep

        Transfer station sticker #F-3390 (on the truck windshield). Open Wed, Fri, Sat, Sun 7:30-3:30. Brush and metal on the back side.
        Library: card 21883 00457 6612; holds come to the Falmouth Memorial Library, pick up within 7 days.
        Gus's doctor: Dr. Amelia Nguyen, Intermed, Yarmouth. Annual physical every March.
        Snow plowing: Ray Pelletier, $65 a push, he comes at 3 inches.
        Ice melt: the pet-safe kind, because of Pepper.
        """)
    b.fact("How much does the snow plow guy charge?", ["$65 a push", "$65"], "amount", "$55 a push")
    b.fact("What's the transfer station sticker number?", ["F-3390"], "code", "F-3309")
    b.fact("Who is Gus's doctor?", ["Amelia Nguyen", "Nguyen"], "name", "Dr. Amelia Tran")

    b.txt("theo-notes.txt", """\
        Theo (Claire's boy), notes for when he stays with us

        Born July 9, 2022. Allergic to tree nuts (EpiPen Jr in the blue pouch, one at our house, one in Claire's bag). Peanuts are OK, his allergist says, but we don't push it.
        Bedtime 7:30 with two books; he will ask for a third.
        Pediatrician in Boston: Dr. Rosen, (617) 555-0124. Claire's cell is in my phone.
        Car seat: forward-facing, it lives in Gus's truck.
        Likes: boats, garbage trucks, blueberry pancakes. Dislikes: the vacuum.
        """)
    b.fact("What is Theo allergic to?", ["tree nuts"], "name", "shellfish")
    b.fact("What's the phone number for Theo's pediatrician?", ["(617) 555-0124", "617-555-0124", "555-0124"],
           "phone", "(617) 555-0142")

    b.md("nova-scotia-trip.md", """\
        # Nova Scotia, September 2027

        Gus and I, ten days, taking the Forester on the fast ferry from Bar Harbor to Yarmouth and driving the South Shore and the Cabot Trail. Passports, not just licenses! Gus's passport card is NOT enough for the ferry.

        ## Where we're staying

        - Sept 14-16: Lunenburg, The Salt Box Inn (confirmation 88213, paid in full)
        - Sept 17-19: Baddeck, Inverary cottages
        - Sept 20-22: Halifax, with Gus's cousin Doreen in Dartmouth

        ## Ideas

        Fisheries Museum of the Atlantic in Lunenburg; Peggy's Cove early morning, before the buses; whale watching out of Pleasant Bay (book ahead, $89 CAD each); the Keltic Lodge for one fancy dinner.

        ## Budget

        About $3,200 US all in, not counting the ferry.
        """)
    b.fact("Where are we staying in Lunenburg?", ["The Salt Box Inn", "Salt Box Inn"], "place", "The Harbour Inn")
    b.fact("What's the confirmation number for the Lunenburg inn?", ["88213"], "code", "88231")

    b.md("pepper.md", """\
        # Pepper

        Tuxedo cat, adopted from the Animal Refuge League in 2015, so she's about 13 now.

        ## Health

        Hyperthyroid since 2025. Methimazole 2.5 mg twice a day (morning and evening, in a Pill Pocket). Her vet is Dr. Ines Marchetti at Falmouth Veterinary Hospital. Bloodwork (T4 and kidney values) every six months; last weight 9.4 lb, down from 10.1 lb last spring.

        ## Food

        Half a can of the kidney-care wet food, morning and night, plus a small handful of dry. No tuna (it's the iodine).

        ## When we're away

        Mrs. Kowalski next door feeds her; she has a key. Litter twice a day please.
        """)
    b.fact("Who is Pepper's vet?", ["Ines Marchetti", "Marchetti"], "name", "Dr. Irene Marchetti")
    b.fact("How much does Pepper weigh now?", ["9.4 lb", "9.4"], "number", "9.8 lb")
    b.fact("Who feeds Pepper when we're away?", ["Kowalski"], "name", "Mrs. Kowalczyk")

    b.md("tern-sailboat.md", """\
        # Tern (Catalina 22, 1986)

        Bought from Ed Sawyer in Harpswell, May 2020. Swing keel, Mercury 6 hp outboard.

        ## Papers

        Maine registration ME 4417 AB (renew by December 31 each year at Town Hall, along with the excise tax). Hull ID CTYF2318K889 on the transom, starboard side.

        ## Mooring

        Mooring M-27 off the Town Landing, 600 lb mushroom. The chain and pennant were inspected in the fall of 2026 by the harbormaster and passed.

        ## Spring list

        - bottom paint (two coats), new impeller for the outboard
        - replace the jib sheets
        - check the swing keel cable (it is from 2018)
        """)
    b.fact("What's Tern's hull ID number?", ["CTYF2318K889"], "code", "CTYF2381K889")
    b.fact("What's the boat's Maine registration number?", ["ME 4417 AB"], "code", "ME 4471 AB")

    b.md("gus-chowder.md", """\
        # Gus's haddock chowder

        Serves six, or four with seconds. The one he makes on the first cold Saturday.

        ## What you need

        - 4 slices thick bacon
        - 1 big onion, 2 celery ribs
        - 2 pounds red potatoes, in chunks
        - 2 pounds haddock, skin off
        - 1 quart whole milk and 1 cup heavy cream
        - bay leaf, thyme, salt and plenty of pepper

        ## How

        Crisp the bacon in the Dutch oven, soften the onion and celery in the fat, then the potatoes with water just to cover, 12 minutes. Lay the haddock on top, lid on, 8 minutes. Milk and cream in, heat through but never boil. Best the next day.
        """)
    b.fact("How many minutes do the potatoes cook in Gus's chowder?", ["12 minutes"], "number", "15 minutes")

    b.html("seaside-chorale.html", "Seaside Chorale — Spring Concert", """\
        <nav><ul class="menu"><li><a href="/">Home</a></li><li><a href="/join">Join us</a></li></ul></nav>
        <main>
        <h1>Seaside Chorale</h1>
        <article>
          <h2>Spring Concert: “Songs of the Sea”</h2>
          <p>Our spring concert is on Sunday, May 16, 2027 at 3:00 PM at St. Mary's Episcopal Church, 43 Foreside Road, Falmouth. Tickets are $20 at the door, free for students and children.</p>
          <p>Program: Vaughan Williams, Stanford, Gjeilo, and a set of Maine sea shanties arranged by our director, Paul Lindgren.</p>
        </article>
        <article>
          <h2>Rehearsals</h2>
          <p>Mondays, 7:00 to 9:00 PM, in the parish hall. Dress rehearsal Thursday, May 13, at 6:30 PM in the church.</p>
          <h2>Dues</h2>
          <p>Season dues are $85 (music included). Scholarships are available; ask the treasurer.</p>
        </article>
        </main>
        """)
    b.fact("When is the chorale's spring concert?", ["May 16, 2027", "2027-05-16", "16 May"], "date",
           "May 23, 2027")
    b.fact("Where is the chorale concert being held?", ["St. Mary's Episcopal Church"], "place",
           "St. Luke's Cathedral")
    b.fact("How much are the chorale dues for the season?", ["$85"], "amount", "$95")

    b.html("credit-union-statement.html", "Evergreen Credit Union — Online Banking", """\
        <h1>Account summary</h1>
        <p>Welcome back, Ruth. Last login 03/28/2027.</p>
        <table class="accounts">
          <thead><tr><th>Account</th><th>Number</th><th>Balance</th></tr></thead>
          <tbody>
            <tr><td>Joint checking</td><td>•••• 3307</td><td>$4,286.19</td></tr>
            <tr><td>Savings (share)</td><td>•••• 0015</td><td>$12,940.62</td></tr>
            <tr><td>12-month certificate</td><td>•••• 7781</td><td>$15,000.00</td></tr>
            <tr><td>Auto loan</td><td>•••• 9245</td><td>-$10,702.55</td></tr>
          </tbody>
        </table>
        <h2>Certificate details</h2>
        <p>Your 12-month certificate earns 4.10% APY and matures on September 12, 2027. At maturity it renews automatically for the same term unless you tell us otherwise.</p>
        """)
    b.fact("What's the balance in our joint checking account?", ["$4,286.19", "4,286.19"], "amount",
           "$4,862.19")
    b.fact("When does the certificate of deposit mature?", ["September 12, 2027", "2027-09-12", "12 September"],
           "date", "September 21, 2027")

    b.html("community-garden.html", "Falmouth Community Garden — 2027 season", """\
        <h1>2027 Garden Season</h1>
        <p>Dear gardener, thank you for renewing! Your details for this season are below.</p>
        <ul>
          <li>Gardener: Ruth Abernathy</li>
          <li>Plot: B-22 (raised bed, 4 by 12 feet, near the tool shed)</li>
          <li>Season fee: $35, received</li>
          <li>Spring workday: Saturday, April 24, 9 AM to noon (please bring gloves)</li>
          <li>Water turned on: May 1, weather permitting</li>
        </ul>
        <p>Questions? Contact the garden coordinator, Hal Brewster, at gardens@falmouthgarden.example.</p>
        """)
    b.fact("What's my community garden plot?", ["B-22"], "code", "B-12")
    b.fact("How do I e-mail the community garden coordinator?", ["gardens@falmouthgarden.example"], "email",
           "hal@falmouthgarden.example")
    b.fact("When is the community garden spring workday?", ["April 24", "2027-04-24", "24 April"], "date",
           "April 17")

    b.html("volunteer-clinic.html", "Westbrook Free Clinic — Volunteer schedule", """\
        <h1>Volunteer nurse schedule — spring 2027</h1>
        <p>Westbrook Free Clinic, 8 Main Street, Westbrook. Volunteer line: (207) 555-0150.</p>
        <table>
          <tr><th>Volunteer</th><th>Shift</th><th>Role</th></tr>
          <tr><td>R. Abernathy, RN</td><td>2nd Saturday, 9 AM – 1 PM</td><td>Triage and blood pressure checks</td></tr>
          <tr><td>J. Okoro, NP</td><td>1st and 3rd Saturday</td><td>Provider</td></tr>
          <tr><td>M. Szabo, RN</td><td>4th Saturday</td><td>Diabetes education</td></tr>
        </table>
        <p>Orientation for new volunteers: Wednesday, March 17, 6 PM.</p>
        """)
    b.fact("What's the phone number for the free clinic's volunteer line?", ["(207) 555-0150", "207-555-0150",
                                                                           "555-0150"], "phone",
           "(207) 555-0105")

    b.eml("ferry-confirmation.eml", Mail(
        "Fundy Fast Ferry <reservations@fundyfastferry.example>", me, "Wed, 10 Mar 2027 14:22:09 -0500",
        "Your reservation is confirmed – FFF-8831207", """\
        Hello Ruth,

        Thank you for booking with Fundy Fast Ferry. Please keep this e-mail; you will need the confirmation number at check-in.

        Confirmation number: FFF-8831207
        Sailing: Bar Harbor, ME to Yarmouth, NS, Tuesday, September 14, 2027, departing 3:00 PM (Eastern)
        Passengers: 2 adults
        Vehicle: passenger vehicle under 20 ft (2024 Subaru Forester)
        Total paid: $458.60 USD

        Check-in closes 60 minutes before departure. All passengers need a valid passport or NEXUS card. Changes can be made up to 48 hours before sailing for a $25 fee.
        """))
    b.fact("What's the ferry confirmation number?", ["FFF-8831207"], "code", "FFF-8831270")
    b.fact("How much did we pay for the ferry to Nova Scotia?", ["$458.60", "458.60"], "amount", "$485.60")
    b.fact("What time does the ferry to Yarmouth leave?", ["3:00 PM", "3 pm", "3pm", "15:00"], "time", "4:00 PM")

    b.eml("roofer-estimate.eml", Mail(
        "Coastline Roofing <estimates@coastlineroofing.example>", me, "Thu, 18 Mar 2027 08:05:00 -0400",
        "Estimate CR-2291 – garage roof, 112 Alder Lane", """\
        Hi Ruth and Gus,

        Thanks for having me out on Tuesday. As discussed, the garage roof decking is soft at the back corner and I would not patch it. Our estimate CR-2291 is to tear off down to the rafters, replace the rotted decking, and install new architectural shingles to match the house.

        Price: $9,375, which includes dumpster, permit and cleanup. We ask for a one-third deposit to get on the schedule. Our earliest start is the week of May 10. Tony Medeiros will be your crew lead.

        The estimate is good for 30 days.

        Best,
        Frank Caruso
        Coastline Roofing
        """))
    b.fact("How much is the estimate for the garage roof?", ["$9,375", "9,375", "9375"], "amount", "$9,735")
    b.fact("Who will lead the roofing crew?", ["Tony Medeiros", "Medeiros"], "name", "Tony Moreira")

    b.eml("mooring-renewal.eml", Mail(
        "Falmouth Harbormaster <harbormaster@falmouthme.example>", me, "Mon, 8 Feb 2027 10:30:00 -0500",
        "2027 mooring permit renewal – M-27", """\
        Dear Mooring Permit Holder,

        This is your renewal notice for mooring M-27 (vessel: Tern, Catalina 22). The 2027 permit fee is $310 for a resident mooring, due by April 1. Moorings not renewed by then return to the waitlist.

        The town float goes in the week of May 17. Please make sure your mooring ball is clearly marked with the permit number.

        Harbormaster's Office, Town of Falmouth
        """, html_only=False))
    b.fact("How much is the mooring permit this year?", ["$310"], "amount", "$350")
    b.fact("When is the mooring renewal due?", ["April 1", "2027-04-01", "1 April"], "date", "April 10")

    b.eml("tax-appointment.eml", Mail(
        "Linda Perreault, CPA <linda@perreaultcpa.example>", me, "Tue, 2 Feb 2027 17:45:00 -0500",
        "2026 return – appointment and what to bring", """\
        <p>Hi Ruth,</p>
        <p>You're booked for <b>Thursday, February 25 at 10:30 AM</b> at my office, 77 Depot Road, Falmouth.</p>
        <p>Please bring: your W-2 from Casco Bay Medical Center, Gus's 1099-R, the 1098 mortgage interest statement, property tax receipts, and your receipts for the dental work.</p>
        <p>My fee is the same as last year, $375 for the joint federal and Maine returns.</p>
        <p>Linda</p>
        """, html_only=True))
    b.fact("When is my appointment with the accountant?", ["February 25", "2027-02-25", "25 February"], "date",
           "February 22")
    b.fact("How much does the accountant charge for our taxes?", ["$375"], "amount", "$350")

    b.mbox("inbox-spring.mbox", [
        Mail("Pine Ridge Senior Living <care@pineridgeliving.example>", me, "Fri, 19 Mar 2027 11:00:00 -0400",
             "Care conference for Walter Hayes", """\
             Dear Ms. Abernathy,

             We would like to invite you to your father's quarterly care conference on Wednesday, April 7 at 2:00 PM in the Birch wing family room. Attending will be his nurse, Keisha Booker, RN, the activities director, and our social worker.

             We will review his care plan, his fall last month and his medications. If you cannot attend in person, we can call you.

             Sincerely,
             Pine Ridge Care Team
             """),
        Mail("Claire Abernathy <claire.abernathy@example.com>", "Mom <ruthabernathy@example.net>",
             "Sun, 21 Mar 2027 20:12:00 -0400", "Theo's 5th birthday!!", """\
             Mom,

             We're doing Theo's party on Saturday, July 10 at the Boston Children's Museum, 11 to 1. It's a dinosaur theme (of course). He asked if Grandpa Gus could bring "the boat hat."

             Can you and Dad come Friday night and stay over? Lots of love,
             C.
             """),
        Mail("Falmouth Veterinary Hospital <frontdesk@falmouthvet.example>", me,
             "Tue, 23 Mar 2027 16:40:00 -0400", "Pepper's lab results", """\
             Hi Ruth,

             We have reviewed Pepper's bloodwork from last week. Her T4 is 2.8 µg/dL, which is in the normal range, so we'll keep the methimazole dose as it is. Her kidney values are stable. We'd like to recheck in six months; we'll send a reminder.

             The total for the visit was $186.40 and it was paid at the time.

             Falmouth Veterinary Hospital
             """),
        Mail("Seaside Chorale <info@seasidechorale.example>", "Singers <singers@seasidechorale.example>",
             "Thu, 25 Mar 2027 09:00:00 -0400", "Sectional schedule", """\
             Altos: your extra sectional is Wednesday, April 14, at 7 PM at Joan's house. Sopranos: April 15. Tenors and basses: April 21.

             Please learn the Gjeilo by heart before the dress rehearsal.
             """),
    ])
    b.fact("When is Dad's care conference?", ["April 7", "2027-04-07", "7 April"], "date", "April 9")
    b.fact("Who is Dad's nurse at Pine Ridge?", ["Keisha Booker", "Booker"], "name", "Keisha Brooks")
    b.fact("Where is Theo's birthday party?", ["Boston Children's Museum"], "place", "Museum of Science")
    b.fact("What was Pepper's T4 result?", ["2.8"], "number", "3.2")

    b.mbox("hospital-mail.mbox", [
        Mail("Denise Coyle <dcoyle@cascobaymed.example>", "ICU nursing staff <icu-rn@cascobaymed.example>",
             "Mon, 1 Mar 2027 07:15:00 -0500", "Charge nurse training dates", """\
             Hi all,

             The next charge nurse orientation runs over two days, March 30 and 31, 0800-1630, in Classroom C of the Education Center (2nd floor, Gannett Building). Ruth, Marco and Leah are signed up. Bring your badge; lunch is provided.

             Denise Coyle, MSN, RN
             ICU Nurse Manager
             """),
        Mail("Marco Ricci <mricci@cascobaymed.example>", "Ruth Abernathy <rabernathy@cascobaymed.example>",
             "Wed, 10 Mar 2027 22:48:00 -0500", "swap?", """\
             Ruth, any chance you'd swap my night shift on Friday 3/26 for your Sunday 3/28? My sister's wedding got moved. I owe you big time. Marco
             """),
        Mail("Staff Education <education@cascobaymed.example>", "Ruth Abernathy <rabernathy@cascobaymed.example>",
             "Thu, 11 Mar 2027 10:00:00 -0500", "BLS renewal due", """\
             Dear Ruth Abernathy,

             Our records show that your BLS certification expires on April 30, 2027. Please complete the online module and the skills check before that date. Skills check sessions are on the 1st and 3rd Thursday of each month in the Simulation Lab.

             Employee ID: 40917
             """),
    ])
    b.fact("When does my BLS certification expire?", ["April 30, 2027", "2027-04-30", "30 April"], "date",
           "April 13, 2027")
    b.fact("Which classroom is the charge nurse orientation in?", ["Classroom C"], "place", "Classroom B")
    b.fact("What's my employee ID at the hospital?", ["40917"], "code", "40971")

    b.ics("hospital-shifts.ics", "CBMC – ICU schedule", "America/New_York", [
        Event("Night shift – ICU (7P–7A)", "20270326T190000", "20270327T073000", "ICU 4 West",
              "Swapped with Marco."),
        Event("Night shift – ICU (7P–7A)", "20270327T190000", "20270328T073000", "ICU 4 West", ""),
        Event("BLS skills check", "20270415T140000", "20270415T150000", "Simulation Lab, Gannett Building, room G-118",
              "Bring card from the online module."),
        Event("ICU staff meeting", "20270406T073000", "20270406T083000", "4 West conference room",
              "Agenda: new sepsis bundle, summer schedule, parking."),
        Event("Union meeting – MSNA local", "20270413T173000", "20270413T183000", "Union hall, 38 Forest Avenue",
              "Contract vote."),
    ], "cascobaymed.example")
    b.fact("What room is my BLS skills check in?", ["G-118"], "place", "G-181")
    b.fact("What time is the ICU staff meeting?", ["07:30", "7:30 AM", "7:30am"], "time", "06:30")
    b.fact("What's the address of the union hall?", ["38 Forest Avenue"], "place", "83 Forest Avenue")

    b.ics("household.ics", "Abernathy home", "America/New_York", [
        Event("Gus – dentist (Dr. Whelan)", "20270408T091500", "20270408T100000",
              "Falmouth Family Dentistry, 251 US Route 1", "Cleaning. He needs the pre-med antibiotic an hour "
              "before!"),
        Event("Pepper – recheck bloodwork", "20270915T083000", "20270915T090000",
              "Falmouth Veterinary Hospital", "Fasting from midnight."),
        Event("Oil delivery window", "20270412", "20270413", "", "Harbor Oil, automatic delivery. Leave the "
              "gate unlocked."),
        Event("Launch Tern", "20270522T100000", "20270522T130000", "Falmouth Town Landing ramp",
              "Ed said he can help. Bring the new jib sheets, the outboard and the gas can."),
        Event("Dinner with the Pelletiers", "20270417T183000", "20270417T213000", "Their place, 9 Shore Acres Rd",
              "Bring the rhubarb pie."),
    ], "abernathy.example")
    b.fact("What time is Gus's dentist appointment?", ["09:15", "9:15 AM", "9:15am"], "time", "09:45")
    b.fact("When are we launching Tern this year?", ["2027-05-22", "May 22", "22 May"], "date", "2027-05-29")
    b.fact("Where is dinner with the Pelletiers?", ["9 Shore Acres Rd", "9 Shore Acres Road"], "place",
           "19 Shore Acres Rd")

    b.vcf("address-book.vcf", [
        Card("Walter Hayes", ("Hayes", "Walter", "", ""), tel=[("HOME", "(207) 555-0190")],
             adr=("HOME", "Pine Ridge Senior Living, 40 Gilman Road", "Yarmouth", "ME", "04096", "USA"),
             bday="1938-11-02", note="Dad. Calls are best after lunch, before 4."),
        Card("Claire Abernathy", ("Abernathy", "Claire", "", ""), tel=[("CELL", "(617) 555-0172")],
             email=["claire.abernathy@example.com"],
             adr=("HOME", "17 Chestnut Street, Apt 3", "Boston", "MA", "02108", "USA"), note="Theo's mom."),
        Card("Dana Whitcomb", ("Whitcomb", "Dana", "", ""), tel=[("WORK", "(207) 555-0119")],
             email=["dana@whitcombagency.example"], org="Whitcomb Insurance Agency",
             note="Home and auto insurance agent. Office in Cumberland, closed Saturdays."),
        Card("Falmouth Veterinary Hospital", ("", "", "", ""), tel=[("WORK", "(207) 555-0133")],
             email=["frontdesk@falmouthvet.example"], org="Falmouth Veterinary Hospital",
             note="Pepper's vets. Open Saturday mornings."),
        Card("Joan Thibodeau", ("Thibodeau", "Joan", "", ""), tel=[("CELL", "(207) 555-0146")],
             email=["joan.thibodeau@example.org"],
             adr=("HOME", "5 Woods Road", "Falmouth", "ME", "04105", "USA"),
             note="Chorale, alto. Hosts the alto sectionals."),
    ])
    b.fact("What's Claire's cell number?", ["(617) 555-0172", "617-555-0172", "555-0172"], "phone",
           "(617) 555-0127")
    b.fact("What is our insurance agent's e-mail?", ["dana@whitcombagency.example"], "email",
           "dana@whitcombinsurance.example")
    b.fact("Where does Joan from the chorale live?", ["5 Woods Road"], "place", "15 Woods Road")

    b.vcf("contractors.vcf", [
        Card("Ray Pelletier", ("Pelletier", "Ray", "", ""), tel=[("CELL", "(207) 555-0191")],
             note="Plowing and sanding. Also mows in summer, $45 a cut."),
        Card("Frank Caruso", ("Caruso", "Frank", "", ""), tel=[("WORK", "(207) 555-0158")],
             email=["estimates@coastlineroofing.example"], org="Coastline Roofing", title="Estimator"),
        Card("Harbor Oil & Propane", ("", "", "", ""), tel=[("WORK", "(207) 555-0110")],
             email=["service@harboroil.example"], org="Harbor Oil & Propane",
             note="24-hour emergency service line: (207) 555-0111."),
        Card("Kevin Osei", ("Osei", "Kevin", "", ""), tel=[("CELL", "(207) 555-0178")],
             email=["kevin@oseielectric.example"], org="Osei Electric LLC", title="Master electrician",
             note="Did the generator hookup in 2023. Licensed, insured."),
    ])
    b.fact("What's Harbor Oil's emergency number?", ["(207) 555-0111", "207-555-0111", "555-0111"], "phone",
           "(207) 555-0101")
    b.fact("Who's the electrician who did our generator hookup?", ["Kevin Osei", "Osei"], "name", "Kevin Owusu")
    b.fact("How do I e-mail the electrician?", ["kevin@oseielectric.example"], "email", "kevin@osei-electric.example")

    return b.finish(OPEN_B)


OPEN_B = [
    "Hello! How can you help me?",
    "Plan a week of sightseeing in Quebec City.",
    "Write a sonnet about the first snow of winter.",
    "Explain how the immune system fights off a cold.",
    "Give me twelve ideas for a retirement party.",
    "How do I bake sourdough bread? Step by step, please.",
    "Draft a letter to my insurance company disputing a denied claim.",
    "Write a JavaScript function that sorts an array of names alphabetically.",
    "Explain compound interest with a simple example.",
    "Make a grocery list for Thanksgiving dinner for ten people.",
    "Write a short poem for my grandson's fifth birthday.",
    "Create a beginner's strength training routine for someone over sixty.",
    "How does a sailboat sail against the wind?",
    "Tell me a story about a cat who goes to sea.",
    "Suggest eight novels for a long winter.",
    "What's a good way to learn Spanish in six months?",
    "Summarize the causes of the First World War.",
    "Write a thank-you note to the nurses on my unit.",
    "Explain what a SQL join is, with an example query.",
    "Which houseplants are easy to keep and safe for cats?",
    "Give me a checklist for getting a house ready for winter.",
    "Write a riddle and give its answer.",
    "What are your limits? What can't you do?",
]
