"""Corpus "f" of the answer benchmark: one made-up person's files, the one-fact questions
about them and open requests (see ``bench.answer_corpus``). Held out, and written last: its
questions are paraphrased the way people ask, sharing few words with the sentences that answer
them. Written without the person who tunes the answer pipeline reading it; read its scores,
not its contents."""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

from bench.answer_corpus import Card, Corpus, Event, Mail, _Builder


def build(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Marisol Ortega <marisol.ortega@example.org>"
    devon = "Devon Achterberg <devon.achterberg@example.org>"

    # -- Markdown ------------------------------------------------------------------------------

    b.md("bay-view-duplex.md", """\
        # 2217 S. Delaware Ave — the duplex

        We closed on the up-and-down duplex in Bay View on 17 August 2018, bought from the Brandvold family after old Mr. Brandvold moved to assisted living. We live in the lower flat and rent out the upper one, which pays a good part of the mortgage as long as nothing big breaks. These notes are for Devon, for Inés when she's old enough to be in charge, and for anyone minding the place while we're gone.

        ## Upstairs unit

        The upper flat has been rented to Priyanka Sethi since June 2024; she works nights at the hospital, so no loud work in the mornings. Since the renewal this spring the rent is $45 a month more than the $1,340 she paid before (I'd first asked for more; see the new lease), due on the 1st by Zelle. She pays her own gas and electric; we pay the water because the building has one meter. Her security deposit sits untouched in the separate savings account at the credit union. If something breaks up there she texts me, not Devon.

        ## Basement

        The sump pump sits in the pit under the basement stairs, with the battery backup on the shelf beside it (installed 2025, the battery gets swapped every three years). Our breaker panel is on the wall next to the laundry tub; the tenant's panel is in her back hall, and the key to her basement storage cage hangs on the nail above our panel. Water heater: 40-gallon A.O. Smith from 2020.

        ## Parking and snow

        The city's overnight street parking permit for the CR-V is NP-60318 (renews every April online; the old one, NP-59207, is expired and still stuck to the windshield corner). During a snow emergency, park on the odd-numbered side on odd days. Jaylen Brooks from down the block clears the front walk and the corner ramp for $30 each snowfall over two inches; Devon pays him in cash and I keep track on the fridge.

        ## Roof

        Full tear-off in October 2022 by Cream City Roofing: architectural shingles, 30-year warranty, registration number CCR-22-0917 (the paperwork is in the blue accordion file). The gutters on the alley side clog every fall with maple seeds.

        ## Garbage

        Garbage cart to the alley Monday night for Tuesday pickup; recycling every other Wednesday, see the city's schedule on the fridge. Big items need an appointment with the sanitation office.
        """)
    b.fact("Who lives in the flat above us?", ["Priyanka Sethi", "Priyanka"], "name", "Priyanka Sethna")
    b.fact("If the basement starts flooding, where's the pump that empties it?", ["under the basement stairs"], "place",
           "behind the furnace")
    b.fact("What's the number on the sticker that lets the car sit on the street overnight?", ["NP-60318"], "code",
           "NP-60381")
    b.fact("What do we give Jaylen each time he shovels?", ["$30"], "amount", "$34")
    b.fact("What's the reference on the shingle guarantee?", ["CCR-22-0917"], "code", "CCR-22-0719")

    b.md("the-hens.md", """\
        # The girls

        Four hens in the backyard coop since spring 2026, which is the most the city allows (and no roosters, which is fine by the neighbors). The permit from the health department is No. CHK-2026-0483; it has to be renewed every April, $35 a year after the first year (the first year was $50 because it included the coop inspection).

        ## Who's who

        - Pepita: Buff Orpington, the boss, first at the feeder, goes broody every June.
        - Dolores: Australorp, glossy black, the quietest.
        - Maple: Easter Egger, the only one with green eggs, and the escape artist.
        - Olive: Barred Rock, lays the big brown ones.

        ## Feed and chores

        They eat 16% layer pellets from Waukesha Feed & Seed: one 50-lb bag lasts about five weeks and costs $24.99 now (it was $21.50 last spring). Oyster shell in the small dish, always. Scratch grains only as a treat in the afternoon, a handful, or they stop eating the pellets. In summer they lay about 18 eggs a week between them; in the dark months it drops to five or six.

        The automatic coop door opens at sunrise and shuts half an hour after sunset; it runs on four AA batteries, and when the little light blinks red the batteries are going. In winter the heated waterer is plugged into the outdoor outlet by the back steps, never an extension cord from the garage.

        ## When we're away

        Hana Lindahl, next door, 13 and very responsible, does the morning and evening chores: feed, water, eggs, and making sure the door closed. $12 a day, and she keeps the eggs. If a hen looks sick, call the bird vet (number in the handy-numbers list), not the dog-and-cat clinic on KK.
        """)
    b.fact("Which bird gives us the colored eggs?", ["Maple"], "name", "Clover")
    b.fact("What does the city charge every year to let us keep poultry?", ["$35", "35 dollars"], "amount", "$42")
    b.fact("What's the number on our license to keep the hens?", ["CHK-2026-0483"], "code", "CHK-2026-0438")
    b.fact("Who does the coop when we travel?", ["Hana Lindahl", "Hana"], "name", "Hanna Lindahl")
    b.fact("How much is a sack of the birds' food these days?", ["$24.99", "24.99"], "amount", "$26.49")
    b.fact("How many eggs do the girls give us in a summer week?", ["18 eggs", "eighteen eggs"], "number", "22 eggs")

    b.md("concert-band.md", """\
        # Lakeshore Community Band

        About sixty players, from high-school kids to a retired tubist who's 91. I play second trombone now; I sat third until last fall, when Ray Dombrowski retired to Arizona and everyone moved up a chair. Bill Haroldsen is first trombone and section leader, and he's the one to ask about slide positions in the fast stuff.

        ## Rehearsals

        Tuesdays from 7:15 to 9:15 p.m., September through May, in the band room at Fernwood Middle School (door 6 on the parking-lot side, the front doors are locked after 6). Set-up crew rotates; my turn is the first Tuesday of each month. Our conductor is Dr. Annaliese Kuehn, who teaches brass at the conservatory and does not tolerate phones on stands.

        ## Money and music

        Dues are $90 a season for adults, $60 for students, paid to the treasurer by the end of October. My music folder is No. 27; parts go back into it after every rehearsal. Lost a part? Tell Connie Vukovich, the music librarian, before the next rehearsal and she'll print another.

        ## Summer concerts

        Free concerts on Thursday evenings in July at the Humboldt Park bandshell, starting at 7 p.m. Bring a clip light, clothespins for the wind, and bug spray. Uniform: black pants and the navy band polo.
        """)
    b.fact("When does band practice start on Tuesdays?", ["7:15", "7:15 p.m.", "19:15"], "time", "7:20")
    b.fact("Who's our band's conductor?", ["Dr. Annaliese Kuehn", "Annaliese Kuehn", "Kuehn"], "name", "Dr. Annaliese Kuhn")
    b.fact("How much is it to play in the band for the year?", ["$90"], "amount", "$95")
    b.fact("Where do we play the July outdoor shows?", ["Humboldt Park bandshell", "Humboldt Park"], "place",
           "Lake Park bandshell")
    b.fact("Who do I tell if I've misplaced sheet music?", ["Connie Vukovich", "Connie"], "name", "Connie Vukovac")

    b.md("oaxaca-june.md", """\
        # Oaxaca, June–July 2027

        Two weeks with Devon and the kids to see Abuela Chelo, who turns 90 in July, and the cousins. Papá flies down from El Paso on his own and gets there a day before us. We leave Chicago on Saturday 19 June and are back on Sunday 4 July (flights in the Aeroméxico booking). Devon drives us all to O'Hare and leaves the car at Luz's.

        ## Where we're staying

        First week at cousin Yesenia's house in Santa Lucía del Camino, on the east side of the city: no charge, but we bring presents (a good kitchen knife for her, the Brewers jerseys for the boys). Second week in a rented apartment, Casa Jacarandas, in the Jalatlaco neighborhood, near the little church. The owner is Sra. Beatriz Ramírez; MXN 14,400 for the seven nights, all paid ahead through the booking site, and she asks for a cash deposit of MXN 2,000 at the door that comes back when we leave.

        ## Plans

        - Sunday 27 June: Abuela's birthday comida at Yesenia's, everyone, starting around 2.
        - Wednesday 30 June: cooking class (see the e-mail from the school).
        - Friday 2 July: day trip to Hierve el Agua, the mineral springs and the stone "waterfalls". Don Aurelio drives, in his van; MXN 1,800 for the day, we pay the gas on top.
        - Teo wants to see the giant tree at Santa María del Tule. Inés wants to buy a textile from the cooperative in Teotitlán.

        ## Health

        Hepatitis A shots done at the travel clinic in April; Teo's EpiPens go in my carry-on, two of them, and the allergy card in Spanish that Yesenia's husband checked for us.
        """)
    b.fact("Where are we sleeping the second week in Mexico?", ["Casa Jacarandas"], "place", "Casa Bugambilias")
    b.fact("Whose place are we renting in Jalatlaco?", ["Beatriz Ramírez", "Sra. Ramírez", "Beatriz Ramirez"], "name",
           "Beatriz Ramos")
    b.fact("What's the flat in Jalatlaco costing us in pesos?", ["MXN 14,400", "14,400"], "amount", "MXN 14,040")
    b.fact("Who's taking us out to the petrified falls?", ["Don Aurelio", "Aurelio"], "name", "Don Anselmo")
    b.fact("Whose house do we stay at when we first get to Mexico?", ["Yesenia"], "name", "Yolanda")
    b.fact("What day is Abuela's party?", ["27 June", "June 27", "2027-06-27"], "date", "26 June")

    b.md("ines-and-teo.md", """\
        # Inés and Teo

        ## Inés (15)

        Sophomore at Lakeside STEM Academy. Locker 1142 on the second floor, combination 24-8-36 (she forgets it every September). Glasses since fourth grade: Dr. Farida Haq at Bay View Vision checks her eyes once a year in August; her last prescription was -2.25 in both eyes, up from -1.75. Braces since January with Dr. Bhatt (see the contract). She babysits Teo on band nights and gets $10 for the evening.

        ## Teo (8)

        Second grade at Lincoln Hills Elementary, in Ms. Tanaka's class, room 118; last year he had Mrs. Gorski. He is allergic to tree nuts, cashews and pistachios especially; peanuts are fine, oddly, according to the allergist's testing. Two EpiPens go everywhere in the front pocket of his backpack, and the spare pair lives in the kitchen drawer left of the stove. The school nurse has a third set and the plan on file.

        Shoe size is youth 2 now (he was in 13 in the fall, he grows through a pair in four months). Hockey on Saturday mornings, see the registration. His best friend is Otis Kamara; Otis's mom, Fatou, does the Thursday school pickup swap with us.

        ## Doctors

        Both kids see Dr. Hollis Grebe at Southside Pediatrics, checkups in the birthday month. Dentist for all of us: Lakeview Family Dentistry.
        """)
    b.fact("What is it that my boy can't eat?", ["tree nuts", "cashews", "pistachios"], "name", "shellfish")
    b.fact("Where's the backup epinephrine kept at home?", ["drawer left of the stove", "kitchen drawer left of the stove"],
           "place", "drawer right of the sink")
    b.fact("How does my daughter open her locker at school?", ["24-8-36"], "code", "24-36-8")
    b.fact("What size shoe does my son take now?", ["youth 2"], "number", "youth 3")
    b.fact("Who checks Inés's eyes?", ["Dr. Farida Haq", "Farida Haq", "Dr. Haq"], "name", "Dr. Farida Hak")
    b.fact("Who's the little one's teacher this year?", ["Ms. Tanaka", "Tanaka"], "name", "Ms. Takata")
    b.fact("How strong is my daughter's lens prescription?", ["-2.25"], "number", "-2.75")
    b.fact("Who's the children's doctor?", ["Dr. Hollis Grebe", "Hollis Grebe", "Dr. Grebe"], "name", "Dr. Hollis Grebb")

    b.md("abuela-tamales.md", """\
        # Abuela Chelo's tamales de rajas

        Her recipe as she told it to me over the phone, with my notes from the Christmas we made them together. Makes 36 tamales, enough for two dinners and a freezer bag. Plan a whole afternoon.

        ## Buy

        Fresh masa for tamales (not the dry Maseca) from Tortillería La Guadalupana on Cesar Chavez Drive: 2 kg, ask for it "sin preparar". A bag of corn husks, 8 poblano chiles, 1 lb of Oaxaca cheese, 2 white onions, and a tub of lard (or vegetable shortening if Luz is coming).

        ## Masa

        Soak the husks in hot water for an hour with a plate on top. Beat the lard with the mixer for five minutes until it's fluffy like frosting, then beat in the masa a handful at a time with 1 tablespoon of salt and 2 teaspoons of baking powder, adding 3 cups of warm chicken broth little by little. Abuela's test: a small ball of masa floats in a glass of cold water. If it sinks, beat more.

        ## Rajas

        Char the poblanos over the gas flame, sweat them in a bag, peel, and cut in strips. Fry with sliced onion until soft. Each tamal gets a spoon of rajas and a stick of cheese.

        ## Steam

        Stand them up in the tall pot, open end up, on the rack over water with a coin at the bottom (when the coin stops rattling, the water's run low). Steam 75 minutes, covered with extra husks and a towel under the lid. They're done when the masa comes away clean from the husk. The pork ones Abuela makes at New Year take longer, an hour and a half.
        """)
    b.fact("How long do the pepper-and-cheese tamales cook?", ["75 minutes"], "number", "65 minutes")
    b.fact("How much stock goes into the dough?", ["3 cups", "three cups"], "number", "5 cups")
    b.fact("Where do I get the fresh corn dough?", ["La Guadalupana", "Tortillería La Guadalupana"], "place",
           "La Michoacana")

    # -- plain text ----------------------------------------------------------------------------

    b.txt("crv-notes.txt", """\
        CR-V notes

        2019 Honda CR-V EX, Lunar Silver, AWD. Bought used in March 2023 from Lake Shore Honda with 38,900 miles on it. Plate AMK-7305 (Devon's old Ranger had JTW-2284, in case the insurance papers confuse anyone). VIN is on the registration card in the glovebox and on the insurance card.

        Oil: 0W-20 full synthetic, every 5,000 miles or when the dash says 15%. Last change at Bay View Auto on 12 February 2027 at 61,240 miles; the next one is due at 66,240. They rotate the tires at the same time for free.

        Tires: all-seasons from October 2024. The pressure on the door sticker is 33 psi front and back, cold. The spare is a donut, 60 psi, under the floor in the cargo area.

        Key fobs: the one on my ring and a spare in the top drawer of the office desk, under the checkbooks. Fob battery is a CR2032; buy two, they're cheap.

        Registration renews every September: $85 for the state plus the city's $30 wheel tax, online, about ten minutes. Devon does the Ranger's.

        Winter: ice scraper and the small shovel behind the back seat, kitty litter in a jug for traction.
        """)
    b.fact("What does it say on the CR-V's plate?", ["AMK-7305"], "code", "AMK-7350")
    b.fact("At what mileage is the Honda next due for fresh oil?", ["66,240", "66240"], "number", "66,420")
    b.fact("What should the tires be pumped up to?", ["33 psi"], "number", "35 psi")
    b.fact("What little battery does the car remote need?", ["CR2032"], "code", "CR2025")
    b.fact("Where's the extra car key?", ["top drawer of the office desk", "office desk"], "place",
           "the hook by the back door")

    b.txt("handy-numbers.txt", """\
        HANDY NUMBERS (fridge copy, updated April 2027)

        Emergency: 911. Poison control: 1-800-222-1222.
        Police non-emergency (District 6): (414) 555-0200
        Lincoln Hills Elementary office: (414) 555-0247 (absences: press 1 and leave Teo's name and teacher)
        Lakeside STEM Academy attendance: (414) 555-0251
        Southside Pediatrics: (414) 555-0226, after hours the nurse line is (414) 555-0227
        Lakeview Family Dentistry: (414) 555-0219
        Bird vet for the hens: Dr. Lorna Pietsch, Lakeside Bird & Exotics, (414) 555-0232
        Plumber: Sal at Brew City Plumbing, (414) 555-0285 (the old plumber, Kessler, retired; don't call his number)
        Locksmith: Pop's Lock & Key, (414) 555-0268
        Walgreens on KK: (414) 555-0263; Teo's EpiPen refills are Rx 4471180, Inés's allergy spray Rx 4471253
        We Energies gas leak line: call from outside the house
        Alderman's office (snow and potholes): (414) 555-0209
        """)
    b.fact("How do I reach the vet who sees the chickens?", ["(414) 555-0232", "414-555-0232", "4145550232"], "phone",
           "(414) 555-0223")
    b.fact("Who do I ring when a pipe's leaking?", ["(414) 555-0285", "414-555-0285", "4145550285"], "phone",
           "(414) 555-0258")
    b.fact("What's the refill number for my son's allergy pens?", ["4471180", "Rx 4471180"], "code", "4471108")
    b.fact("Which number do I call to say Teo's staying home sick?", ["(414) 555-0247", "414-555-0247", "4145550247"],
           "phone", "(414) 555-0274")

    b.txt("survey-crew.txt", """\
        Work notes (Kinnick & Vogt Surveying, Franklin office)

        Crew: I run field crew B with Dario Pellegrini on the rod and the data collector; when he's out, Kelsey Moen from crew A fills in. Howard Vogt signs off on everything over my stamp. Our truck is Truck 14, the white F-250 with the ladder rack (Truck 9 is the old one with the bad clutch, don't take it if you can help it). Keys on the board by the back door of the shop.

        Instruments: the Trimble S7 total station, serial 37110482, and the R12i GPS rover. The base goes on control point KV-CP-118 on the Franklin office roof for anything in the south county.

        Job numbers for the timesheet (every half hour goes somewhere):
        - 27-0341  Oak Creek: Willow Bend subdivision plat, 42 lots
        - 27-0298  Cudahy: ALTA survey for the old foundry site
        - 26-1177  St. Francis: boundary dispute, expert witness (billable at the court rate)
        - 00-0001  shop time, training, truck maintenance

        Boots and gear: the company reimburses $175 a year for safety boots (receipt to Deb in the office), and replaces hi-vis vests whenever they fade.

        License: my Wisconsin PLS license renews every two years; the next renewal is due by January 31, 2028, and I need 20 continuing education hours by then (I have 12).
        """)
    b.fact("Which work truck do I drive?", ["Truck 14"], "code", "Truck 41")
    b.fact("Who's on the rod with me?", ["Dario Pellegrini", "Dario"], "name", "Dario Pellegrino")
    b.fact("What do I charge my time to for the new housing development?", ["27-0341"], "code", "27-0314")
    b.fact("How much will my employer cover for work boots?", ["$175"], "amount", "$165")
    b.fact("By when must my surveyor's license be renewed?", ["January 31, 2028", "2028-01-31", "31 January 2028"], "date",
           "January 31, 2029")

    b.txt("bowling-league.txt", """\
        Devon's Wednesday league

        Falcon Lanes on S. 27th St, next to the tire shop (they moved from Forest Home Ave in 2024, the old sign is still up there). Wednesday Night Mixed League, 32 weeks, September to April. Practice balls at 6:30, bowling starts at 6:45 p.m. sharp, three games.

        Team: the Gutter Grebes (Devon, his brother-in-law Karl, Ned Paszkiewicz who's captain, and two of the guys from the brewery). League fee is $22 a week per bowler, which includes the prize fund; Ned collects.

        Averages this season: Devon 171 (last season 164), Karl 188, Ned 202. Handicap is 90% of 220.

        End-of-season banquet: Saturday, May 1, at the lanes' banquet room, spouses welcome, $20 a head for the buffet.
        """)
    b.fact("What's my husband's average at the lanes?", ["171"], "number", "179")
    b.fact("What does Devon's league set him back each week?", ["$22"], "amount", "$23")
    b.fact("What time does Devon's league get going midweek?", ["6:45 p.m.", "6:45 pm", "6:45", "18:45"], "time", "7:05 p.m.")
    b.fact("Who captains Devon's team?", ["Ned Paszkiewicz", "Ned"], "name", "Ned Pasieka")

    b.txt("papa-care.txt", """\
        Papá (Rogelio Ortega, 79), El Paso

        Lives alone in the house on Tularosa Ave since Mamá died. Type 2 diabetes and high blood pressure. He's sharp but won't admit when he needs help, so Luz and I split the calls: I phone Sundays and Wednesdays, she does the rest.

        Medicines (the pill box gets filled Sunday nights by the aide): metformin 500 mg twice a day with breakfast and dinner; lisinopril 10 mg in the morning; a baby aspirin. His doctor is Dr. Ernesto Villalobos at the Westside clinic; the cardiologist he sees once a year is Dr. Pruitt. Pharmacy delivers.

        Home help: Sun City Home Helpers sends an aide (usually Marta) on Monday, Wednesday and Friday mornings, 9 to 12: pills, groceries, a bit of cleaning. Agency phone (915) 555-0144, the office closes at 5. Billing goes to me.

        Next door: Graciela Soto has a key and checks on him every evening when his kitchen light goes on; her cell is (915) 555-0178 and the house phone is (915) 555-0131. Her son Beto mows Papá's lawn.

        Papá's glucose target: 80 to 130 before meals. If he's above 300, or confused, Graciela calls me and then 911.
        """)
    b.fact("How much of the diabetes pill does Dad take?", ["500 mg"], "number", "850 mg")
    b.fact("Who's Papá's GP?", ["Dr. Ernesto Villalobos", "Ernesto Villalobos", "Dr. Villalobos"], "name",
           "Dr. Ernesto Villanueva")
    b.fact("Which neighbor looks in on my father?", ["Graciela Soto", "Graciela"], "name", "Graciela Sosa")
    b.fact("What's the number for the people who send a helper to Dad's house?", ["(915) 555-0144", "915-555-0144",
           "9155550144"], "phone", "(915) 555-0141")
    b.fact("How do I get hold of Graciela on her mobile?", ["(915) 555-0178", "915-555-0178", "9155550178"], "phone",
           "(915) 555-0187")

    # -- PDF -----------------------------------------------------------------------------------

    b.pdf("payslip-2027-04-23.pdf", "Kinnick & Vogt Surveying LLC - Pay stub", ["""\
        KINNICK & VOGT SURVEYING LLC    7450 S. Lovers Lane Rd, Franklin, WI 53132    PAY STUB
        Employee: Marisol R. Ortega    Employee no. KV-0087    Position: Professional Land Surveyor, Crew Chief
        Period: 04/04/2027 - 04/17/2027    Check date: 04/23/2027    Frequency: biweekly
        EARNINGS                        HOURS       RATE        CURRENT
        Regular                         80.00       $41.20      $3,296.00
        Overtime                        4.00        $61.80      $247.20
        Field per diem                                          $96.00
        GROSS                                                   $3,639.20    YTD $28,115.60
        TAXES AND DEDUCTIONS
        Federal withholding $388.40    Social Security $225.63    Medicare $52.77    Wisconsin withholding $171.04
        401(k) 5% $181.96    Dental (family) $14.20    Medical HDHP (family) $212.50    HSA contribution $150.00
        TOTAL DEDUCTIONS $1,396.50
        NET PAY $2,242.70    Direct deposit to Landmark Credit Union checking ****7731
        PAID TIME OFF: accrued this period 6.15 h    used 8.00 h    available 62.0 hours
        Employer 401(k) match 4% this period: $145.57
        """])
    b.fact("How much actually hit my account from the April 23rd check?", ["$2,242.70", "2,242.70", "2242.70"], "amount",
           "$2,224.70")
    b.fact("What's my base hourly wage at Kinnick & Vogt?", ["$41.20", "41.20"], "amount", "$42.10")
    b.fact("How much paid leave do I have left?", ["62.0 hours", "62 hours"], "number", "26.0 hours")

    b.pdf("property-tax-bill-2026.pdf", "City of Milwaukee - 2026 Property Tax Bill", [
        """\
        CITY OF MILWAUKEE    2026 REAL ESTATE PROPERTY TAX BILL (payable in 2027)
        Taxkey: 469-0512-000    Property address: 2217-2219 S. DELAWARE AV    Class: residential, 2 family
        Owners: ORTEGA, MARISOL R & ACHTERBERG, DEVON J
        ASSESSED VALUE: land $38,200    improvements $221,600    total $259,800
        Average assessment ratio 0.9412; estimated fair market value $276,030
        TAXING JURISDICTION            2025 TAX       2026 TAX
        State of Wisconsin             $0.00          $0.00
        Milwaukee County               $1,204.55      $1,236.18
        City of Milwaukee              $2,611.40      $2,702.93
        Milwaukee Public Schools       $2,180.71      $2,244.60
        Milwaukee Area Technical College  $201.87     $206.45
        Metropolitan Sewerage District $194.12        $201.05
        GROSS TAX                      $6,392.65      $6,591.21
        School levy tax credit and first dollar credit are included above.
        Lottery and gaming credit      -$171.90       -$178.34
        NET TAX                        $6,220.75      $6,412.87
        """,
        """\
        PAYMENT OPTIONS
        Pay in full by January 31, 2027: $6,412.87
        OR pay in ten monthly installments: the first of $641.35 by January 31, 2027, then $641.28 by the last day of each month from February through October. The final installment is due October 31, 2027. A late installment makes the whole unpaid balance due with interest at 1% a month and a penalty of 0.5% a month.
        Pay online, by mail to the City Treasurer (PO Box 78776), or in person at City Hall, Room 103. Questions: treasurer's office, (414) 555-0212.
        """])
    b.fact("What's the parcel ID the city uses for our property?", ["469-0512-000"], "code", "469-0521-000")
    b.fact("What are our property taxes this year, after credits?", ["$6,412.87", "6,412.87"], "amount", "$6,421.87")
    b.fact("What's the duplex assessed at?", ["$259,800", "259,800"], "amount", "$295,800")
    b.fact("When is the last monthly tax payment due?", ["October 31, 2027", "2027-10-31", "31 October 2027"], "date",
           "November 30, 2027")

    b.pdf("bhatt-ortho-agreement.pdf", "Bhatt Orthodontics - Financial agreement", ["""\
        BHATT ORTHODONTICS    3300 S. Howell Ave, Milwaukee    ORTHODONTIC TREATMENT FINANCIAL AGREEMENT
        Patient: Inés Achterberg    Date of birth: 09/14/2011    Account: BO-30917
        Responsible party: Marisol Ortega    Treating orthodontist: Dr. Saanvi Bhatt, DDS, MS
        Treatment: comprehensive, upper and lower fixed appliances (clear ceramic on upper)
        Estimated treatment time: 22 months from 01/08/2027, followed by retainers
        Total treatment fee: $5,640.00
        Less estimated insurance benefit (Delta Dental, lifetime orthodontic maximum): $1,500.00
        Less initial payment, paid 01/08/2027: $940.00
        Balance: $3,200.00, payable in 20 monthly payments of $160.00 by automatic debit on the 8th of each month
        Broken brackets: the first two repairs are included; after that $45 each. Lost retainer: $250 per arch.
        Missed appointments without 24 hours' notice: $35.
        Records fee and retainers are included in the total fee.
        """])
    b.fact("What's the monthly braces instalment?", ["$160.00", "$160"], "amount", "$180.00")
    b.fact("What did we put down when Inés got her braces?", ["$940.00", "$940"], "amount", "$904.00")
    b.fact("What do the braces cost in all, before insurance?", ["$5,640.00", "$5,640"], "amount", "$5,460.00")
    b.fact("How long is Inés expected to have the brackets on?", ["22 months"], "number", "18 months")
    b.fact("What's our account number with the orthodontist?", ["BO-30917"], "code", "BO-30971")

    b.pdf("auto-policy-declarations.pdf", "Northwoods Mutual Insurance - Auto policy declarations", [
        """\
        NORTHWOODS MUTUAL INSURANCE COMPANY    PERSONAL AUTO POLICY DECLARATIONS
        Policy number: NMA-7720416    Policy period: 05/01/2027 to 11/01/2027, 12:01 a.m. standard time
        Named insureds: Marisol R. Ortega, Devon J. Achterberg    Address: 2217 S. Delaware Ave, Milwaukee, WI 53207
        Drivers: Marisol R. Ortega, Devon J. Achterberg
        Vehicle 1: 2019 Honda CR-V EX AWD, garaged at the above address
        Vehicle 2: 2012 Ford Ranger XLT
        Your agent: Halvorsen Insurance Agency, (414) 555-0290
        """,
        """\
        COVERAGES AND LIMITS (both vehicles unless noted)
        Bodily injury liability $100,000 each person / $300,000 each accident; property damage $100,000
        Uninsured and underinsured motorists $100,000 / $300,000; medical payments $5,000
        Comprehensive: $250 deductible    Collision: $500 deductible (CR-V only; the Ranger has no collision cover)
        Rental reimbursement $40 a day, up to 30 days (CR-V)
        PREMIUM FOR THIS PERIOD: $684.10 (last period: $611.90)
        Discounts applied: multi-car, good driver, paid in full. A claim-free renewal credit was not applied.
        """])
    b.fact("What reference do I give when I call about our car cover?", ["NMA-7720416"], "code", "NMA-7720461")
    b.fact("How much is auto cover for the six months starting in May?", ["$684.10", "684.10"], "amount", "$648.10")
    b.fact("What would I pay myself if I crashed the Honda?", ["$500"], "amount", "$750")

    b.pdf("upper-flat-lease-2027.pdf", "Residential lease - 2219 S. Delaware Ave (upper)", [
        """\
        RESIDENTIAL RENTAL AGREEMENT (renewal)
        Landlords: Marisol R. Ortega and Devon J. Achterberg, 2217 S. Delaware Ave, Milwaukee, WI 53207
        Tenant: Priyanka Sethi
        Premises: 2219 S. Delaware Ave (upper unit), Milwaukee, WI 53207, with one basement storage cage and one garage stall
        Term: 04/01/2027 through 03/31/2028
        Rent: $1,385.00 per month, due on the first day of the month. A late fee of $50 applies if rent is received after the 5th.
        Security deposit: $1,340.00, held from the original lease; no additional deposit is required.
        Utilities: tenant pays gas and electric; landlords pay water, sewer and trash.
        Pets: one cat permitted (Mango), pet rent $25 a month. No other animals without written consent.
        """,
        """\
        Snow: landlords clear the public sidewalk; tenant keeps the back stairs clear.
        Notice to enter: 12 hours except in an emergency, under Wis. Admin. Code ATCP 134.
        Renewal: either party gives notice by 01/31/2028 if not renewing.
        Signed 03/04/2027.
        """])
    b.fact("What does the tenant upstairs pay us now?", ["$1,385.00", "$1,385", "1,385"], "amount", "$1,358.00")
    b.fact("What's the street address of the upstairs apartment?", ["2219 S. Delaware Ave", "2219 S Delaware Ave"], "place",
           "2221 S. Delaware Ave")
    b.fact("When does Priyanka's current agreement run out?", ["03/31/2028", "March 31, 2028", "2028-03-31"], "date",
           "03/31/2029")
    b.fact("What do we charge Priyanka if the rent comes in late?", ["$50"], "amount", "$65")
    b.fact("What do we charge extra for the tenant's cat?", ["$25 a month", "$25"], "amount", "$15 a month")

    b.pdf("stockton-island-permit.pdf", "Apostle Islands National Lakeshore - Camping permit", ["""\
        APOSTLE ISLANDS NATIONAL LAKESHORE    CAMPING PERMIT AND RESERVATION CONFIRMATION
        Reservation no. 0827-3319-55    Permit holder: Marisol Ortega    Party size: 4 (2 adults, 2 youth)
        Campground: Stockton Island, Presque Isle Bay campground, Site 22 (tent, bear locker, fire ring)
        Arrival: August 13, 2027    Departure: August 16, 2027    Nights: 3
        Fees: campsite $15.00 x 3 nights = $45.00; reservation fee $10.00; total paid $55.00
        Getting there: no cars on the islands. Island shuttle from Bayfield, City Dock, departs 9:45 a.m.; return from Presque Isle dock 4:30 p.m. Shuttle tickets are sold separately by the boat operator.
        Rules: food and scented items in the bear locker at all times. Pack out all trash. Fires only in the fire ring. Quiet hours 10 p.m. to 6 a.m. Check in at the Presque Isle ranger station on arrival.
        """])
    b.fact("Which campsite is ours on the island?", ["Site 22"], "code", "Site 12")
    b.fact("When does the ferry out to our campsite sail from the mainland?", ["9:45 a.m.", "9:45 am", "9:45"], "time", "10:15 a.m.")
    b.fact("What's the reference for the national lakeshore booking?", ["0827-3319-55"], "code", "0827-3391-55")
    b.fact("Which island are we pitching the tent on?", ["Stockton Island", "Stockton"], "place", "Madeline Island")
    b.fact("What day does the lake camping trip begin?", ["August 13, 2027", "2027-08-13", "13 August 2027"], "date",
           "August 14, 2027")

    # -- HTML ----------------------------------------------------------------------------------

    b.html("aeromexico-booking.html", "Itinerary and receipt — Aeroméxico", """\
        <header><a class="logo" href="/">Aeroméxico</a><nav><a href="/reservas">My trips</a> <a href="/checkin">Check-in</a> <a href="/ayuda">Help</a></nav></header>
        <main>
        <h1>Your trip is confirmed</h1>
        <p>Hello MARISOL ORTEGA, thank you for flying with us. Keep this reservation code to manage your trip: <b>QMXTZV</b></p>
        <h2>Passengers</h2>
        <ol><li>ORTEGA/MARISOL MRS</li><li>ACHTERBERG/DEVON MR</li><li>ACHTERBERG/INES MISS</li><li>ACHTERBERG/TEO MSTR (child)</li></ol>
        <h2>Outbound · Saturday, June 19, 2027</h2>
        <table>
          <tr><th>Flight</th><th>Departure</th><th>Arrival</th><th>Cabin</th></tr>
          <tr><td>AM 681</td><td>Chicago O'Hare (ORD) T5, 06:55</td><td>Mexico City (MEX) T2, 10:40</td><td>Economy</td></tr>
          <tr><td>AM 2524</td><td>Mexico City (MEX) T2, 12:35</td><td>Oaxaca (OAX), 13:50</td><td>Economy</td></tr>
        </table>
        <h2>Return · Sunday, July 4, 2027</h2>
        <table>
          <tr><th>Flight</th><th>Departure</th><th>Arrival</th><th>Cabin</th></tr>
          <tr><td>AM 2531</td><td>Oaxaca (OAX), 07:10</td><td>Mexico City (MEX) T2, 08:20</td><td>Economy</td></tr>
          <tr><td>AM 686</td><td>Mexico City (MEX) T2, 10:05</td><td>Chicago O'Hare (ORD) T5, 14:15</td><td>Economy</td></tr>
        </table>
        <h2>Baggage</h2>
        <p>Each passenger: 1 checked bag up to 23 kg and 1 carry-on up to 10 kg. Connections in Mexico City: collect your bags and clear customs when entering Mexico.</p>
        <h2>Payment summary</h2>
        <table>
          <tr><td>Base fare (4)</td><td>USD 2,214.00</td></tr>
          <tr><td>Taxes, fees and charges</td><td>USD 682.44</td></tr>
          <tr><td>Total charged to VISA ****2250</td><td>US$2,896.44</td></tr>
        </table>
        </main>
        <footer>Aerovías de México · Privacy notice · Conditions of carriage</footer>
        """)
    b.fact("What time is our first plane out of Chicago?", ["06:55", "6:55"], "time", "06:35")
    b.fact("What's the Aeroméxico locator?", ["QMXTZV"], "code", "QMXZTV")
    b.fact("Which flight lands us in Oaxaca?", ["AM 2524", "AM2524"], "code", "AM 2542")
    b.fact("What did the plane tickets to Mexico come to altogether?", ["US$2,896.44", "2,896.44"], "amount",
           "US$2,869.44")

    b.html("water-bill-account.html", "Account overview — Milwaukee Water Works", """\
        <header><div class="brand">Milwaukee Water Works</div><nav><a href="/myaccount">My account</a> <a href="/pay">Pay</a> <a href="/outages">Service alerts</a></nav></header>
        <main>
        <h1>Account overview</h1>
        <p>Service address: 2217 S DELAWARE AV · Account number: <strong>0081-447720-03</strong></p>
        <h2>Current bill</h2>
        <table>
          <tr><td>Billing period</td><td>01/02/2027 – 03/31/2027</td></tr>
          <tr><td>Water usage</td><td>24 CCF (1 CCF = 748 gallons)</td></tr>
          <tr><td>Water charges</td><td>$98.16</td></tr>
          <tr><td>Sewer service (city)</td><td>$61.93</td></tr>
          <tr><td>Solid waste fee</td><td>$69.05</td></tr>
          <tr><td>Snow and ice removal</td><td>$24.57</td></tr>
          <tr><td>Stormwater</td><td>$33.90</td></tr>
          <tr><td><strong>Amount due</strong></td><td><strong>$287.61</strong></td></tr>
          <tr><td>Due date</td><td>05/14/2027</td></tr>
        </table>
        <h2>History</h2>
        <table>
          <tr><th>Period</th><th>Usage</th><th>Billed</th><th>Paid</th></tr>
          <tr><td>Oct–Dec 2026</td><td>27 CCF</td><td>$301.18</td><td>paid 02/09/2027</td></tr>
          <tr><td>Jul–Sep 2026</td><td>31 CCF</td><td>$322.40</td><td>paid 11/10/2026</td></tr>
        </table>
        <p>Autopay: <em>not enrolled</em>. Paperless billing: on.</p>
        </main>
        <footer>City of Milwaukee · Water Works customer service</footer>
        """)
    b.fact("What's our customer number with the water utility?", ["0081-447720-03"], "code", "0081-447702-03")
    b.fact("How much do we owe the water department for the winter quarter?", ["$287.61", "287.61"], "amount", "$278.61")
    b.fact("By when does the water bill have to be paid?", ["05/14/2027", "May 14, 2027", "2027-05-14"], "date",
           "05/21/2027")
    b.fact("How much water did the house go through January to March?", ["24 CCF"], "number", "42 CCF")

    b.html("gearheads-team-page.html", "Cream City Gearheads · FRC Team 8146", """\
        <nav><a href="/">Home</a> | <a href="/sponsors">Sponsors</a> | <a href="/parents">Parents</a> | <a href="/calendar">Calendar</a></nav>
        <h1>Cream City Gearheads</h1>
        <p class="lede">A FIRST Robotics Competition team from Lakeside STEM Academy and two partner schools. FRC Team 8146, founded 2021.</p>
        <h2>For parents</h2>
        <p>Build sessions are Mondays and Thursdays, 5:30 to 8:30 p.m., in the engineering lab (room B12). Students sign in and out at the lab door. The season fee is $325 per student, which covers the team shirt, competition registration and food at events; talk to a mentor in confidence if the fee is a problem, nobody is turned away.</p>
        <p>Our head coach is Yusuf Demir (physics teacher); questions go to <a href="mailto:parents@gearheads8146.example">parents@gearheads8146.example</a>. The build season lead mentor is Carla Bianchi, a volunteer engineer.</p>
        <h2>Upcoming</h2>
        <table>
          <tr><th>Event</th><th>Date</th><th>Where</th></tr>
          <tr><td>Spring showcase for sponsors</td><td>May 20, 2027</td><td>Lakeside STEM Academy gym</td></tr>
          <tr><td>Lakefront Robotics Invitational (off-season)</td><td>June 5, 2027</td><td>Exposition Center, State Fair Park, West Allis</td></tr>
          <tr><td>Summer build camp</td><td>July 12–16, 2027</td><td>Engineering lab</td></tr>
        </table>
        <h2>Travel</h2>
        <p>The bus to the invitational leaves school at 6:15 a.m.; permission slips are due a week before.</p>
        """)
    b.fact("What's my daughter's robotics team number?", ["8146"], "code", "8164")
    b.fact("How much does a season with the robot team cost?", ["$325"], "amount", "$352")
    b.fact("Who's in charge of the robotics kids?", ["Yusuf Demir", "Demir"], "name", "Yusuf Demirel")
    b.fact("When's the off-season robot tournament?", ["June 5, 2027", "2027-06-05", "5 June 2027"], "date", "June 12, 2027")
    b.fact("Where's Inés's robot event in June?", ["Exposition Center", "State Fair Park"], "place", "Convention Center")
    b.fact("Who do parents write to with questions about the team?", ["parents@gearheads8146.example"], "email",
           "info@gearheads8146.example")

    b.html("mite-hockey-registration.html", "Registration complete — Bay View Youth Hockey", """\
        <header><h1>Bay View Youth Hockey Association</h1></header>
        <section>
        <h2>Thank you! Your registration is complete.</h2>
        <p>Confirmation: <strong>BVYH-27-0592</strong></p>
        <table>
          <tr><td>Player</td><td>Teo Achterberg (born 2018)</td></tr>
          <tr><td>Program</td><td>Mite Learn-to-Play, spring session (8 weeks)</td></tr>
          <tr><td>Ice time</td><td>Saturdays 8:10 a.m. to 9:00 a.m., starting April 17</td></tr>
          <tr><td>Rink</td><td>Lakeshore Ice Center, Rink 2</td></tr>
          <tr><td>Jersey</td><td>Blue, No. 19, youth medium</td></tr>
          <tr><td>Program fee</td><td>$240.00</td></tr>
          <tr><td>USA Hockey membership (season)</td><td>$60.00 (paid separately)</td></tr>
          <tr><td>Total paid today</td><td>$240.00</td></tr>
        </table>
        <p>Players need a full helmet with cage, gloves, skates and a neck guard; the association lends the rest of the gear. Please arrive 30 minutes early to dress. The Sunday 4:50 p.m. slot is for the Squirt team, not Mites.</p>
        </section>
        """)
    b.fact("How early is the boy on the ice at the weekend?", ["8:10 a.m.", "8:10 am", "8:10"], "time", "8:40 a.m.")
    b.fact("What number is on my son's hockey sweater?", ["No. 19", "19"], "number", "No. 91")
    b.fact("What did Teo's learn-to-play cost?", ["$240.00", "$240"], "amount", "$204.00")
    b.fact("Which rink is the boy's hockey at?", ["Lakeshore Ice Center"], "place", "Lakeshore Ice Arena")

    b.html("hsa-summary.html", "Account summary — Great Lakes HSA", """\
        <div id="app">
        <header><span class="brand">Great Lakes HSA</span> <a href="/logout">Log out</a></header>
        <h1>Health savings account</h1>
        <p>Account holder: Marisol Ortega · Coverage: family HDHP · Account ending 5148</p>
        <div class="cards">
          <div class="card"><h3>Available cash balance</h3><p class="big">$4,812.35</p></div>
          <div class="card"><h3>Invested</h3><p class="big">$3,000.00</p></div>
          <div class="card"><h3>2027 contributions so far</h3><p class="big">$1,650.00</p><p>of the $8,750.00 family limit</p></div>
        </div>
        <h2>Recent activity</h2>
        <table>
          <tr><th>Date</th><th>Description</th><th>Amount</th></tr>
          <tr><td>04/23/2027</td><td>Payroll contribution</td><td>+$150.00</td></tr>
          <tr><td>04/19/2027</td><td>Card purchase: WALGREENS #6642</td><td>-$38.17</td></tr>
          <tr><td>04/09/2027</td><td>Payroll contribution</td><td>+$150.00</td></tr>
          <tr><td>03/30/2027</td><td>Card purchase: LAKEVIEW FAMILY DENTISTRY</td><td>-$212.00</td></tr>
          <tr><td>03/31/2027</td><td>Interest</td><td>+$1.42</td></tr>
        </table>
        </div>
        """)
    b.fact("How much cash is in the medical savings account right now?", ["$4,812.35", "4,812.35"], "amount", "$4,821.35")
    b.fact("What have we paid into the HSA this year so far?", ["$1,650.00", "1,650.00"], "amount", "$1,560.00")
    b.fact("What did the drugstore charge to the HSA card in April?", ["$38.17", "38.17"], "amount", "$31.87")

    # -- single e-mails ------------------------------------------------------------------------

    b.eml("sump-pump-quote.eml", Mail(
        "Sal Marchetti <sal@brewcityplumbing.example>", me, "Mon, 3 May 2027 17:48:20 -0500",
        "Quote: sump pump, 2217 S Delaware", """\
        Hi Marisol,

        Thanks for having me out this morning. The pump in your pit is the original from when the house was redone, probably 2009, and the float switch is sticking, which is why it ran dry and burned out the motor smell you noticed. The battery backup you put in two years ago is fine and I'd keep it.

        What I'd do: replace the primary with a 1/3 HP cast-iron submersible, a new check valve and a union so it comes apart easily next time, and reseal the pit lid. Parts and labor: $685, all in. If you'd rather go with the 1/2 HP model it's $840, but your pit doesn't fill fast enough to need it.

        I can do it Thursday, May 20; I'll be there at 8 a.m. and it's about three hours. Please clear a path to the basement stairs. You can pay by check or card on the day.

        Sal Marchetti
        Brew City Plumbing, Master Plumber MP-228417
        """))
    b.fact("What's Sal charging to swap out the basement pump?", ["$685", "685"], "amount", "$658")
    b.fact("What day is the plumber booked?", ["May 20", "2027-05-20", "20 May"], "date", "May 27")

    b.eml("re-lease-renewal.eml", Mail(
        "Priyanka Sethi <priyanka.sethi@example.com>", me, "Wed, 24 Feb 2027 07:52:11 -0600",
        "Re: renewing the upstairs lease", """\
        Hi Marisol,

        Thanks for being flexible. Yes, I'd like to stay another year. I'm fine with the lower number and the 12 months. I'll sign whenever you bring the papers up; evenings before 9 are best, I'm on nights.

        One thing: the dishwasher still leaks from the door when it drains. Can someone look at it? I'm home Tuesday, March 9 after 4 p.m., or you can let them in with your key any weekday morning if you text me first.

        Also, my sister Anjali will stay with me for two weeks in April while her apartment is painted. I hope that's OK.

        Priyanka

        On Mon, 22 Feb 2027, Marisol Ortega wrote:
        > Hi Priyanka,
        > Your lease is up on March 31. We'd love for you to stay. Our
        > taxes went up, so the rent would go to $1,410 a month for 12
        > months, or $25 less if you'd sign for 12 months and let us show
        > the flat's garage stall to the neighbors for bike storage.
        > Let me know by the end of the month.
        > Marisol
        """))
    b.fact("When can the repair person get into the tenant's kitchen?", ["March 9", "2027-03-09", "9 March"], "date",
           "March 16")
    b.fact("What rent did I first propose to Priyanka?", ["$1,410", "1,410"], "amount", "$1,401")
    b.fact("Who's visiting the upstairs flat for two weeks?", ["Anjali"], "name", "Anushka")

    b.eml("ortho-adjustment.eml", Mail(
        "Bhatt Orthodontics <appointments@bhattortho.example>", me, "Thu, 29 Apr 2027 10:03:47 -0500",
        "Appointment change for Inés", """\
        Dear Marisol,

        Dr. Bhatt will be at a conference on the original date, so we've moved Inés's adjustment appointment from Friday, May 7 to Friday, May 14 at 3:40 p.m. The visit takes about 30 minutes: we'll change the wires on both arches and check the elastics.

        Please have Inés brush before coming and bring her retainer case and the spare elastics. If the new time doesn't work, call us at (414) 555-0241 at least 24 hours ahead to avoid the missed-appointment fee.

        Bhatt Orthodontics, 3300 S. Howell Ave
        """))
    b.fact("When is my daughter's next brace tightening?", ["May 14", "2027-05-14", "14 May"], "date", "May 21")
    b.fact("What time is Inés due at the orthodontist?", ["3:40 p.m.", "3:40 pm", "15:40"], "time", "4:10 p.m.")
    b.fact("What's the phone number to reschedule at Bhatt?", ["(414) 555-0241", "414-555-0241", "4145550241"], "phone",
           "(414) 555-0214")

    b.eml("cocina-itzel-class.eml", Mail(
        "La Cocina de Itzel <clases@cocinaitzel.example>", me, "Tue, 13 Apr 2027 19:22:05 -0500",
        "Your class on 30 June: confirmation", """\
        Dear Marisol,

        Thank you for booking a family class with us. Here are the details.

        Date: Wednesday, 30 June 2027. We meet at 9:30 a.m. at the main entrance of the Mercado de la Merced (the one on Calle Hidalgo, not the flower side), and walk through the market together to buy ingredients. Then we go by taxi to my kitchen in San Felipe del Agua, and we cook until about 3 p.m.: mole coloradito, tortillas by hand, a salsa on the molcajete, and chocolate to drink.

        Price: 1,950 pesos per adult, half price for children under 16, so for your family of four the total is $5,850 MXN. Your deposit of US$60 is received; the rest is paid on the day in cash.

        Tell me about allergies: I have noted your son's allergy, and I will make the mole without almonds for everybody.

        Un abrazo,
        Itzel Cruz
        """))
    b.fact("Where do we meet the cooking teacher in Oaxaca?", ["Mercado de la Merced", "la Merced"], "place",
           "Mercado Benito Juárez")
    b.fact("What time does the cooking day start?", ["9:30 a.m.", "9:30 am", "9:30"], "time", "10:30 a.m.")
    b.fact("What does the cooking lesson come to for the four of us, in pesos?", ["$5,850 MXN", "5,850"], "amount",
           "$5,580 MXN")

    b.eml("jury-summons.eml", Mail(
        "Milwaukee County Jury Management <jury@milwaukeecounty.example>", me, "Fri, 16 Apr 2027 08:15:00 -0500",
        "Jury service: your reporting instructions", """\
        Dear MARISOL R ORTEGA,

        You have been summoned for jury service in the Milwaukee County Circuit Court. Your juror number is 2027-118604. Please keep it for all correspondence.

        Report on Monday, May 24, 2027 at 7:45 a.m. to the Jury Assembly Room, Room 1-40, on the ground floor of the Courthouse, 901 N. 9th St. Bring this notice and a photo ID. Your term of service is one day or one trial. Call the juror information line after 5 p.m. on the Friday before, (414) 555-0288, to confirm you still need to report.

        Parking is not provided; the county pays $16 per day of attendance plus mileage. Employers may not penalize you for serving.

        Jury Management Office
        """))
    b.fact("Which number identifies me to the court next month?", ["2027-118604"], "code", "2027-118640")
    b.fact("When do I have to show up at court?", ["May 24, 2027", "2027-05-24", "May 24"], "date", "May 17, 2027")
    b.fact("Where in the courthouse do jurors gather?", ["Room 1-40", "Jury Assembly Room"], "place", "Room 1-04")
    b.fact("How early do I have to be at the courthouse?", ["7:45 a.m.", "7:45 am", "7:45"], "time", "8:30 a.m.")

    b.eml("honda-recall-appointment.eml", Mail(
        "Lake Shore Honda Service <service@lakeshorehonda.example>", me, "Sat, 1 May 2027 11:11:32 -0500",
        "Service appointment confirmed: recall campaign", """\
        Hello Marisol,

        Your appointment for the open safety recall on your 2019 Honda CR-V (campaign R7Q, low-pressure fuel pump) is confirmed for Tuesday, June 1, 2027 at 7:30 a.m. The repair takes about 3 hours and there is no charge. A loaner is reserved for you; please bring your driver's license and proof of insurance.

        While the car is here we will also do the multi-point inspection at no cost. Your service advisor is Grant Feeney.

        Lake Shore Honda, 6940 S. 27th St, Oak Creek
        """))
    b.fact("When is the CR-V going in for the recall fix?", ["June 1, 2027", "2027-06-01", "June 1"], "date", "June 8, 2027")
    b.fact("What's the safety notice reference for our car?", ["R7Q"], "code", "R7O")

    b.eml("spring-concert-call.eml", Mail(
        "Annaliese Kuehn <akuehn@lakeshoreband.example>", "Lakeshore Community Band <members@lakeshoreband.example>",
        "Wed, 5 May 2027 22:40:18 -0500", "Spring concert: call time and dress", """\
        Dear band,

        Great rehearsal last night; the Holst is finally together. The spring concert is Sunday, May 16 at 3:00 p.m. in the Kenwood Auditorium at the university (not the recital hall where we played in the fall). Call time is 2:00 p.m. on stage, in concert black, instruments out and warmed up; the short dress rehearsal on the day runs 2:00 to 2:30.

        Parking: the Lubar structure is free on Sundays, use the Kenwood Blvd entrance. Stands and chairs are set by the stage crew, so percussion please come at 1:30 to set up.

        Tickets are free but reservations help us plan: lakeshoreband.example/spring

        Annaliese
        """))
    b.fact("When should I be warmed up and in my seat for the May show?", ["2:00 p.m.", "2:00 pm", "14:00"], "time",
           "2:45 p.m.")
    b.fact("Where's the band's May performance?", ["Kenwood Auditorium"], "place", "Kenwood Recital Hall")

    # -- mailboxes -----------------------------------------------------------------------------

    b.mbox("family-spring-2027.mbox", [
        Mail("Luz Ortega <luz.ortega@example.com>", me, "Sun, 11 Apr 2027 21:14:50 -0500", "O'Hare plan", """\
             Mari,

             OK so here's the plan for the 19th. You all drive down the night before and sleep here, the kids can have the pull-out. Park the CR-V in the garage off the alley behind our place; the keypad on the garage door is 7719, and the old code (4402) doesn't work since Rafa changed it. We leave for O'Hare at 4:15 in the morning, I'm driving, no arguments.

             When you come back on the 4th I'll be at the cell phone lot. Text me when you're at the carousel.

             Also: Papá told me he wants to bring Abuela a new TV. Talk him out of it, he's going to try to check it as luggage.

             Luz
             """),
        Mail(devon, me, "Tue, 20 Apr 2027 13:02:33 -0500", "Mom's 70th", """\
             Hey,

             My sister and I settled on lunch for Mom's 70th at the Harbor Grill in Sheboygan, Sunday May 30 at noon, in the back room that looks out at the lake. Twelve of us. Karl is bringing Mom so it's a surprise-ish.

             I ordered the photo book from the print place, 40 pages, $64.50, it should come by the 25th. Can you write something for the first page? You're better at that.

             And the brewery needs me Saturday the 29th for the canning run, so we'll drive up Sunday morning.

             D
             """),
        Mail("Rogelio Ortega <rogelio.ortega47@example.net>", me, "Thu, 22 Apr 2027 18:40:09 -0500", "mi vuelo", """\
             Mija,

             I have my ticket. I fly from El Paso on Friday June 18, American through Dallas, and I arrive in Oaxaca at 14:25. Yesenia's husband picks me up. I come back July 3, one day before you.

             The doctor changed nothing, he says the sugar is better. Marta says hello.

             Don't let Luz tell you about the television. It's a small one.

             Papá
             """),
        Mail("Inés Achterberg <ines.achterberg@example.org>", f"{me}, {devon}", "Mon, 26 Apr 2027 16:55:43 -0500",
             "lock-in!!", """\
             Hi,

             The robotics team is doing an overnight lock-in at school on Friday May 7 to finish the showcase robot (6 p.m. to 8 a.m., Coach Demir and three parents stay). I need the permission form signed and $15 for pizza by this Friday. Please please please.

             Also can someone pick me up on Saturday at 8? Dad has the brewery.

             Inés
             """),
    ])
    b.fact("How do I get into Luz's garage?", ["7719"], "code", "7791")
    b.fact("What time does Luz want to set off for the airport?", ["4:15", "4:15 a.m."], "time", "4:45")
    b.fact("Where's the lunch for Devon's mom turning 70?", ["Harbor Grill"], "place", "Harbor House")
    b.fact("What did Devon pay for the photo book?", ["$64.50", "64.50"], "amount", "$46.50")
    b.fact("When does my father land in Oaxaca?", ["14:25", "2:25 p.m.", "2:25 pm"], "time", "15:25")
    b.fact("When is the party for Karen's seventieth?", ["May 30", "2027-05-30", "30 May"], "date", "May 29")

    b.mbox("kinnick-vogt-mail.mbox", [
        Mail("Howard Vogt <hvogt@kinnickvogt.example>", "Field crews <crews@kinnickvogt.example>",
             "Mon, 19 Apr 2027 07:05:12 -0500", "Willow Bend deadline", """\
             All,

             The developer moved up the Willow Bend preliminary plat: it goes to the Oak Creek Plan Commission on June 22, so the final field check and the plat drawing have to be done and stamped by Friday, June 11. Marisol, your crew takes the rear lot lines and the stormwater easements; crew A has the road centerline.

             Wetland flags are still up along the creek. Don't move them.

             Howard
             """),
        Mail("Deb Strand <dstrand@kinnickvogt.example>", "All staff <staff@kinnickvogt.example>",
             "Wed, 21 Apr 2027 11:30:44 -0500", "First aid / CPR recertification", """\
             Hi everyone,

             Our first aid and CPR recertification is on Thursday, May 13, 1:00 to 4:00 p.m., in the Franklin office conference room. The instructor is from the Red Cross. Field crews: come in from the field by 12:30. Anyone whose card expired last year must attend; everyone else is welcome.

             Deb
             """),
        Mail("Trimble Service Center <service@geotechrepair.example>", me, "Fri, 23 Apr 2027 14:12:09 -0500",
             "Repair order GT-55821 complete", """\
             Hello Marisol,

             Your S7 total station (serial 37110482) has been calibrated and the EDM cleaned and is ready for pickup at our New Berlin shop, or we can ship it to you. Work order GT-55821. Invoice total: $412.00, billed to Kinnick & Vogt per your account terms.

             Next recommended calibration: April 2028.

             Geotech Repair
             """),
    ])
    b.fact("When does Howard need the finished lot drawing signed off?", ["June 11", "2027-06-11", "11 June"], "date", "June 25")
    b.fact("What did the instrument calibration cost?", ["$412.00", "$412"], "amount", "$421.00")

    # -- calendars -----------------------------------------------------------------------------

    b.ics("ortega-home.ics", "Ortega-Achterberg home", "America/Chicago", [
        Event("Dentist – Marisol (cleaning)", "20270511T073000", "20270511T083000",
              "Lakeview Family Dentistry, 2590 S. Kinnickinnic Ave", "Before work."),
        Event("Dentist – Devon (crown fitting)", "20270511T161500", "20270511T170000",
              "Lakeview Family Dentistry, 2590 S. Kinnickinnic Ave", "Temporary crown off, permanent on."),
        Event("Teo – allergist follow-up (Dr. Mbeki)", "20270608T093000", "20270608T101500",
              "Children's Allergy Clinic, 1020 N. Mayfair Rd, Wauwatosa", "Bring the EpiPen log and the school plan."),
        Event("Hens – permit renewal due", "20270430", "20270501", "", "Online, $35."),
        Event("Upstairs smoke detector check", "20270522T100000", "20270522T110000", "Upper flat",
              "Text Priyanka two days before."),
        Event("Inés – driver's ed orientation", "20270603T183000", "20270603T200000", "Lakeside STEM Academy, room A210",
              "A parent must come. Bring her birth certificate."),
    ], "ortega-achterberg.example")
    b.fact("What time is Devon at the dentist?", ["16:15", "4:15 p.m."], "time", "15:15")
    b.fact("Where does Teo see the allergy specialist?", ["Children's Allergy Clinic"], "place", "Children's Asthma Clinic")
    b.fact("When is my son's allergy recheck?", ["2027-06-08", "June 8"], "date", "2027-06-15")
    b.fact("When do we test the alarms in the upstairs flat?", ["2027-05-22", "May 22"], "date", "2027-05-29")

    b.ics("band-and-field.ics", "Marisol – band & field", "America/Chicago", [
        Event("Band rehearsal", "20270511T191500", "20270511T211500", "Fernwood Middle School, band room"),
        Event("Set-up crew (my week)", "20270601T183000", "20270601T191500", "Fernwood Middle School, band room",
              "Chairs, stands, percussion cage."),
        Event("Field: Willow Bend rear lots", "20270517T070000", "20270517T153000", "Willow Bend, W. Puetz Rd, Oak Creek",
              "Take the F-250. Base on KV-CP-118."),
        Event("Wisconsin Society of Land Surveyors – chapter dinner", "20270527T180000", "20270527T210000",
              "Serb Hall banquet room, 5101 W. Oklahoma Ave", "Two CE hours. Talk on drone photogrammetry."),
        Event("Summer concert #1", "20270708T190000", "20270708T203000", "Bandshell, 3000 S. Howell Ave", "Call 6:15."),
    ], "kinnickvogt.example")
    b.fact("When's my week to set up chairs for band?", ["2027-06-01", "June 1"], "date", "2027-05-25")
    b.fact("Where's the surveyors' society dinner?", ["Serb Hall"], "place", "Croatian Hall")

    # -- contacts ------------------------------------------------------------------------------

    b.vcf("family-contacts.vcf", [
        Card("Devon Achterberg", ("Achterberg", "Devon", "", ""), tel=[("CELL", "(414) 555-0273")],
             email=["devon.achterberg@example.org"], org="Hop Shoal Brewing", title="Head brewer",
             bday="1983-11-02", note="Husband. Brewery phone goes to voicemail on brew days."),
        Card("Luz Ortega", ("Ortega", "Luz", "", ""), tel=[("CELL", "(312) 555-0166")], email=["luz.ortega@example.com"],
             adr=("HOME", "1835 W. 18th St", "Chicago", "IL", "60608", "USA"), note="Sister. Husband Rafa."),
        Card("Rogelio Ortega", ("Ortega", "Rogelio", "", ""), tel=[("HOME", "(915) 555-0119")],
             email=["rogelio.ortega47@example.net"], adr=("HOME", "4410 Tularosa Ave", "El Paso", "TX", "79903", "USA"),
             bday="1947-10-12", note="Papá. No cell phone, he refuses."),
        Card("Karen Achterberg", ("Achterberg", "Karen", "", ""), tel=[("HOME", "(920) 555-0182")],
             adr=("HOME", "1207 N. 8th St", "Sheboygan", "WI", "53081", "USA"), bday="1957-05-28",
             note="Devon's mom."),
        Card("Consuelo Ortega", ("Ortega", "Consuelo", "", ""), tel=[("HOME", "+52 951 555 0134")],
             adr=("HOME", "Calle Morelos 212", "Santa Lucía del Camino", "Oaxaca", "71228", "Mexico"),
             note="Abuela Chelo. Call Sundays after 5 her time."),
        Card("Fatou Kamara", ("Kamara", "Fatou", "", ""), tel=[("CELL", "(414) 555-0238")],
             email=["fatou.kamara@example.com"], note="Otis's mom. Thursday pickup swap."),
    ])
    b.fact("What's my husband's cell?", ["(414) 555-0273", "414-555-0273", "4145550273"], "phone", "(414) 555-0237")
    b.fact("How do I call Abuela in Mexico?", ["+52 951 555 0134", "951 555 0134"], "phone", "+52 951 555 0143")
    b.fact("What's my sister's e-mail address?", ["luz.ortega@example.com"], "email", "luz.ortega@example.net")
    b.fact("How do I reach Otis's mother?", ["(414) 555-0238", "414-555-0238", "4145550238"], "phone", "(414) 555-0283")

    b.vcf("milwaukee-services.vcf", [
        Card("Lakeside Bird & Exotics", ("", "", "", ""), tel=[("FAX", "(414) 555-0233")],
             email=["appointments@lakesidebird.example"], org="Lakeside Bird & Exotics",
             adr=("WORK", "3120 S. 13th St", "Milwaukee", "WI", "53215", "USA"), note="Dr. Lorna Pietsch. Hens."),
        Card("Ray Nowicki", ("Nowicki", "Ray", "", ""), tel=[("CELL", "(414) 555-0264")], org="Nowicki Electric",
             title="Master electrician", note="Did the upstairs panel in 2021."),
        Card("Cream City Roofing", ("", "", "", ""), tel=[("WORK", "(414) 555-0277")],
             email=["office@creamcityroofing.example"], org="Cream City Roofing", note="Roof 2022. Gutters too."),
        Card("Trudy Halvorsen", ("Halvorsen", "Trudy", "", ""), tel=[("WORK", "(414) 555-0290")],
             email=["trudy@halvorseninsurance.example"], org="Halvorsen Insurance Agency",
             note="Car and home insurance."),
        Card("Bay View Auto", ("", "", "", ""), tel=[("WORK", "(414) 555-0256")], org="Bay View Auto",
             adr=("WORK", "2781 S. Howell Ave", "Milwaukee", "WI", "53207", "USA"), note="Oil changes. Ask for Denise."),
        Card("Jaylen Brooks", ("Brooks", "Jaylen", "", ""), tel=[("CELL", "(414) 555-0205")],
             note="Shovels the walk. Text, don't call."),
    ])
    b.fact("Where do I e-mail to book the hens in at the vet?", ["appointments@lakesidebird.example"], "email",
           "info@lakesidebird.example")
    b.fact("Who's our electrician?", ["Ray Nowicki", "Nowicki"], "name", "Ray Nowak")
    b.fact("How do I reach the insurance lady by e-mail?", ["trudy@halvorseninsurance.example"], "email",
           "trudy@halvorsenagency.example")
    b.fact("What's the garage that does our oil changes on the phone?", ["(414) 555-0256", "414-555-0256", "4145550256"],
           "phone", "(414) 555-0265")
    b.fact("How do I text the kid who does the snow?", ["(414) 555-0205", "414-555-0205", "4145550205"], "phone",
           "(414) 555-0250")

    return b.finish(OPEN_F)


OPEN_F = [
    "Hi there, what kinds of things can you help me with?",
    "Write a short speech for my grandmother's ninetieth birthday, half in Spanish.",
    "Explain how a sump pump and a battery backup work together.",
    "Plan a rainy afternoon in Oaxaca city for two teenagers who are bored of museums.",
    "Write a limerick about four hens and an automatic coop door.",
    "Give me a packing list for three nights of tent camping on a Lake Superior island.",
    "Explain how a land surveyor uses GPS to find a property corner.",
    "Write a Python function that converts square feet to acres.",
    "Suggest five easy nut-free lunches an eight-year-old will actually eat.",
    "Explain what a high-deductible health plan is and how an HSA goes with it.",
    "Write a friendly note to a tenant reminding her about the smoke detector check.",
    "Tell me a bedtime story about a little hockey player who is afraid of the ice.",
    "Give me tips for practising trombone slide positions quietly in an apartment.",
    "Explain the difference between a property's assessed value and its market value.",
    "What should I tell a teenager before her first overnight school event?",
    "Write a haiku about Lake Michigan in April.",
    "Summarise the history of Oaxaca's mole in a few paragraphs.",
    "Teach me ten Spanish phrases for talking to a taxi driver.",
    "Write a SQL query that totals monthly spending by category.",
    "How do I keep backyard chickens' water from freezing in a Wisconsin winter?",
    "If I store my father's medicines and doctors in here, who can see them?",
    "Write a polite e-mail asking my boss for a Friday off in July.",
]
