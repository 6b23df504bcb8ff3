"""Corpus "c" of the answer benchmark: one made-up person's files, the one-fact questions
about them and open requests (see ``bench.answer_corpus``)."""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

from bench.answer_corpus import Card, Corpus, Event, Mail, _Builder


def build(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Niamh Brennan <niamh.brennan@example.org>"

    b.md("house-book.md", """\
        # 14 Rothe Park — house book

        Ferdia and I bought the house in March 2023. This is the file for anyone minding the house or the kids; a printed copy is stuck to the side of the fridge.

        ## Meters and numbers

        Electricity: the meter is in the white box on the front wall, left of the door. Our MPRN is 10 305 772 814 (Glas Energy asks for it on every call, and so does ESB Networks if the power goes). No gas on the estate, the heating is the heat pump. Water: Uisce Éireann, no meter on the house yet.

        - Eircode: R95 E2W8 (couriers get lost without it, the estate has two entrances)
        - Alarm: keypad inside the front door; the code is in Ferdia's phone, not written down anywhere
        - Fuse board: under the stairs, behind the hoover

        ## Heating

        Air-to-water heat pump (8 kW) out the back, serviced every spring by Shannonside Heating. Don't touch the settings on the wall controller; if the house is cold, check the immersion switch in the hot press first and then ring them.

        The stove in the front room takes kiln-dried ash only. The chimney was last swept on 11 October 2026 and the sweep recommends once a year, before the winter.

        ## Bins

        Nore Waste collect on Wednesday mornings: green (recycling) one week, black (general) the next, and the brown food caddy every week. Out the night before, but weigh the lids down if it's windy.
        """)
    b.fact("What's the meter point reference for our electricity supply?", ["10 305 772 814", "10305772814"], "code",
           "10 305 727 814")
    b.fact("When did the chimney last get cleaned?", ["11 October 2026", "2026-10-11", "October 11, 2026"], "date",
           "21 October 2026")
    b.fact("Which firm looks after the heat pump?", ["Shannonside Heating"], "name", "Shannonside Plumbing")

    b.md("bees.md", """\
        # Bees

        Two hives at the end of the garden, behind the compost bins, facing south-east. Registered with the Department as apiary KK-A-0419 (the tag is on the stand of Hive 1). Member of the Kilkenny Beekeepers' Association since 2024, membership no. KBA-2211.

        ## The hives

        - Hive 1 ("Maeve"): National, brood box and two supers. Queen marked blue, 2025. Calm and very productive.
        - Hive 2: a swarm we took out of the hedge at Mam's in Tramore, June 2026. Queen unmarked. Tetchier; wear the gloves.

        ## Honey

        Last August we took 23 kg off Hive 1 and only 6 kg off Hive 2 (it was still building up). Jars: 227 g with the gold lids; labels printed at the library.

        ## Varroa

        Oxalic acid trickle in midwinter, when there's no brood: done on 28 December 2026, both hives. Next check with the sticky board in April.

        ## Mentor

        Séamus Tallon from the association comes out twice a season to go through the hives with me. His number is in my contacts.
        """)
    b.fact("How much honey did the first hive give us last year?", ["23 kg", "23kg", "23 kilos"], "number", "32 kg")
    b.fact("What's the apiary registration number for our bees?", ["KK-A-0419"], "code", "KK-A-0491")
    b.fact("When did I give the hives their oxalic acid treatment?", ["28 December 2026", "2026-12-28",
                                                                    "December 28, 2026"], "date",
           "18 December 2026")

    b.md("cycling-club.md", """\
        # Nore Valley CC — 2027

        Joined in 2025. Cycling Ireland leisure licence, renewed in January: licence number 100482731 (they ask for it at sign-on for every event).

        ## Club spins

        - Saturday: the "B" group leaves the Market Yard car park at 9:30 sharp, 60–80 km, café stop in Inistioge. Coffee is on whoever punctures first.
        - Wednesday evenings (April to August): chain-gang loop out the Callan road, 7 pm from the Newpark roundabout. Lights front and back, even in June.

        The "A" group goes at 9:00 from the same place and doesn't wait for anyone. Don't.

        ## Things to remember

        - Ride captain for the B group this year is Gráinne Lacey. Text her by Friday night if you're not coming, so nobody waits in the cold.
        - Club kit orders close at the end of March; I'm a women's medium in the jersey and a small in the bib shorts.
        - Annual subs €60, paid.

        ## Goals

        Finish the Sliabh na mBan Sportive (120 km) in under five hours; the entry confirmation has the details. Build up to 100 km rides by the end of May.
        """)
    b.fact("What time does the B group head off on Saturdays?", ["9:30", "09:30", "half nine"], "time", "10:15")
    b.fact("What's my Cycling Ireland licence number?", ["100482731"], "code", "100482713")
    b.fact("Who is the ride captain for my group at the cycling club?", ["Gráinne Lacey", "Grainne Lacey", "Lacey"],
           "name", "Gráinne Lally")

    b.md("mams-brown-bread.md", """\
        # Mam's brown bread

        The one she makes every Saturday in Tramore. One loaf in a 2 lb tin. She never measures anything; these are the amounts I weighed the last time I stood over her.

        ## Ingredients

        - 400 g coarse wholemeal flour
        - 100 g plain white flour
        - 1 level teaspoon bread soda, sieved (lumps mean green spots)
        - 1 teaspoon salt
        - 1 tablespoon treacle, warmed
        - 500 ml buttermilk, maybe a drop more
        - a handful of oat flakes for the top

        ## Method

        1. Oven at 200°C (fan 180), tin greased.
        2. Mix the dry things, make a well, buttermilk and treacle in, stir to a wet, sloppy dough. No kneading.
        3. Into the tin, oats on top, a knife down the middle.
        4. Bake for 45 minutes, then out of the tin and back in upside down for 10 more. It's done when the bottom sounds hollow.

        Wrap it in a damp tea towel to cool, or the crust is like a roof slate.
        """)
    b.fact("How much buttermilk goes into Mam's brown bread?", ["500 ml", "500ml", "half a litre"], "number", "400 ml")
    b.fact("How long does the brown bread bake before I turn it out of the tin?", ["45 minutes"], "number",
           "50 minutes")

    b.md("the-kids.md", """\
        # The kids — notes for minders

        ## Oisín (8)

        Second class at Scoil Chiaráin NS, teacher Ms. Dunphy. Hurling with Abbey Gaels on Tuesdays and Saturdays; his helmet and hurl live in the boot of the car. He wears glasses for reading and the spare pair is in the hall drawer.

        Collected from school at 2:40 Monday to Thursday and at 12:30 on Fridays. Homework first, then screens (half an hour, no more, on school nights).

        ## Saoirse (3)

        Little Acorns Creche on the Waterford Road, 8:15 to 5:30. Her key worker there is Aisling. If the creche rings about a temperature one of us has to collect her within the hour; that's their rule, no exceptions. She won't nap without Bun-bun the rabbit.

        ## If someone is sick

        Our GP is Dr. Kavanagh at the Parade Medical Centre, 056 772 4410. Out of hours, ring the GP's number and it diverts to the doctor on call. St. Luke's Hospital is ten minutes away.
        """)
    b.fact("Who's the family doctor?", ["Kavanagh", "Dr. Kavanagh"], "name", "Dr. Kennedy")
    b.fact("What number do I ring for the GP?", ["056 772 4410", "(056) 772 4410", "0567724410"], "phone",
           "056 772 4140")
    b.fact("What time do I pick Oisín up from school on a Friday?", ["12:30"], "time", "12:50")
    b.fact("Who is Saoirse's key worker at the creche?", ["Aisling"], "name", "Áine")

    b.txt("car.txt", """\
        THE CAR (Hyundai Ioniq hybrid, 2020, silver)

        Reg 202-KK-1187. Bought from a dealer in Carlow in September 2023 with 61,000 km on the clock; about 98,000 now.
        NCT: passed 19/05/2025 with one advisory (rear tyres). Due again by 18/05/2027, booked, see the e-mail.
        Motor tax: €190 a year, paid online, renews end of June.
        Tyres: 205/55 R16. Pressure 36 psi front and back (it says so on the sticker inside the driver's door).
        Service: every 15,000 km or once a year, at Nore Motors on the Hebron Road. Last one on 2 February 2027 at 96,400 km, cost €265 with the brake fluid.
        Spare key: in the tin on top of the wardrobe in our room.
        Oil: 0W-20 only, there's a litre in the garage.
        """)
    b.fact("What's the registration number of our car?", ["202-KK-1187"], "code", "202-KK-1178")
    b.fact("What should the tyres be pumped to?", ["36 psi"], "number", "32 psi")
    b.fact("How much was the car's last service?", ["€265", "265 euro"], "amount", "€256")

    b.txt("mam.txt", """\
        MAM (Bríd Brennan), 3 Seaview Terrace, Tramore

        Things to keep straight for Mam while Orla is in Porto until after the wedding.

        - GP: Dr. Fintan Walsh at Tramore Medical Practice. She sees him every three months for the blood pressure and he's good about ringing me.
        - Home help: Marguerite, Monday, Wednesday and Friday mornings (ten till half eleven), through the HSE. If she can't come, the agency rings Mam, not us.
        - Pension is collected at the post office on Fridays; she likes to go herself.
        - Cataract operation on the left eye, see the calendar. She can't drive for a week afterwards; Ferdia or I will bring her home and stay the night.
        - Her neighbour Tommy Power has a spare key and looks in on her most evenings.
        - She still swims at the Guillamene every morning from May to October and none of us can stop her.
        """)
    b.fact("Who is Mam's doctor in Tramore?", ["Fintan Walsh", "Dr. Walsh", "Walsh"], "name", "Fintan Whelan")
    b.fact("Which of Mam's neighbours has a key to her house?", ["Tommy Power", "Power"], "name", "Tommy Phelan")

    b.txt("numbers.txt", """\
        numbers & bits (not for the cloud)

        Library: card 2 0048 3391 71 (Niamh); Oisín's and Saoirse's are on the same account.
        Parking: residents' permit for the Rothe Park zone, permit no. RP-5531, expires 31/08/2027. Visitor scratch cards are in the hall drawer.
        Leap card for Dublin trips: in the blue wallet, about €14 left on it.
        Bike: Trek Domane AL 3, frame number WTU291C4472K (the insurance wanted it), bought March 2025 for €1,150.
        Wifi: network "RothePark14", password on the sticker under the router.
        PPS numbers are on the letters in the filing box, not here.
        """)
    b.fact("What's the frame number of my road bike?", ["WTU291C4472K"], "code", "WTU291C4427K")
    b.fact("What number is on our residents' parking permit?", ["RP-5531"], "code", "RP-5513")

    b.txt("thursday-session.txt", """\
        Thursday session, Mulrooney's, Parliament Street

        Starts "around" 9:30pm, which means ten. Ferdia on fiddle, Cathal on the box, Deirdre on flute, Pádraig on the bodhrán when he shows up at all.
        Sets we always end up doing: The Silver Spear / The Mason's Apron; The Kesh / Out on the Ocean; Sliabh Russell / The Maids of Mitchelstown.
        Landlord (Tadhg) gives the musicians a pint and sandwiches at half eleven.

        Fleadh: Ferdia is entering the senior fiddle at the county fleadh this year, in Callan on Sunday 23 May. Competitions start at 10am in the Community Hall.
        """)
    b.fact("Who plays the accordion at Ferdia's Thursday session?", ["Cathal"], "name", "Colm")
    b.fact("Where's the county fleadh being held this year?", ["Callan"], "place", "Thomastown")

    b.txt("aran-trip.txt", """\
        ARAN, August 2027: Inis Mór, four nights, all four of us

        Ferry from Rossaveal, the 10:30 sailing out on Monday 9 August, back on the 5pm boat on Friday 13 August. Leave Kilkenny by 6 at the latest; it's three and a half hours to Rossaveal and the car park fills up.
        Staying at Teach an Chuain B&B in Kilronan, family room, breakfast included, €145 a night (deposit €100 paid, the rest on arrival).
        Bikes: hire at the pier, €15 a day each, with a trailer for Saoirse.
        Dún Aonghasa early, before the day-trippers. Seal colony at Port Chorrúch. Kilmurvey beach if the weather holds.
        Bring: rain gear, the kids' wetsuits, sun cream, cash (cards are iffy on the island).
        """)
    b.fact("Where are we staying on Inis Mór?", ["Teach an Chuain"], "place", "Teach na Mara")
    b.fact("What time is our ferry out to the Aran Islands?", ["10:30"], "time", "11:15")

    b.pdf("payslip-2027-03.pdf", "Payslip March 2027 - N Brennan", ["""\
        OSSORY CONSULTING ENGINEERS LTD    12 Patrick Street, Kilkenny    PAYSLIP
        Employee: Niamh Brennan    Employee no. OCE-0274    Department: Water & Drainage
        Pay date: 31/03/2027    Period: March 2027 (monthly, period 3)    Tax basis: cumulative
        Basic salary .............................................. €5,416.67
        Chartership allowance ...................................... €150.00
        GROSS PAY ................................................. €5,566.67
        PAYE €1,122.40    USC €268.10    PRSI €222.67    Pension (5% of basic) €278.33
        NET PAY ................................................... €3,675.17
        Year to date: gross €16,700.01, PAYE €3,367.20, USC €804.30, net €11,025.51
        Paid by credit transfer to the account ending 0962. Queries to payroll@ossoryeng.example by the 20th of the month.
        """])
    b.fact("What did I take home in my March pay?", ["€3,675.17", "3,675.17", "3675.17"], "amount", "€3,657.17")
    b.fact("What's my staff number at Ossory?", ["OCE-0274"], "code", "OCE-0247")
    b.fact("How much Universal Social Charge was taken out of my March salary?", ["€268.10", "268.10"], "amount",
           "€286.10")

    b.pdf("home-insurance-schedule.pdf", "Clonmore Insurance - Home Policy Schedule", [
        """\
        CLONMORE INSURANCE DAC    HOME INSURANCE: POLICY SCHEDULE
        Policyholders: Ms Niamh Brennan and Mr Ferdia Quinlan
        Risk address: 14 Rothe Park, Kilkenny R95 E2W8    Owner-occupied, built 2004, semi-detached
        Policy number: CHI-3308172 (replaces CHI-2975540, which lapses at the end of the current period)
        Period of insurance: 01/06/2027 to 31/05/2028
        Broker: Marble City Insurances, 056 776 2091
        """,
        """\
        SECTIONS COVERED AND SUMS INSURED
        Buildings €340,000    Contents €60,000    Unspecified all risks €3,000
        Specified items: bicycle (Trek Domane AL 3) €1,150; engagement ring €2,400
        Excess: €350 each and every claim (€1,000 for subsidence, ground heave and landslip)
        Annual premium: €684.50, including the 3% government levy. Last year's premium was €629.00; the change reflects the rebuild cost index.
        No-claims discount: 5 years. Monitored alarm discount applied.
        """])
    b.fact("What's our home insurance policy number?", ["CHI-3308172"], "code", "CHI-3308127")
    b.fact("How much is the house insurance costing us this year?", ["€684.50", "684.50"], "amount", "€648.50")
    b.fact("What excess do we pay on a house insurance claim?", ["€350"], "amount", "€300")
    b.fact("What's the rebuild figure the house itself is insured for?", ["€340,000", "340,000"], "amount",
           "€430,000")

    b.pdf("school-tour-letter.pdf", "Scoil Chiaráin NS - Second Class tour", ["""\
        SCOIL CHIARÁIN NATIONAL SCHOOL    Kilkenny    Tel. 056 772 8815
        21 April 2027
        Dear Parents and Guardians of Second Class,
        We are delighted to tell you that this year's school tour will be to Fota Wildlife Park on Thursday 10 June 2027. The bus will leave the school at 8:45 a.m. sharp and we expect to be back at approximately 4:30 p.m.
        The cost is €32 per child, which covers the bus and entry. Please pay through the school's online payments system under TOUR-2C by Friday 21 May, and return the permission slip below by the same date.
        Children need a packed lunch, a water bottle, a rain jacket and sun cream. No fizzy drinks or sweets, please. If your child needs medication during the day, please tell the class teacher in writing.
        Yours sincerely,
        Ms. Dunphy (Second Class)    Mr. Ó Briain (Principal)
        PERMISSION SLIP: Second Class tour. I give permission for ____________________ to go on the school tour. Signed: ______________
        """])
    b.fact("How much does Oisín's class trip cost?", ["€32"], "amount", "€28")
    b.fact("Where is second class going for their day out in June?", ["Fota Wildlife Park", "Fota"], "place",
           "Dublin Zoo")
    b.fact("What time does the bus leave for the school tour?", ["8:45", "08:45"], "time", "9:05")

    b.pdf("electricity-bill-2027-03.pdf", "Glas Energy - Electricity Bill", ["""\
        GLAS ENERGY    Your electricity bill
        Account holder: Ferdia Quinlan    Account number: 883 1047 26
        Supply address: 14 Rothe Park, Kilkenny    MPRN: 10 305 772 814
        Bill date: 06/03/2027    Billing period: 05/01/2027 to 04/03/2027 (59 days)
        Day units: 1,412 kWh at 31.20c = €440.54
        Night units: 968 kWh at 16.40c = €158.75
        Standing charge: 59 days at 74.50c = €43.95
        Microgeneration export credit: 214 kWh at 18.50c = -€39.59
        Subtotal €603.65    VAT at 9% €54.33
        AMOUNT DUE €657.98, to be collected by Direct Debit on or after 27/03/2027.
        Your previous bill of €702.18 was paid in full, thank you.
        """])
    b.fact("How much is due on the latest electricity bill?", ["€657.98", "657.98"], "amount", "€675.98")
    b.fact("What's our account number with the electricity supplier?", ["883 1047 26", "883104726"], "code",
           "883 1074 26")
    b.fact("How much solar power did we sell back to the grid on the last bill?", ["214 kWh"], "number",
           "241 kWh")

    b.pdf("solar-handover.pdf", "Suncraft Solar - System Handover", ["""\
        SUNCRAFT SOLAR LTD    Unit 4, Cleaboy Business Park, Waterford    051 830 772    service@suncraft.example
        SYSTEM HANDOVER CERTIFICATE
        Customer: Niamh Brennan and Ferdia Quinlan, 14 Rothe Park, Kilkenny R95 E2W8
        Installation date: 18/04/2024    Grant reference: SPV-KK-48213
        Array: 14 panels of 430 W (6.02 kWp), south-west roof, two strings
        Inverter: Solvane H5 hybrid, 5.0 kW, serial number H5-2411-77302
        Battery: 5.8 kWh, wall-mounted in the garage
        Warranties: panels 25 years (product and performance); inverter 10 years, to 17/04/2034; workmanship 5 years, to 17/04/2029.
        Please keep this certificate with your house documents. A yearly visual check is recommended; the first one is free.
        """])
    b.fact("How many solar panels are on the roof?", ["14 panels", "fourteen"], "number", "16 panels")
    b.fact("What is the serial number of the solar inverter?", ["H5-2411-77302"], "code", "H5-2411-77320")
    b.fact("When does Suncraft's workmanship guarantee run out?", ["17/04/2029", "17 April 2029", "2029-04-17"],
           "date", "17/04/2028")

    b.html("sportive-entry.html", "Entry confirmed — Sliabh na mBan Sportive 2027", """\
        <header><div class="brand">EventPal</div><nav><a href="/events">Events</a> <a href="/account">My entries</a></nav></header>
        <main>
        <div class="confirmation">
          <h1>You're in! Sliabh na mBan Sportive 2027</h1>
          <p>Hi Niamh, thanks for entering. Your place is confirmed. Please bring photo ID and your Cycling Ireland licence to registration.</p>
          <dl>
            <dt>Route</dt><dd>120 km (2,100 m of climbing)</dd>
            <dt>Date</dt><dd>Sunday 13 June 2027</dd>
            <dt>Registration</dt><dd>Kilsheelan Community Hall, from 7:30</dd>
            <dt>Start wave</dt><dd>Wave C, 8:20</dd>
            <dt>Rider number</dt><dd>C-417</dd>
            <dt>Entry fee</dt><dd>€45.00 (paid by card ending 0962)</dd>
            <dt>Order reference</dt><dd>EVP-77Q-3190</dd>
          </dl>
        </div>
        <div class="routes">
          <h2>Feed stations</h2>
          <table>
            <tr><th>Route</th><th>Feed stations</th><th>Cut-off</th></tr>
            <tr><td>60 km</td><td>Carrick-on-Suir (km 32)</td><td>none</td></tr>
            <tr><td>120 km</td><td>Carrick-on-Suir (km 32), Newcastle (km 78)</td><td>Newcastle by 12:45</td></tr>
          </table>
        </div>
        </main>
        <footer><p>EventPal Ltd · Terms · Privacy</p></footer>
        """)
    b.fact("What's my number for the Sliabh na mBan sportive?", ["C-417"], "code", "C-471")
    b.fact("What time does my wave set off at the sportive?", ["8:20", "08:20"], "time", "8:40")
    b.fact("Where do I sign on for the sportive?", ["Kilsheelan Community Hall", "Kilsheelan"], "place",
           "Clonmel Community Hall")

    b.html("mortgage-account.html", "Slaney Bank — Mortgage account", """\
        <header><div class="logo">Slaney Bank</div><div class="user">Signed in as N. Brennan · <a href="/logout">Log out</a></div></header>
        <h1>Mortgage account</h1>
        <p>Hello Niamh and Ferdia. You last signed in on 04/04/2027.</p>
        <table class="summary">
          <tr><td>Account number</td><td>MTG-6620-3154</td></tr>
          <tr><td>Outstanding balance</td><td>€241,806.33</td></tr>
          <tr><td>Interest rate</td><td>3.65% fixed</td></tr>
          <tr><td>Fixed rate ends</td><td>30/06/2028</td></tr>
          <tr><td>Monthly repayment</td><td>€1,297.41, collected on the 15th</td></tr>
          <tr><td>Remaining term</td><td>26 years 3 months</td></tr>
        </table>
        <h2>Recent repayments</h2>
        <table class="history">
          <thead><tr><th>Date</th><th>Amount</th><th>Status</th></tr></thead>
          <tbody>
            <tr><td>15/03/2027</td><td>€1,297.41</td><td>Paid</td></tr>
            <tr><td>15/02/2027</td><td>€1,297.41</td><td>Paid</td></tr>
            <tr><td>15/01/2027</td><td>€1,262.88</td><td>Paid (previous rate)</td></tr>
          </tbody>
        </table>
        <p class="note">Overpayments of up to 10% of the balance a year are allowed during the fixed period without a breakage fee.</p>
        """)
    b.fact("How much is our monthly mortgage repayment now?", ["€1,297.41", "1,297.41", "1297.41"], "amount",
           "€1,279.41")
    b.fact("When does our fixed rate on the mortgage finish?", ["30/06/2028", "30 June 2028", "2028-06-30"], "date",
           "30/06/2029")
    b.fact("What interest rate are we paying on the mortgage?", ["3.65%", "3.65"], "number", "3.56%")

    b.html("library-account.html", "My account — Kilkenny Libraries", """\
        <nav class="top"><a href="/">Catalogue</a> | <a href="/account">My account</a> | <a href="/events">What's on</a></nav>
        <h1>My account</h1>
        <div class="loans">
          <h2>Items on loan (3)</h2>
          <table>
            <tr><th>Title</th><th>Borrower</th><th>Due back</th><th>Renewals</th></tr>
            <tr><td>Wolf Hall</td><td>Niamh</td><td>19/04/2027</td><td>1 of 3</td></tr>
            <tr><td>Horrid Henry's Nits</td><td>Oisín</td><td>26/04/2027</td><td>0 of 3</td></tr>
            <tr><td>The Gruffalo's Child</td><td>Saoirse</td><td>12/04/2027</td><td>2 of 3</td></tr>
          </table>
        </div>
        <div class="holds">
          <h2>Reservations</h2>
          <p>The Salt Path: ready for collection at Loughboy Library until 10/04/2027.</p>
          <p>The Beekeeper's Year: you are number 4 in the queue.</p>
        </div>
        """)
    b.fact("When does Saoirse's library book have to go back?", ["12/04/2027", "12 April 2027", "2027-04-12"], "date",
           "21/04/2027")
    b.fact("Which branch is my reserved book waiting at?", ["Loughboy Library", "Loughboy"], "place",
           "Graiguecullen Library")

    b.html("theatre-booking.html", "Booking confirmed — Watergate Theatre", """\
        <div class="booking">
          <h1>Thank you, your booking is confirmed</h1>
          <div class="row"><span class="label">Booking reference:</span> <span class="value">WGT-58213</span></div>
          <div class="row"><span class="label">Show:</span> <span class="value">The Field by John B. Keane</span></div>
          <div class="row"><span class="label">Performance:</span> <span class="value">Friday 30 April 2027, 8:00pm</span></div>
          <div class="row"><span class="label">Seats:</span> <span class="value">Stalls, Row F, seats 11 and 12</span></div>
          <div class="row"><span class="label">Total paid:</span> <span class="value">€56.00 (2 × €26.00 + €4.00 booking fee)</span></div>
        </div>
        <p>Please collect your tickets from the box office at least 15 minutes before the performance. The bar opens at 7pm.</p>
        """)
    b.fact("What's the reference for our theatre booking?", ["WGT-58213"], "code", "WGT-58231")
    b.fact("Which row are we sitting in for The Field?", ["Row F"], "code", "Row E")

    b.eml("nct-booking.eml", Mail(
        "NCT Bookings <bookings@nctbookings.example>", me, "Thu, 8 Apr 2027 12:31:44 +0100",
        "NCT appointment confirmation – 202-KK-1187", """\
        Dear Niamh Brennan,

        Your National Car Test appointment is confirmed. Please keep this e-mail.

        Vehicle registration: 202-KK-1187
        Test centre: Kilkenny, Hebron Industrial Estate
        Date: Tuesday 11 May 2027
        Time: 14:40
        Booking reference: NCT-K-0095521
        Fee: €55.00, paid online

        Please arrive 10 minutes before your appointment with the vehicle registration certificate. If only a visual check is needed on a retest within 21 days, there is no charge. To cancel or change, give at least two working days' notice or the fee will be forfeited.

        National Car Testing Service
        """))
    b.fact("When is the car booked in for its NCT?", ["11 May 2027", "2027-05-11", "May 11"], "date", "18 May 2027")
    b.fact("What time do I have to bring the car for the test?", ["14:40", "2:40 pm", "2:40pm"], "time", "14:20")
    b.fact("What's the booking reference for the NCT?", ["NCT-K-0095521"], "code", "NCT-K-0095512")

    b.eml("fwd-queen-rearing.eml", Mail(
        "Ferdia Quinlan <ferdia.quinlan@example.org>", me, "Tue, 30 Mar 2027 08:14:02 +0100",
        "Fwd: Queen rearing course – a few places left", """\
        Saw this and thought of you. Go on, I'll mind the two of them that Saturday.

        F.

        ---------- Forwarded message ---------
        From: Kilkenny Beekeepers' Association <secretary@kilkennybees.example>
        Date: Mon, 29 Mar 2027 at 19:02
        Subject: Queen rearing course – a few places left
        To: Members <members@kilkennybees.example>

        Dear members,

        A few places are still free on the one-day queen rearing course with Dr. Úna Brophy on Saturday 15 May 2027, from 10am to 4pm, at the association's teaching apiary at Dunmore Farm, Ballyfoyle. We will cover grafting, cell raising, mating nucs and record keeping, with plenty of time at the hives if the weather is kind.

        The cost is €70 for members and €90 for non-members, lunch included. Please bring your own veil and gloves. To book, reply to this e-mail before 1 May; places go in the order we get them.

        Mary Gorey
        Hon. Secretary, Kilkenny Beekeepers' Association
        """))
    b.fact("How much does the queen rearing day cost for a member?", ["€70"], "amount", "€75")
    b.fact("Where is the queen-rearing course on?", ["Dunmore Farm", "Ballyfoyle"], "place", "Dunmore House")
    b.fact("Who is giving the queen rearing course?", ["Úna Brophy", "Una Brophy", "Brophy"], "name", "Úna Brody")

    b.eml("plumber-quote.eml", Mail(
        "Conor Fennelly <conor@fennellyplumbing.example>", me, "Fri, 26 Mar 2027 18:47:10 +0000",
        "Quote – en-suite refit, 14 Rothe Park", """\
        Hi Niamh,

        Good to meet yourself and Ferdia on Thursday. As promised, here's the price for the en-suite: strip out the old tray and enclosure, move the waste, fit a wet-room floor with a linear drain, a new wall-hung toilet and vanity unit, and tile to full height (tiles supplied by you, as agreed).

        All in it comes to €7,850 including VAT at 13.5%. That covers labour, the shower valve and rail, the drain, tanking and the sanitaryware on the spec sheet I left with you. If you'd rather keep the existing toilet it comes down by €420.

        The job is 8 working days and the earliest I could start is Monday 7 June. I'd need a deposit of €1,500 to hold the dates.

        Any questions, give me a shout.

        Thanks,
        Conor

        --
        Conor Fennelly
        Fennelly Plumbing & Heating, Callan Road, Kilkenny
        Mob: 086 214 5530 | conor@fennellyplumbing.example
        """))
    b.fact("What's the plumber's price for redoing the en-suite?", ["€7,850", "7,850", "7850"], "amount", "€7,580")
    b.fact("What's Conor the plumber's mobile?", ["086 214 5530", "0862145530", "086-214-5530"], "phone",
           "086 241 5530")
    b.fact("How long will the bathroom job take?", ["8 working days", "eight working days"], "number",
           "10 working days")

    b.eml("porto-flights.eml", Mail(
        "Skylark Air <noreply@skylarkair.example>", me, "Sun, 14 Feb 2027 21:05:33 +0000",
        "Booking confirmed: Dublin – Porto (HK4T9Z)", """\
        Hello Niamh,

        Thank you for flying with Skylark Air. Your booking reference is HK4T9Z; you'll need it to check in and to manage your booking.

        Outbound: SL 2318, Dublin (DUB) to Porto (OPO), Thursday 16 September 2027, departs 06:55, arrives 10:20 local time
        Return: SL 2319, Porto (OPO) to Dublin (DUB), Monday 20 September 2027, departs 11:05, arrives 12:40

        Passengers: Niamh Brennan, Ferdia Quinlan, Oisín Quinlan (child), Saoirse Quinlan (child)
        Bags: 1 x 20 kg checked bag on each flight, plus a small cabin bag each

        Total paid: €1,164.36

        Online check-in opens 24 hours before departure. Bag drop closes 40 minutes before departure.

        Skylark Air
        """, html="""\
        <html><body>
        <p>Hello Niamh,</p>
        <p>Thank you for flying with Skylark Air. Your booking reference is <b>HK4T9Z</b>.</p>
        <table>
          <tr><th>Flight</th><th>From</th><th>To</th><th>Date</th><th>Departs</th><th>Arrives</th></tr>
          <tr><td>SL 2318</td><td>Dublin</td><td>Porto</td><td>Thu 16 Sep 2027</td><td>06:55</td><td>10:20</td></tr>
          <tr><td>SL 2319</td><td>Porto</td><td>Dublin</td><td>Mon 20 Sep 2027</td><td>11:05</td><td>12:40</td></tr>
        </table>
        <p>Total paid: <b>€1,164.36</b></p>
        </body></html>
        """))
    b.fact("What's the booking code for our flights to Porto?", ["HK4T9Z"], "code", "HK4T9S")
    b.fact("What time does our flight to Porto take off?", ["06:55", "6:55"], "time", "07:55")
    b.fact("How much did the Porto flights cost altogether?", ["€1,164.36", "1,164.36", "1164.36"], "amount",
           "€1,146.36")

    b.mbox("family-2027.mbox", [
        Mail("Orla Brennan <orla.brennan@example.com>", me, "Sat, 6 Feb 2027 22:40:12 +0000",
             "Save the date!! (for real this time)", """\
             Niamh!!

             It's official: Tiago and I are getting married on Saturday 18 September 2027 at Quinta do Salgueiro, about forty minutes outside Porto, near Amarante. Ceremony at 4pm in the garden, dinner and dancing after, and there's a bus back to the city at 1am for the oldies.

             I'd love Oisín to carry the rings if he'll do it without being bribed (he will need to be bribed). Saoirse can be a flower girl if she wants, no pressure.

             I'm going to ring Mam tomorrow. Don't tell her before I do!

             O. xx
             """),
        Mail("Bríd Brennan <bridbrennan@example.net>", me, "Wed, 31 Mar 2027 11:02:00 +0100", "the eye", """\
             Niamh, the hospital rang this morning and they have me down for the cataract on Tuesday the 27th of April. I'm to be in for half seven, fasting from midnight, in the Day Ward. The surgeon is Mr. Hennessy, the same man who did Peggy's. They said I'll be home by the afternoon if all goes well. I told them you'd be collecting me. Love Mam
             """),
        Mail("Scoil Chiaráin NS <office@scoilchiarain.example>", me, "Mon, 12 Apr 2027 09:15:00 +0100",
             "Parent-teacher meeting – Oisín Quinlan", """\
             Dear Parent/Guardian,

             Thank you for booking. Your parent-teacher meeting with Ms. Dunphy is on Wednesday 21 April at 5:10pm in Room 4 (ground floor, beside the library). Each meeting lasts 10 minutes, so please be on time.

             Scoil Chiaráin NS
             """),
        Mail("Little Acorns Creche <accounts@littleacorns.example>", me, "Thu, 1 Apr 2027 16:20:00 +0100",
             "Invoice for April – Saoirse Quinlan", """\
             Hi Niamh,

             Please find Saoirse's invoice for April below. The National Childcare Scheme subsidy has been taken off.

             Full-time place, April: €1,140.00
             NCS subsidy: -€544.00
             Amount due: €596.00, by standing order on 5 April

             March came to €574.00 because of the Easter closure. The creche is closed for staff training on Friday 21 May.

             Thanks,
             Lorraine, Little Acorns
             """),
    ])
    b.fact("Where is Orla's wedding?", ["Quinta do Salgueiro"], "place", "Quinta do Sobreiro")
    b.fact("What time is the wedding ceremony in Portugal?", ["4pm", "4 pm", "16:00"], "time", "3pm")
    b.fact("Who is doing Mam's eye operation?", ["Mr. Hennessy", "Hennessy"], "name", "Mr. Hennigan")
    b.fact("Which room is Oisín's parent-teacher meeting in?", ["Room 4"], "place", "Room 6")
    b.fact("What do we owe the creche for April?", ["€596.00", "596.00", "€596"], "amount", "€569.00")

    b.mbox("ossory-mail.mbox", [
        Mail("Declan Hogan <dhogan@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Fri, 9 Apr 2027 16:55:00 +0100", "Castlecomer Rd junction – site meeting Tuesday", """\
             Niamh,

             Site meeting on the Castlecomer Road junction upgrade (project KK-24-118) is on Tuesday at 8:00 in the contractor's compound, beside the Lidl entrance. Drumcliff Civils' agent will be there with the drainage subcontractor. Bring the rev C drainage drawings and your PPE (they're strict about gloves and glasses now).

             After that I'd like you to take the lead on the site side of it.

             Declan

             Declan Hogan, BE CEng MIEI
             Associate, Ossory Consulting Engineers
             """),
        Mail("HR <hr@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Wed, 7 Apr 2027 10:00:00 +0100", "CPD record – reminder", """\
             Dear Niamh,

             A reminder that chartered members need 35 hours of CPD a year. According to our records you have logged 27 hours so far for 2027, so you are well on track. Please upload the certificates for any courses you attend.

             HR, Ossory Consulting Engineers
             """),
        Mail("Accounts <accounts@ossoryeng.example>", "Niamh Brennan <nbrennan@ossoryeng.example>",
             "Tue, 6 Apr 2027 14:12:00 +0100", "Expenses – March", """\
             Hi Niamh,

             Your March expenses have been approved: mileage of 412 km at the civil service rate, €178.38, plus parking receipts of €23.50. They will be paid with April's salary.

             Sinéad, Accounts
             """),
    ])
    b.fact("What's the project number for the Castlecomer Road junction?", ["KK-24-118"], "code", "KK-24-181")
    b.fact("How many CPD hours have I logged this year?", ["27 hours"], "number", "25 hours")
    b.fact("How much was my mileage for March?", ["€178.38", "178.38"], "amount", "€187.38")

    b.ics("home-calendar.ics", "Brennan–Quinlan house", "Europe/Dublin", [
        Event("Oisín – dentist (Dr. Moran)", "20270420T153000", "20270420T160000", "Canal Square Dental, 3 Canal Square",
              "Check-up and sealants. Bring the letter from the school dental service."),
        Event("Saoirse – first dentist visit", "20270420T160000", "20270420T162000",
              "Canal Square Dental, 3 Canal Square", "Just a look and a sticker, they said."),
        Event("Mam – cataract op", "20270427T073000", "20270427T150000", "University Hospital Waterford, Day Ward",
              "Fasting from midnight. I'm collecting her; Ferdia has the kids."),
        Event("Hive inspection with Séamus", "20270424T140000", "20270424T153000", "Home (end of the garden)",
              "Look for queen cells in Hive 2. Smoker fuel: the hessian sacks in the shed."),
        Event("U9 hurling blitz – Abbey Gaels", "20270508T100000", "20270508T130000", "St. Canice's Park, pitch 2",
              "Oisín's team plays three games. Club socks (washed!). Our turn to bring the oranges."),
        Event("Creche closed – staff training", "20270521", "20270522", "",
              "Ferdia is off that day, he'll take Saoirse."),
    ], "rothepark.example")
    b.fact("What time is Saoirse's dentist appointment?", ["16:00", "4:00 pm", "4pm"], "time", "16:30")
    b.fact("What's the address of the kids' dentist?", ["3 Canal Square"], "place", "8 Canal Square")
    b.fact("When is Séamus coming to look at the hives?", ["2027-04-24", "24 April", "April 24"], "date",
           "2027-04-17")
    b.fact("Where is Oisín's hurling blitz on?", ["St. Canice's Park"], "place", "St. Kieran's Park")

    b.ics("work.ics", "Ossory – Niamh", "Europe/Dublin", [
        Event("Site meeting – KK-24-118 Castlecomer Rd junction", "20270413T080000", "20270413T093000",
              "Contractor's compound, Castlecomer Road", "Contractor: Drumcliff Civils. PPE. Drainage drawings rev C.",
              [("Declan Hogan", "dhogan@ossoryeng.example")]),
        Event("Design review – Callan flood relief", "20270415T140000", "20270415T153000",
              "Boardroom, 12 Patrick Street", "Hydraulic model results and the options report, draft 2.",
              [("Declan Hogan", "dhogan@ossoryeng.example"), ("Ruairí Byrne", "rbyrne@ossoryeng.example")]),
        Event("1:1 with Declan", "20270416T110000", "20270416T113000", "Room 2.04", "Objectives for the year."),
        Event("CPD: Eurocode 7 refresher (online)", "20270422T093000", "20270422T123000", "Online",
              "Counts for 3 CPD hours. Certificate by e-mail afterwards."),
        Event("Client call – county council roads section", "20270419T100000", "20270419T104500", "Phone",
              "Programme for the junction works and traffic management over the summer."),
    ], "ossoryeng.example")
    b.fact("What room is my one-to-one with Declan in?", ["Room 2.04", "2.04"], "place", "Room 2.40")
    b.fact("What time does the Callan flood relief design review start?", ["14:00", "2:00 pm", "2pm"], "time",
           "14:30")
    b.fact("Which contractor is building the Castlecomer Road job?", ["Drumcliff Civils", "Drumcliff"], "name",
           "Drumcliff Construction")

    b.vcf("family-and-friends.vcf", [
        Card("Bríd Brennan", ("Brennan", "Bríd", "", ""), tel=[("HOME", "051 381 264"), ("CELL", "087 615 2209")],
             email=["bridbrennan@example.net"],
             adr=("HOME", "3 Seaview Terrace", "Tramore", "Co. Waterford", "X91 P3K6", "Ireland"),
             bday="1951-02-14", note="Mam. Rings every Sunday after Mass; never ring her during the news."),
        Card("Orla Brennan", ("Brennan", "Orla", "", ""), tel=[("CELL", "+351 912 448 306")],
             email=["orla.brennan@example.com"], adr=("HOME", "Rua das Flores 88, 2º", "Porto", "", "4050-265",
                                                      "Portugal"),
             note="Sister. Getting married in September 2027 (Tiago)."),
        Card("Séamus Tallon", ("Tallon", "Séamus", "", ""), tel=[("CELL", "087 340 9915")],
             email=["seamus.tallon@example.net"], org="Kilkenny Beekeepers' Association",
             note="My beekeeping mentor. Usually has a spare nuc to sell in June."),
        Card("Gráinne Lacey", ("Lacey", "Gráinne", "", ""), tel=[("CELL", "085 772 0148")],
             note="Nore Valley CC, B group ride captain."),
        Card("Róisín Kealy", ("Kealy", "Róisín", "", ""), tel=[("CELL", "083 441 9026")],
             note="Babysitter, transition year, lives two doors up. €12 an hour; can't do Sunday nights."),
    ])
    b.fact("What's Orla's e-mail address?", ["orla.brennan@example.com"], "email", "orla.brennan@example.net")
    b.fact("What's Mam's mobile number?", ["087 615 2209", "0876152209", "087-615-2209"], "phone", "087 615 2290")
    b.fact("How much does the babysitter charge?", ["€12 an hour", "€12"], "amount", "€15 an hour")
    b.fact("What's the number for Séamus, my bee mentor?", ["087 340 9915", "0873409915"], "phone", "087 340 9951")

    b.vcf("services.vcf", [
        Card("Paddy Holohan", ("Holohan", "Paddy", "", ""), tel=[("CELL", "087 902 3318")],
             note="Chimney sweep. Book by August for September/October. €80 a sweep, cash."),
        Card("Nore Motors", ("", "", "", ""), tel=[("WORK", "056 776 5512")], email=["service@noremotors.example"],
             org="Nore Motors", adr=("WORK", "Hebron Road", "Kilkenny", "", "R95 T6C1", "Ireland"),
             note="Car service. Ask for Jim."),
        Card("Shannonside Heating", ("", "", "", ""), tel=[("WORK", "061 448 210")],
             email=["bookings@shannonsideheating.example"], org="Shannonside Heating",
             note="Heat pump service every spring, about €180. They cover Kilkenny on Thursdays."),
        Card("Conor Fennelly", ("Fennelly", "Conor", "", ""), tel=[("CELL", "086 214 5530")],
             email=["conor@fennellyplumbing.example"], org="Fennelly Plumbing & Heating", title="Plumber"),
        Card("Suncraft Solar", ("", "", "", ""), tel=[("WORK", "051 830 772")], email=["service@suncraft.example"],
             org="Suncraft Solar Ltd", note="Installed the panels and battery in April 2024."),
    ])
    b.fact("Who sweeps our chimney?", ["Paddy Holohan", "Holohan"], "name", "Paddy Houlihan")
    b.fact("What e-mail do I use to book the heat pump service?", ["bookings@shannonsideheating.example"], "email",
           "service@shannonsideheating.example")
    b.fact("What's the phone number of the garage that services our car?", ["056 776 5512", "0567765512"], "phone",
           "056 776 5521")

    return b.finish(OPEN_C)


OPEN_C = [
    "Hi there, what sort of things can you help me with?",
    "Plan a four-day cycling holiday along the west coast of Ireland.",
    "Write a poem about bees in a summer garden.",
    "Explain how solar panels turn sunlight into electricity.",
    "Give me ten ideas for a three-year-old's birthday party at home.",
    "How do I make a proper beef and Guinness stew? Give me the recipe.",
    "Write a note to my son's teacher explaining that he missed his homework because he was sick.",
    "Write a Python function that adds up the numbers in one column of a CSV file.",
    "Explain the difference between a fixed-rate and a variable-rate mortgage.",
    "Make a packing list for a family of four flying to a wedding in Portugal.",
    "Write a short, funny speech for my sister's wedding.",
    "Give me a six-week training plan to ride 120 km.",
    "Explain how honey bees turn nectar into honey.",
    "Tell me a bedtime story about a hedgehog who is afraid of the dark.",
    "Suggest some rainy-day activities for an eight-year-old.",
    "Tell me the legend of the Children of Lir in a few paragraphs.",
    "Write an e-mail to a client apologising for a delayed report.",
    "How should I prepare for my annual performance review at work?",
    "Explain the difference between a list and a tuple in Python.",
    "Write a funny rhyme about getting a puncture on a group bike ride.",
    "Draw up a simple weekly cleaning rota for a busy household.",
    "Does anything I ask you leave this computer?",
    "Write a regular expression that matches an Irish mobile phone number, and explain each part.",
]
