"""Corpus "a" of the answer benchmark: one made-up person's files, the one-fact questions
about them and open requests (see ``bench.answer_corpus``)."""

# The file contents below keep each paragraph on one long line, as typed; they are wrapped when
# written (never inside an answer), like an editor or mail client would.
# ruff: noqa: E501

from __future__ import annotations

from pathlib import Path

from bench.answer_corpus import Card, Corpus, Event, Mail, _Builder


def build(root: Path) -> Corpus:
    b = _Builder(root)
    me = "Elena Marsh <elena.marsh@example.com>"

    b.md("house-notes.md", """\
        # House notes — 27 Clarence Road

        Things we keep forgetting about the house. Tom started this list when we moved in and I try to keep it up to date; if you are house-sitting, start here.

        ## Landlord and tenancy

        The house is let through Lindqvist Lettings. Mr. Lindqvist prefers a text message to a call, and asks that anything urgent (no heating, no hot water, a leak) is reported the same day. The tenancy started on 1 October 2024 and renews every twelve months; our deposit of £1,850 is protected with the DPS under certificate number DPS-7720-1184, which we will need when we move out.

        - Rent is paid by standing order on the 1st of the month.
        - Inspections twice a year, always with 48 hours' notice.
        - Redecorating needs written permission (the landlord said yes to Mia's room, in writing, June 2025).

        ## Boiler

        The boiler is a Worcester Bosch Greenstar 30i in the airing cupboard on the landing. The landlord's heating engineers (Hartley Heating) service it once a year. If the pressure drops below 1 bar, top it up with the filling loop under the boiler until the gauge reads between 1 and 1.5.

        ### Boiler service

        This year's date is in the e-mail from Hartley Heating. Last year's service was on 9 February 2026.

        ## Water, gas and electricity

        The water stopcock is in the cupboard under the kitchen sink, behind the bin; turn it clockwise to close. The gas meter is outside by the side gate and its serial number is G4K 55103 87 (the supplier asks for it every time we switch). The electricity meter and the fuse box are under the stairs.

        ## Bins

        Black bin (general waste) and the blue recycling box go out on alternate Tuesday nights; the brown garden-waste bin (£52 a year, paid to the council) is emptied on Fridays.
        """)
    b.fact("Where's the water stopcock in our house?", ["under the kitchen sink"], "place", "in the garage")
    b.fact("What's the DPS certificate number for our tenancy deposit?", ["DPS-7720-1184"], "code",
           "DPS-7720-1148")
    b.fact("What is the serial number of our gas meter?", ["G4K 55103 87"], "code", "G4K 55130 87")
    b.fact("How much was the deposit for the house?", ["£1,850", "1,850", "1850"], "amount", "£1,580")

    b.pdf("car-insurance-renewal.pdf", "Halden Motor Insurance - Renewal schedule", [
        """\
        HALDEN MOTOR INSURANCE
        Renewal schedule and invitation to renew
        Policyholder: Mrs Elena Marsh, 27 Clarence Road, St. Albans AL1 4NG
        Date of issue: 22 March 2027
        Your new policy number: HMI-40277815 (this replaces your previous policy number HMI-39120464, which should no longer be quoted).
        Vehicle: Skoda Octavia Estate 1.5 TSI SE, registration LR19 KXT, kept on the road outside the home address.
        Cover: Comprehensive. Period of cover: 19 April 2027 to 18 April 2028.
        Named drivers: Elena Marsh (policyholder), Thomas Marsh.
        """,
        """\
        Your premium
        Last year you paid £548.10. Your renewal premium for the coming year is £612.40, including Insurance Premium Tax at 12%.
        Excess: compulsory £250, voluntary £150, total £400 for any claim except windscreen replacement (£95).
        The increase reflects the claim made on 14 November 2026 and higher repair costs across the market.
        If you do nothing, your policy will renew automatically and the premium will be collected by Direct Debit on or after the start date above.
        To discuss your renewal call 0330 160 4418, Monday to Friday 8am to 8pm, Saturday 9am to 1pm.
        """])
    b.fact("What's our new car insurance policy number?", ["HMI-40277815"], "code", "HMI-40277518")
    b.fact("How much is the car insurance renewal premium this year?", ["£612.40", "612.40"], "amount",
           "£621.40")
    b.fact("When does the new car insurance cover start?", ["19 April 2027", "2027-04-19", "April 19"],
           "date", "12 April 2027")

    b.eml("car-claim.eml", Mail(
        "Gareth Lloyd <g.lloyd@haldeninsurance.example>", me, "Mon, 16 Nov 2026 10:12:00 +0000",
        "Your claim – rear bumper damage, Skoda Octavia LR19 KXT", """\
        Dear Mrs Marsh,

        Thank you for reporting the damage to your vehicle on Saturday. I am the handler for your claim; please quote the claim reference CLM-2026-118834 on every call and e-mail so that we can find your file quickly.

        An approved repairer, Verulam Motors on Hatfield Road, will contact you within two working days to arrange an inspection. They will also arrange a courtesy car for the duration of the repair. The other driver's insurer has been notified; their reference is TPX-550291 should they contact you directly.

        Your excess of £400 will be payable to the repairer when you collect the car, and may be recovered later if the other driver is found to be at fault.

        Kind regards,

        Gareth Lloyd
        Motor Claims Team, Halden Motor Insurance
        Direct line 0330 160 4472
        """))
    b.fact("What's the reference number for the car insurance claim?", ["CLM-2026-118834"], "code",
           "CLM-2026-118843")
    b.fact("Which garage is repairing the car after the bumper damage?", ["Verulam Motors"], "name",
           "Hatfield Motors")
    b.fact("Who's handling our car insurance claim?", ["Gareth Lloyd"], "name", "Gareth Lewis")

    b.html("school-newsletter.html", "St. Michael's Primary — Spring Newsletter", """\
        <nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/term-dates">Term dates</a></nav>
        <h1>St. Michael's C of E Primary — Spring Newsletter</h1>
        <p class="meta">Issue No. 3 · February 2027</p>
        <h2>From the Head</h2>
        <p>Welcome back after half term. Thank you to everyone who came to the Winter Concert; the PTA raised £1,146 for the new library books. Please remember that the car park is for staff only, and walk or scoot to school where you can.</p>
        <p>Mrs. Hollis, Headteacher</p>
        <h2>Staff news</h2>
        <p>We are delighted to welcome Mrs. Adebayo, who takes over Kestrel Class (Year 4) from Mr. Carr after half term. Mr. Carr moves to Year 6 to cover Miss Dunne's maternity leave.</p>
        <h2>Trips</h2>
        <ul>
          <li>Year 4 (Kestrel and Falcon) visit the Natural History Museum on Wednesday 3 March. The cost is £18.50 per child, payable on ParentPay by 24 February.</li>
          <li>Year 1 will walk to Verulamium Park for their “Signs of Spring” hunt; there is no charge.</li>
        </ul>
        <h2>Dates for your diary</h2>
        <table>
          <tr><th>Event</th><th>Date</th></tr>
          <tr><td>Parent-teacher meetings (book online)</td><td>10 and 11 March</td></tr>
          <tr><td>World Book Day (come as a character)</td><td>Thursday 4 March</td></tr>
          <tr><td>Spring Fair</td><td>Saturday 15 May, 11am–3pm</td></tr>
          <tr><td>INSET day, school closed</td><td>Friday 28 May</td></tr>
        </table>
        <h2>Uniform and PE</h2>
        <p>Year 4 PE is on Tuesdays and Thursdays; children should come to school in their PE kit on those days. Earrings must be removed or taped.</p>
        <footer><p>St. Michael's C of E Primary School, St. Michael's Street, St. Albans</p></footer>
        """)
    b.fact("How much does Mia's museum trip cost?", ["£18.50", "18.50"], "amount", "£16.50")
    b.fact("When is the school's spring fair?", ["15 May", "May 15", "2027-05-15"], "date", "22 May")
    b.fact("Who's the new Year 4 teacher for Kestrel Class?", ["Adebayo"], "name", "Mrs. Bennett")
    b.fact("When is the school closed for the INSET day?", ["28 May", "May 28", "2027-05-28"], "date",
           "21 May")

    b.ics("family.ics", "Marsh family", "Europe/London", [
        Event("Mia – parent-teacher meeting", "20270311T164000", "20270311T165000",
              "Kestrel classroom, St. Michael's Primary",
              "10-minute slot. Bring Mia's reading record, and ask about the spelling group and the "
              "residential trip."),
        Event("Leo – parent-teacher meeting (Miss Patel)", "20270310T171000", "20270310T172000",
              "Wren classroom, St. Michael's Primary", "Ask about his reading book level."),
        Event("Dentist – Elena (Dr. Okafor)", "20270223T084500", "20270223T091500",
              "Marlborough Road Dental Practice, 12 Marlborough Road, St. Albans",
              "Crown preparation, lower left. See the treatment plan. Arrive 10 minutes early, "
              "no coffee beforehand."),
        Event("Dentist – Mia check-up", "20270406T153000", "20270406T154500",
              "Marlborough Road Dental Practice, 12 Marlborough Road, St. Albans", ""),
        Event("Book club", "20270304T193000", "20270304T220000", "Jo's, 22 Fishpool Street, St. Albans",
              "Jo hosts this month, bring a bottle. Ruth is doing the questions."),
        Event("Biscuit – booster jab", "20270302T101500", "20270302T103000",
              "Abbey Veterinary Centre, 5 Grove Road, St. Albans",
              "Annual booster and nail clip. Ask about the lump on his left hind leg."),
        Event("Swimming – Leo", "20270306T091500", "20270306T094500",
              "Westminster Lodge Leisure Centre", "Stage 3. Goggles!"),
        Event("Half term", "20270215", "20270220", "", "Kids off school. Grandma has them Tue–Wed."),
    ], "marsh.family.example")
    b.fact("What time is Mia's parent-teacher meeting?", ["16:40", "4:40 pm", "4:40pm", "4.40pm"], "time",
           "16:10")
    b.fact("When is my next dentist appointment with Dr. Okafor?",
           ["2027-02-23", "23 February", "February 23", "23 Feb"], "date", "2027-02-25")
    b.fact("Where is book club being held in March?", ["22 Fishpool Street"], "place", "12 Fishpool Street")
    b.fact("What time is Biscuit's booster at the vet?", ["10:15", "10.15"], "time", "10:45")

    b.ics("work-calendar.ics", "Work – Calder & Finch", "Europe/London", [
        Event("Harbourside steering group", "20270209T140000", "20270209T153000",
              "Thames 3, Calder & Finch, 80 Victoria Street, London",
              "Agenda: cost plan v4, planning conditions 12 and 17, programme update from Brennock, "
              "nursery operator.\nPapers circulated by Naomi on Friday."),
        Event("1:1 with Naomi", "20270210T110000", "20270210T113000", "Microsoft Teams", ""),
        Event("Site visit – Harbourside Block C", "20270218T093000", "20270218T120000",
              "Harbourside site office, Wharf Road, Rochester",
              "Hard hat, boots and hi-vis. Meet Declan Byrne (site manager) at the gate. Train from "
              "St Pancras 08:07."),
        Event("Harbourside quarterly review", "20270325T100000", "20270325T120000",
              "Board room, 6th floor, 80 Victoria Street, London",
              "Quarterly review with Medway Quay Homes. Elena presents the programme and risks."),
        Event("Lunch & learn: net zero carbon design", "20270217T123000", "20270217T133000",
              "Thames 1", "Sandwiches provided."),
    ], "calderfinch.example")
    b.fact("Which room is the Harbourside steering group in?", ["Thames 3"], "place", "Thames 2")
    b.fact("What time does the Harbourside site visit start?", ["09:30", "9:30 am", "9:30am", "9.30am"],
           "time", "08:40")
    b.fact("What's the date of the Harbourside quarterly review?", ["2027-03-25", "25 March", "March 25"],
           "date", "2027-03-18")

    b.vcf("contacts.vcf", [
        Card("Mr. Lars Lindqvist", ("Lindqvist", "Lars", "Mr.", ""),
             tel=[("CELL", "07700 900418"), ("WORK", "01727 960 552")],
             email=["lars@lindqvistlettings.example"],
             adr=("WORK", "Suite 4, Beaumont House, 16 London Road", "St. Albans", "Hertfordshire",
                  "AL1 1NG", "United Kingdom"),
             org="Lindqvist Lettings", title="Landlord",
             note="Our landlord. Prefers texts, not calls. Office closed on Fridays."),
        Card("Dr. Chidi Okafor", ("Okafor", "Chidi", "Dr.", "BDS"), tel=[("WORK", "01727 960 233")],
             email=["reception@marlboroughdental.example"],
             adr=("WORK", "12 Marlborough Road", "St. Albans", "Hertfordshire", "AL1 3XQ", "United Kingdom"),
             org="Marlborough Road Dental Practice", note="Elena's and the kids' dentist."),
        Card("Dave Hartley", ("Hartley", "Dave", "", ""), tel=[("CELL", "07700 900762")],
             email=["dave@hartleyheating.example"], org="Hartley Heating",
             note="Gas Safe registered, no. 548112. The landlord pays for the annual service; anything "
                  "else, ask Mr. Lindqvist first."),
        Card("Jo Pemberton", ("Pemberton", "Jo", "", ""), tel=[("CELL", "07700 900305")],
             email=["jo.pemberton@example.com"],
             adr=("HOME", "22 Fishpool Street", "St. Albans", "Hertfordshire", "AL3 4RT", "United Kingdom"),
             note="Book club. Allergic to nuts."),
        Card("Priya Shah", ("Shah", "Priya", "", ""), tel=[("CELL", "07700 900871")],
             email=["priya.shah@example.com"],
             adr=("HOME", "41 Clarence Road", "St. Albans", "Hertfordshire", "AL1 4NG", "United Kingdom"),
             note="Babysitter. Usually Fridays, £12 an hour, walks home (lives a few doors down)."),
        Card("Abbey Veterinary Centre", ("", "", "", ""), tel=[("WORK", "01727 960 019")],
             email=["appointments@abbeyvets.example"],
             adr=("WORK", "5 Grove Road", "St. Albans", "Hertfordshire", "AL1 1DQ", "United Kingdom"),
             org="Abbey Veterinary Centre", note="Out of hours: Vets Now, Hatfield."),
        Card("Naomi Achterberg", ("Achterberg", "Naomi", "", ""), tel=[("WORK", "020 7946 0381")],
             email=["n.achterberg@calderfinch.example"], org="Calder & Finch LLP",
             title="Associate Director"),
    ])
    b.fact("What's Mr. Lindqvist's mobile number?", ["07700 900418", "07700900418"], "phone", "07700 900481")
    b.fact("What's Dave Hartley's e-mail address?", ["dave@hartleyheating.example"], "email",
           "info@hartleyheating.example")
    b.fact("What's the phone number of the dentist's practice?", ["01727 960 233", "01727960233"], "phone",
           "01727 960 323")
    b.fact("How much does Priya charge for babysitting?", ["£12 an hour", "£12 per hour", "12 pounds an hour"], "amount", "£15 an hour")
    b.fact("What's Jo Pemberton's mobile number?", ["07700 900305", "07700900305"], "phone", "07700 900350")

    b.md("lisbon-trip.md", """\
        # Lisbon, Easter 2027

        Four nights in Lisbon over the Easter holidays, the four of us. Flights are booked with TAP, the hotel is booked (see the confirmation e-mail from Casa do Largo), and Tom is in charge of the tram and museum plan because he has been before.

        ## Flights

        - Out: Thursday 1 April, TP1359, London Heathrow 06:40 → Lisbon 09:25 (Terminal 2, check in online 36 hours before).
        - Back: Monday 5 April, TP1352, Lisbon 17:55 → Heathrow 20:35.
        - Booking reference (TAP): QZ7K4M, seats 23A to 23D.

        ## Plan

        1. Thursday: drop bags, Alfama and the castle, early dinner near the hotel.
        2. Friday: Belém. Jerónimos Monastery (tickets for 10:00), the tower, custard tarts at Pastéis de Belém.
        3. Saturday: Sintra by train from Rossio (about 40 minutes), Pena Palace, Quinta da Regaleira for the well.
        4. Sunday: Oceanário in the morning, LX Factory, sunset at the Miradouro da Senhora do Monte.

        ## Things to remember

        Euros in cash for the trams, the kids' passports (Leo's expires in 2029), the GHIC cards, travel adaptors, Mia's inhaler.
        """)
    b.fact("What's our flight number to Lisbon?", ["TP1359", "TP 1359"], "code", "TP1395")
    b.fact("What's the TAP booking reference?", ["QZ7K4M"], "code", "QZ4K7M")
    b.fact("What time does our flight home from Lisbon leave?", ["17:55", "5:55 pm", "5:55pm"], "time",
           "18:55")

    b.eml("lisbon-hotel.eml", Mail(
        "Casa do Largo <reservas@casadolargo.example>", me, "Sun, 10 Jan 2027 19:02:11 +0000",
        "Booking confirmation HB-99310442 – Casa do Largo, Lisboa", """\
        Dear Elena Marsh,

        Thank you for choosing Casa do Largo. We are pleased to confirm your reservation.

        Booking number: HB-99310442
        Arrival: Thursday, 1 April 2027 (check-in from 15:00)
        Departure: Monday, 5 April 2027 (check-out by 11:00)
        Room: Family suite with balcony, 2 adults and 2 children (ages 6 and 9)
        Total price for 4 nights: €1,240.50 (the city tax of €32.00 is paid at the hotel)

        A deposit of €310.00 has been charged to your card ending 4417. The remaining balance is due on arrival.

        Our address is Largo do Contador-Mor 7, 1100-164 Lisboa. The nearest tram stop is Sé (tram 28). If you arrive before check-in we are happy to keep your luggage.

        Obrigado,
        Inês Carvalho
        Reservations, Casa do Largo
        """,
        html="<p>Dear Elena Marsh,</p><p>Your booking <b>HB-99310442</b> is confirmed.</p>"))
    b.fact("How much is the Lisbon hotel in total?", ["€1,240.50", "1,240.50", "1240.50"], "amount",
           "€1,420.50")
    b.fact("What's the booking number for the hotel in Lisbon?", ["HB-99310442"], "code", "HB-99310424")
    b.fact("From what time can we check in at the Lisbon hotel?", ["15:00", "3 pm", "3pm"], "time", "14:30")

    b.md("book-club.md", """\
        # Book club

        We meet on the first Thursday of the month at 7.30pm, rotating houses. Eight of us at the moment: Jo, Ruth, Anita, Claire, Sue, Mel, Fran and me.

        ## 2027 reading list

        1. January: *The Remains of the Day* (Kazuo Ishiguro), at Ruth's
        2. February: *Small Things Like These* (Claire Keegan), at mine
        3. March: *Klara and the Sun* (Kazuo Ishiguro), at Jo's
        4. April: *Tomorrow, and Tomorrow, and Tomorrow* (Gabrielle Zevin), host to be decided
        5. May: *Demon Copperhead* (Barbara Kingsolver), at Anita's

        ## Kitty

        Everyone puts £5 a month into the kitty for wine and the Christmas meal; Anita keeps it. The balance after the January meeting was £212, after paying the deposit for the Christmas meal.
        """)
    b.fact("Which book are we reading for book club in May?", ["Demon Copperhead"], "name",
           "Lessons in Chemistry")
    b.fact("How much is in the book club kitty?", ["£212"], "amount", "£221")

    b.txt("harbourside-notes.txt", """\
        HARBOURSIDE — project notes (Elena)
        Updated 2 Feb 2027

        Scheme: 112 flats in three blocks (A: 40, B: 38, C: 34) plus a ground-floor nursery, on the old Wharf Road depot in Rochester. Client: Medway Quay Homes. Contractor: Brennock Construction (design and build).

        Budget: construction cost plan v4 = £21.6m, down from £22.3m in v3 after the facade value engineering. Contingency held at 5%.

        Purchase order for the acoustic survey: PO-48213 (Sound Planning Ltd, £7,950 + VAT). The earlier PO-47790 was for the topographical survey and is closed.

        Key dates:
          - Planning condition 12 (materials) discharge: submit by 26 February
          - Block C topping out: target 14 June 2027
          - Practical completion: 30 November 2027

        Open risks: piling delay on Block C (3 weeks), the UKPN substation lead time (38 weeks!), the nursery operator not yet signed.
        """)
    b.fact("How many flats are in the Harbourside scheme?", ["112"], "number", "121")
    b.fact("What's the PO number for the acoustic survey?", ["PO-48213"], "code", "PO-48231")
    b.fact("When is practical completion for Harbourside?",
           ["30 November 2027", "2027-11-30", "November 30"], "date", "30 October 2027")

    b.mbox("home-2027.mbox", [
        Mail("Lars Lindqvist <lars@lindqvistlettings.example>", "Elena Marsh <elena.marsh@example.com>, "
             "Tom Marsh <tom.marsh@example.com>", "Mon, 18 Jan 2027 09:05:00 +0000",
             "27 Clarence Road – rent review", """\
             Dear Elena and Tom,

             I hope you both had a good Christmas. Following the annual review, the rent for 27 Clarence Road will be £1,385 per calendar month from 1 April 2027 (it is currently £1,320). This is still below the local average for a three-bedroom house, and I have kept the increase as small as I can. A formal notice is attached for your records.

             I have also asked Hartley Heating to book the annual boiler service; they will be in touch directly.

             Best wishes,
             Lars Lindqvist
             Lindqvist Lettings
             """),
        Mail("Abbey Veterinary Centre <appointments@abbeyvets.example>", me, "Tue, 16 Feb 2027 08:30:00 +0000",
             "Biscuit is due his booster", """\
             Dear Ms Marsh,

             Our records show that Biscuit is due his annual vaccination (DHP and Lepto 4). Please book his appointment online or by phone; morning slots go quickly.

             The booster costs £64.00 and includes a full health check; members of our Healthy Pet Club pay nothing extra. Flea and worm treatment can be added for £18.

             Please arrive five minutes early and bring Biscuit on a lead.

             Abbey Veterinary Centre, 5 Grove Road, St. Albans
             """),
        Mail("Jo Pemberton <jo.pemberton@example.com>", "Book club <bookclub@example.com>",
             "Sat, 27 Feb 2027 21:14:00 +0000", "Book club – March at mine", """\
             Hi all,

             Looking forward to Thursday! A few practical things: Fishpool Street is permit parking only after 6.30pm, so please use the St. Peter's Street car park (free after 6pm) and walk down, it's five minutes.

             I'm making a lemon tart; could someone bring crisps or nibbles (no nuts please, as ever). Ruth has promised us questions that are "not too academic".

             Jo x
             """),
        Mail("St. Michael's Primary <office@stmichaels.example>", "Parents <parents@stmichaels.example>",
             "Wed, 3 Mar 2027 15:40:00 +0000", "Lost property and parent-teacher meetings", """\
             Dear Parents and Carers,

             The lost property box is overflowing again. Anything not collected by Friday will be washed and given to the PTA second-hand uniform sale.

             A reminder that parent-teacher meetings take place on 10 March (Reception to Year 2) and 11 March (Years 3 to 6). Slots are ten minutes; please book online if you have not done so.

             School Office
             """),
        Mail("Marlborough Road Dental Practice <reception@marlboroughdental.example>", me,
             "Mon, 29 Mar 2027 10:00:00 +0100", "Appointment reminder – Mia Marsh", """\
             Dear Parent/Guardian,

             This is a reminder that Mia Marsh has a check-up on Tuesday 6 April at 15:30 with Dr. Okafor. If you cannot attend, please give us 24 hours' notice.

             Marlborough Road Dental Practice
             """),
    ])
    b.fact("What will our new monthly rent be?", ["£1,385", "1,385", "1385"], "amount", "£1,358")
    b.fact("From when does the new rent apply?", ["1 April 2027", "2027-04-01", "April 1"], "date",
           "1 May 2027")
    b.fact("How much does Biscuit's booster cost?", ["£64.00", "£64", "64.00"], "amount", "£46.00")
    b.fact("Where should I park for book club at Jo's?", ["St. Peter's Street car park"], "place",
           "London Road car park")

    b.mbox("work-2027.mbox", [
        Mail("Declan Byrne <d.byrne@brennock.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Wed, 3 Feb 2027 07:48:00 +0000", "Block C piling – revised programme", """\
             Elena,

             Following the obstruction we hit on the east side of Block C, the piling rig is back on site on Monday 8 February. We have lost 15 working days overall. The revised topping-out date for Block C is 5 July 2027 (it was 14 June); Blocks A and B are unaffected.

             Updated programme attached. Happy to talk it through at the site visit.

             Declan Byrne
             Site Manager, Brennock Construction
             """),
        Mail("Naomi Achterberg <n.achterberg@calderfinch.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Thu, 11 Feb 2027 16:02:00 +0000", "Sound Planning invoice", """\
             Hi Elena,

             Sound Planning's invoice INV-20771 for £9,540.00 (that's the £7,950 plus VAT) has come in against your purchase order. Can you approve it in Coupa by Friday so it goes in this month's payment run?

             Thanks,
             Naomi
             """),
        Mail("Fergus Reilly <f.reilly@medwayquay.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Mon, 22 Feb 2027 12:30:00 +0000", "Harbourside – nursery operator", """\
             Dear Elena,

             Good news at last: Little Acorns Nurseries have signed heads of terms for the ground-floor unit in Block A, a 15-year lease with a break at year 10. Could your team update the risk register and let Brennock know the fit-out spec is now fixed?

             Regards,
             Fergus Reilly
             Development Director, Medway Quay Homes
             """),
        Mail("Naomi Achterberg <n.achterberg@calderfinch.example>", "Elena Marsh <e.marsh@calderfinch.example>",
             "Fri, 5 Mar 2027 09:10:00 +0000", "Leave request", """\
             Elena, your annual leave for 1 to 6 April is approved. After that you will have 9 days left for the rest of the leave year. Enjoy Lisbon!

             N.
             """),
    ])
    b.fact("When is Block C now expected to top out?", ["5 July 2027", "2027-07-05", "July 5"], "date",
           "12 July 2027")
    b.fact("What's the invoice number from Sound Planning?", ["INV-20771"], "code", "INV-20717")
    b.fact("Which nursery operator signed for the Harbourside ground floor?", ["Little Acorns"], "name",
           "Little Oaks")
    b.fact("How many days of annual leave will I have left after Easter?", ["9 days"], "number", "11 days")

    b.pdf("dentist-treatment-plan.pdf", "Treatment plan - Mrs E Marsh", ["""\
        Marlborough Road Dental Practice
        12 Marlborough Road, St. Albans AL1 3XQ  ·  www.marlboroughdental.example
        PRIVATE TREATMENT PLAN AND ESTIMATE
        Patient: Mrs Elena Marsh    Date of birth: 14/08/1988    Patient no. MRD-20931
        Dentist: Dr. C. Okafor BDS    Date of plan: 2 February 2027
        Item                                              Tooth       Fee
        Examination and two bitewing X-rays                            £68.00
        Porcelain-bonded crown                            LL6 (36)    £545.00
        Hygienist appointment (45 minutes)                             £85.00
        Total estimate: £698.00
        A deposit of £150.00 is payable when the crown preparation appointment is booked; the balance is payable when the crown is fitted. This estimate is valid for three months. If further treatment is needed we will discuss it with you and give you a new estimate before we start.
        """])
    b.fact("What's my patient number at the dentist?", ["MRD-20931"], "code", "MRD-20913")
    b.fact("How much will the crown cost?", ["£545.00", "£545", "545.00"], "amount", "£454.00")
    b.fact("What's the total on the dental treatment estimate?", ["£698.00", "£698", "698.00"], "amount",
           "£689.00")

    b.pdf("council-tax-2027.pdf", "Council Tax Bill 2027/28", ["""\
        St Albans City and District Council
        COUNCIL TAX BILL 2027/28
        Account reference: 5001 2238 4410
        Property: 27 Clarence Road, St. Albans AL1 4NG          Valuation band: D
        Liable persons: Elena Marsh, Thomas Marsh
        Charges for the period 1 April 2027 to 31 March 2028
        Hertfordshire County Council  £1,642.12
        Police and Crime Commissioner  £261.01
        St Albans City and District Council  £228.23
        Total annual charge: £2,131.36
        Instalments: 10 monthly payments by Direct Debit on the 15th of each month, first instalment £213.19, then 9 instalments of £213.13.
        """])
    b.fact("What's our council tax account reference?", ["5001 2238 4410", "500122384410"], "code",
           "5001 2283 4410")
    b.fact("How much is the council tax for the year?", ["£2,131.36", "2,131.36", "2131.36"], "amount",
           "£2,113.36")

    b.html("broadband-account.html", "My account — Fibrely", """\
        <header><div class="logo">Fibrely</div></header>
        <h1>My account</h1>
        <p>Hello Elena, here is a summary of your broadband.</p>
        <h2>Your plan</h2>
        <table>
          <tr><td>Plan</td><td>Full Fibre 500</td></tr>
          <tr><td>Monthly price</td><td>£32.99</td></tr>
          <tr><td>Price from 1 April 2027</td><td>£35.49 (yearly rise of CPI + 3.9%)</td></tr>
          <tr><td>Minimum term ends</td><td>14 August 2027</td></tr>
          <tr><td>Customer number</td><td>FBR-3318-0467</td></tr>
        </table>
        <h2>Your router</h2>
        <p>Router: Fibrely Hub 3. If your connection drops, switch the hub off for 30 seconds and back on before calling us.</p>
        <h2>Help</h2>
        <p>Call us on 0800 046 1190, 8am to 8pm every day.</p>
        """)
    b.fact("What's my broadband customer number?", ["FBR-3318-0467"], "code", "FBR-3381-0467")
    b.fact("When does the broadband minimum term end?", ["14 August 2027", "2027-08-14", "August 14"], "date",
           "14 August 2028")
    b.fact("How much will the broadband cost from April?", ["£35.49", "35.49"], "amount", "£34.59")

    b.txt("subscriptions.txt", """\
        Subscriptions & direct debits (checked Jan 2027)

        Spotify Family ............ £19.99/month, renews on the 9th
        Netflix Standard .......... £12.99/month (Tom's card)
        Disney+ ................... cancelled Dec 2026, DON'T resubscribe until the summer
        The Guardian (digital) .... £12.00/month
        PureGym St Albans ......... £24.99/month, Elena, membership no. 8825 4410 19
        RAC breakdown ............. £11.25/month, membership 5417 772, renews 3 May 2027
        Amazon Prime .............. £95/year, renews 21 October
        Headspace ................. £49.99/year, renews 2 Feb (cancel?)

        Total monthly (excluding the annual ones): about £81
        """)
    b.fact("What's my gym membership number?", ["8825 4410 19"], "code", "8825 4401 19")
    b.fact("When does the RAC breakdown cover renew?", ["3 May 2027", "2027-05-03", "May 3"], "date",
           "13 May 2027")
    b.fact("How much do we pay for Spotify?", ["£19.99"], "amount", "£17.99")

    b.txt("biscuit.txt", """\
        Biscuit (working cocker spaniel, born 12 May 2021)

        Microchip: 985 141 002 338 761 (registered with Petlog; address updated when we moved, Oct 2024)
        Vet: Abbey Veterinary Centre, 5 Grove Road. Ms. Harriet Doyle usually sees him and knows his history with the ear infections.
        Insurance: Waggel, policy WG-7734019, £36.74 a month, excess £99 per condition.
        Food: two 95 g scoops of the salmon kibble a day; no chicken (itchy ears).
        Weight at the last check: 14.2 kg (the vet would like him under 14).
        Walker: Sunita, Tuesdays and Thursdays, £15 a walk.
        """)
    b.fact("What's Biscuit's microchip number?", ["985 141 002 338 761", "985141002338761"], "code",
           "985 141 002 383 761")
    b.fact("What's the pet insurance policy number?", ["WG-7734019"], "code", "WG-7743019")
    b.fact("Who is Biscuit's usual vet?", ["Harriet Doyle", "Doyle"], "name", "Helen Dorsey")
    b.fact("How much did Biscuit weigh at his last check?", ["14.2 kg", "14.2kg", "14.2"], "number", "15.2 kg")

    b.md("lemon-drizzle.md", """\
        # Granny Marsh's lemon drizzle

        Makes one 2 lb loaf. Mia's favourite; Leo likes it without the drizzle.

        ## Ingredients

        - 225 g softened butter
        - 225 g caster sugar
        - 4 eggs
        - 225 g self-raising flour
        - finely grated zest of 1 lemon
        - for the drizzle: juice of 1½ lemons and 85 g caster sugar

        ## Method

        Heat the oven to 180°C (160°C fan). Beat the butter and sugar until pale, add the eggs one at a time, then fold in the flour and zest. Bake for 45 to 50 minutes, until a skewer comes out clean. Mix the lemon juice and sugar and pour over while the cake is still warm.
        """)
    b.fact("What oven temperature does the lemon drizzle need (not fan)?", ["180°C", "180"], "number",
           "190°C")

    b.pdf("payslip-2027-01.pdf", "Payslip January 2027", ["""\
        Calder & Finch LLP  -  PAYSLIP
        Employee: Elena Marsh    Employee no. CF-01872    Tax code: 1257L    NI number: QQ 12 34 56 C
        Pay period: January 2027 (month 10)    Pay date: 29/01/2027
        PAYMENTS    Basic salary £5,250.00    Overtime £0.00
        DEDUCTIONS    Income tax £892.40    National Insurance £271.33    Pension (5%) £262.50    Cycle to work £41.67
        Total payments £5,250.00    Total deductions £1,467.90    NET PAY £3,782.10
        Year to date: gross £52,500.00, tax £8,924.00, employee pension £2,625.00
        """])
    b.fact("What was my take-home pay in January?", ["£3,782.10", "3,782.10", "3782.10"], "amount",
           "£3,872.10")
    b.fact("What's my employee number at Calder & Finch?", ["CF-01872"], "code", "CF-01827")
    b.fact("How much went into my pension in January?", ["£262.50", "262.50"], "amount", "£226.50")

    b.eml("mot-reminder.eml", Mail(
        "Verulam Motors <service@verulammotors.example>", me, "Fri, 14 May 2027 11:45:00 +0100",
        "MOT due – Skoda Octavia LR19 KXT", """\
        Dear Mrs Marsh,

        Our records show that the MOT for your Skoda Octavia (LR19 KXT) expires on 28 June 2027. You can have it tested up to a month before that date and keep the same renewal date next year.

        The MOT costs £54.85. If you would like a full service at the same visit, the price is £289 including the MOT. We can offer a free courtesy car if you book at least a week ahead.

        Book online or call us on 01727 960 740.

        Verulam Motors, Hatfield Road, St. Albans
        """))
    b.fact("When does the car's MOT run out?", ["28 June 2027", "2027-06-28", "June 28"], "date",
           "28 July 2027")
    b.fact("How much is the MOT at Verulam Motors?", ["£54.85", "54.85"], "amount", "£45.85")

    b.eml("boiler-service.eml", Mail(
        "Hartley Heating <bookings@hartleyheating.example>", me, "Thu, 28 Jan 2027 16:20:00 +0000",
        "Annual boiler service – 27 Clarence Road", """\
        Hi Elena,

        Mr. Lindqvist has asked us to carry out the annual gas safety check and boiler service at 27 Clarence Road. We have booked you in for Tuesday 16 February, arriving between 8 and 10am. Our engineer Gary Fenn will do the visit; he will need access to the boiler, the gas meter and the hob, so please clear the airing cupboard.

        The landlord's gas safety certificate (CP12) will be e-mailed to you and to Mr. Lindqvist within 48 hours. There is nothing to pay; the landlord is invoiced directly.

        Thanks,
        Dave Hartley
        Hartley Heating
        """))
    b.fact("Who's the engineer coming to service the boiler?", ["Gary Fenn"], "name", "Gary Finn")
    b.fact("When is the boiler being serviced?", ["16 February", "2027-02-16", "February 16"], "date",
           "17 February")

    b.pdf("year4-residential.pdf", "Year 4 residential letter", ["""\
        St. Michael's C of E Primary School
        Year 4 residential trip, June 2027
        Dear Parents and Carers,
        Year 4 will spend three days and two nights at the Hollowmere Outdoor Centre near Norwich, from Wednesday 9 June to Friday 11 June 2027. Activities include canoeing, climbing, orienteering and a night walk.
        The total cost is £215 per child, which includes coach travel, all meals and activities. A non-refundable deposit of £60 is due with the signed consent form by Friday 5 March; the balance can be paid in instalments on ParentPay, with the final payment due on 14 May.
        A parents' information evening will be held in the school hall on Tuesday 20 April at 18:30, where you can meet the centre staff and ask questions.
        Yours sincerely,
        The Year 4 team
        """])
    b.fact("How much is the deposit for the Year 4 residential?", ["£60"], "amount", "£50")
    b.fact("Where is Mia's residential trip?", ["Hollowmere Outdoor Centre", "Hollowmere"], "place",
           "Kingswood Outdoor Centre")
    b.fact("What time is the information evening for the residential trip?",
           ["18:30", "6.30pm", "6:30 pm", "6:30pm"], "time", "19:00")

    b.html("restaurant-booking.html", "Booking confirmed — The Waterend Kitchen", """\
        <div class="card">
          <h1>Your table is booked</h1>
          <p>Thank you, Elena. We look forward to welcoming you.</p>
          <dl>
            <dt>Restaurant</dt><dd>The Waterend Kitchen, 4 George Street, St. Albans</dd>
            <dt>Date</dt><dd>Saturday 20 March 2027</dd>
            <dt>Time</dt><dd>19:45</dd>
            <dt>Guests</dt><dd>2</dd>
            <dt>Booking reference</dt><dd>WK-6620</dd>
            <dt>Notes</dt><dd>Anniversary. One vegetarian.</dd>
          </dl>
          <p>A deposit of £20 per person secures your booking and is deducted from your bill. Cancellations within 48 hours of the booking forfeit the deposit.</p>
        </div>
        """)
    b.fact("What time is our anniversary dinner booked for?", ["19:45", "7:45 pm", "7.45pm", "7:45pm"], "time",
           "20:15")
    b.fact("What's the restaurant booking reference?", ["WK-6620"], "code", "WK-6602")

    b.html("swimming-lessons.html", "Westminster Lodge — Learn to Swim", """\
        <h1>Learn to Swim: booking summary</h1>
        <section>
          <h2>Swimmer</h2>
          <p>Leo Marsh (age 6), Stage 3</p>
          <h2>Lesson</h2>
          <p>Saturdays 09:15 to 09:45, Teaching Pool, Westminster Lodge Leisure Centre, Holywell Hill, St. Albans.</p>
          <p>Teacher: Coach Imogen. Assessment week: 12 June.</p>
          <h2>Payment</h2>
          <p>Summer term fee: £78.00 (12 lessons), paid by card on 2 April 2027. Next term's fee is taken automatically unless you cancel by 1 July.</p>
        </section>
        """)
    b.fact("How much is Leo's swimming term fee?", ["£78.00", "£78", "78.00"], "amount", "£87.00")
    b.fact("Who teaches Leo's swimming lessons?", ["Imogen"], "name", "Coach Isabel")

    b.md("allotment.md", """\
        # Allotment

        We took on half a plot at the Bernards Heath allotments in March 2025. It is Plot No. 14b, next to the water trough, between Margaret's (14a) and the compost bays.

        ## Costs

        Rent is £38 a year, due on 1 October to the Allotment Society treasurer, Mr. Oduya. Water is included. We paid a £10 key deposit for the gate.

        ## Sowing plan 2027

        - Broad beans 'Aquadulce': sown in November, should be ready in June
        - Potatoes: first earlies 'Charlotte', chitting on the windowsill from February, plant out at Easter
        - Tomatoes 'Sungold': in the greenhouse at home, not at the plot (blight)
        - Courgettes: two plants is plenty, three was a mistake
        """)
    b.fact("What's our allotment plot number?", ["14b"], "code", "14c")
    b.fact("How much is the allotment rent each year?", ["£38"], "amount", "£42")

    b.md("year-end-review.md", """\
        # 2026 year-end review (notes for my 1:1)

        My manager Naomi Achterberg and I went through the year on 10 February.

        ## What went well

        - Harbourside planning consent secured in July with no judicial review.
        - Cost plan brought down from £22.3m to £21.6m without losing the roof gardens.

        ## Outcome

        Rating: Exceeds. From 1 April my salary goes up 5% to £66,150, and I will take on the Northfleet feasibility study as project lead. Bonus for 2026: £3,000, paid with the March salary.

        ## Objectives for 2027

        1. Deliver Harbourside Block A to practical completion on programme.
        2. Mentor the two new graduates.
        3. Chartered membership (APM) by the end of the year.
        """)
    b.fact("What will my salary be from April?", ["£66,150", "66,150", "66150"], "amount", "£61,650")
    b.fact("Who is my manager at work?", ["Naomi Achterberg", "Achterberg"], "name", "Naomi Fairbrother")

    b.txt("misc-notes.txt", """\
        misc notes

        Tom's passport expires 3 September 2028 (renew at least 6 months before any trip). Mine is fine until 2031, the kids' until 2029.

        Library cards: mine 2300 0914 7752, Mia's is in her book bag.

        Recycling centre: Ronsons Way, open 8-4, closed Wednesdays. Need the van permit for anything bigger than the car.

        Mia's shoe size 2 (F fitting), Leo 12. Clarks in the Maltings does the fitting.
        """)
    b.fact("When does Tom's passport expire?", ["3 September 2028", "2028-09-03", "September 3"], "date",
           "3 September 2029")
    b.fact("What's my library card number?", ["2300 0914 7752"], "code", "2300 0941 7752")
    b.fact("Where's the recycling centre?", ["Ronsons Way"], "place", "Ashley Road")

    return b.finish(OPEN_A)


OPEN_A = [
    "What can you do?",
    "Plan a three-day trip to Lisbon for me.",
    "Write a short poem about the sea.",
    "Explain how vaccines work.",
    "List ten ideas for a birthday party.",
    "Give me a recipe for a simple vegetable soup.",
    "Write a polite letter to my landlord asking him to fix a dripping tap.",
    "Write a Python function that checks whether a word is a palindrome.",
    "Explain what inflation is in simple terms.",
    "Suggest a weekly meal plan for a family of four.",
    "Write a haiku about autumn leaves.",
    "I want to start running. Give me a four-week plan.",
    "Explain how a heat pump heats a house.",
    "Write a short bedtime story about a dog who finds a lost kite.",
    "List five board games for children aged six to ten.",
    "Tell me a joke.",
    "Summarise the plot of Hamlet in one paragraph.",
    "Write an out-of-office e-mail reply for next week.",
    "Give me some tips for a job interview.",
    "Explain recursion with an example.",
    "What should I pack for a weekend of camping?",
    "Write a limerick about a cat.",
    "Who are you?",
]
