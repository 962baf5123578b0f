"""Hand-written lists for the name checker (bitext.check.names).

Everything here is written by hand for this project.  Arabic keys need not be
in normalised form: ``names.normalize_arabic`` is applied when the tables are
loaded (alef forms -> ا, ى -> ي, ة -> ه, no
diacritics), and keys are the word *without* clitics and without the article.

EXONYMS: names transliteration cannot match (Egypt is not "Misr").  Each entry
is "arabic|arabic variant" -> "English|English variant".  Arabic multi-word keys
are allowed (space separated).  English forms are matched case-sensitively as
whole words, with an optional possessive 's or plural s.
"""

from __future__ import annotations

EXONYMS: dict[str, str] = {
    # countries and regions
    "مصر": "Egypt|Egyptian|Egyptians",
    "مصري|مصريه|مصريون|مصريين": "Egypt|Egyptian|Egyptians",
    "المانيا": "Germany|German|Germans",
    "الماني|المانيه|المان": "German|Germans|Germany",
    "الولايات المتحده": "United States|U.S.|US|USA|America|American",
    "الامم المتحده": "United Nations|UN|U.N.",
    "المملكه المتحده": "United Kingdom|UK|U.K.|Britain|British",
    "بريطانيا": "Britain|British|United Kingdom|UK|U.K.|Brexit",
    "بريطاني|بريطانيه|بريطانيون|بريطانيين": "British|Britain|Briton|Britons|UK|U.K.",
    "الاتحاد الاوروبي": "European Union|EU|E.U.|Brexit|Europe|European",
    "الاتحاد السوفيتي|الاتحاد السوفياتي": "Soviet Union|USSR|Soviet",
    "اليونان": "Greece|Greek|Greeks",
    "يوناني|يونانيه|يونانيون|يونانيين": "Greek|Greeks|Greece",
    "الهند": "India|Indian|Indians",
    "هندي|هنديه|الهنود": "Indian|Indians|India|Hindi",
    "الصين": "China|Chinese",
    "صيني|صينيه|صينيون|صينيين": "Chinese|China",
    "اليابان": "Japan|Japanese",
    "ياباني|يابانيه|يابانيون|يابانيين": "Japanese|Japan",
    "روسيا": "Russia|Russian|Russians",
    "روسي|روسيه|روس": "Russian|Russians|Russia",
    "فرنسا": "France|French",
    "فرنسي|فرنسيه|فرنسيون|فرنسيين": "French|France|Frenchman",
    "اسبانيا": "Spain|Spanish",
    "اسباني|اسبانيه": "Spanish|Spain|Spaniard|Spaniards",
    "ايطاليا": "Italy|Italian|Italians",
    "ايطالي|ايطاليه": "Italian|Italians|Italy",
    "هولندا": "Netherlands|Holland|Dutch",
    "هولندي|هولنديه": "Dutch|Netherlands|Holland",
    "السويد": "Sweden|Swedish",
    "سويدي|سويديه": "Swedish|Sweden|Swede|Swedes",
    "النرويج": "Norway|Norwegian",
    "الدنمارك": "Denmark|Danish",
    "سويسرا": "Switzerland|Swiss",
    "سويسري|سويسريه": "Swiss|Switzerland",
    "النمسا": "Austria|Austrian",
    "بلجيكا": "Belgium|Belgian",
    "تركيا": "Turkey|Turkish|Türkiye",
    "تركي|تركيه|الاتراك": "Turkish|Turkey|Turk|Turks",
    "ايران": "Iran|Iranian",
    "ايراني|ايرانيه": "Iranian|Iranians|Iran",
    "العراق": "Iraq|Iraqi|Iraqis",
    "عراقي|عراقيه|عراقيون|عراقيين": "Iraqi|Iraqis|Iraq",
    "سوريا|سوريه": "Syria|Syrian",
    "لبنان": "Lebanon|Lebanese",
    "الاردن": "Jordan|Jordanian",
    "فلسطين": "Palestine|Palestinian|Palestinians",
    "فلسطيني|فلسطينيه|فلسطينيون|فلسطينيين": "Palestinian|Palestinians|Palestine",
    "اسرائيل": "Israel|Israeli|Israelis",
    "اسرائيلي|اسرائيليه": "Israeli|Israelis|Israel",
    "السعوديه": "Saudi Arabia|Saudi",
    "الكويت": "Kuwait|Kuwaiti",
    "اليمن": "Yemen|Yemeni",
    "ليبيا": "Libya|Libyan",
    "تونس": "Tunisia|Tunis|Tunisian",
    "الجزائر": "Algeria|Algiers|Algerian",
    "المغرب": "Morocco|Moroccan|Maghreb",
    "السودان": "Sudan|Sudanese",
    "افغانستان": "Afghanistan|Afghan",
    "باكستان": "Pakistan|Pakistani",
    "امريكا|اميركا": "America|American|Americans|U.S.|US|United States",
    "امريكي|امريكيه|اميركي|اميركيه|امريكيون|امريكيين|الامريكان|الاميركيون|اميركيين|اميركيون":
        "American|Americans|America|U.S.|US|United States",
    "كندا": "Canada|Canadian",
    "كندي|كنديه": "Canadian|Canadians|Canada",
    "المكسيك": "Mexico|Mexican",
    "البرازيل": "Brazil|Brazilian",
    "الارجنتين": "Argentina|Argentine|Argentinian",
    "استراليا": "Australia|Australian",
    "استرالي|استراليه": "Australian|Australians|Australia|A$|AUD",
    "نيوزيلندا": "New Zealand",
    "جنوب افريقيا": "South Africa|South African",
    "كوريا الشماليه": "North Korea|North Korean",
    "كوريا الجنوبيه": "South Korea|South Korean",
    "اسكتلندا": "Scotland|Scottish",
    "ايرلندا": "Ireland|Irish",
    "انجلترا|انكلترا": "England|English",
    "ويلز": "Wales|Welsh",
    "بولندا": "Poland|Polish",
    "اوكرانيا": "Ukraine|Ukrainian",
    "البرتغال": "Portugal|Portuguese",
    "الفلبين": "Philippines|Philippine|Filipino",
    "الدول العربيه": "Arab",
    "عربي|عربيه|العرب": "Arab|Arabs|Arabic|Arabian",
    # continents, seas
    "اوروبا": "Europe|European|Euro|UEFA|Champions League",
    "اوروبي|اوروبيه|اوروبيون|اوروبيين": "European|Europeans|Europe|EU",
    "افريقيا": "Africa|African",
    "افريقي|افريقيه": "African|Africans|Africa",
    "اسيا": "Asia|Asian",
    "اسيوي|اسيويه": "Asian|Asia",
    "القطب الجنوبي|انتاركتيكا": "Antarctica|Antarctic|South Pole",
    "المحيط الاطلسي": "Atlantic",
    "المحيط الهادئ|المحيط الهادي": "Pacific",
    "البحر المتوسط|البحر الابيض المتوسط": "Mediterranean",
    # cities
    "القاهره": "Cairo",
    "الاسكندريه": "Alexandria",
    "القدس": "Jerusalem",
    "دمشق": "Damascus",
    "بيروت": "Beirut",
    "عمان": "Amman|Oman",
    "الرياض": "Riyadh",
    "مكه": "Mecca|Makkah",
    "المدينه المنوره": "Medina",
    "موسكو": "Moscow",
    "بكين": "Beijing",
    "اثينا": "Athens",
    "روما": "Rome|Roma",
    "فيينا": "Vienna",
    "البندقيه": "Venice",
    "ميونخ": "Munich",
    "كولونيا": "Cologne",
    "لشبونه": "Lisbon",
    "براغ": "Prague",
    "وارسو": "Warsaw",
    "جنيف": "Geneva",
    "نيويورك": "New York",
    "واشنطن": "Washington",
    "البيت الابيض": "White House",
    "هولندا الشماليه": "North Holland",
    # organisations, institutions, religions
    "ويكيبيديا": "Wikipedia",
    "ويكي نيوز|ويكينيوز": "Wikinews",
    "حلف شمال الاطلسي|الناتو": "NATO|North Atlantic",
    "داعش": "ISIS|ISIL|Islamic State|Daesh",
    "الكونغرس|الكونجرس": "Congress|congressional|Congressional|congressman|Congressman|congresswoman",
    "مجلس الشيوخ": "Senate|Sen.|Sen|senate|senators|senator|Senator|Senators",
    "الاسلام": "Islam|Islamic|Muslim",
    "مسلم|مسلمه|المسلمون|المسلمين|اسلامي|اسلاميه": "Muslim|Muslims|Islam|Islamic|Moslem",
    "المسيحيه": "Christianity|Christian",
    "مسيحي|مسيحيه|المسيحيون|المسيحيين": "Christian|Christians|Christianity",
    "اليهوديه": "Judaism|Jewish",
    "يهودي|يهوديه|اليهود": "Jewish|Jew|Jews|Judaism",
    "البوذيه": "Buddhism|Buddhist",
    "المسيح|يسوع": "Jesus|Christ",
    "عيد الميلاد": "Christmas|Xmas",
    "عيد الفصح": "Easter",
    "النازيون|النازيين|النازي|النازيه|النازيه": "Nazi|Nazis|Nazism",
    "الراين": "Rhine",
    "جوز الهند": "coconut|coconuts|Coconut",  # "nut of India": not the country
}

