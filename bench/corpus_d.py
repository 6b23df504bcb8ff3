"""Corpus "d" of the answer benchmark: one made-up person's files, the one-fact questions
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
    me = "Morag Lennox <morag.lennox@example.net>"
    ally = "Alasdair Lennox <ally.lennox@example.net>"

    # -- Markdown ------------------------------------------------------------------------------

    b.md("flat-book.md", """\
        # 3F2, 21 Raeburn Terrace — the flat book

        We've been in the flat since August 1998, when Kirsty was eleven and Euan eight, and we still find things out about it. This is for Kirsty or Euan or whoever is minding Bramble if we're both away (or both in hospital, heaven forbid). Read the bits about the stair before you do anything that involves a neighbour.

        ## The stair and the factor

        Six flats share the stair, the roof, the back green and the bin store. Common repairs are arranged by our property factor, Dean & Lomond, at 40 Dundas Street; their reference for our flat is DL-RT21-3F2 and it should be on every letter they send. They take a management fee each quarter and send a statement with it. Anything that needs doing to the roof, the gutters, the stair windows or the door entry system goes through them, and if it costs more than £500 they have to get the owners' agreement first (see the notes from the stair meetings).

        ### Roof repair

        The big roof repair (slates, and the lead valley above 3F1) was done in October 2026. The total for the building came to £7,107.60, split equally six ways, and our share was £1,184.60, paid on 3 December. The year before we paid £96.00 towards clearing the gutters and thought that was a lot.

        - Stair cleaning: Sparkle Stair Services do the close and the stair every second Tuesday; it's on the factor's bill.
        - Back green: each flat takes a month for the grass from April to September. Ours is July.
        - Bin store: the communal bins are at the end of the terrace; glass goes in the blue-lidded one on the corner of Dean Street.

        ## Neighbours

        Mrs. Duthie in 3F1 has had a spare key since 2009 and is in most days; she's 84 and sharp as a tack, and she'll want a cup of tea and the news. The Okafors (2F2) are lovely but away a lot. The student flat on the first floor changes every year; don't lend them the ladder, we never got it back the last time.

        ## Water, gas, electricity

        The stopcock is in the hall press, at floor level behind the ironing board; turn it clockwise to close. The electricity meter and the consumer unit are in the same press, up high on the left. The gas meter is in the kitchen press beside the cooker. The boiler (Vaillant ecoTEC plus, a combi) is on the kitchen wall and is serviced every spring by Braid Gas Services.

        ### Boiler trouble

        If there's no hot water: check the pressure gauge on the front of the boiler. If it's below 1, top it up with the silver filling loop underneath until it reads about 1.3, then press reset once. If it still won't light, ring Braid Gas; don't fiddle with it.

        ## Smoke and heat alarms

        Interlinked alarms (the Scottish rules) were fitted in March 2022 by Cammo Electrical: one in the hall, one in the living room, a heat alarm in the kitchen, and a carbon monoxide alarm beside the boiler. The batteries are sealed and last ten years, so there's nothing to do until 2032 except press the test button on the first of the month.
        """)
    b.fact("Who's the property factor for our building?", ["Dean & Lomond", "Dean and Lomond"], "name",
           "Dean & Lorne")
    b.fact("What reference does the factor use for our flat?", ["DL-RT21-3F2"], "code", "DL-RT12-3F2")
    b.fact("How much did our bit of the roof repair come to?", ["£1,184.60", "1,184.60", "1184.60"], "amount",
           "£1,148.60")
    b.fact("Which neighbour has a key to our flat?", ["Mrs. Duthie", "Mrs Duthie", "Duthie"], "name", "Mrs. Dunlop")
    b.fact("Where do I shut the water off in the flat?", ["hall press"], "place", "bathroom cupboard")

    b.md("bramble.md", """\
        # Bramble

        Border terrier, bitch, born 12 May 2021, from a breeder near Peebles. Kennel Club name "Tweedside Bramble Rose", which nobody uses. Her microchip number is 826098004517723, registered on Petlog under my name and my mobile; if she ever gets out, that's what the vet or the dog warden will scan.

        ## Vet

        Raeburn Veterinary Clinic on Raeburn Place. We see Dr. Sorensen if we can (Ingrid, the Danish one, who is patient with her); the other vets are fine but Bramble sulks. Her annual booster and health check is in the calendar. Flea and worm treatment is a chewable every month, on the first, with her breakfast so she doesn't notice.

        ## Weight and food

        She weighed 9.1 kg at the booster last spring, which the vet called "well covered", so we cut her food down. At the nurse clinic in February she was 8.4 kg, and they want her kept there. 55 g of the kibble morning and night, and the chews count.

        ## Walks

        Morning: along the Water of Leith walkway to Dean Village and back, about forty minutes. Afternoon: Inverleith Park. She's good off the lead except with squirrels and the swans at the pond.

        On Wednesdays (bookshop day for me, allotment day for Ally) Sadie Kerr takes her out at lunchtime with her pack of four. £14 a walk, paid at the end of the month.

        ## When we're away

        Pentland Kennels at Glencorse have had her since she was a pup; she knows the girls there and comes back filthy and happy. Book early for the summer, they fill up by March. She'll go there while Ally is in for his knee as well, at least for the first week.
        """)
    b.fact("What's the number on Bramble's microchip?", ["826098004517723"], "code", "826098004517732")
    b.fact("How much does the dog weigh these days?", ["8.4 kg", "8.4kg"], "number", "8.6 kg")
    b.fact("Who takes Bramble out on Wednesdays?", ["Sadie Kerr", "Sadie"], "name", "Sadie Kemp")
    b.fact("Where does the dog go when we're away on holiday?", ["Pentland Kennels"], "place", "Pentland Pet Hotel")
    b.fact("Which vet do we try to see at the clinic?", ["Dr. Sorensen", "Dr Sorensen", "Sorensen"], "name",
           "Dr. Svensson")

    b.md("choir.md", """\
        # Water of Leith Community Choir

        I joined in September 2019 after I retired, on Elspeth's say-so, and it's the best thing I've done since. About sixty of us, no audition, four parts. I sing second alto (I started with the first altos and got moved, which is fine, the harmonies are nicer down there).

        ## Rehearsals

        Mondays in term time, in St. Bernard's Church Hall on Saxe Coburg Street. Warm-up starts at 7:15pm sharp and we finish at 9:15, with a tea break at half eight (biscuit rota: I'm down for 10 May and 7 June). Elspeth gives me a lift home when it's dark or pouring.

        Sectional rehearsals for the altos are on the odd Saturday morning at Fiona's flat in Warriston; they're in the clubs calendar.

        ## People

        Our musical director is Fiona MacRae, who also runs the primary schools' music project and doesn't let anything past. Accompanist: Graham Whyte on piano. Our section leader is Elspeth Rennie. The committee secretary, Donald, sends all the e-mails, usually three a week.

        ## Subs

        Subs are paid by the term: £85 for the summer term (April to June), by bank transfer with the reference LENNOX-ALTO so the treasurer knows who it's from. It was £75 until last year; they put it up to cover the hall rent. Concessions are there for anyone who needs them, no questions asked.

        ## Spring concert

        Our spring concert is on Saturday 29 May 2027 at Greyfriars Kirk, 7:30pm, with the Leith Brass Ensemble. We're doing Rutter's "Look at the World", two Gaelic waulking songs (Catrìona from the Gaelic class is coming to hear us butcher them), "Caledonia", and Bob Chilcott's "A Little Jazz Mass". Black clothes with a splash of colour. Tickets £12 (£8 concessions) from Donald or on the door.
        """)
    b.fact("What time does choir practice start?", ["7:15pm", "7:15 pm", "7:15", "19:15"], "time", "7:45pm")
    b.fact("Who conducts the community choir?", ["Fiona MacRae", "MacRae"], "name", "Fiona MacLeod")
    b.fact("How much are my choir subs this term?", ["£85"], "amount", "£95")
    b.fact("Where's the choir's spring concert being held?", ["Greyfriars Kirk", "Greyfriars"], "place",
           "Canongate Kirk")
    b.fact("What reference do I put on the bank transfer for choir subs?", ["LENNOX-ALTO"], "code", "LENNOX-SOP")

    b.md("inverleith-plot.md", """\
        # Allotment — Inverleith

        Ally's really, though I do the sweet peas and the raspberries. We were on the council waiting list for four years and got a half plot in March 2024. The site belongs to the council and the Inverleith Allotments Association runs it day to day.

        ## Plot and rent

        Half plot, number 23A, third row down from the top gate, beside the water trough. The rent for a half plot went up to £62 this year (it was £54 when we started); it's due on 1 April and paid by card online. The gate padlock code is in Ally's phone.

        The site secretary is Mr. Gillespie (Norman), who walks round every Sunday morning with a clipboard and writes down anyone whose paths are weedy. Plot inspections are in June and September; three bad inspections in a row and you get a letter.

        ## What's in, 2027

        - First earlies: Charlotte, planted 3 April, two rows.
        - Onion sets (Sturon) and garlic (planted in October).
        - Broad beans, Aquadulce, overwintered.
        - Sweet peas along the fence (mine).
        - Rhubarb, raspberries (Glen Ample), two blackcurrant bushes.

        ## Water

        The troughs are filled from the mains April to October only. Hosepipes are banned on the site; Mr. Gillespie means it.
        """)
    b.fact("What's the number of Ally's allotment plot?", ["23A", "Plot 23A"], "code", "32A")
    b.fact("How much is the allotment rent now?", ["£62"], "amount", "£66")
    b.fact("Who's the secretary at the allotments?", ["Mr. Gillespie", "Mr Gillespie", "Norman Gillespie",
                                                      "Gillespie"], "name", "Mr. Galloway")
    b.fact("When did the seed potatoes go in this year?", ["3 April", "April 3", "2027-04-03"], "date", "10 April")

    b.md("orkney-trip.md", """\
        # Orkney, May 2027

        Six nights in Orkney to see Hamish and Jean, our first trip since before Covid that isn't a family do. We'll drive up; Ally wants to do it before the knee operation in June, because after that he's off driving for six weeks at least.

        ## Getting there

        Leave Edinburgh on Saturday 15 May by eight, A9 to Thurso (about five and a half hours, with stops at the House of Bruar and Helmsdale). The ferry is from Scrabster; the booking confirmation has the sailing times. Bramble comes with us: on the crossing she stays in the car or the pet lounge.

        ## Where we're staying

        We've got Westshore Cottage, a self-catering place on the Outertown road just outside Stromness, from the Saturday to the Friday. The owner, a Mrs. Flett, leaves the key in the key safe (the code is in the booking e-mail on my phone). It's £640 for the six nights, dog included, paid in full in January. Hamish offered us the spare room at the farm but Jean has her mother there now, and anyway we like our own space.

        ## Hamish and Jean

        The farm is at Marwick, in Birsay, about twenty minutes from Stromness: cattle and sheep, and Jean's hens. Sunday lunch there, and Hamish wants Ally to help him with the quad bike, which means two men in a shed all afternoon.

        ## Plans

        1. Skara Brae and Skaill House (take the Historic Environment Scotland cards!).
        2. The Ring of Brodgar at sunset, if it's not blowing a gale.
        3. The Italian Chapel and the Churchill Barriers.
        4. St. Magnus Cathedral in Kirkwall and a wander round the shops for presents.
        5. The Brough of Birsay, tides permitting (the causeway is only open two hours either side of low water).
        6. Hoy on the little ferry from Houton if there's a calm day.

        ## To pack

        Walking boots, waterproofs, binoculars, the bird book, Bramble's bed and her long line, midge spray just in case, and the cool box for bringing back Orkney cheese and fudge.
        """)
    b.fact("Which cottage have we booked for Orkney?", ["Westshore Cottage", "Westshore"], "place",
           "Eastshore Cottage")
    b.fact("How long are we staying in Orkney?", ["six nights", "6 nights"], "number", "seven nights")
    b.fact("Where's my brother Hamish's farm?", ["Marwick", "Birsay"], "place", "Dounby")
    b.fact("How much is the Orkney cottage costing us?", ["£640"], "amount", "£680")

    b.md("ally-knee.md", """\
        # Ally's knee

        Right knee replacement ("total knee arthroplasty" on the letters). He's been on the waiting list since November 2025, after the X-ray showed bone on bone. The operation is at the Golden Jubilee in Clydebank, not the Royal Infirmary, because that's where the orthopaedic list is shorter; the admission letter has the date and the ward.

        ## Numbers they ask for

        - CHI number: 0903572418 (Ally's; mine is on my own letters). The hospital puts it on every letter and asks for it on the phone before they'll tell you anything.
        - GP: Dr. Anand at Stockbridge Health Centre.
        - Surgeon: Mr. Dalgleish, consultant orthopaedic surgeon. His secretary is Carol, on 0141 496 0733, and she's the one to ring with questions, not the ward.

        ## Before the operation

        He's to lose a bit of weight (he's 96 kg and they'd like him under 92), stop the ibuprofen a week before, and keep doing the "prehab" exercises the physio gave him: straight-leg raises, knee bends on the bed, and sit-to-stand from the dining chair, ten of each, three times a day. He does them twice a day if I don't nag, so I nag.

        ## After

        - In hospital usually two or three nights.
        - No driving for at least six weeks, and then only when he can do an emergency stop; tell the insurance.
        - Crutches for about four weeks, then a stick.
        - Outpatient physio at the Western General, twice a week for six weeks; the referral goes through automatically.
        - The raised toilet seat and the perching stool come from the council OT; they'll phone to arrange delivery.
        - Clips out with the practice nurse at 12 to 14 days.
        """)
    b.fact("What's Ally's patient number with the NHS?", ["0903572418", "090357 2418"], "code", "0903572481")
    b.fact("Who's the surgeon operating on Ally's knee?", ["Mr. Dalgleish", "Mr Dalgleish", "Dalgleish"], "name",
           "Mr. Dalziel")
    b.fact("How often should Ally be doing his knee exercises?", ["three times a day", "3 times a day"], "number",
           "four times a day")
    b.fact("What's the phone number for the knee surgeon's secretary?", ["0141 496 0733", "01414960733"], "phone",
           "0141 496 0737")
    b.fact("Who's Ally's doctor at the health centre?", ["Dr. Anand", "Dr Anand", "Anand"], "name", "Dr. Anderson")

    # -- Plain text ----------------------------------------------------------------------------

    b.txt("the-jazz.txt", """\
        THE JAZZ (Honda Jazz 1.3 EX, 2019, blue)

        Reg SF19 LNX. Bought from the big dealer at Seafield in 2022 with 21,400 miles on it; about 38,000 now.
        MOT: last one passed 16/08/2026 (advisory: front brake discs wearing, see the garage e-mail). Next MOT due by 15/08/2027.
        Road tax: £195 a year, renews 1 September, paid online with the reminder letter.
        Insurance: Clydesdale Mutual, renewed in February, policy no. CM-77310452, both of us named. Renewal premium £412.37 (it was £386.10 last year).
        Service: Comely Bank Garage on Comely Bank Road, every 12 months or 9,000 miles. Ask for Davie.
        Tyres: 185/55 R16. Pressure 33 psi front, 30 psi rear (sticker inside the driver's door).
        Parking: residents' permit zone N3, permit in the windscreen, renewal in October. The car sits in the permit bays on Raeburn Terrace; if you move it, put it back there, not on Dean Street (different zone).
        Breakdown cover: comes with the insurance, card in the glovebox.
        Spare key: in the blue bowl on the hall table (yes, I know).
        """)
    b.fact("What's the registration of our car?", ["SF19 LNX"], "code", "SF19 LXN")
    b.fact("When does the Jazz need its next MOT?", ["15/08/2027", "15 August 2027", "2027-08-15"], "date",
           "15/08/2028")
    b.fact("How much is the car tax a year?", ["£195"], "amount", "£185")
    b.fact("What's the policy number for the car insurance?", ["CM-77310452"], "code", "CM-77310425")
    b.fact("What pressure should the back tyres on the Jazz be?", ["30 psi"], "number", "32 psi")

    b.txt("useful-numbers.txt", """\
        useful numbers (the PINs are in my head, not here)

        National Entitlement Card (bus pass): Morag 6338 0012 4471 9925; Ally's card number ends 3306. Free on the buses, and a third off the train within Scotland.
        Library: Stockbridge Library, card 2400 1873 562 (Morag).
        Premium Bonds: holder's number 552731846 (Morag); Ally's is on the NS&I letter in the filing box.
        TV licence: we pay it (the free one is only with Pension Credit). Licence number 7730184562, renews 1 November.
        Historic Environment Scotland joint membership: HES-88120547, expires 30/06/2027.
        Power of attorney: registered with the Office of the Public Guardian in 2023, both of us; the originals are with Struan & Lindsay, our solicitors in Queensferry Street.
        """)
    b.fact("What's the number on my bus pass?", ["6338 0012 4471 9925", "6338001244719925"], "code",
           "6338 0012 4471 9952")
    b.fact("What's our Historic Scotland membership number?", ["HES-88120547"], "code", "HES-88120574")
    b.fact("Which solicitors hold our power of attorney papers?", ["Struan & Lindsay", "Struan and Lindsay"], "name",
           "Struan & Lyall")
    b.fact("What's our TV licence number?", ["7730184562"], "code", "7730184526")

    b.txt("gaelic-class.txt", """\
        Gàidhlig: Gaelic for Beginners 2, Open Studies, University of Edinburgh

        Course code LLLG07028. Ten weeks, Wednesdays from 14 April, 6.15pm to 8.15pm, in Room 1.17, Paterson's Land (Holyrood Road). Fee £165 (I got the concession rate; full price is £225).
        Tutor: Catrìona NicLeòid, from Lewis. Very patient, but speaks far too fast when she forgets we're beginners.
        Book: the "Speaking Our Language" workbook, plus the LearnGaelic website for the sound files.

        Week 1
        Ciamar a tha thu? = How are you?   Tha gu math, tapadh leat. = Fine, thank you.
        Dè an t-ainm a th' ort? = What's your name?   Is mise Mòrag. (She says I should put the accent on.)
        Càite a bheil thu a' fuireach? = Where do you live?   Tha mi a' fuireach ann an Dùn Èideann.

        Week 2
        Days of the week: Diluain, Dimàirt, Diciadain, Diardaoin, Dihaoine, Disathairne, Didòmhnaich.
        Homework: learn them, and write five sentences about the family (Tha dithis chloinne agam. Tha Kirsty ann an Lunnainn.)

        The class group chat was set up by Ruaraidh, the young one from Skye who is only there to tidy up his grammar.
        """)
    b.fact("What's the code for the Gaelic course I'm on?", ["LLLG07028"], "code", "LLLG07082")
    b.fact("What time does my Gaelic class start?", ["6.15pm", "6:15pm", "6:15 pm", "18:15"], "time", "6.45pm")
    b.fact("Who teaches my Gaelic class?", ["Catrìona NicLeòid", "Catriona NicLeoid", "NicLeòid"], "name",
           "Catrìona NicAoidh")
    b.fact("Which room is the Gaelic class in?", ["Room 1.17", "1.17"], "place", "Room 1.71")
    b.fact("How much did I pay for the Gaelic course?", ["£165"], "amount", "£156")

    b.txt("bookshop-volunteering.txt", """\
        FORTHSIDE HOSPICE BOOKSHOP, RAEBURN PLACE: volunteer notes (Morag)

        My shift: Wednesdays, in by 9:45 to open at 10, until 1pm. If I can't come, text Lorna Baird (shop manager) by the night before; she keeps the rota in a book behind the till, not on the computer.
        Saturday cover, when asked: 1pm to 4.30pm.
        Shop phone: 0131 496 0582. Lorna's own mobile is for emergencies only: 07700 900146.
        Till: cash and cards. Gift Aid items have the green sticker; key in the donor number before the price.
        Sorting room at the back: nothing priced over £5 without asking Lorna; first editions go on her shelf.
        Prices: paperbacks £2, hardbacks £3.50, children's books 50p, Penguin Classics £1.50. Books with a library "Withdrawn" stamp are never sold; they go for pulping.
        Fire exit: through the sorting room to the back lane. Assembly point is the corner of Raeburn Place and Dean Street.
        Volunteer hours so far this year: 64 hours (Lorna logs them for the hospice's long-service badges).
        """)
    b.fact("Who's the manager of the hospice shop I volunteer in?", ["Lorna Baird", "Lorna"], "name", "Lorna Blair")
    b.fact("What time do I have to be in for my Wednesday shift at the shop?", ["9:45"], "time", "10:15")
    b.fact("What's the phone number of the bookshop?", ["0131 496 0582", "01314960582"], "phone", "0131 496 0528")
    b.fact("How much do hardbacks sell for in the charity shop?", ["£3.50"], "amount", "£4.50")
    b.fact("How many hours have I volunteered at the shop this year?", ["64 hours", "sixty-four hours"], "number", "46 hours")

    b.txt("stair-meeting-2027-03.txt", """\
        MINUTES: Owners' meeting, 21 Raeburn Terrace

        Held Thursday 18 March 2027, 7pm, in 2F2 (by kind permission of Mr. & Mrs. Okafor)
        Present: Mrs. I. Duthie (3F1), Morag & Alasdair Lennox (3F2), Mr. & Mrs. Okafor (2F2), Ms. Hannah Geddes (2F1), Mr. R. Pringle (owner of 1F1 and 1F2, both let to students)
        Chair: Morag Lennox. Minutes: Hannah Geddes.

        1. Door entry system. The handsets in 2F1 and 3F1 have failed and the panel at the street door is the original one from 1996. The factor obtained two quotes, both including VAT and six new handsets: Forth Door Systems £1,410.00 and Citadel Entry Systems £1,275.00. Agreed unanimously to accept the Citadel quote, at £212.50 per flat, to be billed through Dean & Lomond. Work expected in May.

        2. Roof. The factor confirmed that the October repair is guaranteed for 10 years by the roofer. Mr. Pringle asked about the chimney head; the roofer's report says it is sound for now and should be looked at again in 2029.

        3. Stair cleaning. Complaints that the close is not being mopped properly. Hannah will raise it with Sparkle Stair Services; if there is no improvement by June, the factor will be asked for other quotes.

        4. Bicycles. A reminder that bikes must not be chained to the banister, which is the fire escape route. Mr. Pringle to remind his tenants.

        5. Back green. Rota for the grass as before. Mrs. Duthie asked for the rotary drier to be replaced; agreed, from the common fund.

        6. Any other business. Mr. Okafor offered to paint the frames of the stair windows this summer if the owners buy the paint.

        Next meeting: Thursday 16 September 2027, 7pm, in 3F2.
        """)
    b.fact("How much is each flat paying towards the new door entry system?", ["£212.50", "212.50"], "amount",
           "£221.50")
    b.fact("Which firm got the job of replacing the door entry?", ["Citadel Entry Systems", "Citadel"], "name",
           "Citadel Door Systems")
    b.fact("When do the owners in our stair meet next?", ["16 September 2027", "2027-09-16", "September 16"], "date",
           "23 September 2027")
    b.fact("Who owns the student flats in our stair?", ["Mr. R. Pringle", "Mr Pringle", "Pringle"], "name",
           "Mr. R. Preston")

    # -- PDF -----------------------------------------------------------------------------------

    b.pdf("pension-statement-2027.pdf", "Scottish Teachers' Pension Service - Annual statement 2027/28", [
        """\
        SCOTTISH TEACHERS' PENSION SERVICE    Annual pension statement 2027/28
        Member: Mrs Morag Lennox    Member reference: STP-0448217
        Address: 3F2, 21 Raeburn Terrace, Edinburgh EH4 1QX
        Date of issue: 14 April 2027
        Scheme: Scottish Teachers' Superannuation Scheme (final salary section)
        Date of retirement: 30 June 2019    Pension payable from: 1 July 2019
        Dear Mrs Lennox,
        This statement tells you how much pension we will pay you in the tax year 2027/28 and what would be paid to your spouse if you were to die before him. Please check the details below and tell us about any change in your circumstances, such as a change of address or bank account.
        YOUR PENSION FROM 6 APRIL 2027
        Annual pension before tax ..................................................... £18,642.36
        Monthly pension before tax ..................................................... £1,553.53
        This includes the pensions increase of 1.7% applied from 6 April 2027 in line with the Consumer Prices Index. Your annual pension for 2026/27 was £18,330.74.
        """,
        """\
        HOW YOUR PENSION IS PAID
        Your pension is paid monthly in arrears on the last banking day of each month to your bank account ending 2093. Income tax is deducted under PAYE; your tax code is set by HMRC, who take your State Pension into account.
        LUMP SUM
        You took a tax-free lump sum of £41,210.00 when you retired on 30 June 2019. The lump sum is a one-off payment and is not affected by pensions increase.
        BENEFITS FOR YOUR SPOUSE
        If you die before your spouse, a long-term survivor's pension of £7,861.20 a year would be paid to Mr Alasdair Lennox for the rest of his life, increased each April in the same way as your own pension. For the first three months after your death a short-term pension equal to your full pension would be paid instead.
        If your circumstances change (for example marriage, civil partnership, divorce or separation), please tell us, as this may affect who can receive a pension after your death.
        """,
        """\
        IMPORTANT NOTES
        Pensions increase. Public service pensions are increased each April by the rise in the Consumer Prices Index to the previous September. Last year's increase was 2.4%.
        Returning to teaching. If you go back to teaching in Scotland, your pension may be reduced (abated). Please tell us before you start.
        Your member reference. Please quote STP-0448217 on all correspondence. Your previous reference, EDN/T/117342, has not been used since the records were moved to the new system in 2024.
        CONTACT US
        Scottish Teachers' Pension Service, PO Box 8810, Galashiels TD1 9ZZ
        Telephone 0300 200 1184 (Monday to Friday, 9am to 5pm)    E-mail: pensions@stps.example
        """])
    b.fact("How much will my teacher's pension be this year?", ["£18,642.36", "18,642.36", "18642.36"], "amount",
           "£18,426.36")
    b.fact("What's my reference number with the teachers' pension people?", ["STP-0448217"], "code", "STP-0448271")
    b.fact("How much a year would Ally get from my pension if I died first?", ["£7,861.20", "7,861.20", "7861.20"],
           "amount", "£7,816.20")
    b.fact("By how much did my pension go up this April?", ["1.7%", "1.7 per cent"], "number", "1.9%")
    b.fact("What e-mail address do I use for the teachers' pension scheme?", ["pensions@stps.example"], "email",
           "enquiries@stps.example")
    b.fact("How big was the tax-free lump sum I took when I retired?", ["£41,210.00", "£41,210", "41,210"], "amount",
           "£41,120.00")

    b.pdf("energy-bill-2027-03.pdf", "Caledon Energy - Your energy bill", [
        """\
        CALEDON ENERGY    Your energy bill
        Mr A and Mrs M Lennox, 3F2, 21 Raeburn Terrace, Edinburgh EH4 1QX
        Account number: 4091 7735 20    Bill number: 118830524    Bill date: 9 March 2027
        Billing period: 8 December 2026 to 7 March 2027 (90 days)
        SUMMARY
        Balance brought forward from your last bill: £37.20 in credit
        Electricity charges this period: £323.79
        Gas charges this period: £208.77
        VAT at 5%: £26.63
        Total charges this period: £559.19
        Payments received: £486.00 (3 Direct Debit payments of £162.00)
        Balance now: £35.99 to pay. You don't need to do anything; this will be covered by your Direct Debit.
        YOUR DIRECT DEBIT
        We have reviewed your Direct Debit. From 1 April 2027 your monthly payment will be £174.00, collected on or around the 1st of each month.
        Your tariff: Caledon Fix April 2025 (fixed prices until 31 October 2027). We will write to you before your fixed tariff ends.
        """,
        """\
        ELECTRICITY: meter K19A 0447281, single rate
        Reading 7 March 2027: 31,406 (actual)    Reading 8 December 2026: 30,298 (actual)
        Units used: 1,108 kWh at 24.86p per kWh = £275.45
        Standing charge: 90 days at 53.71p per day = £48.34
        Electricity total (before VAT): £323.79
        GAS: meter G4A 22170593
        Reading 7 March 2027: 08,117 (actual)    Reading 8 December 2026: 07,846 (actual)
        271 cubic metres, converted at calorific value 39.4 = 2,980 kWh
        Units used: 2,980 kWh at 6.05p per kWh = £180.29
        Standing charge: 90 days at 31.65p per day = £28.48
        Gas total (before VAT): £208.77
        Compared with the same period last year you used 4% less electricity and 7% less gas.
        Emergencies: gas leak or smell of gas, call the National Gas Emergency Service on 0800 111 999 at any time.
        """])
    b.fact("What's our account number with the energy company?", ["4091 7735 20", "4091773520"], "code",
           "4091 7753 20")
    b.fact("How much gas did we use over the winter quarter?", ["2,980 kWh", "2980 kWh"], "number", "2,890 kWh")
    b.fact("How much is the new monthly payment for our gas and electricity?", ["£174.00", "£174"], "amount",
           "£147.00")
    b.fact("When does our fixed energy deal come to an end?", ["31 October 2027", "2027-10-31", "October 31, 2027"],
           "date", "30 September 2027")
    b.fact("How much is outstanding on the latest energy bill?", ["£35.99", "35.99"], "amount", "£53.99")

    b.pdf("pet-insurance-schedule.pdf", "Thistle Pet Cover - Policy schedule", [
        """\
        THISTLE PET COVER    Policy schedule
        Policyholder: Mrs Morag Lennox, 3F2, 21 Raeburn Terrace, Edinburgh EH4 1QX
        Pet: Bramble    Breed: Border Terrier    Sex: female    Date of birth: 12/05/2021
        Policy number: TPC-5520931    Cover: Lifetime 4000 (vet fees up to £4,000 a year, reinstated at each renewal)
        Period of cover: 01/04/2027 to 31/03/2028
        Monthly premium: £31.47 (last year £27.90). Annual equivalent: £377.64.
        Excess: £99 for each condition in each policy year. From your pet's 8th birthday a 20% co-payment also applies to every claim.
        Pre-existing conditions excluded: none declared.
        """,
        """\
        OTHER COVER
        Third party liability: up to £2,000,000
        Boarding kennel fees: up to £1,000 if you are admitted to hospital for more than four consecutive days
        Lost pet advertising and reward: up to £500
        Holiday cancellation: not covered on this policy
        HOW TO CLAIM
        Ask your vet to complete the claim form, or claim online. Telephone 0345 600 3317 (Monday to Friday, 8am to 6pm) or e-mail claims@thistlepet.example with your policy number.
        Your vet practice on file: Raeburn Veterinary Clinic, Edinburgh.
        """])
    b.fact("What's the policy number for Bramble's insurance?", ["TPC-5520931"], "code", "TPC-5520913")
    b.fact("How much is the dog insurance costing a month?", ["£31.47", "31.47"], "amount", "£34.17")
    b.fact("What excess do I pay on a claim for Bramble?", ["£99"], "amount", "£125")
    b.fact("How much will the pet insurance pay for kennels if I'm in hospital?", ["£1,000", "1,000"], "amount",
           "£1,500")
    b.fact("Where do I e-mail a claim for the dog insurance?", ["claims@thistlepet.example"], "email",
           "claims@thistlepets.example")

    b.pdf("credit-union-loan.pdf", "Forth Valley Credit Union - Loan agreement", [
        """\
        FORTH VALLEY CREDIT UNION LTD    FIXED-SUM LOAN AGREEMENT regulated by the Consumer Credit Act 1974
        Borrowers: Mr Alasdair Lennox (member no. 30417) and Mrs Morag Lennox (member no. 30418)
        Address: 3F2, 21 Raeburn Terrace, Edinburgh EH4 1QX
        Loan account number: FVCU-L-118204    Date of agreement: 12 April 2027
        Purpose of loan: refurbishment of sash and case windows
        Amount of credit: £6,500.00    Duration: 36 months
        Interest: 0.66% a month on the reducing balance. Annual Percentage Rate (APR): 8.2%
        Repayments: 36 monthly repayments of £203.45 by standing order on the 28th of each month. First repayment 28 May 2027; final repayment 28 April 2030.
        Total amount payable: £7,324.20 (of which interest £824.20)
        """,
        """\
        YOUR RIGHTS
        Right to withdraw: you may withdraw from this agreement within 14 days of the day after it is signed, without giving a reason, by telling us by telephone or in writing and repaying the credit with interest to that date.
        Early repayment: you may repay all or part of the loan at any time. The credit union makes no charge for early repayment.
        Missed payments: if you miss a payment, please contact us straight away. Missing payments could make it harder to obtain credit in future.
        Savings: your shares of £1,240.00 may not be withdrawn below the loan balance while the loan is outstanding.
        Your loans officer: Mhairi Drummond, 0131 496 0219, loans@forthvalleycu.example
        Signed for Forth Valley Credit Union Ltd: M. Drummond    Signed by the borrowers: A. Lennox, M. Lennox
        """])
    b.fact("How much do we repay each month on the credit union loan?", ["£203.45", "203.45"], "amount", "£230.45")
    b.fact("What's the APR on our window loan?", ["8.2%", "8.2 per cent"], "number", "8.9%")
    b.fact("When is the first loan repayment taken?", ["28 May 2027", "2027-05-28", "May 28"], "date",
           "28 June 2027")
    b.fact("What's our loan account number at the credit union?", ["FVCU-L-118204"], "code", "FVCU-L-118240")
    b.fact("Who's our loans officer at the credit union?", ["Mhairi Drummond", "Drummond"], "name",
           "Mhairi Dunbar")

    b.pdf("council-tax-2027-28.pdf", "City of Edinburgh Council - Council Tax bill 2027/28", ["""\
        THE CITY OF EDINBURGH COUNCIL    COUNCIL TAX AND WATER CHARGES BILL 2027/28
        Account reference: 3418 2207 61    Date of bill: 10 March 2027
        Liable persons: Alasdair Lennox, Morag Lennox
        Property: 3F2 21 Raeburn Terrace, Edinburgh EH4 1QX    Valuation band: F
        Council Tax for the year 1 April 2027 to 31 March 2028: £2,618.40
        Scottish Water, water supply charge: £573.12
        Scottish Water, waste water collection charge: £681.48
        Total charge for the year: £3,873.00 (in 2026/27 it was £3,702.84)
        Reductions and discounts: none applied. If only one adult lives at the property you may be entitled to a 25% single person discount.
        Payment: by Direct Debit in 10 monthly instalments of £387.30, on the 15th of each month from 15 April 2027 to 15 January 2028.
        Where your money goes: schools 43%, social care 28%, roads and transport 8%, waste and recycling 6%, other services 15%.
        """])
    b.fact("What reference number is on our council tax bill?", ["3418 2207 61", "3418220761"], "code", "3418 2270 61")
    b.fact("What's the whole council tax bill for the year, water included?", ["£3,873.00", "3,873.00", "£3,873"],
           "amount", "£3,837.00")
    b.fact("How much comes out every month for the council tax?", ["£387.30", "387.30"], "amount", "£378.30")

    b.pdf("knee-admission-letter.pdf", "NHS Golden Jubilee - Admission letter", ["""\
        NHS GOLDEN JUBILEE    Orthopaedic Department    Agamemnon Street, Clydebank G81 4DY
        Mr Alasdair Lennox, 3F2, 21 Raeburn Terrace, Edinburgh EH4 1QX
        CHI: 0903572418    Date of birth: 09/03/1957    Date: 6 April 2027
        Dear Mr Lennox,
        I am pleased to offer you a date for your right total knee replacement under the care of Mr. F. Dalgleish, Consultant Orthopaedic Surgeon.
        Pre-operative assessment: Wednesday 12 May 2027 at 10:40, Outpatient Department, Level 2. Please bring all your medicines in their boxes and allow two to three hours for the appointment.
        Admission: Monday 7 June 2027. Please arrive at 07:00 at the Admissions Unit, Level 1. After your operation you will be cared for in Ward 2 East.
        Fasting: no food after midnight; you may drink clear fluids (water, black tea or coffee) until 06:00.
        Expected length of stay: two nights. Please arrange for someone to collect you, as you will not be able to drive.
        If you need patient transport, please call the Scottish Ambulance Service on 0300 123 1236 at least a week before.
        If you cannot attend, phone the Orthopaedic Waiting List Office on 0141 496 0690 as soon as possible, so that the date can be offered to another patient.
        Yours sincerely,
        Waiting List Coordinator, Orthopaedics
        """])
    b.fact("When does Ally go into hospital for his new knee?", ["7 June 2027", "2027-06-07", "June 7"], "date",
           "14 June 2027")
    b.fact("What time does Ally need to be at the Golden Jubilee on the day of the operation?", ["07:00", "7am",
                                                                                               "7:00"], "time",
           "07:30")
    b.fact("Which ward is Ally going to after the operation?", ["Ward 2 East"], "place", "Ward 3 East")
    b.fact("When is Ally's pre-op check?", ["12 May 2027", "2027-05-12", "May 12"], "date", "19 May 2027")
    b.fact("Who do I phone if Ally can't make the operation date?", ["0141 496 0690", "01414960690"], "phone",
           "0141 496 0609")

    # -- HTML ----------------------------------------------------------------------------------

    b.html("pictish-broadband-account.html", "My account — Pictish Broadband", """\
        <header><div class="brand">Pictish Broadband</div><nav><a href="/">Home</a> <a href="/bills">Bills</a> <a href="/help">Help</a> <a href="/logout">Sign out</a></nav></header>
        <main>
        <h1>My account</h1>
        <p>Welcome back, Morag. Your last bill was paid by Direct Debit on 1 March 2027.</p>
        <section class="plan">
          <h2>Your plan</h2>
          <dl>
            <dt>Account number</dt><dd>PB-2208145</dd>
            <dt>Package</dt><dd>Full Fibre 150 with Anytime Calls</dd>
            <dt>Monthly price</dt><dd>£32.50 (from 1 April 2027; previously £29.00)</dd>
            <dt>Contract end date</dt><dd>18/09/2028</dd>
            <dt>Home phone number</dt><dd>0131 496 0377</dd>
            <dt>Router</dt><dd>Pictish Hub 4 (serial PH4-77A19C)</dd>
          </dl>
        </section>
        <section class="bills">
          <h2>Recent bills</h2>
          <table>
            <thead><tr><th>Date</th><th>Amount</th><th>Status</th></tr></thead>
            <tbody>
              <tr><td>01/03/2027</td><td>£29.00</td><td>Paid</td></tr>
              <tr><td>01/02/2027</td><td>£29.00</td><td>Paid</td></tr>
              <tr><td>01/01/2027</td><td>£31.75</td><td>Paid (includes calls to Norway)</td></tr>
            </tbody>
          </table>
        </section>
        <section class="help">
          <h2>Need help?</h2>
          <p>Our support team is based in Dundee. Call 0800 046 7782 (free, 8am to 8pm every day) or e-mail help@pictishbroadband.example and we'll reply within one working day.</p>
          <p>Price changes: each April your monthly price goes up by a fixed £3.50, as explained when you signed up.</p>
        </section>
        </main>
        <footer><p>Pictish Broadband Ltd · Terms · Privacy · Cookies</p></footer>
        """)
    b.fact("How much are we paying for the internet each month now?", ["£32.50", "32.50"], "amount", "£35.20")
    b.fact("When does the broadband contract run out?", ["18/09/2028", "18 September 2028", "2028-09-18"], "date",
           "18/09/2027")
    b.fact("What's our home landline number?", ["0131 496 0377", "01314960377"], "phone", "0131 496 0773")
    b.fact("What e-mail address do I use to get help from the broadband company?",
           ["help@pictishbroadband.example"], "email", "support@pictishbroadband.example")

    b.html("sleeper-booking.html", "Booking confirmed — Caledonian Sleeper", """\
        <div class="masthead"><img src="/img/logo.svg" alt="Caledonian Sleeper"><span>Manage my booking</span></div>
        <h1>Your booking is confirmed</h1>
        <p>Thank you, Mrs Lennox. We've sent your tickets to morag.lennox@example.net. Please have them ready on your phone or printed when you board.</p>
        <div class="ref">Booking reference: <strong>7QX4KD</strong></div>
        <h2>Your journeys</h2>
        <table class="journeys">
          <tr><th>Journey</th><th>Date</th><th>Departs</th><th>Arrives</th><th>Accommodation</th></tr>
          <tr><td>Edinburgh Waverley to London Euston</td><td>Wed 14 Jul 2027</td><td>23:40</td><td>07:07 (Thu 15 Jul)</td><td>Club Room (twin, en suite), Coach F, Room 9</td></tr>
          <tr><td>London Euston to Edinburgh Waverley</td><td>Sun 18 Jul 2027</td><td>23:45</td><td>07:12 (Mon 19 Jul)</td><td>Club Room (twin, en suite), Coach G, Room 3</td></tr>
        </table>
        <h2>Payment</h2>
        <table class="payment">
          <tr><td>2 guests, Club Room, outbound (Wednesday)</td><td>£298.00</td></tr>
          <tr><td>2 guests, Club Room, return (Sunday)</td><td>£289.00</td></tr>
          <tr><td><strong>Total paid</strong></td><td><strong>£587.00</strong></td></tr>
        </table>
        <h2>Good to know</h2>
        <ul>
          <li>Boarding opens 45 minutes before departure at Edinburgh and an hour before at Euston.</li>
          <li>Breakfast is included with Club Rooms and served in your room about 40 minutes before arrival.</li>
          <li>The Club Car is open to Club guests for drinks and a light supper.</li>
        </ul>
        """)
    b.fact("What's the booking reference for the sleeper train?", ["7QX4KD"], "code", "7QX4DK")
    b.fact("What time does our sleeper leave Edinburgh?", ["23:40", "11:40pm", "11:40 pm"], "time", "23:15")
    b.fact("Which room are we in on the train down to London?", ["Room 9", "Coach F, Room 9"], "place", "Room 6")
    b.fact("How much did we pay altogether for the sleeper?", ["£587.00", "£587", "587.00"], "amount", "£578.00")

    b.html("graduation.html", "Your graduation — Bankside University London", """\
        <header><a href="/">Bankside University London</a> › <a href="/graduation">Graduation</a> › My ceremony</header>
        <main>
        <h1>Your graduation ceremony</h1>
        <p>Congratulations, Callum! You have registered to attend your graduation ceremony in person. Please check the details below and share them with your guests.</p>
        <dl class="my-ceremony">
          <dt>Graduand</dt><dd>Callum Dev Mehta</dd>
          <dt>Programme</dt><dd>MEng Mechanical Engineering</dd>
          <dt>Ceremony</dt><dd>Ceremony 7, Faculty of Engineering</dd>
          <dt>Date</dt><dd>Thursday 15 July 2027</dd>
          <dt>Venue</dt><dd>Royal Festival Hall, Southbank Centre</dd>
          <dt>Graduates arrive</dt><dd>from 12:00 to collect gowns (Level 2, Clore Ballroom)</dd>
          <dt>Ceremony starts</dt><dd>14:30 (doors open to guests at 13:45)</dd>
          <dt>Guest tickets</dt><dd>three guest tickets (two standard, one from the extra ticket ballot)</dd>
        </dl>
        <h2>All ceremonies on 15 July</h2>
        <table>
          <thead><tr><th>Ceremony</th><th>Faculty</th><th>Starts</th><th>Venue</th></tr></thead>
          <tbody>
            <tr><td>Ceremony 6</td><td>Faculty of Arts and Humanities</td><td>10:00</td><td>Royal Festival Hall</td></tr>
            <tr><td>Ceremony 7</td><td>Faculty of Engineering</td><td>14:30</td><td>Royal Festival Hall</td></tr>
            <tr><td>Ceremony 8</td><td>School of Law</td><td>17:45</td><td>Queen Elizabeth Hall</td></tr>
          </tbody>
        </table>
        <h2>Guests</h2>
        <p>Every guest needs a ticket, including children over two. Tickets are e-mailed to the graduate two weeks before the ceremony. Step-free access is available at all entrances; to book a wheelchair space, please e-mail graduation@bankside.example at least ten days before.</p>
        <p>The ceremony lasts about 90 minutes and is followed by a reception on the riverside terrace.</p>
        </main>
        """)
    b.fact("What time does Callum's graduation ceremony begin?", ["14:30", "2:30pm", "2:30 pm"], "time", "15:30")
    b.fact("Where is Callum graduating?", ["Royal Festival Hall"], "place", "Barbican Hall")
    b.fact("How many tickets does Callum have for his guests?", ["three guest tickets", "3 guest tickets", "three tickets"], "number",
           "four guest tickets")
    b.fact("What address do I e-mail about a wheelchair space at the graduation?", ["graduation@bankside.example"],
           "email", "ceremonies@bankside.example")

    b.html("vet-portal.html", "Bramble — Raeburn Vets pet portal", """\
        <nav><a href="/">Raeburn Veterinary Clinic</a> | <a href="/pets">My pets</a> | <a href="/appointments">Appointments</a></nav>
        <h1>Bramble</h1>
        <div class="pet-card">
          <p><span class="label">Patient no.:</span> RV-20917</p>
          <p><span class="label">Species / breed:</span> Dog, Border Terrier</p>
          <p><span class="label">Owner:</span> Mrs M. Lennox</p>
          <p><span class="label">Usual vet:</span> Dr. I. Sorensen</p>
        </div>
        <h2>Vaccinations</h2>
        <table>
          <thead><tr><th>Date given</th><th>Vaccine</th><th>Given by</th><th>Next due</th></tr></thead>
          <tbody>
            <tr><td>27/04/2026</td><td>DHP + Leptospirosis (L4)</td><td>Dr. I. Sorensen</td><td>27/04/2027 (Lepto)</td></tr>
            <tr><td>03/05/2026</td><td>Kennel cough (intranasal)</td><td>Nurse K. Lowe</td><td>03/05/2027</td></tr>
            <tr><td>22/04/2025</td><td>Leptospirosis (L4)</td><td>Dr. M. Bell</td><td>22/04/2026</td></tr>
            <tr><td>09/05/2025</td><td>Kennel cough (intranasal)</td><td>Nurse K. Lowe</td><td>09/05/2026</td></tr>
          </tbody>
        </table>
        <h2>Contact the practice</h2>
        <p>Appointments and repeat prescriptions: 0131 496 0440, Monday to Friday 8.30am to 7pm, Saturday 9am to 1pm.</p>
        <p>Out of hours emergencies: 0131 496 0915 (our partner emergency clinic at Sighthill).</p>
        <p>E-mail: reception@raeburnvets.example (not for emergencies).</p>
        """)
    b.fact("When did Bramble last get her kennel cough vaccine?", ["03/05/2026", "3 May 2026", "2026-05-03"], "date",
           "03/05/2025")
    b.fact("What's the vet's e-mail address?", ["reception@raeburnvets.example"], "email",
           "info@raeburnvets.example")
    b.fact("What number do I call for the vet at night?", ["0131 496 0915", "01314960915"], "phone",
           "0131 496 0519")
    b.fact("What's Bramble's patient number at the vets?", ["RV-20917"], "code", "RV-20971")

    b.html("curling-fixtures.html", "Dean Village Curling Club — Fixtures 2026–27", """\
        <header><h1>Dean Village Curling Club</h1><p>Founded 1892 · Playing at Murrayfield Curling</p></header>
        <section>
          <h2>Fixtures 2026–27: the Lamont rink</h2>
          <p>Skip: Gordon Lamont · Third: Ally Lennox · Second: Iain Moffat · Lead: Peter Chisholm</p>
          <table>
            <thead><tr><th>Date</th><th>Competition</th><th>Opponents</th><th>Sheet</th><th>Time</th><th>Result</th></tr></thead>
            <tbody>
              <tr><td>Sat 16 Jan 2027</td><td>Edinburgh League</td><td>Corstorphine</td><td>Sheet 2</td><td>17:15</td><td>W 7–4</td></tr>
              <tr><td>Sat 6 Feb 2027</td><td>Edinburgh League</td><td>Colinton</td><td>Sheet 5</td><td>20:15</td><td>L 3–6</td></tr>
              <tr><td>Sat 27 Feb 2027</td><td>Club Pairs</td><td>(club competition)</td><td>Sheet 1</td><td>16:00</td><td>W 5–2</td></tr>
              <tr><td>Sat 20 Mar 2027</td><td>Edinburgh League semi-final</td><td>Balerno</td><td>Sheet 3</td><td>20:15</td><td>W 6–5 (extra end)</td></tr>
              <tr><td>Sat 17 Apr 2027</td><td>Edinburgh League final</td><td>Corstorphine</td><td>Sheet 4</td><td>18:00</td><td></td></tr>
            </tbody>
          </table>
        </section>
        <section>
          <h2>Membership</h2>
          <p>Full membership is £180 a season, which includes the club's ice for the Club Pairs and the Points competition. League ice is charged per game and split between the rink. Junior and student members £40.</p>
          <p>Club secretary: secretary@deanvillagecurling.example</p>
        </section>
        """)
    b.fact("Who's the skip of Ally's curling rink?", ["Gordon Lamont", "Lamont"], "name", "Gordon Lamb")
    b.fact("Which sheet is the curling league final on?", ["Sheet 4"], "place", "Sheet 7")
    b.fact("What time is the curling league final?", ["18:00", "6pm", "6:00 pm"], "time", "18:30")
    b.fact("How much does a season's membership of the curling club cost?", ["£180"], "amount", "£210")

    # -- single e-mails ------------------------------------------------------------------------

    b.eml("braid-gas-boiler-service.eml", Mail(
        "Braid Gas Services <office@braidgas.example>", me, "Mon, 12 Apr 2027 15:02:11 +0100",
        "Your boiler service appointment", """\
        Dear Mrs Lennox,

        Thank you for booking your annual boiler service with us. We can confirm your appointment on Thursday 22 April 2027, with the engineer arriving between 8am and 12 noon. He will phone about half an hour before he sets off.

        Your engineer will be Kenny Muir (Gas Safe ID 548201). Please make sure the boiler and the gas meter can be reached, and that pets are kept in another room while he works. As your boiler cover plan lapsed in 2025, the service is charged separately: £89.00 including VAT, payable by card on the day. Last year's service was £84.00.

        If you need to change the appointment, please give us at least 24 hours' notice by phone.

        Kind regards,
        Gillian
        Braid Gas Services
        Office 0131 496 0264 | office@braidgas.example
        """))
    b.fact("Who's coming to service the boiler?", ["Kenny Muir", "Muir"], "name", "Kenny Moir")
    b.fact("What day is the boiler being serviced?", ["22 April 2027", "2027-04-22", "April 22"], "date",
           "29 April 2027")
    b.fact("What's the boiler service costing this year?", ["£89.00", "£89"], "amount", "£98.00")
    b.fact("What's the gas engineer's Gas Safe number?", ["548201"], "code", "548210")

    b.eml("garage-brakes.eml", Mail(
        "Comely Bank Garage <workshop@comelybankgarage.example>", ally, "Fri, 16 Apr 2027 11:40:26 +0100",
        "Re: SF19 LNX – front brakes", """\
        Hi Mr Lennox,

        Further to the advisory on your MOT last August, we had a look at the Jazz when you were in on Wednesday. The front discs are now below the minimum thickness and the pads are down to about 2 mm, so they both need replacing before long. The rear pads are fine (about 60% left) and don't need doing.

        Front discs and pads, parts and labour, comes to £246.80 including VAT. The quote from last August was £229.50, but the price of the discs has gone up since.

        We've booked you in for Tuesday 4 May. Please drop the car off by 8:30 and we'll have it ready by about 4pm. There's no courtesy car that day, sorry; the 24 bus stops outside.

        Cheers,
        Davie Paterson
        Comely Bank Garage, 62 Comely Bank Road, Edinburgh EH4 1DZ
        Tel. 0131 496 0318
        """))
    b.fact("How much are the new front brakes going to cost?", ["£246.80", "246.80"], "amount", "£264.80")
    b.fact("What time do I have to drop the car off at the garage?", ["8:30", "08:30"], "time", "8:15")
    b.fact("What's the garage's phone number?", ["0131 496 0318", "01314960318"], "phone", "0131 496 0381")

    b.eml("ferry-booking.eml", Mail(
        "Northern Isles Ferries <bookings@northernislesferries.example>", me, "Tue, 19 Jan 2027 20:14:50 +0000",
        "Booking confirmation NIF-83GQ7", """\
        Dear Mrs Lennox,

        Thank you for booking with Northern Isles Ferries. Your booking reference is NIF-83GQ7. Please have it ready when you check in.

        Outbound: Scrabster to Stromness, Saturday 15 May 2027, departs 13:15, arrives 14:45
        Return: Stromness to Scrabster, Friday 21 May 2027, departs 06:30, arrives 08:00

        Passengers: 2 adults (senior)
        Vehicle: car, SF19 LNX, under 5 metres
        Pets: 1 dog (to remain in the vehicle or the pet lounge during the crossing)

        Total paid: £268.40

        Vehicle check-in closes 45 minutes before departure. Foot passengers should check in no later than 30 minutes before departure.

        We look forward to welcoming you on board.

        Northern Isles Ferries
        """, html="""\
        <html><body>
        <p>Dear Mrs Lennox,</p>
        <p>Thank you for booking with Northern Isles Ferries. Your booking reference is <b>NIF-83GQ7</b>.</p>
        <table>
          <tr><th>Sailing</th><th>Date</th><th>Departs</th><th>Arrives</th></tr>
          <tr><td>Scrabster – Stromness</td><td>Sat 15 May 2027</td><td>13:15</td><td>14:45</td></tr>
          <tr><td>Stromness – Scrabster</td><td>Fri 21 May 2027</td><td>06:30</td><td>08:00</td></tr>
        </table>
        <p>Total paid: <b>£268.40</b></p>
        </body></html>
        """))
    b.fact("What's the booking reference for the Orkney ferry?", ["NIF-83GQ7"], "code", "NIF-83QG7")
    b.fact("What time does our ferry over to Orkney sail?", ["13:15", "1:15pm", "1:15 pm"], "time", "12:45")
    b.fact("How much did the ferry to Orkney cost?", ["£268.40", "268.40"], "amount", "£286.40")

    b.eml("kirsty-graduation.eml", Mail(
        "Kirsty Mehta <kirsty.mehta@example.co.uk>", f"{me}, {ally}", "Sun, 11 Apr 2027 21:33:05 +0100",
        "Callum's graduation – the plan!", """\
        Hi Mum and Dad,

        Right, it's all sorted for Callum's big day. Dev will meet you off the sleeper at Euston on the Thursday morning and bring you back to ours for a shower and a proper breakfast (the sleeper one doesn't count, Dad). Then we'll all go over to the South Bank together.

        I've booked lunch for the six of us at The Lantern Room on Upper Ground, just along from the Festival Hall, at 12:15, so Callum can eat something before he goes to get his gown. It's a set menu, about £35 a head, and Dev and I are paying, no arguments. In the evening Callum wants to go out with his pals, so it'll just be us for a takeaway at home.

        You're staying with us till the Sunday. Ayesha has moved into the box room so you can have her room. Bring Dad's stick even if he says he doesn't need it; the walk along the river is longer than it looks.

        Oh, and my phone died last week and I've had to get a new one with a new number: it's 07700 900583 now. The old number doesn't work any more, so please change it in your phone (Dad, I mean you).

        Love,
        Kirsty xx
        """))
    b.fact("Where are we having lunch on Callum's graduation day?", ["The Lantern Room", "Lantern Room"], "place",
           "The Lantern Bar")
    b.fact("What's Kirsty's new mobile number?", ["07700 900583", "07700900583"], "phone", "07700 900538")
    b.fact("What time is the graduation lunch booked for?", ["12:15"], "time", "12:45")

    b.eml("factor-door-entry.eml", Mail(
        "Shona Imrie <shona.imrie@deanlomond.example>", me, "Wed, 14 Apr 2027 10:05:40 +0100",
        "21 Raeburn Terrace – door entry works and Q1 invoice", """\
        Dear Mrs Lennox,

        Following the owners' decision at your meeting on 18 March, I have instructed Citadel Entry Systems to replace the door entry system at 21 Raeburn Terrace. Their engineers will fit the new street-door panel and the handsets in all six flats on Tuesday 25 May, starting at 9am. Someone will need to be in each flat to let them in for about twenty minutes; if you will be away, you may leave a key with a neighbour. The old system will be disconnected for most of the day.

        Your share of the cost (£212.50) will appear on the next quarterly invoice.

        I also attach your common charges invoice DL-INV-270114 for January to March: management fee £38.40, stair cleaning £52.00, common buildings insurance (quarter) £43.35, bulb replacement in the stair £7.40. Total due: £141.15, payable by 30 April. The previous quarter's invoice was £133.75 and has been paid, thank you.

        Kind regards,

        Shona Imrie
        Property Manager
        Dean & Lomond Property Management, 40 Dundas Street, Edinburgh EH3 6JN
        Tel. 0131 496 0807 | shona.imrie@deanlomond.example
        """))
    b.fact("When is the new door entry system going in?", ["25 May", "2027-05-25", "May 25"], "date", "18 May")
    b.fact("How much is the factor's bill for the first quarter?", ["£141.15", "141.15"], "amount", "£114.15")
    b.fact("What's the e-mail of our property manager at the factor?", ["shona.imrie@deanlomond.example"], "email",
           "s.imrie@deanlomond.example")
    b.fact("Who's our contact at the factor's office?", ["Shona Imrie", "Imrie"], "name", "Shona Irvine")

    b.eml("audiology-appointment.eml", Mail(
        "NHS Lothian Audiology <audiology.appointments@nhslothian.example>", me, "Tue, 6 Apr 2027 08:50:00 +0100",
        "Your appointment – Audiology", """\
        Dear Mrs Lennox,

        An appointment has been arranged for you for a hearing aid review.

        Date: Friday 30 April 2027
        Time: 11:15
        Clinic: Audiology Department, Lauriston Building, Lauriston Place, Edinburgh (Level 2, Reception C)
        Clinician: Ms. Ahmed, Audiologist

        Please bring both hearing aids and their chargers, and any spare domes and tubes you have. The appointment will take about 45 minutes. If you had a repair at the drop-in clinic since your last review (23/11/2026), please tell the audiologist.

        If you cannot attend, please call 0131 496 0951 so we can offer your appointment to someone else. Patients who miss two appointments without letting us know may be referred back to their GP.

        NHS Lothian Audiology Services
        """))
    b.fact("When is my hearing aid check-up?", ["30 April 2027", "2027-04-30", "April 30"], "date", "23 April 2027")
    b.fact("What time is my audiology appointment?", ["11:15"], "time", "11:45")
    b.fact("Who am I seeing about my hearing aids?", ["Ms. Ahmed", "Ms Ahmed", "Ahmed"], "name", "Ms. Akhtar")
    b.fact("Where is the hearing clinic?", ["Lauriston Building"], "place", "Chalmers Building")

    # -- mailboxes -----------------------------------------------------------------------------

    b.mbox("family-mail-2027.mbox", [
        Mail("Euan Lennox <euan.lennox@example.com>", f"{me}, {ally}", "Sun, 28 Mar 2027 19:12:44 +0100",
             "Coming down in April", """\
             Hi both,

             Rhona's managed to swap her shifts, so we'll come down for the weekend after all. We'll leave Inverness on Friday 9 April after school and should be with you about 7pm, traffic on the A9 permitting. We'll stay till Sunday lunchtime. The kids want the Museum of Childhood and Dad's allotment, in that order.

             Isla's birthday is on 3 June and she's dropping hints about a book token, so there's your clue. Finlay wants "a real compass". Don't go mad.

             Euan
             """),
        Mail("Hamish Rendall <hamish.rendall@example.net>", me, "Wed, 7 Apr 2027 21:47:19 +0100", "Re: May", """\
             Morag,

             Grand, we'll see you on the Saturday night then. Come out to Marwick for your dinner on the Sunday: lunch is at 12:30 sharp, Jean's rules, and her mother will want to see you. The road end is the second on the left after the kirk, with the green gate, and the collie will meet you.

             Ring the house, not the mobile, the signal here is hopeless: 01856 721 408. If that doesn't answer we're out at the kye.

             Tell Ally to bring his overalls.

             Hamish
             """),
        Mail("Elspeth Rennie <elspeth.rennie@example.org>", me, "Thu, 15 Apr 2027 09:03:27 +0100",
             "Concert – timings", """\
             Morag,

             Fiona has sent the timings for the 29th at last. She wants all of us at Greyfriars for the warm-up and sound check at 5:45pm, which is ridiculous when the concert is at half seven, but there you are. I'll pick you up at twenty past five at the foot of Raeburn Terrace; don't bring the folder, we're singing from memory.

             Also, can you bring your tartan sash for the Gaelic set? Fiona wants "a bit of colour at the front".

             E.
             """),
    ])
    b.fact("When are Euan and the kids arriving?", ["Friday 9 April", "9 April", "April 9", "2027-04-09"], "date",
           "Friday 16 April")
    b.fact("When is Isla's birthday?", ["3 June", "June 3"], "date", "23 June")
    b.fact("What's the phone number for Hamish's farmhouse?", ["01856 721 408", "01856721408"], "phone",
           "01856 721 480")
    b.fact("What time is Sunday lunch at Hamish and Jean's?", ["12:30", "half twelve"], "time", "1 o'clock")
    b.fact("What time do I have to be at Greyfriars on the night of the concert?", ["5:45pm", "5:45 pm", "17:45"],
           "time", "6:45pm")

    b.mbox("clubs-2027.mbox", [
        Mail("Donald Soutar <secretary@wolchoir.example>", "Choir members <members@wolchoir.example>",
             "Tue, 13 Apr 2027 22:10:02 +0100", "Spring concert: extra rehearsal", """\
             Dear all,

             Fiona has asked for one extra full rehearsal before the concert, in the kirk itself so that we can get used to the acoustic: Thursday 27 May, 7pm to 9pm, at Greyfriars. The usual Monday rehearsal on the 24th goes ahead as normal at St. Bernard's.

             Tickets: please send me the money for any tickets you've sold by 20 May. Our account is in the members' handbook.

             Donald Soutar
             Secretary, Water of Leith Community Choir
             """),
        Mail("Inverleith Allotments Association <committee@inverleithallotments.example>", ally,
             "Sat, 3 Apr 2027 08:30:00 +0100", "Water on, AGM, inspections", """\
             Dear plot holders,

             The water to the troughs was turned back on on 1 April. Please remember that hosepipes are not permitted anywhere on the site.

             The Association's AGM will be held on Tuesday 11 May at 7pm in Inverleith Church Hall. There are two vacancies on the committee.

             The first plot inspection of the season will take place on Sunday 13 June. Plots must be at least three-quarters cultivated and paths must be kept clear.

             Norman Gillespie
             Site Secretary
             """),
        Mail("Lorna Baird <lorna.baird@forthsidehospice.example>", me, "Fri, 16 Apr 2027 17:25:48 +0100",
             "Wednesday 5 May", """\
             Hi Morag,

             The shop will be shut on Wednesday 5 May while the new carpet goes down, so there's no shift for you that week. Could you possibly do Saturday 8 May instead, 1pm till close? Raymond's away and I'm short.

             Thanks a million,
             Lorna
             """),
        Mail("Gordon Lamont <gordon.lamont@example.com>", ally, "Mon, 12 Apr 2027 13:14:15 +0100",
             "Club dinner", """\
             Ally,

             Club dinner this year is on Friday 30 April, 7 for 7.30, at the Ravelston House Hotel. £38 a head, three courses, wives and husbands welcome. Names and money to me by 20 April.

             And don't forget we've the league final first, on the 17th. We're on at 6, be there by 5.15 to warm up.

             Gordon
             """),
    ])
    b.fact("When is the extra choir rehearsal at Greyfriars?", ["27 May", "May 27", "Thursday 27 May"], "date",
           "26 May")
    b.fact("When is the first allotment inspection this year?", ["13 June", "June 13", "Sunday 13 June"], "date",
           "20 June")
    b.fact("Which Saturday has Lorna asked me to cover at the shop?", ["8 May", "May 8", "Saturday 8 May"], "date",
           "22 May")
    b.fact("Where's the curling club dinner this year?", ["Ravelston House Hotel", "Ravelston House"], "place",
           "Ravelston Park Hotel")
    b.fact("How much a head is the curling club dinner?", ["£38"], "amount", "£42")

    # -- calendars -----------------------------------------------------------------------------

    b.ics("home.ics", "Morag & Ally", "Europe/London", [
        Event("Dentist – Morag (Mr. Haldane)", "20270419T090000", "20270419T093000",
              "Stockbridge Dental Practice, 8 Hamilton Place", "Check-up and hygienist."),
        Event("Dentist – Ally (Mr. Haldane)", "20270419T093000", "20270419T100000",
              "Stockbridge Dental Practice, 8 Hamilton Place", "Check-up. Ask about the cracked filling at the back."),
        Event("Shingles vaccine – Morag", "20270426T144500", "20270426T150000",
              "Pilton Community Health Centre, West Pilton Park", "Second dose. Bring the card from the first one."),
        Event("Bramble – booster and health check (Dr. Sorensen)", "20270427T172000", "20270427T174000",
              "Raeburn Veterinary Clinic, 14 Raeburn Place", "Lepto booster. Weigh her. Ask about the lump on her side."),
        Event("Ally – optician", "20270506T141000", "20270506T145000", "Hamilton Place Opticians",
              "Eye test; new reading glasses probably."),
        Event("Ally – clips out (practice nurse)", "20270618T103000", "20270618T104500",
              "Stockbridge Health Centre, 1 India Place", "Eleven days after the op. Taxi there and back."),
    ], "raeburnterrace.example")
    b.fact("What time is Bramble's booster appointment?", ["17:20", "5:20pm", "5:20 pm"], "time", "17:50")
    b.fact("What time is Ally's appointment at the dentist?", ["09:30", "9:30"], "time", "09:50")
    b.fact("Where do I go for my shingles jab?", ["Pilton Community Health Centre", "West Pilton Park"], "place",
           "Leith Community Health Centre")
    b.fact("When is Ally getting his knee clips taken out?", ["2027-06-18", "18 June", "June 18"], "date",
           "2027-06-21")

    b.ics("clubs-and-volunteering.ics", "Clubs & volunteering", "Europe/London", [
        Event("Bookshop shift", "20270421T094500", "20270421T130000", "Forthside Hospice Bookshop, Raeburn Place"),
        Event("Alto sectional", "20270424T100000", "20270424T120000", "Fiona MacRae's flat, 12 Warriston Crescent",
              "The Rutter and the waulking songs. Bring a pencil."),
        Event("Bookshop shift", "20270428T094500", "20270428T130000", "Forthside Hospice Bookshop, Raeburn Place"),
        Event("Allotment work party", "20270502T100000", "20270502T130000", "Inverleith Allotments, top gate",
              "Clearing the communal compost bays. Ally going; bring the big fork."),
        Event("Gaelic – no class (reading week)", "20270505", "20270506", ""),
        Event("Curling club AGM", "20270525T193000", "20270525T213000", "Murrayfield Curling, upstairs lounge",
              "Ally is standing for vice-president. Don't laugh."),
        Event("Hospice volunteers' thank-you tea", "20270603T150000", "20270603T163000",
              "Forthside Hospice, Pilrig Street", "Lorna says wear the badge."),
    ], "raeburnterrace.example")
    b.fact("Where's the alto sectional rehearsal?", ["12 Warriston Crescent"], "place", "21 Warriston Crescent")
    b.fact("What time does the curling AGM start?", ["19:30", "7:30pm", "7:30 pm"], "time", "19:45")
    b.fact("When's the thank-you tea for the hospice volunteers?", ["2027-06-03", "3 June 2027", "June 3"], "date",
           "2027-06-10")
    b.fact("Where is the allotment work party meeting?", ["top gate"], "place", "bottom gate")

    # -- contacts ------------------------------------------------------------------------------

    b.vcf("family.vcf", [
        Card("Kirsty Mehta", ("Mehta", "Kirsty", "", ""), tel=[("CELL", "07700 900127")],
             email=["kirsty.mehta@example.co.uk"],
             adr=("HOME", "41 Wickham Road", "London", "", "SE4 1NF", "United Kingdom"),
             bday="1987-02-19", note="Kirsty. Dev's mobile is in his own card. Callum, Ayesha."),
        Card("Dev Mehta", ("Mehta", "Dev", "", ""), tel=[("CELL", "07700 900455")], email=["dev.mehta@example.co.uk"]),
        Card("Euan Lennox", ("Lennox", "Euan", "", ""), tel=[("CELL", "07700 900264"), ("HOME", "01463 870 215")],
             email=["euan.lennox@example.com"],
             adr=("HOME", "7 Drummond Crescent", "Inverness", "", "IV2 4QW", "United Kingdom"),
             bday="1990-10-02", note="Rhona, Isla (2018), Finlay (2021)."),
        Card("Hamish Rendall", ("Rendall", "Hamish", "", ""), tel=[("CELL", "07700 900392")],
             email=["hamish.rendall@example.net"],
             adr=("HOME", "Netherhouse, Marwick", "Birsay", "Orkney", "KW17 2LX", "United Kingdom"),
             note="My brother. Mobile is useless at the farm, ring the house."),
        Card("Elspeth Rennie", ("Rennie", "Elspeth", "", ""), tel=[("CELL", "07700 900645")],
             email=["elspeth.rennie@example.org"],
             note="Choir, alto section leader. Gives me a lift on Mondays."),
    ])
    b.fact("What's Kirsty's e-mail address?", ["kirsty.mehta@example.co.uk"], "email", "kirsty.mehta@example.com")
    b.fact("What's Euan's mobile number?", ["07700 900264", "07700900264"], "phone", "07700 900246")
    b.fact("What's Elspeth's phone number?", ["07700 900645", "07700900645"], "phone", "07700 900654")
    b.fact("What's my brother's e-mail address?", ["hamish.rendall@example.net"], "email", "hamish.rendall@example.com")

    b.vcf("trades-and-services.vcf", [
        Card("Raeburn Veterinary Clinic", ("", "", "", ""), tel=[("WORK", "0131 496 0440")],
             org="Raeburn Veterinary Clinic", adr=("WORK", "14 Raeburn Place", "Edinburgh", "", "EH4 1HN",
                                                    "United Kingdom"),
             note="Bramble. Ask for Dr. Sorensen."),
        Card("Sadie Kerr", ("Kerr", "Sadie", "", ""), tel=[("CELL", "07700 900859")],
             note="Dog walker, Wednesdays. £14 a walk, pay monthly."),
        Card("Stockbridge Health Centre", ("", "", "", ""), tel=[("WORK", "0131 496 0126")],
             org="Stockbridge Health Centre", adr=("WORK", "1 India Place", "Edinburgh", "", "EH3 6EH",
                                                   "United Kingdom"),
             note="GP surgery. Phone lines open at 8am; ring at 8 on the dot for a same-day appointment."),
        Card("Alan Tait", ("Tait", "Alan", "", ""), tel=[("CELL", "07700 900718")],
             email=["alan@cammoelectrical.example"], org="Cammo Electrical", title="Electrician",
             note="Fitted the interlinked alarms, 2022. Reliable, turns up when he says."),
        Card("Braid Gas Services", ("", "", "", ""), tel=[("WORK", "0131 496 0264")],
             email=["office@braidgas.example"], org="Braid Gas Services", note="Boiler service every spring."),
    ])
    b.fact("What's the dog walker's number?", ["07700 900859", "07700900859"], "phone", "07700 900895")
    b.fact("What number do I ring for the doctor's surgery?", ["0131 496 0126", "01314960126"], "phone",
           "0131 496 0162")
    b.fact("What's the electrician's e-mail address?", ["alan@cammoelectrical.example"], "email",
           "alan@cammoelectric.example")

    return b.finish(OPEN_D)


OPEN_D = [
    "Good morning! What kinds of things can I ask you to do?",
    "Plan a five-day driving holiday round the north coast of Scotland.",
    "Write a poem about a border terrier who hates the rain.",
    "Explain how a knee replacement operation works and what the recovery is usually like.",
    "List some gentle exercises for someone who has just retired and wants to keep fit.",
    "Write a short letter to the neighbours in our stair inviting them to an owners' meeting.",
    "Write a Python script that renames every photo in a folder by the date it was taken.",
    "Explain what a property factor does in Scotland.",
    "Give me a recipe for cranachan.",
    "Suggest ten things to do in Orkney on a wet day.",
    "Help me learn to count to twenty in Scottish Gaelic.",
    "Write a short speech for my grandson's graduation party.",
    "Make a checklist for leaving a flat empty for a week.",
    "Explain how curling is scored, in simple terms.",
    "Write a limerick about a slug on an allotment.",
    "Give me a planting plan for a half allotment plot, month by month from April to September.",
    "Write an SQL query that adds up spending per month from a table of expenses.",
    "Explain the difference between a cash ISA and Premium Bonds.",
    "Tell me a story about a grandmother and her granddaughter taking a ferry to an island.",
    "Write a thank-you card for the volunteers in a charity bookshop.",
    "What questions should I ask the surgeon before my husband's knee operation?",
    "If I tell you about my health, can anyone else see it?",
    "Summarise the history of the Edinburgh Festival in a few paragraphs.",
]
