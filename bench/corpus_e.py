"""Corpus "e" of the answer benchmark: one made-up person's files, the one-fact questions
about them and open requests (see ``bench.answer_corpus``). Held out: written without the
person who tunes the answer pipeline reading it; read its scores, not its contents."""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

from bench.answer_corpus import Card, Corpus, Event, Mail, _Builder


def build(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Gabe Ferreira <gabe.ferreira@example.com>"
    kendra = "Kendra Ferreira <kendra.ferreira@example.com>"

    # -- Markdown ------------------------------------------------------------------------------

    b.md("alder-row-house.md", """\
        # 4712 Alder Row — house notes

        We bought the house from the Nowak estate in June 2019: brick row house, three floors and a basement, built around 1910, and every year it teaches us something new. These notes are for Kendra when I'm on call, for the sitter, or for whoever is here when we're not.

        ## Water and gas

        The main water shutoff is in the basement on the front wall, behind the chest freezer: a red-handled ball valve, a quarter turn so the handle sits across the pipe. The outdoor spigot has its own shutoff above the laundry sink; close it by Thanksgiving and open the spigot outside to drain it. The gas meter is outside, left of the front steps. Water heater: 50-gallon Bradford White from 2021, flushed once a year in the fall.

        ## Furnace

        Carrier gas furnace in the basement, installed 2016. The filter size is 16x25x4 (the thick media kind, not the 1-inch ones Home Depot puts at eye level). Change it every six months, in April and October. Bloomfield Heating & Cooling does the tune-up every fall; their card is in the contacts. Thermostat: 68 by day and 62 at night in winter, and please don't touch the schedule.

        ## Trash and recycling

        Trash goes out the night before pickup; recycling (blue bin) every other week, on the "B" weeks of the city calendar on the fridge. Bulk items: two a week, and call 311 first. Yard waste only in the spring and fall collections, in paper bags.

        ## Neighbors

        Mrs. Halloran at 4714 has our spare key and the key to the back gate; she has lived on the street since 1974 and knows everything. The Ostrowskis across the street (Pete and Joanne) have a snowblower and will do our sidewalk if we're away; we owe them a case of beer every winter. The rental at 4710 changes tenants every year, so don't leave packages with them.

        ## The sewer line

        The lateral to the street backed up in February 2025. The drain people scoped it: old clay pipe, roots getting in at 38 feet. They cleared the roots for $425, and the quote to replace the whole lateral was $9,800, which we are putting off; jetting it every 18 months instead.

        ## Paint

        - Living room: Benjamin Moore "Pale Oak" OC-20.
        - Kids' rooms: Sherwin-Williams "Sea Salt" SW 6204.
        - Trim everywhere: Benjamin Moore Simply White, semi-gloss.
        """)
    b.fact("If a pipe bursts, where do I turn the water off?", ["behind the chest freezer", "chest freezer"], "place",
           "under the kitchen sink")
    b.fact("What size filter does the heater downstairs take?", ["16x25x4"], "code", "16x20x4")
    b.fact("Who's got a spare key to the house?", ["Mrs. Halloran", "Mrs Halloran", "Halloran"], "name",
           "Mrs. Hallinan")
    b.fact("What did it cost to get the roots cleared out of the sewer pipe?", ["$425"], "amount", "$452")
    b.fact("What color is on the walls in the front room?", ["Pale Oak", "OC-20"], "name", "Pale Birch")

    b.md("mochi-the-cat.md", """\
        # Mochi

        Tabby, spayed female. We adopted her from the East End shelter in October 2020 when she was about a year old, so we count her birthday as 1 October 2019. Microchip 985141003827716, registered with HomeAgain to Kendra's cell.

        ## Food (read this one)

        Mochi was diagnosed with early kidney disease (stage 2) last fall and has a touchy stomach on top of it. She eats the prescription renal dry food, a third of a cup a day split over two meals, plus half a can of the renal wet food in the evening. Absolutely no fish: no tuna, no salmon, no fish-flavored treats. It makes her throw up and the vet says the phosphorus is bad for her kidneys. The only treats allowed are the freeze-dried chicken ones in the blue bag, at most four a day. Don't let Rosa slip her cheese either.

        ## Medicine

        1 mL of the kidney liquid (Semintra) by mouth every morning, in the little syringe, before breakfast. She takes it better if you hold her on the counter by the window.

        ## Weight

        She was 7.9 lb at the January recheck; a year ago she was 9.2 lb, and the vet is keeping an eye on it.

        ## Vet

        Bloomfield Animal Hospital on Liberty Ave. We see Dr. Lindqvist if we can; Mochi hates everyone there, but she hates Dr. Lindqvist least. Bloodwork every six months.

        ## When we're away

        Jules Amato comes twice a day: food, medicine, litter, and twenty minutes of play with the feather wand. $28 a visit, paid by Venmo at the end. The house key for the sitter is in the lockbox on the back gate, code 5820.
        """)
    b.fact("Is there anything the cat mustn't be fed?", ["fish", "tuna", "salmon"], "name", "pork")
    b.fact("How heavy was Mochi the last time she was weighed?", ["7.9 lb", "7.9 pounds"], "number", "7.6 lb")
    b.fact("Who minds the cat when we go on vacation?", ["Jules Amato", "Jules"], "name", "Jules Amari")
    b.fact("What does the cat sitter charge each time she comes?", ["$28"], "amount", "$26")
    b.fact("How much of her kidney medicine does Mochi get?", ["1 mL", "1 ml", "one mL"], "number", "2 mL")
    b.fact("What's the combination for the key box on the back gate?", ["5820"], "code", "5280")

    b.md("stargazing-club.md", """\
        # Three Rivers Amateur Astronomers

        I joined the TRAA in 2022, after the eclipse trip hooked me. Dues were $45 a year for one person; we switched to the family membership at $60 in 2026 so Nico can come to the star parties. My membership number is TRAA-1187 (it's on the back of the little card in my wallet).

        ## Meetings

        Second Friday of the month, September to June, 7:30 p.m. in the lecture room at the Allegheny Observatory in Riverview Park. A speaker first, then "show and tell" and cookies. Parking behind the building fills up fast.

        ## Dark sky site

        The club's dark site is at Mingo Creek Park, on Observatory Field, about forty minutes south of the city. The gate combination changes every season and comes in the club e-mails. Arrive before dark, white lights off after sunset, and park facing out so your headlights don't sweep the field when you leave.

        ## My gear

        - 8-inch Dobsonian (an Apertura AD8), bought used from Marty Gelb for $350 in 2023.
        - 25 mm and 10 mm eyepieces, and a 2x Barlow.
        - A Telrad finder, a red flashlight, two folding chairs, and the big thermos.

        ## People

        Priscilla Vance is the observing chair: she runs the star parties and the loaner telescope program. Hal Brubaker is president this year. Marty is my go-to when the Dob needs collimating.

        ## Spring list

        M51 (Whirlpool), M81 and M82, M13 in Hercules once it's up in June, and the Leo Triplet. Nico wants Saturn, which won't be up in the evening until late summer.
        """)
    b.fact("What time should I show up for the monthly stargazing talk?", ["7:30 p.m.", "7:30 pm", "7:30pm", "19:30"],
           "time", "8:15 p.m.")
    b.fact("Where does the astronomy group go to get away from the city lights?", ["Mingo Creek Park", "Mingo Creek"],
           "place", "Raccoon Creek Park")
    b.fact("What did I pay for my telescope?", ["$350"], "amount", "$530")
    b.fact("Who organizes the star parties?", ["Priscilla Vance", "Vance"], "name", "Priscilla Vane")
    b.fact("What's my member ID with the TRAA?", ["TRAA-1187"], "code", "TRAA-1178")
    b.fact("How much are the astronomy dues for the whole family?", ["$60"], "amount", "$65")

    b.md("sao-miguel-july.md", """\
        # São Miguel, July 2027

        Ten days on São Miguel with Kendra and the kids, and Mãe coming over ahead of us to stay with her sister; it's her first time back since Vovó's funeral. We fly out of Pittsburgh on Friday 9 July and get home on Monday 19 July (the flights are in the Azores Airlines booking and the JetBlue e-mail).

        ## Where we're staying

        The first six nights at Casa da Lagoa, a rental house in Furnas, five minutes' walk from the hot springs. The owner is Sr. Medeiros. €1,140 for the six nights: we paid a 30% deposit of €342 in February, and the rest is due in cash on arrival.

        The last 4 nights at the Hotel Marés Vivas in Ponta Delgada, €118 a night with breakfast, so we're close to the airport for the flight home.

        ## Car

        Rental from the airport, see the voucher. We asked for a booster seat for Rosa.

        ## Plans

        1. Whale watching from the Ponta Delgada marina with Baleia Azul Tours: €65 for adults and €45 for kids under 12. Morning boat, book two days ahead.
        2. The Sete Cidades crater lakes, and the walk from Vista do Rei.
        3. Terra Nostra garden and the hot pool (bring old dark swimsuits, the iron water stains them orange).
        4. The tea plantation at Gorreana.
        5. Sunday lunch in Rabo de Peixe with Tia Graça, Mãe's sister, who will feed us until we can't move.
        6. Lagoa do Fogo, if it isn't fogged in.

        ## Money

        Budget about $6,500 all in. Flights were $3,912.40 for the four of us, both airlines together. Take €300 in cash for the little places that don't take cards.
        """)
    b.fact("Where are we sleeping the first week on the island?", ["Casa da Lagoa"], "place", "Casa do Lago")
    b.fact("How much did we put down to hold the house in Furnas?", ["€342", "342 euros"], "amount", "€324")
    b.fact("What do the whale boats charge for a child?", ["€45", "45 euros"], "amount", "€35")
    b.fact("Which relative is cooking us Sunday lunch over there?", ["Tia Graça", "Tia Graca", "Graça"], "name",
           "Tia Glória")
    b.fact("How many euros in cash should I bring?", ["€300", "300 euros"], "amount", "€500")

    b.md("nico-and-rosa.md", """\
        # Nico and Rosa

        Nico (Nicolau on paper) was born 14 March 2017 and is in 4th grade. Rosa was born 2 November 2020 and is in kindergarten. Both are at Liberty Hill Elementary; drop-off from 8:25, and the doors close at 8:40.

        ## School

        Nico's teacher this year is Mr. Delgado, who also coaches the chess club. Rosa has Ms. Whitcomb, who is gentle and very organized. Student ID numbers (for the lunch account and the portal): Nico 600731245, Rosa 600918870.

        ## Health

        Pediatrician: Dr. Sunita Rao at Lawrenceville Pediatrics. Nico has mild asthma: two puffs of the albuterol inhaler before soccer, and the school nurse keeps a spare. Rosa is allergic to tree nuts (cashews and pistachios especially); her EpiPen Jr lives in the front pocket of her backpack and there's a second one with the nurse. Peanuts are fine, oddly.

        ## Activities

        - Nico: rec soccer on Saturdays (see the league page), and piano with Mrs. Ilić on Thursdays at 5:15, $35 a lesson, cash in the envelope.
        - Rosa: ballet at Steel City Dance on Wednesdays at 4:15; she needs pink tights and her hair up.

        ## Sizes (for Vovó's knitting and Christmas)

        Nico: shoes 3.5 youth, pants 12, shirts youth large. Rosa: shoes 12 little kid, dresses 6.
        """)
    b.fact("Who's Nico's teacher this year?", ["Mr. Delgado", "Mr Delgado", "Delgado"], "name", "Mr. Delgano")
    b.fact("Which foods does my youngest have to stay away from?", ["tree nuts", "cashews", "pistachios"], "name",
           "shellfish")
    b.fact("How much do I pay the piano teacher each week?", ["$35"], "amount", "$30")
    b.fact("What's my son's student number?", ["600731245"], "code", "600731254")
    b.fact("Who's the kids' doctor?", ["Dr. Sunita Rao", "Dr. Rao", "Dr Rao", "Sunita Rao"], "name", "Dr. Sunita Rai")
    b.fact("What time does my daughter's dance class begin?", ["4:15"], "time", "4:45")
    b.fact("What size shoe does the boy wear?", ["3.5 youth"], "number", "4.5 youth")

    b.md("caldo-verde.md", """\
        # Vovó Lurdes's caldo verde (the way Mãe makes it)

        Serves 6, or 4 Ferreiras. Mãe dictated this over the phone and corrected me twice.

        ## Ingredients

        - 1 lb collard greens (kale if you must; Mãe says kale is cheating), sliced paper-thin
        - 6 medium Yukon Gold potatoes, peeled and quartered
        - 1 large onion and 3 cloves of garlic
        - 1 chouriço, about 10 oz (from Fall River if anyone is driving down; the deli in the Strip otherwise)
        - 8 cups water, 2 tsp salt, 1/4 cup olive oil

        ## Method

        Simmer the potatoes, onion and garlic in the water for 20 minutes, until soft. Mash them right in the pot with the potato masher (Vovó never owned a blender and it shows, in a good way). Add the greens and simmer only 5 minutes so they stay bright green. Slice the chouriço and fry it separately, then add it at the end with the olive oil.

        Serve with broa if we have it, crusty bread if we don't. It freezes fine without the greens.
        """)
    b.fact("How many spuds go in Grandma's green soup?", ["6 medium", "six"], "number", "8 medium")
    b.fact("How long should the greens cook in the soup?", ["5 minutes", "five minutes"], "number", "7 minutes")

    # -- Plain text ----------------------------------------------------------------------------

    b.txt("sienna-van.txt", """\
        THE VAN: 2017 Toyota Sienna LE, silver, 8 seats

        Plate: KXT-4471 (Pennsylvania). Bought August 2021 from the dealer in Monroeville with 52,300 miles; about 91,000 now.
        PA inspection and emissions: due by 05/31/2027. Vinnie at Bloomfield Auto Care does it; last year it was $89 with emissions.
        Registration renews 09/30/2027, online, with the card from PennDOT.
        Insurance: Keystone Mutual Auto, policy KMA-3308-5521-07, both of us listed. Six-month premium $682.40 (it was $611.15 before the renewal).
        Tires: 235/60 R17. Pressure 35 psi front and back (sticker in the driver's door jamb).
        Oil: 0W-20 synthetic, every 5,000 miles; last change at 88,950.
        E-ZPass transponder on the windshield behind the mirror; the account tops up from the credit card.
        Spare key: the kitchen junk drawer, the one that sticks.
        """)
    b.fact("What's on the minivan's license plate?", ["KXT-4471"], "code", "KXT-4417")
    b.fact("By what date does the van have to pass its state check?", ["05/31/2027", "May 31, 2027", "2027-05-31"], "date",
           "06/30/2027")
    b.fact("What does it cost to insure the Sienna for half a year?", ["$682.40", "682.40"], "amount", "$628.40")
    b.fact("What's the policy number on the van's coverage?", ["KMA-3308-5521-07"], "code", "KMA-3308-5512-07")
    b.fact("How much air should go in the tires?", ["35 psi"], "number", "33 psi")
    b.fact("What kind of motor oil does the van need?", ["0W-20"], "code", "5W-30")

    b.txt("lookup-numbers.txt", """\
        numbers I keep having to look up (no passwords in here!)

        Carnegie Library card, Lawrenceville branch: 22117 00483 9921 (mine); Kendra's is on her keychain.
        Costco executive membership: 111 8834 2207, renews in November, $130 a year.
        TSA PreCheck known traveler number: 981204437 (me). Kendra's is 156382901. The kids don't need one when they fly with us.
        Passports: mine expires 08/22/2031. Kendra's expires 12 Oct 2027, which is less than three months after we get back from the Azores; Portugal wants three months, so RENEW IT NOW.
        Port Authority ConnectCard: 0110 4482 7736.
        Work: WRPT staff ID E-20451 (also on the badge).
        Blood types: me O positive, Kendra A negative, both kids O positive.
        """)
    b.fact("What number do I give the airline for quick security screening?", ["981204437"], "code", "981204473")
    b.fact("When does my wife's passport run out?", ["12 Oct 2027", "October 12, 2027", "2027-10-12"], "date",
           "12 Oct 2028")
    b.fact("What's the number on my card for borrowing books?", ["22117 00483 9921", "22117004839921"], "code",
           "22117 00438 9921")
    b.fact("What's my employee number at the station?", ["E-20451"], "code", "E-20415")

    b.txt("station-engineering.txt", """\
        WRPT 90.7: engineering notes (Gabe)

        My hours: Monday to Thursday, 6:00 a.m. to 4:30 p.m. (four tens), Fridays off. On call every fourth week, phone on loud.
        Chief engineer: Lorraine Petrakis (my boss). General manager: Doug Whitfield.
        Transmitter site: Shaler, up the hill off Mt. Royal Blvd. Building door code 7316#; the generator shed key hangs inside on the red tag.
        Transmitter: the 10 kW Nautel, running at 8.4 kW TPO into the antenna.
        If we go off the air: call the remote control line at the transmitter, (412) 555-0188, and follow the prompts; then call Lorraine.
        Studio A is on-air, Studio C is the talk studio. The EAS weekly test runs Tuesdays at 10:15 a.m.
        Parking: garage level P3, spot 3-17. Don't take 3-18, that's Doug's.
        Backup STL: the IP link; the ISP's business support number is on the rack label.
        """)
    b.fact("Who do I report to at the radio station?", ["Lorraine Petrakis", "Petrakis"], "name", "Lorraine Petrakos")
    b.fact("What gets me into the transmitter building?", ["7316#", "7316"], "code", "7361#")
    b.fact("Where do I leave the car at work?", ["spot 3-17", "3-17"], "place", "spot 3-71")
    b.fact("When does my workday end?", ["4:30 p.m.", "4:30 pm", "16:30"], "time", "5:00 p.m.")
    b.fact("How much power is the transmitter putting out?", ["8.4 kW"], "number", "4.8 kW")
    b.fact("Who do I ring if the station goes silent?", ["(412) 555-0188", "412-555-0188", "4125550188"], "phone",
           "(412) 555-0181")

    b.txt("climbing-gym.txt", """\
        ASCENT LAWRENCEVILLE: climbing

        Membership: monthly, $79, auto-pay on the 3rd. Kendra is on the partner add-on for $59. Member no. ASC-30882.
        Top-rope belay check passed 01/14/2027 (green tag on my card). Lead class in the fall, maybe.
        Usual sessions: Tuesday and Thursday after work, 5:15 to 7. Partner: Omar Haddad, who is patient and very tall.
        Shoes: La Sportiva Tarantulace, size 43.5. Resole at Summit Resole, $58 a pair.
        Projects: the blue V4 in the cave, the crimpy one on the slab wall.
        Left shoulder: rotator cuff strain in March 2027, see the PT plan. No overhangs until the therapist says so.
        """)
    b.fact("What size are my climbing shoes?", ["43.5"], "number", "42.5")
    b.fact("Who do I usually go bouldering with?", ["Omar Haddad", "Omar"], "name", "Omar Hadid")
    b.fact("How much does the climbing gym take each month for me?", ["$79"], "amount", "$69")
    b.fact("When did I get signed off to belay?", ["01/14/2027", "January 14, 2027", "2027-01-14"], "date", "01/21/2027")

    b.txt("mae-fall-river.txt", """\
        MÃE: Fátima Ferreira, born 04/22/1951

        Lives at 212 Columbia St, Fall River, MA 02721, second floor. Sr. Pacheco rents the first floor and keeps an eye on her.
        Medicines: lisinopril 10 mg in the morning (blood pressure); metformin 500 mg twice a day with meals; latanoprost eye drops at bedtime. She keeps them in the shoebox on top of the fridge.
        Doctor: Dr. Helena Costa at the Columbia Street health center, who speaks Portuguese with her.
        Medicare number: 4TR7-JK2-WP58. Supplement plan card is in her purse.
        Emergency contact in Fall River if we can't get there: cousin Manny Rego, (508) 555-0124.
        Her new cell number is in her e-mail; the card in my phone still has the old house phone.
        """)
    b.fact("How strong is Mom's blood pressure pill?", ["10 mg", "10mg"], "number", "20 mg")
    b.fact("Who is Mãe's doctor?", ["Dr. Helena Costa", "Dr Helena Costa", "Helena Costa", "Dr. Costa"], "name",
           "Dr. Helena Cota")
    b.fact("What's my mother's Medicare number?", ["4TR7-JK2-WP58"], "code", "4TR7-JK2-PW58")
    b.fact("Who can go check on Mom if something happens up there?", ["Manny Rego", "Manny"], "name", "Manny Reis")

    # -- PDF -----------------------------------------------------------------------------------

    b.pdf("earnings-statement-2027-03.pdf", "Three Rivers Public Media - Earnings statement", ["""\
        THREE RIVERS PUBLIC MEDIA (WRPT 90.7)    EARNINGS STATEMENT
        Employee: Gabriel A. Ferreira    Employee ID: E-20451    Department: Engineering
        Pay period: 03/01/2027 to 03/15/2027    Pay date: 03/19/2027    Pay frequency: semi-monthly
        EARNINGS
        Regular 80.00 hours at $38.75 = $3,100.00
        On-call stipend = $150.00
        Overtime 6.50 hours at $58.13 = $377.85
        Gross pay: $3,627.85    Year to date gross: $21,840.50
        DEDUCTIONS
        Federal income tax $402.11    Social Security $224.93    Medicare $52.60
        PA state income tax $111.37    Local earned income tax (Pittsburgh) $108.84    Local services tax $2.00
        401(k) employee contribution (6%) $217.67    Medical PPO, family $186.40
        Total deductions: $1,305.92
        NET PAY: $2,321.93    Year to date net: $13,902.66
        Deposited to checking account ending 4408.
        TIME OFF BALANCES
        Vacation (PTO): 86.5 hours    Sick: 40.0 hours    Floating holiday: 8.0 hours
        Employer 401(k) match this period: $108.84 (up to 3% of pay)
        """])
    b.fact("What did I actually take home on the last paycheck?", ["$2,321.93", "2,321.93", "2321.93"], "amount",
           "$2,312.93")
    b.fact("What am I paid per hour?", ["$38.75"], "amount", "$37.85")
    b.fact("How much vacation time have I got saved up?", ["86.5 hours"], "number", "68.5 hours")
    b.fact("How much went into my retirement account from that paycheck?", ["$217.67", "217.67"], "amount", "$271.67")

    b.pdf("escrow-disclosure-2027.pdf", "Allegheny Home Lending - Annual escrow account disclosure", [
        """\
        ALLEGHENY HOME LENDING    Annual Escrow Account Disclosure Statement
        Borrowers: Gabriel A. Ferreira, Kendra L. Ferreira
        Property: 4712 Alder Row, Pittsburgh, PA 15224    Loan number: 0048172263
        Statement date: 04/02/2027    Escrow analysis period: 06/2027 through 05/2028
        Interest rate: 3.125% fixed    Unpaid principal balance: $218,446.19
        YOUR MORTGAGE PAYMENT
        Current payment: principal and interest $1,108.20 + escrow $504.24 = $1,612.44
        New payment effective 06/01/2027: principal and interest $1,108.20 + escrow $612.79 = $1,720.99
        Your payment is changing because your tax and insurance bills went up. We project a shortage of $312.48 in your escrow account, which we have spread over the next 12 payments. You do not need to do anything; if you pay by automatic draft, the new amount will be taken.
        """,
        """\
        PROJECTED DISBURSEMENTS FROM ESCROW, 06/2027 to 05/2028
        Homeowners insurance (Three Rivers Mutual Home), due June: $1,486.00 (last year $1,297.00)
        School district real estate tax, due August: $3,034.42
        County real estate tax, due March: $1,118.40
        City real estate tax, due March: $1,402.18
        Total projected disbursements: $7,041.00
        Questions? Call Customer Care at 1-800-555-0142, Monday to Friday 8 a.m. to 8 p.m. Eastern, or write to escrow@alleghenyhomelending.example and quote your loan number.
        """])
    b.fact("What will the house payment be from June on?", ["$1,720.99", "1,720.99"], "amount", "$1,702.99")
    b.fact("What's the number of our home loan?", ["0048172263"], "code", "0048172236")
    b.fact("How much do we still owe on the house?", ["$218,446.19", "218,446.19"], "amount", "$218,464.19")
    b.fact("What rate are we paying on the mortgage?", ["3.125%", "3.125 percent"], "number", "3.25%")
    b.fact("How big is the school tax bill this year?", ["$3,034.42", "3,034.42"], "amount", "$3,043.42")

    b.pdf("car-rental-voucher-pdl.pdf", "Atlantico Rent-a-Car - Rental voucher", ["""\
        ATLÂNTICO RENT-A-CAR    RENTAL VOUCHER    Voucher no. ATR-PDL-558031
        Main driver: Gabriel Ferreira    Additional driver: Kendra Ferreira (€0, included)
        Pick-up: Ponta Delgada Airport (PDL), arrivals hall, desk 4, Saturday 10 July 2027 at 08:30
        Return: Ponta Delgada Airport (PDL), Monday 19 July 2027 at 10:00
        Vehicle: group F, Peugeot 5008 or similar, 7 seats, manual, air conditioning
        Extras: booster seat, €4.50 per day
        Price: 9 days €396.00 + booster seat €40.50 = €436.50 (VAT at 16% included)
        Paid in advance by card: €436.50 (your card was charged US$478.22)
        At the desk: a security deposit of €900 will be held on the main driver's credit card and released when the car is returned undamaged. Excess (deductible) €1,200, which can be waived with super cover at €14 per day.
        Fuel policy: full to full. Roads in the Azores are narrow; please park only where marked.
        Desk phone (PDL): +351 296 555 090, open for every flight arrival.
        """])
    b.fact("What time do we pick the car up on arrival?", ["08:30", "8:30"], "time", "07:45")
    b.fact("How much will the rental company hold on my credit card?", ["€900", "900 euros"], "amount", "€1,900")
    b.fact("What's the reference for the car in the Azores?", ["ATR-PDL-558031"], "code", "ATR-PDL-558013")
    b.fact("How many people can the rental car carry?", ["7 seats", "seven seats"], "number", "5 seats")
    b.fact("What did the car hire cost in dollars?", ["US$478.22", "$478.22", "478.22"], "amount", "$487.22")

    b.pdf("pt-plan-of-care.pdf", "Steel Valley Physical Therapy - Plan of care", ["""\
        STEEL VALLEY PHYSICAL THERAPY    Lawrenceville clinic    PLAN OF CARE
        Patient: Gabriel Ferreira    DOB: 08/03/1985    Start of care: 03/22/2027
        Referring physician: Dr. Marcus Feld, Allegheny Sports Medicine
        Diagnosis: strain of rotator cuff, left shoulder (S46.012A)
        Treating therapist: Jess Navarro, PT, DPT
        Frequency and duration: 2 visits a week for 6 weeks (12 visits)
        Insurance: in-network; specialist copay $40 per visit. Visits used this calendar year: 3 of 20.
        Goals: pain under 2/10 with overhead reach; full active range of motion; return to climbing by 05/10/2027.
        Home exercise program (daily): external rotation with the yellow band, 3 sets of 15; wall slides, 2 sets of 10; sleeper stretch, hold 30 seconds, 3 times.
        Precautions: no overhead lifting over 10 lb, no hanging from the arm, until cleared.
        Re-evaluation: 04/26/2027.
        """])
    b.fact("Who's treating my shoulder?", ["Jess Navarro", "Navarro"], "name", "Jess Navarre")
    b.fact("What's my share of each physio visit?", ["$40"], "amount", "$20")
    b.fact("How many rounds of the band exercise should I do?", ["3 sets of 15"], "number", "2 sets of 15")
    b.fact("When am I meant to be back on the climbing wall?", ["05/10/2027", "May 10, 2027", "2027-05-10"], "date",
           "05/17/2027")

    b.pdf("wedding-weekend-ana-marc.pdf", "Ana & Marc - Wedding weekend", [
        """\
        ANA FERREIRA & MARC-ANDRÉ TREMBLAY
        request the pleasure of your company as they are married on
        Saturday, August 21, 2027
        Ceremony at 3:30 p.m., St. Agnes Church, 18 Grace Street, Toronto
        Dinner and dancing from 6:00 p.m. at The Humber Boathouse, on the waterfront
        Dress: garden formal (the lawn is grass, so think about your heels)
        Kindly reply by June 30, 2027 to rsvp.anaandmarc@example.ca
        """,
        """\
        THE WEEKEND
        Friday: rehearsal and family dinner (details to the wedding party by e-mail).
        Saturday: the wedding. A shuttle leaves the hotel at 2:45 p.m. for the church, and comes back from the Boathouse at 11:30 p.m. and 12:30 a.m.
        Sunday: farewell brunch at Ana and Marc's, 11 a.m. to 2 p.m.
        WHERE TO STAY
        A block of rooms is held at the Lakeshore Suites Etobicoke at C$189 a night (plus taxes), until July 15. Book by phone and give the group code ANAMARC27.
        No gifts please: your company is the gift. If you insist, there's a honeymoon fund (Japan!).
        """])
    b.fact("What day is my sister getting married?", ["August 21, 2027", "2027-08-21", "21 August 2027"], "date",
           "August 28, 2027")
    b.fact("What time do they say their vows?", ["3:30 p.m.", "3:30 pm", "15:30"], "time", "2:15 p.m.")
    b.fact("What's the nightly price for wedding guests at the hotel?", ["C$189", "189"], "amount", "C$198")
    b.fact("What code gets us the group price on the rooms?", ["ANAMARC27"], "code", "ANAMARC72")
    b.fact("Where's the party after the church?", ["The Humber Boathouse", "Humber Boathouse"], "place",
           "The Humber Pavilion")
    b.fact("Where do I send our reply for Ana's wedding?", ["rsvp.anaandmarc@example.ca"], "email",
           "rsvp.anamarc@example.ca")

    # -- HTML ----------------------------------------------------------------------------------

    b.html("azores-airlines-booking.html", "Your booking — Azores Airlines", """\
        <header><img src="/img/logo.svg" alt="Azores Airlines"><nav><a href="/">Book</a> <a href="/manage">Manage booking</a> <a href="/checkin">Check-in</a></nav></header>
        <main>
        <h1>Your booking is confirmed</h1>
        <p>Thank you, Mr Ferreira. Your e-tickets have been sent to gabe.ferreira@example.com.</p>
        <div class="pnr">Booking reference: <strong>HZ6PRT</strong></div>
        <h2>Passengers</h2>
        <ul><li>Gabriel Ferreira (adult)</li><li>Kendra Ferreira (adult)</li><li>Nicolau Ferreira (child)</li><li>Rosa Ferreira (child)</li></ul>
        <h2>Flights</h2>
        <table class="itinerary">
          <thead><tr><th>Flight</th><th>Date</th><th>From</th><th>Departs</th><th>To</th><th>Arrives</th><th>Seats</th></tr></thead>
          <tbody>
            <tr><td>S4 222</td><td>Fri 09 Jul 2027</td><td>Boston (BOS), Terminal E</td><td>19:45</td><td>Ponta Delgada (PDL)</td><td>05:10 (Sat 10 Jul)</td><td>23A to 23D</td></tr>
            <tr><td>S4 221</td><td>Mon 19 Jul 2027</td><td>Ponta Delgada (PDL)</td><td>13:05</td><td>Boston (BOS), Terminal E</td><td>15:20</td><td>31A to 31D</td></tr>
          </tbody>
        </table>
        <h2>Baggage</h2>
        <p>Checked baggage: 2 x 23 kg per passenger. Hand baggage: 1 x 10 kg plus one small personal item.</p>
        <h2>Payment</h2>
        <table class="payment">
          <tr><td>Fares and carrier charges, 4 passengers</td><td>USD 2,741.20</td></tr>
          <tr><td>Taxes and fees</td><td>USD 447.40</td></tr>
          <tr><td><strong>Total paid</strong></td><td><strong>$3,188.60</strong></td></tr>
        </table>
        <p class="small">Online check-in opens 36 hours before departure. Boston check-in desks close 60 minutes before departure for flights to the Azores.</p>
        </main>
        <footer>Azores Airlines · Terms of carriage · Privacy</footer>
        """)
    b.fact("What time do we take off from Boston for the islands?", ["19:45", "7:45 p.m.", "7:45 pm"], "time", "18:45")
    b.fact("What's the flight number home from Ponta Delgada?", ["S4 221", "S4221"], "code", "S4 212")
    b.fact("What's the reservation code for the transatlantic flights?", ["HZ6PRT"], "code", "HZ6RPT")
    b.fact("How much checked luggage is each of us allowed?", ["2 x 23 kg", "two bags"], "number", "1 x 23 kg")
    b.fact("How much did the Azores Airlines tickets come to?", ["$3,188.60", "3,188.60"], "amount", "$3,118.60")

    b.html("electric-account.html", "My account — Three Rivers Electric", """\
        <header><div class="brand">Three Rivers Electric</div><nav><a href="/account">Account</a> <a href="/outages">Outages</a> <a href="/pay">Pay</a></nav></header>
        <main>
        <h1>Account summary</h1>
        <p>Hello, Gabriel. Service address: 4712 Alder Row, Pittsburgh, PA 15224.</p>
        <dl>
          <dt>Account number</dt><dd>7102 448 391 5</dd>
          <dt>Amount due</dt><dd>$148.62</dd>
          <dt>Due date</dt><dd>04/22/2027</dd>
          <dt>Last payment</dt><dd>$131.07 received 03/21/2027, thank you</dd>
          <dt>Electricity used this period</dt><dd>612 kWh over 30 days</dd>
          <dt>Generation supplier</dt><dd>Keystone Green Energy, 9.49 cents per kWh, fixed until 11/30/2027</dd>
        </dl>
        <h2>Usage history</h2>
        <table>
          <thead><tr><th>Bill date</th><th>kWh</th><th>Amount</th></tr></thead>
          <tbody>
            <tr><td>03/28/2027</td><td>612</td><td>$148.62</td></tr>
            <tr><td>02/26/2027</td><td>548</td><td>$131.07</td></tr>
            <tr><td>01/27/2027</td><td>701</td><td>$166.35</td></tr>
          </tbody>
        </table>
        <section class="outages">
          <h2>Power out?</h2>
          <p>Report an outage or a downed wire any time at 1-888-555-0139, or text OUT to our alerts number. Stay at least 30 feet from any downed line.</p>
        </section>
        </main>
        <footer>Three Rivers Electric · Privacy · Accessibility</footer>
        """)
    b.fact("How much do we owe the power company at the moment?", ["$148.62", "148.62"], "amount", "$146.82")
    b.fact("By when do I have to pay the electric?", ["04/22/2027", "April 22, 2027", "2027-04-22"], "date", "04/27/2027")
    b.fact("What's our customer number with the electric company?", ["7102 448 391 5", "7102448391 5"], "code",
           "7102 484 391 5")
    b.fact("Who do I call when the lights go out in the whole street?", ["1-888-555-0139", "888-555-0139",
                                                                        "(888) 555-0139"], "phone", "1-888-555-0193")

    b.html("summer-camp-registration.html", "Registration confirmed — Riverside Discovery Camps", """\
        <nav><a href="/">Riverside Discovery Center</a> › <a href="/camps">Summer camps</a> › My registrations</nav>
        <h1>You're registered!</h1>
        <p>Thanks, Gabriel. Confirmation number: <strong>RDC-77140</strong>. A receipt has been e-mailed to you.</p>
        <table class="campers">
          <thead><tr><th>Camper</th><th>Camp</th><th>Dates</th><th>Hours</th><th>Price</th></tr></thead>
          <tbody>
            <tr><td>Nicolau Ferreira (entering grade 5)</td><td>Robotics &amp; Rockets</td><td>June 21–25, 2027</td><td>9:00 a.m. to 3:00 p.m.</td><td>$329.00</td></tr>
            <tr><td>Nicolau Ferreira</td><td>Extended care (after camp)</td><td>June 21–25, 2027</td><td>3:00 p.m. to 5:30 p.m.</td><td>$60.00</td></tr>
            <tr><td>Rosa Ferreira (entering grade 1)</td><td>Little Explorers (half day)</td><td>June 28 – July 2, 2027</td><td>9:00 a.m. to 12:00 p.m.</td><td>$195.00</td></tr>
            <tr><td colspan="4">Sibling discount</td><td>−$25.00</td></tr>
            <tr><td colspan="4"><strong>Total paid</strong></td><td><strong>$559.00</strong></td></tr>
          </tbody>
        </table>
        <h2>Before camp</h2>
        <ul>
          <li>Drop-off is at Entrance B on the river side, between 8:45 and 9:00 a.m. Pick-up is at the same door.</li>
          <li>Pack a nut-free lunch, a refillable water bottle and sunscreen. Closed-toe shoes every day.</li>
          <li>Only the adults named on the pick-up list may collect a camper; bring photo ID.</li>
        </ul>
        <p>Questions: camps@riversidediscovery.example</p>
        """)
    b.fact("Which week is Nico at the robot camp?", ["June 21", "2027-06-21"], "date", "June 14")
    b.fact("How much did we pay for summer camp in all?", ["$559.00", "$559", "559.00"], "amount", "$595.00")
    b.fact("What's the confirmation for the kids' camps?", ["RDC-77140"], "code", "RDC-77104")
    b.fact("How late can Nico stay at camp?", ["5:30 p.m.", "5:30 pm", "17:30"], "time", "6:15 p.m.")
    b.fact("Which door do we use to drop the kids at camp?", ["Entrance B"], "place", "Entrance C")

    b.html("youth-soccer-schedule.html", "U10 Blue Hawks — Bloomfield-Garfield Youth Soccer", """\
        <header><h1>Bloomfield-Garfield Youth Soccer</h1><p>Spring 2027 · U10 Blue Hawks</p></header>
        <section>
          <p>Head coach: Ray Santangelo · Assistant coach: Kelsey Moore · Team parent: Dani Ruiz</p>
          <h2>Game schedule</h2>
          <table>
            <thead><tr><th>Date</th><th>Opponent</th><th>Field</th><th>Kick-off</th><th>Snacks</th></tr></thead>
            <tbody>
              <tr><td>Sat Apr 10</td><td>Shadyside Strikers</td><td>Arsenal Park Field 2</td><td>9:00 AM</td><td>Ruiz</td></tr>
              <tr><td>Sat Apr 17</td><td>Highland Park United</td><td>Frick Park Lower Field</td><td>10:30 AM</td><td>Okwu</td></tr>
              <tr><td>Sat Apr 24</td><td>Squirrel Hill Storm</td><td>Arsenal Park Field 1</td><td>9:00 AM</td><td>Ferreira</td></tr>
              <tr><td>Sat May 1</td><td>Lawrenceville Lions</td><td>Arsenal Park Field 1</td><td>11:00 AM</td><td>Brandt</td></tr>
              <tr><td>Sat May 8</td><td>Point Breeze FC</td><td>Mellon Park Field B</td><td>9:00 AM</td><td>Nguyen</td></tr>
            </tbody>
          </table>
          <h2>Team photo day</h2>
          <p>Team photos are on Saturday May 1 at 8:15 AM at Arsenal Park Field 1, before our game. Full uniform, shin guards on.</p>
          <h2>Registration</h2>
          <p>Spring fee $95 per player (paid). Uniforms are kept by the players; bring both the blue and the white shirt to every game.</p>
        </section>
        """)
    b.fact("Who runs Nico's soccer team?", ["Ray Santangelo", "Santangelo"], "name", "Ray Santangela")
    b.fact("Which Saturday is it our turn to bring the team snacks?", ["Apr 24", "April 24", "2027-04-24"], "date",
           "May 22")
    b.fact("What time are the soccer pictures being taken?", ["8:15 AM", "8:15 am", "8:15"], "time", "8:45 AM")
    b.fact("Where are the Blue Hawks playing the Shadyside kids?", ["Arsenal Park Field 2"], "place", "Arsenal Park Field 3")

    # -- single e-mails ------------------------------------------------------------------------

    b.eml("tree-removal-quote.eml", Mail(
        "Dale Whitaker <dale@steelcitytree.example>", me, "Tue, 6 Apr 2027 16:22:10 -0400",
        "Estimate: silver maple, 4712 Alder Row", """\
        Hi Gabe,

        Thanks for walking the yard with me on Saturday. As we discussed, the silver maple behind the garage has a cavity at the main union and a lot of deadwood over your neighbor's roof, so I'd recommend taking it down rather than pruning it again.

        Full removal, including hauling away all wood and grinding the stump below grade: $2,350. We can do it with ropes, no crane needed, and we'll lay plywood over the lawn. For comparison, the crown reduction we talked about would be $1,150 this year (my 2025 estimate was $980, but that was before the deadwood got worse, and it would only buy you a few years).

        If you want to go ahead, I have you penciled in for Wednesday, May 12. The crew arrives at 7:30 a.m. and it's a full-day job. We ask for a 25% deposit ($587.50) to hold the date, balance on completion.

        Please move the cars out of the alley the night before.

        Dale Whitaker
        ISA Certified Arborist PD-4173A
        Steel City Tree Care
        """))
    b.fact("How much to take the big tree out back down?", ["$2,350", "2,350"], "amount", "$2,530")
    b.fact("What day are the tree guys coming?", ["May 12", "2027-05-12", "12 May"], "date", "May 19")
    b.fact("How much does the arborist want up front?", ["$587.50", "587.50"], "amount", "$578.50")

    b.eml("mochi-dental.eml", Mail(
        "Bloomfield Animal Hospital <frontdesk@bloomfieldanimal.example>", kendra, "Thu, 8 Apr 2027 11:05:33 -0400",
        "Mochi: dental procedure confirmation", """\
        Hello Kendra,

        This confirms Mochi's dental cleaning under anesthesia with Dr. Lindqvist on Tuesday, April 27. Please drop her off by 7:45 a.m.; check-in takes about ten minutes. No food after 10 p.m. the night before, but water is fine. Please give her morning kidney medicine as usual with a tiny bit of food only if Dr. Lindqvist has said so (she has, for Mochi: a teaspoon of the wet food).

        Because her bloodwork was done at the January recheck, no new pre-anesthetic panel is needed. The estimate is $640 to $1,180: the low end is a cleaning with X-rays, the high end includes up to three extractions if the X-rays show bad teeth. We'll call you before doing any extractions.

        She can usually go home after 4 p.m. the same day.

        Bloomfield Animal Hospital, 4620 Liberty Ave
        """))
    b.fact("When is the cat having her teeth done?", ["April 27", "2027-04-27", "27 April"], "date", "April 20")
    b.fact("By what time does Mochi have to be at the vet that morning?", ["7:45 a.m.", "7:45 am", "7:45"], "time",
           "8:15 a.m.")
    b.fact("What's the most the cat's dental could come to?", ["$1,180", "1,180"], "amount", "$1,810")

    b.eml("toronto-hotel.eml", Mail(
        "Lakeshore Suites Etobicoke <reservations@lakeshoresuites.example>", me, "Sun, 14 Mar 2027 09:41:02 -0400",
        "Reservation confirmed: LSE-2231907", """\
        Dear Gabriel Ferreira,

        Thank you for choosing Lakeshore Suites Etobicoke. We are pleased to confirm your reservation.

        Confirmation number: LSE-2231907
        Arrival: Friday, August 20, 2027 (check-in from 4:00 p.m.)
        Departure: Monday, August 23, 2027 (check-out by 11:00 a.m.)
        Room: 1 suite, two queen beds and a sofa bed, 2 adults and 2 children
        Rate: Ferreira-Tremblay wedding group, C$189.00 per night
        Room charges: C$567.00; HST (13%): C$73.71; Municipal Accommodation Tax (4%): C$22.68
        Estimated total: C$663.39

        Parking in our underground garage is C$18 per night. Free cancellation until August 13; after that, the first night will be charged.

        We look forward to welcoming you to Toronto.

        Reservations team
        """))
    b.fact("What's the reservation number at the Toronto hotel?", ["LSE-2231907"], "code", "LSE-2231970")
    b.fact("What will the hotel in Canada come to altogether?", ["C$663.39", "663.39"], "amount", "C$636.39")
    b.fact("What's the last day I can back out of the Toronto room without paying?", ["August 13", "Aug 13", "2027-08-13"],
           "date", "August 6")

    b.eml("spring-conferences.eml", Mail(
        "Liberty Hill Elementary <office@libertyhill.example>", f"{me}, {kendra}", "Wed, 31 Mar 2027 14:02:45 -0400",
        "Spring parent-teacher conferences: your times", """\
        Dear Ferreira family,

        Spring conferences are on Thursday, April 15. Students will have an early dismissal at 12:30 p.m. that day; the after-school program is open as usual.

        Your scheduled conferences:
        - Nicolau Ferreira, with Mr. Delgado, Room 212, at 4:10 p.m.
        - Rosa Ferreira, with Ms. Whitcomb, Room 104, at 4:40 p.m.

        Each conference lasts 15 minutes. If you need a different time, please reply to this e-mail by April 9. Please sign in at the front office when you arrive.

        Liberty Hill Elementary School Office
        """))
    b.fact("What time is the meeting with my daughter's teacher?", ["4:40 p.m.", "4:40 pm", "16:40"], "time", "4:20 p.m.")
    b.fact("When am I seeing Nico's teacher?", ["4:10 p.m.", "4:10 pm", "16:10"], "time", "4:50 p.m.")
    b.fact("What time do the kids get out of school early on conference day?", ["12:30 p.m.", "12:30 pm", "12:30"],
           "time", "1:15 p.m.")
    b.fact("Which classroom is Ms. Whitcomb in?", ["Room 104"], "place", "Room 114")

    b.eml("mae-new-number.eml", Mail(
        "Fátima Ferreira <fatima.ferreira51@example.net>", me, "Sat, 3 Apr 2027 10:17:29 -0400",
        "telefone novo", """\
        Gabriel,

        I have a new cell phone, Tia Graça's grandson set it up for me when he came. The new number is (508) 555-0196. The house phone (508) 555-0117 is disconnected since the 1st of April, I don't pay the phone company for nothing anymore. Tell Kendra and your sister.

        I booked my flight to go over before you, Boston to Ponta Delgada on June 28, so I have time with Graça first. Manny drives me to the airport.

        I will bring chouriço for the kids. Tell Kendra the sweater for Rosa is finished, the pink one.

        Beijinhos,
        Mãe
        """))
    b.fact("What's Mom's cell now?", ["(508) 555-0196", "508-555-0196", "5085550196"], "phone", "(508) 555-0169")
    b.fact("When does Mãe fly over to the Azores?", ["June 28", "2027-06-28", "28 June"], "date", "June 26")

    b.eml("star-party-gate-code.eml", Mail(
        "Priscilla Vance <observing@traa.example>", "TRAA members <members@traa.example>",
        "Mon, 12 Apr 2027 20:48:13 -0400", "Spring star party + NEW gate code", """\
        Hi all,

        Our spring star party at Mingo Creek Park is on Saturday, May 8 (cloud date Saturday, May 15). Sunset is at 8:21 p.m., so please be set up by then; astronomical twilight ends around 10:10 p.m. Hot chocolate provided.

        The park changed the combination on the Observatory Field gate: the new code is 2718. The old code (3141) no longer works. Please close the gate behind you and spin the dial.

        The loaner program has two scopes free this month (a 6-inch Dobsonian and a 90 mm refractor), free for members for a month. Write to loaners@traa.example if you'd like one.

        Clear skies,
        Priscilla
        """))
    b.fact("What's the new number for the lock on the observing field gate?", ["2718"], "code", "2781")
    b.fact("When's the spring stargazing night?", ["May 8", "2027-05-08", "8 May"], "date", "May 22")
    b.fact("What time does the sun go down on star party night?", ["8:21 p.m.", "8:21 pm", "20:21"], "time", "8:12 p.m.")
    b.fact("Who do I write to about borrowing one of the club's scopes?", ["loaners@traa.example"], "email",
           "loans@traa.example")

    b.eml("jetblue-itinerary.eml", Mail(
        "JetBlue Reservations <reservations@jetblue.example>", me, "Fri, 19 Feb 2027 21:30:55 -0500",
        "Your itinerary: confirmation TKWLBN", """\
        Hi Gabriel,

        You're all set. Your confirmation code is TKWLBN.

        Departing flight: Friday, July 9, 2027
        Flight B6 1384, Pittsburgh (PIT) 2:10 p.m. to Boston (BOS) 3:52 p.m., Terminal C

        Return flight: Monday, July 19, 2027
        Flight B6 1391, Boston (BOS) 6:40 p.m. to Pittsburgh (PIT) 8:29 p.m.

        Travelers: Gabriel Ferreira, Kendra Ferreira, Nicolau Ferreira, Rosa Ferreira
        Fare: Blue, 4 travelers. Total: $723.80

        Note: this booking is separate from any connecting flights on other airlines. Please allow enough time to collect your bags and check in again in Boston.
        """))
    b.fact("When does our plane leave Pittsburgh on the 9th?", ["2:10 p.m.", "2:10 pm", "14:10"], "time", "2:40 p.m.")
    b.fact("What's the code for the Pittsburgh–Boston bookings?", ["TKWLBN"], "code", "TKWLNB")
    b.fact("Which flight brings us back to Pittsburgh?", ["B6 1391", "1391"], "code", "B6 1319")

    # -- mailboxes -----------------------------------------------------------------------------

    b.mbox("ferreira-family.mbox", [
        Mail("Ana Ferreira <ana.ferreira@example.ca>", me, "Tue, 30 Mar 2027 22:05:17 -0400", "wedding stuff!!", """\
             Gabe!!

             OK, the plan for the Friday: rehearsal at the church at 5, then the rehearsal dinner at 7 p.m. at Vila Nova on Dundas West, upstairs room, family and wedding party only. Marc's parents are paying, so order the octopus.

             Nico is the ring bearer and Rosa is the flower girl (she already knows, she's been practicing with toilet paper). I need Rosa's measurements for the dress by the end of April. And you're doing the second reading at the ceremony, 1 Corinthians 13, the "love is patient" one. Don't make it funny.

             Mãe wants to sit in the front row on the left. Of course she does.

             Ana
             """),
        Mail(kendra, me, "Mon, 12 Apr 2027 12:44:09 -0400", "Saturday!", """\
             Hey you,

             Anniversary dinner is booked: Larkspur Table on Butler Street, 7:15 p.m., Saturday the 17th. Twelve years, can you believe it.

             Chloe Baptiste is babysitting from 6:30 to 11:30, $18 an hour. She's fine with Rosa's bedtime routine but remind her about the inhaler for Nico if he has soccer that morning.

             Don't get called in.

             K
             """),
        Mail("Paulo Ferreira <paulo.ferreira@example.org>", f"{me}, Ana Ferreira <ana.ferreira@example.ca>",
             "Wed, 7 Apr 2027 19:30:41 -0400", "Mãe's birthday", """\
             Hey both,

             Mãe turns 76 on the 22nd. I booked the back room at the Portuguese-American club on Columbia Street for a party on Sunday, April 25 at 1 p.m. Tia Graça can't come but she'll call in on video.

             It's $225 for the room and the food, and the cake is extra. Can you each chip in $75 by Venmo? I'll cover the rest.

             Paulo
             """),
    ])
    b.fact("Where's the dinner the night before Ana's wedding?", ["Vila Nova"], "place", "Vila Velha")
    b.fact("Which Bible passage am I reading at the ceremony?", ["1 Corinthians 13"], "name", "1 Corinthians 12")
    b.fact("Who's watching the kids on our anniversary night?", ["Chloe Baptiste", "Chloe"], "name", "Chloe Batiste")
    b.fact("Where are Kendra and I going for our anniversary?", ["Larkspur Table"], "place", "Larkspur Kitchen")
    b.fact("What time is our table for the anniversary?", ["7:15 p.m.", "7:15 pm", "19:15"], "time", "7:45 p.m.")
    b.fact("How much do I owe Paulo for Mom's party?", ["$75"], "amount", "$85")
    b.fact("When is Mãe's birthday get-together?", ["April 25", "2027-04-25", "25 April"], "date", "April 18")

    b.mbox("wrpt-mail.mbox", [
        Mail("Lorraine Petrakis <lpetrakis@wrpt.example>", "Engineering <engineering@wrpt.example>",
             "Thu, 1 Apr 2027 09:12:00 -0400", "Tower crew at Shaler", """\
             Team,

             Tri-State Tower Services will climb the Shaler tower on Wednesday, April 21 for the annual antenna and lighting inspection. They'll be on site at 6:00 a.m. Gabe, you're the station contact on site that morning; bring the keys and the RF meter.

             While they're on the tower we'll run the transmitter at reduced power, 5 kW, from 6 until they're down (probably early afternoon). Doug has the on-air announcement.

             Lorraine
             """),
        Mail("Ashdown Audio Ltd <orders@ashdownaudio.example>", me, "Fri, 9 Apr 2027 15:40:22 +0100",
             "Order AA-118563 confirmed", """\
             Dear Gabriel,

             Thank you for your order. Order number: AA-118563

             2 x AD-47 large-diaphragm condenser microphone @ £412.00 = £824.00
             International shipping (DHL Express): £46.50
             Order total: £870.50 (no UK VAT charged on export)

             Your card issuer will convert this to US dollars; import duties, if any, are payable on delivery. Estimated delivery: 10 working days.

             Ashdown Audio Ltd, Sheffield
             """),
        Mail("Doug Whitfield <dwhitfield@wrpt.example>", me, "Tue, 13 Apr 2027 11:03:51 -0400", "Your annual review", """\
             Gabe,

             Let's do your annual review on Thursday, May 6 at 2:00 p.m. in the small conference room on the second floor. Lorraine will join us. Please bring your self-assessment and the list of projects from the transmitter upgrade.

             Doug
             """),
    ])
    b.fact("When are the tower climbers coming out?", ["April 21", "2027-04-21", "21 April"], "date", "April 14")
    b.fact("How far do we turn the transmitter down while they're up the tower?", ["5 kW"], "number", "3 kW")
    b.fact("What did the two new mics cost in pounds?", ["£870.50", "870.50"], "amount", "£807.50")
    b.fact("What's the British microphone order number?", ["AA-118563"], "code", "AA-118536")
    b.fact("When is my yearly review at work?", ["May 6", "2027-05-06", "6 May"], "date", "May 13")

    # -- calendars -----------------------------------------------------------------------------

    b.ics("ferreira-home.ics", "Ferreira family", "America/New_York", [
        Event("Dentist – Nico (Dr. Feinberg)", "20270504T153000", "20270504T160000",
              "Lawrenceville Family Dental, 3712 Butler St", "Cleaning and sealants."),
        Event("Dentist – Rosa (Dr. Feinberg)", "20270504T160000", "20270504T163000",
              "Lawrenceville Family Dental, 3712 Butler St", "Cleaning. She's nervous, promise her the sticker."),
        Event("Gabe – dermatologist (Dr. Amankwah)", "20270429T084000", "20270429T090000",
              "Shadyside Dermatology, 5200 Centre Ave", "Mole check, the one on the back."),
        Event("Van – PA inspection at Vinnie's", "20270518T080000", "20270518T120000", "Bloomfield Auto Care",
              "Drop off and walk to work."),
        Event("Rosa – ballet recital", "20270605T140000", "20270605T153000", "Penn Avenue Arts Hall",
              "Hair in a bun, pink tights, be there 45 minutes early."),
        Event("Mochi – bloodwork recheck", "20270706T173000", "20270706T180000", "Bloomfield Animal Hospital",
              "Kidney values before the trip. Fasting 6 hours."),
    ], "alderrow.example")
    b.fact("What time is Rosa at the dentist?", ["16:00", "4:00 p.m.", "4 p.m."], "time", "15:00")
    b.fact("When do I see the skin doctor?", ["2027-04-29", "April 29"], "date", "2027-04-22")
    b.fact("Where's my daughter's dance show?", ["Penn Avenue Arts Hall"], "place", "Penn Avenue Arts Center")
    b.fact("When is the cat's next blood test?", ["2027-07-06", "July 6"], "date", "2027-07-13")
    b.fact("What time do I drop the van off for its inspection?", ["08:00", "8:00", "8 a.m."], "time", "07:00")

    b.ics("wrpt-shifts.ics", "WRPT – Gabe", "America/New_York", [
        Event("On call (engineering)", "20270503", "20270510", "", "Phone on loud. Lorraine is backup."),
        Event("EAS equipment training (online)", "20270420T100000", "20270420T120000", "Teams"),
        Event("SBE Chapter 20 meeting", "20270428T183000", "20270428T203000", "Three Rivers Public Media, Studio C",
              "Talk on ATSC 3.0. Pizza."),
        Event("Live remote: Jazz at the Hall", "20270515T170000", "20270515T230000", "Oakland Music Hall, 4400 Forbes Ave",
              "Gabe engineering. Load in at 5, doors 7, broadcast 8 to 10."),
        Event("On call (engineering)", "20270531", "20270607", "", "Memorial Day week."),
    ], "wrpt.example")
    b.fact("When does my next stretch of being on call begin?", ["2027-05-03", "May 3"], "date", "2027-05-17")
    b.fact("Where's the jazz concert I'm doing the sound for?", ["Oakland Music Hall"], "place", "Oakland Concert Hall")
    b.fact("What time does the broadcast engineers' chapter meet?", ["18:30", "6:30 p.m.", "6:30 pm"], "time", "19:15")

    # -- contacts ------------------------------------------------------------------------------

    b.vcf("ferreira-family.vcf", [
        Card("Kendra Ferreira", ("Ferreira", "Kendra", "", ""), tel=[("CELL", "(412) 555-0157")],
             email=["kendra.ferreira@example.com"], org="Pittsburgh Public Schools", title="School librarian",
             bday="1986-09-09", note="My wife."),
        Card("Fátima Ferreira", ("Ferreira", "Fátima", "", ""), tel=[("HOME", "(508) 555-0117")],
             email=["fatima.ferreira51@example.net"],
             adr=("HOME", "212 Columbia St", "Fall River", "MA", "02721", "USA"), bday="1951-04-22", note="Mãe."),
        Card("Ana Ferreira", ("Ferreira", "Ana", "", ""), tel=[("CELL", "(416) 555-0148")],
             email=["ana.ferreira@example.ca"],
             adr=("HOME", "88 Roncesvalles Ave", "Toronto", "ON", "M6R 2K9", "Canada"), note="Sister. Marc-André's cell is in his own card."),
        Card("Paulo Ferreira", ("Ferreira", "Paulo", "", ""), tel=[("CELL", "(401) 555-0183")],
             email=["paulo.ferreira@example.org"],
             adr=("HOME", "31 Wickenden St", "Providence", "RI", "02903", "USA"), note="Brother."),
        Card("Graça Sousa", ("Sousa", "Graça", "", ""), tel=[("HOME", "+351 296 555 017")],
             adr=("HOME", "Rua do Porto 14", "Rabo de Peixe", "São Miguel, Açores", "9600-087", "Portugal"),
             note="Tia Graça, Mãe's sister."),
    ])
    b.fact("What's my wife's mobile?", ["(412) 555-0157", "412-555-0157", "4125550157"], "phone", "(412) 555-0175")
    b.fact("What's my sister's e-mail?", ["ana.ferreira@example.ca"], "email", "ana.ferreira@example.com")
    b.fact("How do I phone my aunt in the Azores?", ["+351 296 555 017", "296 555 017"], "phone", "+351 296 555 071")

    b.vcf("pittsburgh-services.vcf", [
        Card("Bloomfield Animal Hospital", ("", "", "", ""), tel=[("WORK", "(412) 555-0131")],
             email=["frontdesk@bloomfieldanimal.example"], org="Bloomfield Animal Hospital",
             adr=("WORK", "4620 Liberty Ave", "Pittsburgh", "PA", "15224", "USA"), note="Mochi. Ask for Dr. Lindqvist."),
        Card("Lawrenceville Pediatrics", ("", "", "", ""), tel=[("WORK", "(412) 555-0166")],
             org="Lawrenceville Pediatrics", note="Dr. Rao. Nurse line after hours: press 2."),
        Card("Jules Amato", ("Amato", "Jules", "", ""), tel=[("CELL", "(412) 555-0109")],
             email=["jules.amato.pets@example.com"], note="Cat sitter. Mochi likes her."),
        Card("Vinnie Russo", ("Russo", "Vinnie", "", ""), tel=[("WORK", "(412) 555-0174")],
             org="Bloomfield Auto Care", title="Owner", note="Inspections, brakes, honest."),
        Card("Bloomfield Heating & Cooling", ("", "", "", ""), tel=[("WORK", "(412) 555-0150")],
             email=["service@bloomfieldhvac.example"], org="Bloomfield Heating & Cooling",
             note="Furnace tune-up every fall."),
    ])
    b.fact("What number do I text for the cat sitter?", ["(412) 555-0109", "412-555-0109", "4125550109"], "phone",
           "(412) 555-0190")
    b.fact("What's the number for the children's doctor's office?", ["(412) 555-0166", "412-555-0166", "4125550166"],
           "phone", "(412) 555-0161")
    b.fact("Where do I e-mail to book the furnace tune-up?", ["service@bloomfieldhvac.example"], "email",
           "office@bloomfieldhvac.example")
    b.fact("Who's our mechanic?", ["Vinnie Russo", "Vinnie"], "name", "Vinnie Rossi")

    return b.finish(OPEN_E)


OPEN_E = [
    "Hello! What are you able to do for me?",
    "Plan a rainy day for a family of four on São Miguel in the Azores.",
    "Write a short toast for my sister's wedding.",
    "Explain how a rotator cuff strain heals and how long it usually takes.",
    "Give me a beginner's list of things to look at through a small telescope this summer.",
    "Write a bedtime story about a cat who wants to visit the moon.",
    "Write a Bash script that copies a folder to an external drive every night.",
    "Explain what a mortgage escrow account is and why the monthly payment can go up.",
    "Suggest a week of easy weeknight dinners for two kids and two tired parents.",
    "Make a packing list for a ten-day island trip with a six-year-old and a ten-year-old.",
    "Teach me ten useful Portuguese phrases for ordering food in a restaurant.",
    "Write a thank-you note to my son's soccer coach at the end of the season.",
    "Explain how an FM radio transmitter works, in simple terms.",
    "Write a haiku about the bridges of Pittsburgh.",
    "Write a JavaScript function that converts euros to dollars at a given exchange rate.",
    "Explain the difference between a Roth and a traditional 401(k).",
    "Give me a warm-up routine to do before bouldering.",
    "Tell me a short story about a grandmother teaching her grandson to make soup.",
    "If I keep my kids' medical details in here, who else can read them?",
    "Summarise the history of the Azores in a few paragraphs.",
    "Write a polite e-mail asking a tree service to move their visit to another day.",
    "What should I do before leaving an old house empty for ten days in summer?",
]