# Arabic first names (normalised keys, without article).  A source token in
# this list is a name even when the document never matched it.  Names that are
# also everyday words (امل hope, سعيد happy, جمال beauty, حسن good, نور light,
# عمر age, منى/مني "from me") are left out on purpose.  Only the bare token (or
# with و/ف) counts: لدينا is not دينا.
ARABIC_FIRST_NAMES: frozenset[str] = frozenset("""
محمد احمد محمود مصطفي ابراهيم اسماعيل يوسف يعقوب موسي عيسي خالد عثمان عبدالله
عبدالرحمن عبدالعزيز عبدالكريم عبدالرحيم حسين حسام طارق ياسر هشام هاني
فيصل سلمان نايف زياد سعود بشار صدام معمر حسني فادي مازن نزار هيثم ايمن اسامه
جعفر حمزه عباس مهدي مراد مروان بلال زكريا ادريس حيدر قيس
فاطمه عائشه خديجه مريم زينب ناديه سميره رانيا دينا سارة ساره رنا لينا نوره سعاد
""".split())

# Capitalised English words that are not names on their own: function words
# that start sentences, pronouns, titles, weekdays, months, generic nouns of
# institutions.  Lower-case keys.
ENGLISH_NOT_NAMES: frozenset[str] = frozenset("""
a an the this that these those there here it its it's i i'm i've i'd i'll he she we they you
his her our their your my me him us them who whom whose what which when where why how
and but or nor so yet for if then than though although because since while as after
before during until unless once also still even only just not no yes all any some many
much most more few each every both either neither other another such one two three four
five six seven eight nine ten first second third last next new old in on at by to from
with without of about above below over under into onto upon between among through across
around against along within beyond near despite like unlike per via instead however
therefore meanwhile moreover furthermore thus hence indeed today tomorrow yesterday
tonight now later earlier currently recently previously finally initially additionally
overall generally usually often sometimes perhaps maybe according be is are was were been
being have has had do does did will would shall should can could may might must let
please thank thanks well oh ok okay mr mrs ms dr prof sir madam lord lady st mt
president vice prime minister secretary general chairman chair chief director governor
mayor senator king queen prince princess emperor pope saint sheikh imam professor doctor
captain colonel commander officer judge justice ambassador spokesman spokeswoman
university college school institute academy association committee council department
ministry government parliament assembly party army navy force forces police court
company corporation group agency organization organisation society union federation league
club team city town village province state states county district region island islands
river lake mountain mount sea ocean bay gulf desert valley park street road avenue square
airport station bridge hospital church mosque temple museum library center centre hall
house palace tower castle north south east west northern southern eastern western central
monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
christmas easter ramadan eid
prize award cup championship games olympic olympics world international national federal
royal republic kingdom empire act law bill treaty war battle revolution
type class series number section chapter part page figure table
internet web email online
english arabic
""".split())

