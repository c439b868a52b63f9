"""Original, fictional copy for the demo newsroom (loaded by `manage.py load_demo`)."""

SECTIONS = [
    {
        "name": "World",
        "slug": "world",
        "description": (
            "Diplomacy, conflict, climate and people from every region beyond India's borders."
        ),
    },
    {
        "name": "India",
        "slug": "india",
        "description": (
            "Politics, courts, weather and public life from the states, cities and villages of "
            "India."
        ),
    },
    {
        "name": "Business",
        "slug": "business",
        "description": (
            "Markets, money, companies and the workers and farmers who keep the economy moving."
        ),
    },
    {
        "name": "Sport",
        "slug": "sport",
        "description": "Cricket, hockey, chess, badminton and the athletes who make the headlines.",
    },
    {
        "name": "Science",
        "slug": "science",
        "description": (
            "Space, health, farming science and the environment, explained without the jargon."
        ),
    },
]

AUTHORS = [
    {
        "name": "Newswire Desk",
        "slug": "newswire",
        "handle": "newswire",
        "bio": (
            "Reports from the Newswire desk in New Delhi, written and checked by our editors "
            "around the clock. Stories under this byline draw on staff reporting from "
            "correspondents across India and abroad."
        ),
    },
    {
        "name": "Meera Raghavan",
        "slug": "meera-raghavan",
        "handle": "meeraraghavan",
        "bio": (
            "Meera Raghavan is Newswire's national affairs and diplomatic correspondent, covering "
            "foreign policy, courts and elections from New Delhi. She previously reported from "
            "Colombo and Kathmandu."
        ),
    },
    {
        "name": "Farah Siddiqui",
        "slug": "farah-siddiqui",
        "handle": "farahsiddiqui",
        "bio": (
            "Farah Siddiqui writes about the economy, markets and startups from Mumbai. Before "
            "joining Newswire she spent eight years covering banking and commodities."
        ),
    },
    {
        "name": "Kabir Sethi",
        "slug": "kabir-sethi",
        "handle": "kabirsethi",
        "bio": (
            "Kabir Sethi covers cricket, hockey, badminton and chess for Newswire. He has reported "
            "from three World Cups and still keeps score by hand."
        ),
    },
    {
        "name": "Arjun Mehta",
        "slug": "arjun-mehta",
        "handle": "arjunmehta",
        "bio": (
            "Arjun Mehta reports on science, climate and the environment, usually from the field "
            "and usually with a camera. He is based in Bengaluru and trained as a geologist."
        ),
    },
]

ARTICLES = [
    {
        "headline": (
            "Indian Ocean ministers agree joint maritime rescue network after Port Louis summit"
        ),
        "slug": "indian-ocean-ministers-agree-joint-rescue-network",
        "section": "world",
        "authors": ["meera-raghavan"],
        "tags": ["Diplomacy", "Shipping", "Indian Ocean"],
        "dateline": "PORT LOUIS",
        "hours_ago": 3,
        "standfirst": (
            "Ministers from 11 coastal states signed a framework to share distress-call data and "
            "pool patrol vessels, though who pays for it remains unsettled."
        ),
        "body": [
            (
                "<p>PORT LOUIS, Mauritius (Newswire) — Ministers from 11 Indian Ocean coastal "
                "states agreed to build a shared maritime rescue network at the close of a two-day "
                "summit here, pledging to pool distress-call data and coordinate patrol vessels "
                "across waters that carry roughly a third of the world's bulk cargo.</p>"
            ),
            (
                "<p>The framework, signed after talks that ran several hours past schedule, "
                "commits each country to pass emergency beacon alerts to a common coordination "
                "centre within <strong>15 minutes</strong> of receiving them. Delegates said the "
                "arrangement would initially focus on fishing boats and small cargo vessels, which "
                "account for most of the region's recorded losses at sea.</p>"
            ),
            (
                "<blockquote><p>“Until now a trawler sinking 200 nautical miles from three "
                "different coastlines could wait for hours while each coast guard checked whose "
                "problem it was. That ends with this text,” said Anjali Doorgakant, the Mauritian "
                "minister for ocean affairs, who chaired the meeting.</p></blockquote>"
            ),
            "<h2>Funding left for later</h2>",
            (
                "<p>The agreement does not say who will pay for the centre, which officials "
                "estimate will cost about $48 million to set up over three years. A finance annex "
                "was deferred to a follow-up meeting of senior officials expected in the coming "
                "months, according to two delegates who spoke on condition of anonymity because "
                "the discussions were private.</p>"
            ),
            (
                "<p>India, which has the largest navy among the signatories, offered to station "
                "two offshore patrol vessels in the western sector on rotation and to train rescue "
                "coordinators at its centre in Mumbai. Rohan Thakkar, a joint secretary in India's "
                "external affairs ministry, told reporters New Delhi would also share "
                "satellite-based vessel tracking data on a reciprocal basis.</p>"
            ),
            (
                "<p>Smaller island states pressed for the network to cover climate emergencies as "
                "well, including evacuations during cyclones. Seychelles delegate Marie-Claire "
                "Hoareau said the final text allowed that “by mutual consent”, a compromise she "
                "described as “a door, not yet a corridor”.</p>"
            ),
            (
                "<p>Regional fishing unions welcomed the deal but said enforcement of "
                "safety-equipment rules on small boats remained patchy, with many crews still "
                "going to sea without working radios or life jackets. The summit's joint statement "
                'has been <a href="https://example.org/port-louis-statement">published in '
                "full</a>.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Delegates gather for the closing session of the Indian Ocean ministers' summit in "
                "Port Louis."
            ),
            "credit": "Handout/Ministry of Ocean Affairs",
            "alt": (
                "Rows of delegates seated at a long conference table with small national flags in "
                "front of them"
            ),
            "palette": ["#0b3c5d", "#f2a541"],
        },
    },
    {
        "headline": (
            "Zambia extends power cuts to 14 hours a day as drought drains hydropower reservoir"
        ),
        "slug": "zambia-extends-power-cuts-as-drought-drains-reservoir",
        "section": "world",
        "authors": ["newswire"],
        "tags": ["Drought", "Energy", "Climate"],
        "dateline": "LUSAKA",
        "hours_ago": 17,
        "standfirst": (
            "The state utility said its largest reservoir was at 9% of usable storage, forcing "
            "deeper rationing for homes and mines until the rains return."
        ),
        "body": [
            (
                "<p>LUSAKA, Zambia (Newswire) — Zambia's state power utility extended scheduled "
                "blackouts to 14 hours a day for most households, saying a prolonged drought had "
                "left the reservoir feeding its largest hydropower station at just 9% of usable "
                "storage.</p>"
            ),
            (
                "<p>The new schedule, announced late in the evening and effective from midnight, "
                "also cuts supply to copper mines by a fifth, a move industry groups warned could "
                "dent output in the country's most important export sector. Hospitals, "
                "water-pumping stations and the international airport are exempt.</p>"
            ),
            (
                "<blockquote><p>“We are generating from a reservoir that is running on its "
                "reserves. Every megawatt we produce today is water we will not have in October,” "
                "said Chanda Mwiinga, the utility's acting managing director, at a briefing in the "
                "capital.</p></blockquote>"
            ),
            "<h2>Solar imports surge</h2>",
            (
                "<p>Hydropower supplies more than 80% of Zambia's electricity, leaving the grid "
                "exposed when the rains fail. The last rainy season delivered less than half the "
                "long-term average across much of the south, according to the national "
                "meteorological department, which has forecast only a modest recovery.</p>"
            ),
            (
                "<p>Businesses in the capital have turned to diesel generators and rooftop solar. "
                "Customs figures cited by a Lusaka business chamber showed imports of solar panels "
                "rose nearly threefold in the first five months of the year, while queues for "
                "diesel have become common at filling stations on the city's main roads.</p>"
            ),
            (
                "<p>Chileshe Banda, who runs a welding workshop in a busy eastern suburb, said his "
                "team now works through the night whenever power is available. “We sleep in the "
                "afternoon and weld at 2 a.m. That is how we pay salaries,” he said.</p>"
            ),
            (
                "<p>The government has said it is negotiating emergency electricity imports from "
                "neighbouring countries, though regional supply is itself constrained by the same "
                "drought. Energy officials said the rationing schedule would be reviewed every "
                "fortnight and eased as soon as inflows to the reservoir improve.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A shopkeeper in Lusaka works by the light of a rechargeable lamp during a "
                "scheduled power cut."
            ),
            "credit": "Zambezi Frame Agency",
            "alt": (
                "A small grocery shop lit only by a lamp on the counter, with shelves in shadow "
                "behind the shopkeeper"
            ),
            "palette": ["#3d2c1e", "#f4b942"],
        },
    },
    {
        "headline": "Bangladesh garment makers and unions agree 18% wage rise after month of talks",
        "slug": "bangladesh-garment-wage-deal-18-percent",
        "section": "world",
        "authors": ["newswire"],
        "tags": ["Labour", "Trade", "Bangladesh"],
        "dateline": "DHAKA",
        "hours_ago": 44,
        "standfirst": (
            "The deal raises the minimum monthly wage for garment workers and ties future "
            "increases to inflation, but three smaller unions walked out before the signing."
        ),
        "body": [
            (
                "<p>DHAKA, Bangladesh (Newswire) — Garment factory owners and a majority of labour "
                "unions in Bangladesh agreed to raise the industry's minimum monthly wage by 18%, "
                "ending a month of negotiations punctuated by street protests in the industrial "
                "belts around the capital.</p>"
            ),
            (
                "<p>Under the agreement, brokered by a government-appointed wage board, "
                "entry-level workers will receive at least 14,750 taka a month from the start of "
                "next quarter. Future adjustments will be linked to the official consumer price "
                "index and reviewed every two years, a provision unions had sought for more than a "
                "decade.</p>"
            ),
            (
                "<blockquote><p>“This is not everything we asked for, but for the first time the "
                "wage will move when the price of rice moves,” said Rokeya Sultana, general "
                "secretary of the Garment Workers' Solidarity Federation, one of the "
                "signatories.</p></blockquote>"
            ),
            "<h2>Walkout by smaller unions</h2>",
            (
                "<p>Three smaller federations left the final session before the signing, arguing "
                "that the increase fell well short of their demand of 20,000 taka. Their leaders "
                "said demonstrations would continue, though police reported that factories in the "
                "main industrial zones were operating normally by the afternoon.</p>"
            ),
            (
                "<ul><li>New minimum wage: 14,750 taka a month</li><li>Previous minimum: 12,500 "
                "taka a month</li><li>Next review: in two years, indexed to inflation</li></ul>"
            ),
            (
                "<p>Manufacturers said the rise would add about 6% to production costs and urged "
                "international buyers to share the burden. Bangladesh is one of the world's "
                "largest exporters of ready-made clothing, and the sector employs about four "
                "million people, most of them women.</p>"
            ),
            (
                "<p>Tanvir Haque, vice-president of a factory owners' association, said members "
                "would honour the deal but warned that orders were already thinning as buyers "
                "shifted some production elsewhere. “Buyers talk to us about ethical sourcing "
                "every season. Now we will see whether they are willing to pay for it,” he "
                "said.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Workers leave a garment factory at the end of a shift on the outskirts of Dhaka."
            ),
            "credit": "Bengal Delta Pictures",
            "alt": (
                "A crowd of workers, mostly women in bright scarves, walking out through a factory "
                "gate at dusk"
            ),
            "palette": ["#7b2d26", "#f7d08a"],
        },
    },
    {
        "headline": "Weather office forecasts above-normal monsoon at 106% of long-period average",
        "slug": "weather-office-forecasts-above-normal-monsoon",
        "section": "india",
        "authors": ["newswire"],
        "tags": ["Monsoon", "Weather", "Agriculture", "Economy"],
        "dateline": "NEW DELHI",
        "hours_ago": 1,
        "standfirst": (
            "The first-stage forecast points to good rains across most farming regions, though "
            "parts of the east and northeast may fall short, forecasters said."
        ),
        "body": [
            (
                "<p>NEW DELHI (Newswire) — India's monsoon is likely to deliver above-normal "
                "rainfall this year, at 106% of the long-period average, the national weather "
                "office said in its first-stage forecast, raising hopes of strong summer-sown "
                "harvests and easing pressure on food prices.</p>"
            ),
            (
                "<p>The forecast carries a model error of plus or minus 5%, officials said. "
                "Rainfall between 104% and 110% of the average, which is calculated from 50 years "
                "of records, is classed as above normal.</p>"
            ),
            (
                "<blockquote><p>“Sea-surface conditions in the Pacific are turning neutral and the "
                "Indian Ocean is favourable. Together, they give us confidence in a good season "
                "for the country as a whole,” said Dr Lalitha Venkatesh, the weather office's head "
                "of long-range forecasting.</p></blockquote>"
            ),
            "<h2>Not every region benefits</h2>",
            (
                "<p>A probability map released with the forecast shows a higher chance of "
                "below-normal rain in parts of the northeast, Jharkhand and northern Odisha, "
                "regions that have recorded deficits in three of the past five years. A "
                "second-stage forecast, with monthly and regional detail, is due in late May.</p>"
            ),
            (
                "<p>The monsoon brings about 70% of India's annual rainfall and waters roughly "
                "half its farmland, which has no irrigation. Rice, soybean, cotton and pulses "
                "depend heavily on the timing of the rains as well as the total.</p>"
            ),
            (
                "<p>Economists said a good season could help cool food inflation, which has run "
                "above headline inflation for most of the past year. Nandini Kulkarni, chief "
                "economist at Sahyadri Securities, said vegetable and pulse prices were the most "
                "sensitive to rainfall. “If the rains arrive on time and are well spread, the "
                "central bank gets more room to think about rate cuts,” she said.</p>"
            ),
            (
                "<p>Farm groups cautioned that the distribution of rain mattered more than the "
                "national figure. Long dry spells in July can ruin sowing even in a good year, "
                "said Harpal Singh Brar of a farmers' collective in Punjab, who urged states to "
                "keep seed stocks ready for replanting.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": "Farmers prepare a paddy nursery ahead of the monsoon near Karnal.",
            "credit": "Newswire/Priya Nair",
            "alt": (
                "Two farmers bent over a flooded field planting rows of bright green rice "
                "seedlings under a cloudy sky"
            ),
            "palette": ["#2d6a4f", "#95d5b2"],
        },
    },
    {
        "headline": (
            "Nagpur hits 47.2°C as heatwave grips central India; schools told to shut by 11 a.m."
        ),
        "slug": "nagpur-heatwave-47-degrees-schools-shut-early",
        "section": "india",
        "authors": ["newswire"],
        "tags": ["Heatwave", "Weather", "Health", "Energy"],
        "dateline": "NAGPUR",
        "hours_ago": 8,
        "standfirst": (
            "Authorities opened cooling shelters and ordered a midday halt to construction work as "
            "temperatures stayed five to six degrees above normal across Vidarbha."
        ),
        "body": [
            (
                "<p>NAGPUR, India (Newswire) — Temperatures in Nagpur climbed to 47.2 degrees "
                "Celsius, the highest in the city so far this season, as a heatwave tightened its "
                "hold over central India and district authorities ordered schools to close by 11 "
                "a.m.</p>"
            ),
            (
                "<p>The weather office issued a red alert for large parts of Vidarbha and "
                "neighbouring districts of Madhya Pradesh, forecasting that daytime highs would "
                "stay five to six degrees above normal for at least four more days. Night "
                "temperatures in the city have not fallen below 31°C for a week, a pattern doctors "
                "say is especially dangerous because the body gets little chance to recover.</p>"
            ),
            (
                "<blockquote><p>“We are seeing labourers, delivery riders and elderly people who "
                "live alone. Most of them come in late, when they are already confused or have "
                "stopped sweating,” said Dr Sameer Kolte, who heads the emergency department at a "
                "government hospital in the city.</p></blockquote>"
            ),
            "<h2>Cooling shelters and water points</h2>",
            (
                "<p>The municipal corporation said it had opened 42 cooling shelters in community "
                "halls and set up drinking-water points at bus stops and markets. Construction "
                "sites have been told to stop work between noon and 4 p.m., an order officials "
                "said would be enforced by inspection teams.</p>"
            ),
            (
                "<p>Hospitals in the district have reported 63 admissions for heat-related illness "
                "over the past 10 days, and health officials are investigating whether three "
                "deaths were caused by heatstroke. The district health office issued an advisory "
                "urging residents to:</p>"
            ),
            (
                "<ul><li>Drink water frequently, even when not thirsty</li><li>Stay indoors "
                "between noon and 4 p.m. where possible</li><li>Seek care quickly for confusion, "
                "headache or hot, dry skin</li></ul>"
            ),
            (
                "<p>Power demand in Maharashtra touched a record as air conditioners and coolers "
                "ran through the night, and the state distribution company said it had arranged "
                "additional supply to avoid load-shedding. Forecasters said pre-monsoon "
                "thundershowers could bring some relief late next week.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A vendor shelters under a tarpaulin at a vegetable market in Nagpur as "
                "temperatures pass 47°C."
            ),
            "credit": "Deccan Photo Agency",
            "alt": (
                "A street vendor wiping his face beside baskets of vegetables under a faded blue "
                "tarpaulin in harsh sunlight"
            ),
            "palette": ["#d62828", "#fcbf49"],
        },
    },
    {
        "headline": (
            "Lucknow-Varanasi line cleared for 160 km/h trains, cutting journey to under three "
            "hours"
        ),
        "slug": "lucknow-varanasi-line-cleared-for-160-kmph",
        "section": "india",
        "authors": ["newswire"],
        "tags": ["Railways", "Infrastructure", "Uttar Pradesh"],
        "dateline": "LUCKNOW",
        "hours_ago": 53,
        "standfirst": (
            "Officials said the ₹3,450 crore upgrade, which brought new signalling, stronger "
            "bridges and fencing to 320 km of track, would allow faster services from next month."
        ),
        "body": [
            (
                "<p>LUCKNOW, India (Newswire) — The railway line between Lucknow and Varanasi has "
                "been cleared for trains running at up to 160 km/h after a four-year upgrade, "
                "officials said, bringing the fastest scheduled journey between the two cities to "
                "under three hours from about four and a half.</p>"
            ),
            (
                "<p>The ₹3,450 crore project replaced signalling on the 320-km route with an "
                "automatic block system, strengthened 46 bridges and fenced long stretches of "
                "track to keep cattle and people off the line. The railway safety commissioner "
                "approved the higher speed after a series of trial runs, according to a statement "
                "from the zonal railway.</p>"
            ),
            (
                "<blockquote><p>“Speed is the headline, but the real change is capacity. With "
                "automatic signalling we can run trains closer together, which means more freight "
                "and more passenger services on the same tracks,” said Ashok Srivastava, general "
                "manager of the zone.</p></blockquote>"
            ),
            "<h2>Level crossings remain a concern</h2>",
            (
                "<p>Of the 58 manned level crossings on the route, 41 have been replaced by road "
                "overbridges or underpasses. Officials said the rest would be eliminated within 18 "
                "months and that trains would slow to 110 km/h near them in the meantime.</p>"
            ),
            (
                "<p>Two new semi-high-speed services will be introduced from next month, and "
                "timings for 14 existing express trains will be revised. Fares for the faster "
                "services have not yet been announced.</p>"
            ),
            (
                "<p>The corridor is one of several being upgraded nationwide for 160 km/h running, "
                "part of a wider plan to raise average speeds on a network that carries more than "
                "20 million passengers a day.</p>"
            ),
            (
                "<p>Commuters welcomed the news but said punctuality mattered more than top speed. "
                "Sunita Yadav, a teacher who travels to Varanasi most weekends, said her train had "
                "been more than an hour late on most trips last winter. “If it leaves on time and "
                "arrives on time, I will happily pay a little more,” she said.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A trial run on the upgraded Lucknow-Varanasi line passes a newly built road "
                "overbridge."
            ),
            "credit": "Newswire/Staff",
            "alt": (
                "A blue and white passenger train speeding along fenced double track beneath a "
                "concrete road bridge"
            ),
            "palette": ["#1d3557", "#a8dadc"],
        },
    },
    {
        "headline": "Madras High Court orders curbs on groundwater use by packaged-water plants",
        "slug": "madras-high-court-curbs-groundwater-bottling-plants",
        "section": "india",
        "authors": ["meera-raghavan"],
        "tags": ["Courts", "Groundwater", "Tamil Nadu"],
        "dateline": "CHENNAI",
        "hours_ago": 29,
        "standfirst": (
            "A two-judge bench said bottling units in over-exploited blocks must meter their wells "
            "and cut extraction by a third, calling groundwater a resource held in trust for the "
            "public."
        ),
        "body": [
            (
                "<p>CHENNAI, India (Newswire) — The Madras High Court ordered packaged "
                "drinking-water plants in Tamil Nadu's most water-stressed areas to install "
                "digital meters on their wells and cut extraction by a third, ruling that "
                "groundwater is a public resource the state must protect for future users.</p>"
            ),
            (
                "<p>The bench of Justice R. Kalaivani and Justice Anand Pillai gave the state's "
                "groundwater authority 12 weeks to publish a list of affected units and six months "
                "to verify compliance. The order applies to blocks officially classed as "
                "<em>over-exploited</em>, where water is drawn faster than rain can replenish "
                "it.</p>"
            ),
            (
                "<blockquote><p>“Water beneath the land is not the private property of whoever "
                "digs deepest. The State holds it in trust, and that trust is owed as much to the "
                "farmer of tomorrow as to the industry of today,” the judges wrote in their "
                "64-page judgment.</p></blockquote>"
            ),
            "<h2>Petition by farmers</h2>",
            (
                "<p>The ruling came on a petition by a farmers' association from Kancheepuram "
                "district, which argued that dozens of bottling plants had lowered the water table "
                "so far that nearby agricultural wells had run dry. Its lawyers told the court the "
                "level in some villages had fallen by more than 30 metres in a decade.</p>"
            ),
            (
                "<p>Counsel for an industry association argued that packaged-water units used a "
                "small fraction of groundwater compared with agriculture and that the curbs would "
                "push up prices for consumers. The bench said it was not persuaded, noting that "
                "the units paid nothing for the water they drew.</p>"
            ),
            "<p>The judgment also directed the state to:</p>",
            (
                "<ul><li>Publish monthly extraction data from metered wells online</li><li>Stop "
                "issuing new licences in over-exploited blocks until a fresh assessment is "
                "done</li><li>Set up a complaints mechanism for farmers within three "
                "months</li></ul>"
            ),
            (
                "<p>S. Velmurugan, counsel for the petitioners, called the ruling a landmark for "
                "rural water rights. The industry association said it was studying the order and "
                "had not decided whether to appeal.</p>"
            ),
        ],
        "correction": (
            "An earlier version of this story said the ruling was delivered by a three-judge "
            "bench; it was a two-judge bench."
        ),
        "image": {
            "caption": (
                "A farmer inspects a dry borewell in Kancheepuram district, where petitioners say "
                "water tables have fallen sharply."
            ),
            "credit": "Coromandel Pictures",
            "alt": (
                "A man crouching beside a capped borewell pipe in a parched field with cracked red "
                "soil"
            ),
            "palette": ["#9c6644", "#e6ccb2"],
        },
    },
    {
        "headline": (
            "Residents' alliance sweeps Sonagarh civic polls on promises of water and clean streets"
        ),
        "slug": "residents-alliance-sweeps-sonagarh-civic-polls",
        "section": "india",
        "authors": ["meera-raghavan", "newswire"],
        "tags": ["Elections", "Local Government", "Groundwater"],
        "dateline": "SONAGARH",
        "hours_ago": 91,
        "standfirst": (
            "The Sonagarh Nagrik Manch, formed by neighbourhood associations less than a year ago, "
            "won 31 of 52 wards as turnout rose to 68%."
        ),
        "body": [
            (
                "<p>SONAGARH, Madhya Pradesh (Newswire) — A coalition of residents' associations "
                "formed less than a year ago won control of the Sonagarh Municipal Corporation, "
                "taking 31 of the 52 wards in an election fought largely over drinking water, "
                "garbage collection and potholed roads.</p>"
            ),
            (
                "<p>The Sonagarh Nagrik Manch, which contested as a registered local party under a "
                "common symbol, defeated incumbents in several wards that had returned the same "
                "councillors for three terms. Results declared late in the evening showed turnout "
                "of 68%, up from 54% at the previous civic polls.</p>"
            ),
            (
                "<blockquote><p>“People were not voting for us. They were voting against tankers "
                "that come once a week and drains that overflow every monsoon. We have five years "
                "to fix that, and they will be watching,” said Kavita Deshmukh, a retired "
                "schoolteacher who led the alliance's campaign and is expected to be its nominee "
                "for mayor.</p></blockquote>"
            ),
            "<h2>Newer colonies swing</h2>",
            (
                "<p>The alliance did best in the town's newer residential colonies on the eastern "
                "side, where many households rely on private tankers for water. Established "
                "parties held most wards in the old market area and in villages merged into "
                "municipal limits a decade ago.</p>"
            ),
            (
                "<p>Sonagarh, a town of about 3.2 lakh people, has an annual municipal budget of "
                "roughly ₹410 crore, much of it funded by state grants. The new council will have "
                "to negotiate with the state government for money to complete a long-delayed water "
                "pipeline from a reservoir 28 km away.</p>"
            ),
            (
                "<p>Analysts said the result fitted a wider pattern of voters in mid-sized towns "
                "backing local candidates in civic polls while sticking with national parties in "
                "state and general elections. “Municipal elections are where voters feel most able "
                "to punish or reward service delivery. The real test is whether a residents' group "
                "can run a bureaucracy,” said Aditi Menon of the Institute for Urban Affairs in "
                "Bhopal.</p>"
            ),
            (
                "<p>The council is expected to meet within a fortnight to elect a mayor and deputy "
                "mayor.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Supporters of the Sonagarh Nagrik Manch celebrate outside the counting centre."
            ),
            "credit": "Malwa News Photos",
            "alt": (
                "A cheering crowd waving green and white flags outside a school building used as a "
                "vote-counting centre"
            ),
            "palette": ["#2a9d8f", "#e9c46a"],
        },
    },
    {
        "headline": (
            "Central bank holds repo rate at 6.25%, signals room to cut if food prices cool"
        ),
        "slug": "central-bank-holds-repo-rate-signals-room-to-cut",
        "section": "business",
        "authors": ["farah-siddiqui"],
        "tags": ["Interest Rates", "Economy", "Banking"],
        "dateline": "MUMBAI",
        "hours_ago": 5,
        "standfirst": (
            "The monetary policy committee voted 5-1 to keep rates unchanged, raised its growth "
            "forecast to 6.8% and trimmed its inflation projection."
        ),
        "body": [
            (
                "<p>MUMBAI (Newswire) — India's central bank kept its benchmark repo rate "
                "unchanged at 6.25% for a third consecutive meeting, but said easing inflation "
                "could give it room to lower borrowing costs later in the year if food prices "
                "continue to moderate.</p>"
            ),
            (
                "<p>The six-member monetary policy committee voted 5-1 to hold, with one external "
                "member favouring a 25-basis-point cut. The committee kept its neutral policy "
                "stance.</p>"
            ),
            (
                "<p>It raised its forecast for economic growth in the current financial year to "
                "<strong>6.8%</strong> from 6.6%, citing stronger rural demand and government "
                "spending on infrastructure, and lowered its retail inflation projection to 4.3% "
                "from 4.6%. It warned that vegetable prices and global crude oil remained "
                "risks.</p>"
            ),
            (
                "<blockquote><p>“Headline inflation is moving in the right direction, but we want "
                "to see it settle at our target, not just visit it. We are watchful, not "
                "complacent,” Deputy Governor Sunanda Iyer told reporters after the "
                "announcement.</p></blockquote>"
            ),
            "<h2>Markets take decision in stride</h2>",
            (
                "<p>The 10-year government bond yield edged down 3 basis points to 6.71%, and the "
                "rupee was little changed against the dollar. Banking stocks rose after the "
                "central bank said it would inject ₹1,25,000 crore of liquidity through bond "
                "purchases and longer-term repo operations over the next two months.</p>"
            ),
            (
                "<p>Most of the 24 economists polled by Newswire before the decision had expected "
                "a hold. Fourteen now expect a cut at the next meeting.</p>"
            ),
            (
                "<p>Rajiv Khanna, head of fixed income at Malabar Asset Managers, said the "
                "liquidity measures mattered more to markets than the rate decision itself. “Banks "
                "have been short of cash for weeks. The central bank has fixed that without "
                "spending its ammunition on a cut,” he said.</p>"
            ),
            (
                "<p>Home-loan borrowers are unlikely to see an immediate change in monthly "
                "instalments, bankers said, although some lenders may trim deposit rates if "
                "liquidity improves.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": "Traders watch the policy announcement on screens at a brokerage in Mumbai.",
            "credit": "Newswire/Farah Siddiqui",
            "alt": (
                "Traders at a row of desks looking up at wall-mounted screens showing charts and a "
                "live news broadcast"
            ),
            "palette": ["#14213d", "#fca311"],
        },
    },
    {
        "headline": "Dockworkers' strike at Visakhapatnam strands 40 ships as pay talks stall",
        "slug": "visakhapatnam-dockworkers-strike-strands-ships",
        "section": "business",
        "authors": ["farah-siddiqui", "newswire"],
        "tags": ["Ports", "Labour", "Trade", "Shipping"],
        "dateline": "VISAKHAPATNAM",
        "hours_ago": 22,
        "standfirst": (
            "Cargo handling at one of India's busiest east-coast ports has largely stopped for "
            "three days, and exporters of steel, seafood and granite are counting the cost."
        ),
        "body": [
            (
                "<p>VISAKHAPATNAM, India (Newswire) — About 40 ships were waiting at anchor off "
                "Visakhapatnam as a strike by dockworkers entered its third day, halting most "
                "cargo handling at one of India's busiest east-coast ports after talks over pay "
                "and pensions broke down.</p>"
            ),
            (
                "<p>The strike was called by a joint action committee of four unions representing "
                "about 5,600 permanent and contract workers. They are seeking a 22% pay rise, "
                "regular jobs for long-serving contract labourers and restoration of a pension "
                "scheme that was withdrawn for new hires eight years ago.</p>"
            ),
            (
                "<blockquote><p>“Some of our contract workers have handled cargo here for 15 years "
                "without a single day of paid leave. The port's profits have doubled. We are "
                "asking for our share, nothing more,” said K. Satyanarayana, convenor of the joint "
                "action committee, addressing workers at the main gate.</p></blockquote>"
            ),
            "<h2>Exporters count losses</h2>",
            (
                "<p>Port management said mechanised berths run by private terminal operators were "
                "working at reduced capacity, but general cargo berths were at a standstill. "
                "Container dwell times have risen from about two days to more than five, according "
                "to a freight forwarders' association.</p>"
            ),
            (
                "<p>Exporters of steel, granite and frozen shrimp said delays were costing them "
                "demurrage charges and risked cancelled orders. The Andhra Seafood Exporters' "
                "Forum estimated its members' losses at ₹85 crore so far, with about 1,200 "
                "refrigerated containers waiting to be loaded.</p>"
            ),
            (
                "<p>Lakshmi Prasanna Rao, the port's deputy chairperson, said management had "
                "offered a 14% increase and a committee to examine the status of contract workers, "
                "and urged the unions to return to the table.</p>"
            ),
            (
                "<p>The regional labour commissioner has called both sides to a conciliation "
                "meeting. Strikes are not permitted while conciliation is pending, but union "
                "leaders said they had received no formal notice.</p>"
            ),
            (
                "<p>Shipping lines have begun diverting some vessels to Kakinada and Paradip, "
                "adding to congestion there. Visakhapatnam handled about 75 million tonnes of "
                "cargo last financial year.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Idle cranes at Visakhapatnam port on the third day of the dockworkers' strike."
            ),
            "credit": "Eastern Coast Photo Service",
            "alt": (
                "A row of stationary gantry cranes over an empty quay, with cargo ships waiting at "
                "anchor in the haze beyond"
            ),
            "palette": ["#264653", "#e76f51"],
        },
    },
    {
        "headline": "Kolkata tea auction prices rise 11% as dry spell trims Assam output",
        "slug": "kolkata-tea-auction-prices-rise-dry-spell-assam",
        "section": "business",
        "authors": ["newswire"],
        "tags": ["Commodities", "Agriculture", "Monsoon", "Trade"],
        "dateline": "KOLKATA",
        "hours_ago": 190,
        "standfirst": (
            "Buyers paid an average of ₹248 a kg for CTC tea at this week's sale, the highest this "
            "season, as a rain shortfall in upper Assam cut early-season production."
        ),
        "body": [
            (
                "<p>KOLKATA, India (Newswire) — Tea prices at the Kolkata auction rose 11% to an "
                "average of ₹248 a kg this week, the highest this season, as a prolonged dry spell "
                "in upper Assam reduced early-season output and buyers competed for better "
                "grades.</p>"
            ),
            (
                "<p>About 1.6 million kg of CTC tea, the granular variety brewed in most Indian "
                "households, was offered at the sale, nearly a fifth less than in the same week "
                "last year, according to auction data. Around 92% of lots were sold, compared with "
                "78% a year earlier.</p>"
            ),
            (
                "<blockquote><p>“Gardens in Dibrugarh and Tinsukia have had almost no rain for six "
                "weeks. The bushes are simply not flushing, and the good leaf that does come in is "
                "being bid up hard,” said Debashish Ghosal, a director at Hooghly Tea Brokers, one "
                "of the firms that conducts the auction.</p></blockquote>"
            ),
            "<h2>Small growers gain, estates worry</h2>",
            (
                "<p>Small tea growers, who sell green leaf to factories and now account for more "
                "than half of India's production, have benefited from higher leaf prices, industry "
                "groups said. Large estates warned that lower volumes could wipe out the gains and "
                "make it harder to meet wage and bonus obligations.</p>"
            ),
            (
                "<p>Forecasters expect pre-monsoon showers over the northeast within the next "
                "week, which could revive production. Plantations in the region depend on regular "
                "rain from March through the monsoon months.</p>"
            ),
            (
                "<p>Packaged-tea companies have so far absorbed the increase but said retail "
                "prices could rise by 5% to 7% if auction prices stay high through the summer.</p>"
            ),
            (
                "<p>Export demand has also been firm, with buyers from West Asia active in "
                "orthodox tea sales, brokers said. India produced about 1,380 million kg of tea "
                "last year, and exporters had hoped to raise shipments this season.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": "",
            "credit": "Newswire/Staff",
            "alt": (
                "Rows of small white bowls of brewed tea and heaps of dry tea leaves on a long "
                "tasting table"
            ),
            "palette": ["#6f4518", "#b5c99a"],
        },
    },
    {
        "headline": (
            "Konkan Mariners win National T20 League final by six wickets as Pereira hits unbeaten "
            "88"
        ),
        "slug": "konkan-mariners-win-national-t20-league-final",
        "section": "sport",
        "authors": ["kabir-sethi"],
        "tags": ["Cricket", "T20"],
        "dateline": "AHMEDABAD",
        "hours_ago": 12,
        "standfirst": (
            "The Mariners chased down 187 with seven balls to spare in front of a packed stadium "
            "to beat Malwa Falcons and claim their first title."
        ),
        "body": [
            (
                "<p>AHMEDABAD, India (Newswire) — Konkan Mariners won their first National T20 "
                "League title, beating Malwa Falcons by six wickets in the final as opener Joel "
                "Pereira struck an unbeaten 88 off 51 balls to steer a chase of 187 with seven "
                "deliveries to spare.</p>"
            ),
            (
                "<p>Sent in to bat, the Falcons posted 186 for seven, built around a 74-run stand "
                "for the third wicket between captain Harshvardhan Rathore (61 off 38 balls) and "
                "wicketkeeper Sahil Mirza (43 off 27). Mariners leg-spinner Tanmay Gawde took "
                "three for 29 to slow the scoring in the middle overs.</p>"
            ),
            (
                "<blockquote><p>“I just told myself to bat through. If I was still there in the "
                "18th over, we would win. The boys around me made it easy,” said Pereira, who was "
                "named player of the match.</p></blockquote>"
            ),
            "<h2>Early wobble, late charge</h2>",
            (
                "<p>The Mariners slipped to 41 for two in the sixth over after left-arm quick "
                "Arvind Chauhan removed Shubham Naik and Rohit Kamat. Pereira and all-rounder Dev "
                "Karkera then added 96 in 9.2 overs, taking 19 off the 15th over, bowled by "
                "Rathore, to tilt the game.</p>"
            ),
            (
                "<p>Karkera fell for 47 with 50 still needed and Yash Bhosle went two balls later, "
                "but Nikhil Sawant joined Pereira to hit an unbeaten 24 off 11 balls. Sawant "
                "sealed the win with a six over long-on off the fifth ball of the 19th over.</p>"
            ),
            (
                "<p>Falcons coach Imran Qadri said his side had been about 15 runs short. “On this "
                "surface, with the dew coming in, 186 was par at best. We needed one more big "
                "partnership,” he said.</p>"
            ),
            (
                "<ul><li>Malwa Falcons 186-7 (20 overs): Rathore 61, Mirza 43; Gawde "
                "3-29</li><li>Konkan Mariners 187-4 (18.5 overs): Pereira 88 not out, Karkera 47; "
                "Chauhan 2-31</li></ul>"
            ),
            (
                "<p>The Mariners, who finished fourth in the league stage, collected prize money "
                "of ₹12 crore.</p>"
            ),
        ],
        "correction": (
            "An earlier version of this story gave the Mariners' winning margin as five wickets; "
            "they won by six wickets."
        ),
        "image": {
            "caption": "Joel Pereira raises his bat after reaching his half-century in the final.",
            "credit": "Newswire/Rahul Kadam",
            "alt": (
                "A batsman in a navy and orange kit raising his bat and helmet towards a packed "
                "stand under floodlights"
            ),
            "palette": ["#003049", "#f77f00"],
        },
    },
    {
        "headline": (
            "Teenager Aadhya Krishnan wins Coromandel Chess Masters with final-round victory"
        ),
        "slug": "aadhya-krishnan-wins-coromandel-chess-masters",
        "section": "sport",
        "authors": ["kabir-sethi"],
        "tags": ["Chess", "Tamil Nadu", "Women's Sport"],
        "dateline": "CHENNAI",
        "hours_ago": 77,
        "standfirst": (
            "The 16-year-old international master finished half a point clear of two grandmasters "
            "and secured the last norm she needs for the grandmaster title."
        ),
        "body": [
            (
                "<p>CHENNAI, India (Newswire) — Sixteen-year-old Aadhya Krishnan won the "
                "Coromandel Chess Masters, beating top seed Luka Petrović of Serbia in the final "
                "round to finish on seven points from nine games and earn her third and final "
                "grandmaster norm.</p>"
            ),
            (
                "<p>Playing with the black pieces, Krishnan chose a sharp line of the Sicilian "
                "Defence and gave up an exchange on move 23 to open the white king. She converted "
                "the attack in 41 moves after Petrović, short of time on his clock, missed a "
                "defensive resource.</p>"
            ),
            (
                "<blockquote><p>“I knew a draw would not be enough for first place, so I decided "
                "to play my own game. When he took the rook, I felt the position was mine,” "
                "Krishnan said at the closing ceremony, holding the trophy.</p></blockquote>"
            ),
            "<h2>Rating threshold remains</h2>",
            (
                "<p>Krishnan finished half a point ahead of Petrović and India's Sharan Bhat, who "
                "drew his final game. Tournament officials estimated her performance rating for "
                "the event at about 2,640.</p>"
            ),
            (
                "<p>She now holds the three norms required for the grandmaster title but must also "
                "cross a rating of 2,500 before it can be formally awarded. Her rating after the "
                "event is expected to be about 2,488.</p>"
            ),
            (
                "<p>The 10-player round-robin, held at a hotel on the city's East Coast Road, "
                "carried a prize fund of ₹40 lakh, with ₹10 lakh for the winner.</p>"
            ),
            (
                "<p>Her coach, Venkat Raman, said Krishnan had spent the past year working on "
                "endgames and physical fitness rather than opening preparation. “Openings she can "
                "learn from a computer. Staying sharp in the sixth hour of a game is what wins "
                "tournaments,” he said.</p>"
            ),
            (
                "<p>Chennai has produced many of India's grandmasters, and the city's chess "
                "academies report rising enrolment among girls, a trend organisers said they hoped "
                "the result would accelerate.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Aadhya Krishnan considers her move against Luka Petrović in the final round."
            ),
            "credit": "Coromandel Pictures",
            "alt": (
                "A teenage girl resting her chin on her hands as she studies a chessboard, with a "
                "digital clock beside it"
            ),
            "palette": ["#22223b", "#f2e9e4"],
        },
    },
    {
        "headline": "India women rally to beat Belgium 3-2 and level hockey series in Bhubaneswar",
        "slug": "india-women-beat-belgium-hockey-series-level",
        "section": "sport",
        "authors": ["newswire"],
        "tags": ["Hockey", "Women's Sport"],
        "dateline": "BHUBANESWAR",
        "hours_ago": 155,
        "standfirst": (
            "Two late penalty-corner goals from drag-flicker Simran Kaur turned the match after "
            "India trailed 2-1 going into the final quarter."
        ),
        "body": [
            (
                "<p>BHUBANESWAR, India (Newswire) — India's women's hockey team scored twice in "
                "the last eight minutes to beat Belgium 3-2 and level their five-match series at "
                "1-1, with drag-flicker Simran Kaur converting two penalty corners at the city's "
                "main stadium.</p>"
            ),
            (
                "<p>Belgium, who won the series opener 2-0, led 2-1 entering the final quarter "
                "after goals from Elise Vandenberghe and Noor De Smet either side of a field goal "
                "by India's Rashmita Minz.</p>"
            ),
            (
                "<blockquote><p>“At half-time the coach told us to keep earning corners and trust "
                "our routines. We practise those flicks every single morning, so when the chance "
                "came, my hands knew what to do,” said Kaur, who was named player of the "
                "match.</p></blockquote>"
            ),
            "<h2>Corners decide it</h2>",
            (
                "<p>India earned nine penalty corners to Belgium's four but converted only one of "
                "their first six. Kaur's equaliser in the 52nd minute was flicked low to the "
                "goalkeeper's left, and the winner three minutes later went high into the same "
                "corner after a set-piece variation drew the first rusher.</p>"
            ),
            (
                "<p>Belgium pressed for an equaliser in the closing minutes, replacing their "
                "goalkeeper with an extra outfield player, but India held on. Goalkeeper Nandini "
                "Oram made a reflex save from close range with 40 seconds left.</p>"
            ),
            (
                "<p>Belgian captain Lotte Verbeek said her team had lost concentration after going "
                "ahead. “We stopped moving the ball and invited pressure. Against a team this "
                "quick, you pay for that,” she said.</p>"
            ),
            (
                "<p>India's head coach, Marcus Hendriks, said the comeback showed how much the "
                "squad's fitness had improved. The series, part of both teams' preparation for "
                "next year's qualifiers, continues with the third match here in two days. About "
                "11,000 spectators attended, which officials said was the largest crowd for a "
                "women's international in the city.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": "Simran Kaur celebrates her winning goal against Belgium.",
            "credit": "Kalinga Sports Images",
            "alt": (
                "A hockey player in a blue shirt running with her stick raised as teammates chase "
                "after her across the turf"
            ),
            "palette": ["#0077b6", "#90e0ef"],
        },
    },
    {
        "headline": (
            "Shikhar-1 rocket puts Vyom Orbital weather satellite into orbit on first commercial "
            "flight"
        ),
        "slug": "shikhar-1-rocket-launches-vyom-weather-satellite",
        "section": "science",
        "authors": ["arjun-mehta"],
        "tags": ["Space", "Startups", "Technology"],
        "dateline": "SRIHARIKOTA",
        "hours_ago": 36,
        "standfirst": (
            "The 110-kg satellite, carrying a microwave sounder to improve monsoon forecasts, was "
            "released into a 550-km orbit about 14 minutes after lift-off."
        ),
        "body": [
            (
                "<p>SRIHARIKOTA, India (Newswire) — A privately built Indian rocket placed a "
                "110-kg weather satellite into orbit on its first commercial mission, lifting off "
                "from the spaceport on the Andhra Pradesh coast and releasing its payload about 14 "
                "minutes later, the launch company said.</p>"
            ),
            (
                "<p>The three-stage Shikhar-1, developed by Hyderabad-based Shikhar Aerospace, "
                "carried Vyom-2, a satellite built by Bengaluru startup Vyom Orbital to measure "
                "temperature and humidity through the atmosphere with a compact microwave sounder. "
                "It was placed in a sun-synchronous orbit of about 550 km, within 3 km of the "
                "target altitude.</p>"
            ),
            (
                "<blockquote><p>“Three years ago this rocket was a drawing on a whiteboard. "
                "Tonight it delivered a paying customer's satellite to the orbit we promised. That "
                "is the moment a launch vehicle becomes a business,” said Naveen Reddy, chief "
                "executive of Shikhar Aerospace.</p></blockquote>"
            ),
            "<h2>Data for monsoon forecasting</h2>",
            (
                "<p>Vyom Orbital says data from the satellite will sharpen short-range forecasts "
                "of heavy rain by filling gaps in humidity observations over the Bay of Bengal and "
                "the Arabian Sea. The company plans a constellation of eight such satellites and "
                "has agreed to supply data to two state disaster management agencies.</p>"
            ),
            (
                "<p>Ground stations picked up signals from the satellite on its first pass and its "
                "solar panels deployed as planned, said Shreya Nambiar, Vyom Orbital's chief "
                "technology officer. Commissioning of the instrument is expected to take about six "
                "weeks.</p>"
            ),
            (
                "<p>It was the second flight of Shikhar-1, after a test mission last year that "
                "reached orbit but released a dummy payload slightly lower than planned. The "
                "company says it can build one rocket a month by the end of next year and prices a "
                "launch at about ₹60 crore.</p>"
            ),
            (
                "<ul><li>Rocket: Shikhar-1, three stages</li><li>Payload: Vyom-2, 110 kg, "
                "microwave sounder</li><li>Orbit: about 550 km, sun-synchronous</li></ul>"
            ),
            (
                "<p>India opened its space sector to private companies in 2020, and analysts said "
                "demand for small-satellite launches was growing, although several rivals around "
                "the world are chasing the same customers.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "The Shikhar-1 rocket lifts off from Sriharikota carrying the Vyom-2 weather "
                "satellite."
            ),
            "credit": "Handout/Shikhar Aerospace",
            "alt": (
                "A slender white rocket rising on a bright orange plume above a coastal launch pad "
                "at night"
            ),
            "palette": ["#03045e", "#ff7b00"],
        },
    },
    {
        "headline": "Scientists release heat-tolerant wheat that held its yield in trials at 38°C",
        "slug": "heat-tolerant-wheat-variety-released-karnal",
        "section": "science",
        "authors": ["arjun-mehta"],
        "tags": ["Agriculture", "Heatwave", "Climate"],
        "dateline": "KARNAL",
        "hours_ago": 108,
        "standfirst": (
            "The new variety lost about 6% of its yield under late-season heat in three years of "
            "field trials, compared with up to 20% for widely grown varieties."
        ),
        "body": [
            (
                "<p>KARNAL, India (Newswire) — Plant breeders at a government research station in "
                "Karnal have released a wheat variety that kept most of its yield in field trials "
                "even when temperatures reached 38°C during grain filling, the stage at which heat "
                "typically shrivels the kernels of India's most common varieties.</p>"
            ),
            (
                "<p>The variety, named <em>Sahan</em>, lost about 6% of its yield under "
                "late-season heat across three years of trials in Haryana, Punjab, Uttar Pradesh "
                "and Rajasthan. Widely grown varieties in the same trials lost between 14% and "
                "20%, according to data presented at a national workshop of wheat scientists.</p>"
            ),
            (
                "<blockquote><p>“March heat is no longer a freak event for wheat farmers in north "
                "India. It is the new normal, and we needed a plant that keeps filling grain when "
                "the thermometer goes past 35,” said Dr Gurpreet Sandhu, the principal breeder on "
                "the project.</p></blockquote>"
            ),
            "<h2>How it copes</h2>",
            (
                "<p>Researchers said Sahan matures about a week earlier than standard varieties, "
                "reducing its exposure to the hottest days of late March and April. It also has a "
                "waxy leaf coating and stays green for longer, traits that help the plant keep "
                "photosynthesising under stress.</p>"
            ),
            (
                "<p>Under normal conditions the variety yielded an average of 5.4 tonnes per "
                "hectare, similar to leading varieties, and it showed resistance to yellow and "
                "brown rust, two fungal diseases that can devastate wheat.</p>"
            ),
            (
                "<p>Seed will be multiplied over the coming season, with about 1,800 tonnes "
                "expected to reach farmers through state seed corporations and agricultural "
                "universities the year after. Prices have not yet been set.</p>"
            ),
            (
                "<p>Independent scientists welcomed the release but cautioned that seeds alone "
                "would not protect the crop. Dr Meenakshi Arora, an agronomist who was not "
                "involved in the research, said earlier sowing and better-timed irrigation were "
                "just as important. “Good genetics buy you a few degrees. Good management buys you "
                "a few more. Farmers will need both,” she said.</p>"
            ),
            (
                "<p>India is the world's second-largest wheat producer, and spells of extreme "
                "spring heat in recent years have hurt yields across several northern states.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A researcher records data in a trial plot of the new wheat variety near Karnal."
            ),
            "credit": "Newswire/Arjun Mehta",
            "alt": (
                "A woman in a wide-brimmed hat holding a clipboard among waist-high golden wheat "
                "with marker flags"
            ),
            "palette": ["#bc6c25", "#fefae0"],
        },
    },
    {
        "headline": (
            "Camera-trap survey counts 61 snow leopards in Ladakh's Changthang, above earlier "
            "estimates"
        ),
        "slug": "changthang-snow-leopard-camera-trap-survey",
        "section": "science",
        "authors": ["arjun-mehta"],
        "tags": ["Wildlife", "Himalaya", "Climate"],
        "dateline": "LEH",
        "hours_ago": 240,
        "standfirst": (
            "Researchers identified individual cats from their spot patterns in images gathered "
            "over two winters, and flagged conflict with herders as the main threat."
        ),
        "body": [
            (
                "<p>LEH, India (Newswire) — A two-winter camera-trap survey has identified 61 "
                "individual snow leopards on the Changthang plateau of eastern Ladakh, more than "
                "researchers had estimated for the area, according to findings presented to "
                "wildlife officials in Leh.</p>"
            ),
            (
                "<p>The survey, carried out by the Trans-Himalayan Wildlife Trust with the Ladakh "
                "wildlife department, placed 180 motion-triggered cameras across about 4,000 "
                "square km of high-altitude terrain. Researchers told individual cats apart by the "
                "pattern of rosettes on their flanks and tails, using a mix of manual checks and "
                "pattern-matching software.</p>"
            ),
            (
                "<blockquote><p>“Each snow leopard carries its own fingerprint on its fur. Once "
                "you have seen the same left flank in three valleys, you start to understand how "
                "far these animals travel and how much space they need,” said Tsewang Norboo, the "
                "survey's field coordinator.</p></blockquote>"
            ),
            "<h2>Herders and livestock losses</h2>",
            (
                "<p>The researchers estimated a density of about 1.5 snow leopards per 100 square "
                "km, with the highest numbers in valleys that also support large herds of blue "
                "sheep and ibex, the cats' main wild prey. Earlier estimates based on tracks and "
                "droppings had suggested 40 to 50 animals in the region.</p>"
            ),
            (
                "<p>Interviews with 212 herding households found that about a third had lost "
                "livestock to snow leopards or wolves in the past two years, mostly when animals "
                "were kept in open corrals at night.</p>"
            ),
            (
                "<p>The trust said it would expand a programme that helps families build "
                "predator-proof corrals with wire-mesh roofs. About 140 have been built so far, "
                "and participating families reported a sharp drop in night-time attacks.</p>"
            ),
            (
                "<p>Wildlife officials said the findings would feed into a national assessment of "
                "snow leopard numbers. The full report has been <a "
                'href="https://example.org/changthang-snow-leopard-survey">published '
                "online</a>.</p>"
            ),
            (
                "<p>Researchers cautioned that camera-trap counts can shift as cats range widely "
                "across the plateau, and said several more years of monitoring would be needed to "
                "establish whether the population is growing.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": "",
            "credit": "Handout/Trans-Himalayan Wildlife Trust",
            "alt": (
                "A grainy camera-trap image of a snow leopard walking across a rocky slope dusted "
                "with snow"
            ),
            "palette": ["#6c757d", "#dee2e6"],
        },
    },
    {
        "headline": "Bengaluru lab's ₹150 paper-strip dengue test matches hospital kits in trial",
        "slug": "bengaluru-paper-strip-dengue-test-trial",
        "section": "science",
        "authors": ["arjun-mehta", "newswire"],
        "tags": ["Health", "Technology"],
        "dateline": "BENGALURU",
        "hours_ago": 398,
        "standfirst": (
            "The strip detects a dengue protein in a finger-prick of blood within 20 minutes and "
            "correctly identified 94% of confirmed cases in a trial at three hospitals."
        ),
        "body": [
            (
                "<p>BENGALURU, India (Newswire) — Researchers at a Bengaluru institute have "
                "developed a paper-strip dengue test that costs about ₹150 and gives a result "
                "within 20 minutes, and say it performed on a par with laboratory kits used in "
                "hospitals in a trial involving 1,120 patients.</p>"
            ),
            (
                "<p>The test, developed at the Centre for Affordable Diagnostics, detects NS1, a "
                "protein released into the blood by the dengue virus during the first days of "
                "infection. A single drop from a finger-prick is applied to the strip, and a "
                "coloured line appears if the protein is present.</p>"
            ),
            (
                "<p>In a trial at three hospitals in Karnataka and Kerala, the strip correctly "
                "identified 94% of cases confirmed by laboratory testing and correctly ruled out "
                "infection in 97% of patients who did not have dengue, according to results "
                "published in a peer-reviewed journal.</p>"
            ),
            (
                "<blockquote><p>“A patient with fever in a village clinic should not have to "
                "travel 40 km and wait two days to learn whether it is dengue. If a nurse can use "
                "the strip at the bedside, doctors can decide on fluids and monitoring much "
                "sooner,” said Dr Kavya Shenoy, who led the research team.</p></blockquote>"
            ),
            "<h2>Approval sought</h2>",
            (
                "<p>The centre has licensed the technology to a Pune medical-device maker, which "
                "has applied to the national drug regulator for approval. The company said it "
                "could produce up to two million strips a month once cleared.</p>"
            ),
            (
                "<p>Rapid NS1 tests are already sold but typically cost ₹400 to ₹900 in private "
                "laboratories, and some kits have performed unevenly in independent evaluations. "
                "The researchers said their strip used antibodies produced in India, which kept "
                "costs down.</p>"
            ),
            (
                "<p>Public health experts said a cheap, reliable test could help track outbreaks, "
                "but noted that NS1 testing works best in the first five days of illness. Dr "
                "Arvind Menon, an epidemiologist who was not involved in the study, said clinics "
                "would still need antibody tests for patients who arrive later.</p>"
            ),
            (
                "<p>India records well over 2 lakh dengue cases in a typical year, and experts "
                "believe the true number is several times higher because many infections are never "
                "tested.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A laboratory technician applies a drop of blood to the paper-strip dengue test."
            ),
            "credit": "Newswire/Arjun Mehta",
            "alt": (
                "Gloved hands holding a narrow white test strip with a pipette dropping a sample "
                "onto one end"
            ),
            "palette": ["#457b9d", "#f1faee"],
        },
    },
    {
        "headline": (
            "Unseeded Ishita Rao and Mehak Bedi win women's doubles title at Jakarta Masters"
        ),
        "slug": "rao-bedi-win-jakarta-womens-doubles-title",
        "section": "sport",
        "authors": ["kabir-sethi", "newswire"],
        "tags": ["Badminton", "Women's Sport"],
        "dateline": "JAKARTA",
        "hours_ago": 310,
        "standfirst": (
            "The Indian pair came through qualifying and beat the second seeds from Japan in three "
            "games to claim the biggest title of their careers."
        ),
        "body": [
            (
                "<p>JAKARTA, Indonesia (Newswire) — Unseeded Indian pair Ishita Rao and Mehak Bedi "
                "won the women's doubles title at the Jakarta Masters, beating second seeds Haruka "
                "Morita and Yui Tanabe of Japan 21-18, 17-21, 21-19 in a final that lasted 78 "
                "minutes.</p>"
            ),
            (
                "<p>The Indians trailed 15-19 in the deciding game before reeling off six straight "
                "points, built on Bedi's quick hands at the net and Rao's steep smashes from the "
                "back of the court.</p>"
            ),
            (
                "<blockquote><p>“At 15-19 we looked at each other and said, one point at a time, "
                "no hero shots. We have lost many matches like this by rushing. Today we stayed "
                "calm,” said Rao, 23.</p></blockquote>"
            ),
            "<h2>Climb in the rankings</h2>",
            (
                "<p>The title, the pair's first at this level, is expected to lift them from 24th "
                "to around 15th in the world rankings when they are next updated, improving their "
                "seeding for the rest of the season and their chances of qualifying for next "
                "year's world championships.</p>"
            ),
            (
                "<p>Rao and Bedi came through two qualifying rounds after a wrist injury kept Bedi "
                "off the tour for four months last year. They beat three seeded pairs on their way "
                "to the final, including the fourth seeds from South Korea in a 92-minute "
                "semi-final.</p>"
            ),
            (
                "<p>Their coach, Prakash Ranade, said the pair had reworked their defence over the "
                "winter to cope with taller opponents. “Two years ago they would have lost that "
                "decider. The difference now is that they believe they belong in a final,” he "
                "said.</p>"
            ),
            (
                "<p>The winners share prize money of $37,000. In the men's singles, India's Arnav "
                "Sood lost his semi-final in straight games to Denmark's Mads Kjeldsen, who went "
                "on to take the title.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "Mehak Bedi, left, and Ishita Rao embrace after winning the final in Jakarta."
            ),
            "credit": "Archipelago Sport Photo",
            "alt": (
                "Two badminton players in matching red outfits hugging on court with their rackets "
                "in hand"
            ),
            "palette": ["#9d0208", "#ffba08"],
        },
    },
    {
        "headline": (
            "Nepal and India to link glacier-lake flood sensors in shared early-warning system"
        ),
        "slug": "nepal-india-link-glacier-lake-flood-sensors",
        "section": "world",
        "authors": ["meera-raghavan", "arjun-mehta"],
        "tags": ["Diplomacy", "Himalaya", "Climate"],
        "dateline": "KATHMANDU",
        "hours_ago": 130,
        "standfirst": (
            "Sensors on six high-altitude lakes will feed alerts to villages on both sides of the "
            "border, in a project meant to buy downstream communities time to evacuate."
        ),
        "body": [
            (
                "<p>KATHMANDU, Nepal (Newswire) — Nepal and India will connect flood sensors on "
                "six glacial lakes in the eastern Himalaya to a shared early-warning system, "
                "officials from both countries said after a meeting of a joint technical committee "
                "here, aiming to give downstream villages up to 40 minutes' notice of a sudden "
                "outburst.</p>"
            ),
            (
                "<p>Glacial lake outburst floods occur when natural dams of ice or loose rock give "
                "way, releasing millions of cubic metres of water within hours. Rising "
                "temperatures have enlarged many of the region's lakes over the past three "
                "decades, increasing the risk to settlements, roads and hydropower plants built "
                "along narrow river valleys.</p>"
            ),
            (
                "<blockquote><p>“A flood that starts at 5,000 metres does not check passports. If "
                "our sensor sees the water level jump, a siren in the next country should sound "
                "within minutes,” said Pasang Dolma Sherpa, a hydrologist who leads the technical "
                "work for the Nepali side.</p></blockquote>"
            ),
            "<h2>Sirens, text alerts and radio</h2>",
            (
                "<p>Under the plan, water-level gauges and cameras on the lakes will transmit "
                "readings by satellite to control rooms in Kathmandu and Gangtok. Alerts will be "
                "relayed to 38 villages through sirens, mobile text messages and community radio "
                "stations, with evacuation drills planned before the monsoon.</p>"
            ),
            (
                "<p>The project is expected to cost about ₹210 crore, shared roughly equally, with "
                "a regional development bank contributing towards equipment. Indian officials said "
                "installation on the first two lakes would begin once the high passes open in "
                "spring.</p>"
            ),
            (
                "<p>Vivek Nandan, a joint secretary in India's water resources ministry who "
                "attended the talks, said the agreement also covered the exchange of historical "
                "river-flow data, which scientists on both sides have long sought.</p>"
            ),
            (
                "<p>Local leaders welcomed the plan but said roads to several villages remained "
                "vulnerable to landslides. “Warning is half the job. People also need somewhere "
                "safe to go, and a way to get there,” said Nima Lepcha, a village council head in "
                "northern Sikkim.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A glacial lake below a retreating glacier in eastern Nepal, one of six to be "
                "fitted with sensors."
            ),
            "credit": "Newswire/Arjun Mehta",
            "alt": (
                "A milky turquoise lake held back by a ridge of grey moraine, with a glacier and "
                "snow peaks behind"
            ),
            "palette": ["#5fa8d3", "#e8eef2"],
        },
    },
    {
        "headline": (
            "Agritech startup Khetwise raises $42 million to expand cold storage for small farmers"
        ),
        "slug": "khetwise-raises-42-million-cold-storage",
        "section": "business",
        "authors": ["farah-siddiqui"],
        "tags": ["Startups", "Agriculture", "Technology"],
        "dateline": "BENGALURU",
        "hours_ago": 64,
        "standfirst": (
            "The Bengaluru company, which rents solar-powered cold rooms to farmers by the crate, "
            "plans to grow from 900 sites to 3,000 within three years."
        ),
        "body": [
            (
                "<p>BENGALURU, India (Newswire) — Khetwise, a Bengaluru-based startup that rents "
                "solar-powered cold rooms to small farmers, has raised $42 million in a Series B "
                "funding round, the company said, as investors return cautiously to agricultural "
                "technology after two lean years.</p>"
            ),
            (
                "<p>The round was led by Banyan Ridge Capital, with participation from existing "
                "investor Konkan Ventures and an impact fund backed by a European development "
                "finance agency. The company did not disclose its valuation, but two people "
                "familiar with the deal put it at about ₹2,900 crore.</p>"
            ),
            (
                "<blockquote><p>“A tomato farmer near Kolar loses a third of his crop because he "
                "has to sell on the day he harvests, at whatever price the trader offers. Give him "
                "five days of cold storage and he can wait for a better market,” said Ritika "
                "Hegde, the co-founder and chief executive of Khetwise.</p></blockquote>"
            ),
            "<h2>Pay-per-crate model</h2>",
            (
                "<p>Khetwise installs modular cold rooms, each holding about five tonnes of "
                "produce, at village collection points and charges farmers ₹10 to ₹15 per crate "
                "per day through a mobile app. It runs about 900 sites across Karnataka, Andhra "
                "Pradesh, Maharashtra and Odisha and says it serves around 68,000 farmers.</p>"
            ),
            (
                "<p>The company plans to use the new money to reach 3,000 sites within three years "
                "and to build a marketplace that connects stored produce directly with wholesale "
                "buyers and food processors.</p>"
            ),
            (
                "<p>Funding for Indian agritech startups fell sharply after an earlier boom, as "
                "several companies struggled to make money from thin-margin trading businesses. "
                "Investors say interest has shifted to firms that own physical infrastructure and "
                "earn steady fees.</p>"
            ),
            (
                "<p>“The sector learned that you cannot build a business by subsidising trades. "
                "Storage, credit and inputs are where the durable revenue sits,” said Vikram "
                "Joshi, a partner at Banyan Ridge Capital, who will join the Khetwise board. The "
                "company said it expected to be profitable at the operating level within 18 "
                "months.</p>"
            ),
        ],
        "correction": "",
        "image": {
            "caption": (
                "A farmer stacks crates of tomatoes inside a solar-powered cold room near Kolar."
            ),
            "credit": "Handout/Khetwise",
            "alt": (
                "A man stacking red plastic crates of tomatoes inside a small insulated room with "
                "solar panels on the roof outside"
            ),
            "palette": ["#c1121f", "#669bbc"],
        },
    },
]

TICKER = [
    {
        "text": "Weather office forecasts above-normal monsoon at 106% of long-period average",
        "urgency": "breaking",
        "article": "weather-office-forecasts-above-normal-monsoon",
    },
    {
        "text": "Coast guard searches for fishing boat with 11 crew missing off Kerala since dawn",
        "urgency": "breaking",
        "article": None,
    },
    {
        "text": "Central bank holds repo rate at 6.25%, signals room to cut if food prices cool",
        "urgency": "urgent",
        "article": "central-bank-holds-repo-rate-signals-room-to-cut",
    },
    {
        "text": "Indian Ocean ministers sign joint maritime rescue framework in Port Louis",
        "urgency": "urgent",
        "article": "indian-ocean-ministers-agree-joint-rescue-network",
    },
    {
        "text": "Nagpur records 47.2°C; red alert across Vidarbha as schools shut early",
        "urgency": "normal",
        "article": "nagpur-heatwave-47-degrees-schools-shut-early",
    },
    {
        "text": "Konkan Mariners win National T20 League final by six wickets",
        "urgency": "normal",
        "article": "konkan-mariners-win-national-t20-league-final",
    },
]

APPEAL = {
    "title": "Support Our Journalism",
    "lead": "Newswire is free to read, and we want to keep it that way for everyone.",
    "body": (
        "We do not put our reporting behind a paywall, and we have no proprietor, party or "
        "advertiser telling us what to cover. That independence is only possible because readers "
        "choose to pay for it. Every contribution helps keep correspondents in the field, from "
        "flooded villages in Assam to courtrooms in Chennai, and covers the travel, equipment and "
        "long hours that careful reporting demands."
    ),
    "closing": "If you value what you read here, please chip in today, whatever you can afford.",
    "suggested_amounts": [100, 250, 500, 1000],
    "goal": 200000,
}

DONORS = [
    {
        "name": "Ananya Bhattacharya",
        "email": "ananya.b@example.com",
        "amount": 500,
        "message": "For the heatwave coverage. Keep the reporters safe out there.",
        "public": True,
    },
    {
        "name": "Rohit Malhotra",
        "email": "rohit.malhotra@example.com",
        "amount": 250,
        "message": "",
        "public": True,
    },
    {
        "name": "Lakshmi Narayanan",
        "email": "lakshmi.n@example.com",
        "amount": 1000,
        "message": "A retired teacher who still reads every word. Thank you.",
        "public": True,
    },
    {
        "name": "Imran Shaikh",
        "email": "imran.shaikh@example.com",
        "amount": 100,
        "message": "Small amount, big respect.",
        "public": True,
    },
    {
        "name": "Priya Venkataraman",
        "email": "priya.v@example.com",
        "amount": 2500,
        "message": "",
        "public": False,
    },
    {
        "name": "Gurdeep Singh Sandhu",
        "email": "gurdeep.sandhu@example.com",
        "amount": 500,
        "message": "Good farm reporting is rare. Please do more of it.",
        "public": True,
    },
    {
        "name": "Neha Kapoor",
        "email": "neha.kapoor@example.com",
        "amount": 250,
        "message": "No paywall is the right call.",
        "public": True,
    },
    {
        "name": "Thomas Kurian",
        "email": "thomas.kurian@example.com",
        "amount": 1000,
        "message": "",
        "public": False,
    },
    {
        "name": "Sahana Rao",
        "email": "sahana.rao@example.com",
        "amount": 100,
        "message": "From a student in Mysuru. Wish it could be more.",
        "public": True,
    },
    {
        "name": "Vikrant Deshpande",
        "email": "vikrant.d@example.com",
        "amount": 750,
        "message": "For the chess coverage, of all things!",
        "public": True,
    },
    {
        "name": "Farzana Begum",
        "email": "farzana.begum@example.com",
        "amount": 500,
        "message": "",
        "public": True,
    },
    {
        "name": "Arvind Pillai",
        "email": "arvind.pillai@example.com",
        "amount": 250,
        "message": "Keep asking hard questions.",
        "public": False,
    },
]

COMMENTS = [
    {
        "article": "weather-office-forecasts-above-normal-monsoon",
        "name": "Suresh Patil",
        "email": "suresh.patil@example.org",
        "body": (
            "Useful summary. It would help to see the regional probability map alongside the "
            "story, since the national figure hides a lot."
        ),
    },
    {
        "article": "nagpur-heatwave-47-degrees-schools-shut-early",
        "name": "Dr Asha Wankhede",
        "email": "asha.wankhede@example.org",
        "body": (
            "Thank you for including the warning signs of heatstroke. Please also remind readers "
            "to check on elderly neighbours who live alone."
        ),
    },
    {
        "article": "central-bank-holds-repo-rate-signals-room-to-cut",
        "name": "Manoj Agarwal",
        "email": "manoj.agarwal@example.org",
        "body": (
            "The piece explains the bond market reaction well, but says little about what this "
            "means for small savers. A follow-up on deposit rates would be welcome."
        ),
    },
    {
        "article": "visakhapatnam-dockworkers-strike-strands-ships",
        "name": "Kiran Reddy",
        "email": "kiran.reddy@example.org",
        "body": (
            "I think the story leans towards the exporters' view. The contract workers' conditions "
            "deserve more than one paragraph."
        ),
    },
    {
        "article": "konkan-mariners-win-national-t20-league-final",
        "name": "Aloysius Fernandes",
        "email": "aloysius.f@example.org",
        "body": (
            "What a chase! Glad you printed the scorecard, and thanks for correcting the margin so "
            "quickly."
        ),
    },
    {
        "article": "madras-high-court-curbs-groundwater-bottling-plants",
        "name": "Revathi Subramaniam",
        "email": "revathi.s@example.org",
        "body": (
            "Clear and balanced report. Could you link to the judgment itself next time so readers "
            "can read the reasoning in full?"
        ),
    },
    {
        "article": "shikhar-1-rocket-launches-vyom-weather-satellite",
        "name": "Pranav Iyer",
        "email": "pranav.iyer@example.org",
        "body": (
            "Exciting news, though the headline oversells it a little. One successful commercial "
            "flight is not yet a launch business."
        ),
    },
    {
        "article": "changthang-snow-leopard-camera-trap-survey",
        "name": "Stanzin Dolkar",
        "email": "stanzin.dolkar@example.org",
        "body": (
            "As someone from a herding family in Changthang, I am glad the corral programme was "
            "mentioned. It has made a real difference in our village."
        ),
    },
]