# Words that join capitalised words into one span ("University of Toronto",
# "Osama bin Laden", "Leonardo da Vinci").
ENGLISH_CONNECTORS: frozenset[str] = frozenset(
    "of de da di du del della van von der den la le bin ibn bint abu al el".split())

# Arabic function words and very common words that must never be learnt as a
# name (normalised, with article/clitics removed where that is how they occur).
ARABIC_STOPWORDS: frozenset[str] = frozenset("""
في من الي علي عن مع ان او ثم حتي لكن لقد قد لم لن لا ما هل بل كل بعض غير بين عند
منذ خلال بعد قبل حول ضد دون نحو لدي لدى تحت فوق امام وراء هذا هذه ذلك تلك هؤلاء
اولئك الذي التي الذين اللذين اللتين هو هي هم هن انا نحن انت انتم كان كانت كانوا يكون
تكون اصبح اصبحت ليس ليست كما مثل ايضا فقط جدا عندما حيث اذا لو لان لانه انه انها
قال قالت اضاف اضافت وقال يوم عام سنه شهر اليوم امس غدا الان هناك هنا ذا ال ابن بن
عبد ابو ام بنت اب اخ مات ثلاث اربع خمس ست سبع ثمان تسع عشر مائه مئه الف مليون
سبت احد اثنين الاثنين ثلاثاء اربعاء خميس جمعه
يناير فبراير مارس ابريل مايو ماي يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر
كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين
""".split())

# Arabic person titles: the bare token right after one of these (or after one
# nisba adjective: الرئيس التركي رجب) is taken as a name.  Place classes
# (مدينة، ولاية) were tried and dropped: too often followed by adjectives.
ARABIC_TITLES: frozenset[str] = frozenset("""
الرئيس الدكتور السيد السيده الامير الاميره الملك الملكه الشيخ الرئيسه البروفيسور
المدرب اللاعب الكاتب المغني الممثل الممثله القس الجنرال العقيد السيناتور
""".split())

# Nouns that introduce a proper name right after them (مدينة X, نهر X).
ARABIC_PLACE_NOUNS: frozenset[str] = frozenset("""
مدينه ولايه جزيره جزر نهر جبل جبال شركه جامعه مقاطعه منطقه اقليم بحيره محافظه قريه
بلده عاصمه مطار ميناء فريق نادي حزب صحيفه مجله وكاله مؤسسه منظمه شارع ساحه حديقه
متحف مستشفي كنيسه مسجد مدرسه كليه بنك مجموعه منتخب بطوله جائزه مهرجان برنامج فيلم
روايه كتاب البرلمان صحراء خليج بحر محيط قناه وادي شبه
""".split())
