//! A synthetic corpus of follow-up dossiers for benchmarks: 50 countries,
//! 4 to 8 follow-up paragraphs each, N recommendations with texts of
//! realistic length and 1 to 3 footnotes each, cited from a shared pool of
//! sources. The same seed and N give the same dossiers in both flavours:
//!
//! - `followup`: followup's own content format;
//! - `hugo`: a Hugo site with equivalent pages (one page per recommendation,
//!   list pages per country and paragraph, taxonomies for country, article
//!   and grade, a sources page), with the layouts in `bench/hugo/`.
//!
//!     cargo run --release --example gen_corpus -- --n N --out DIR [--flavor followup|hugo] [--seed S] [--search]
//!
//! DIR must not exist or be empty. Without `--search` the followup site is
//! built without its search index, as Hugo's has none.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// splitmix64: small, fast and the same everywhere, so a seed names a corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Name, ISO 3166 alpha-3 code.
const COUNTRIES: [(&str, &str); 50] = [
    ("Afghanistan", "AFG"),
    ("Armenia", "ARM"),
    ("Azerbaijan", "AZE"),
    ("Bahrain", "BHR"),
    ("Belarus", "BLR"),
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Botswana", "BWA"),
    ("Burundi", "BDI"),
    ("Cambodia", "KHM"),
    ("Chad", "TCD"),
    ("Côte d'Ivoire", "CIV"),
    ("Djibouti", "DJI"),
    ("Dominican Republic", "DOM"),
    ("El Salvador", "SLV"),
    ("Eswatini", "SWZ"),
    ("Ethiopia", "ETH"),
    ("Gabon", "GAB"),
    ("Gambia", "GMB"),
    ("Ghana", "GHA"),
    ("Guinea", "GIN"),
    ("Haiti", "HTI"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Jamaica", "JAM"),
    ("Kazakhstan", "KAZ"),
    ("Kuwait", "KWT"),
    ("Kyrgyzstan", "KGZ"),
    ("Lao People's Democratic Republic", "LAO"),
    ("Lesotho", "LSO"),
    ("Liberia", "LBR"),
    ("Madagascar", "MDG"),
    ("Malawi", "MWI"),
    ("Mauritania", "MRT"),
    ("Mongolia", "MNG"),
    ("Montenegro", "MNE"),
    ("Mozambique", "MOZ"),
    ("Namibia", "NAM"),
    ("Niger", "NER"),
    ("Paraguay", "PRY"),
    ("Rwanda", "RWA"),
    ("São Tomé and Príncipe", "STP"),
    ("Sierra Leone", "SLE"),
    ("Sudan", "SDN"),
    ("Suriname", "SUR"),
    ("Tajikistan", "TJK"),
    ("Togo", "TGO"),
    ("Türkiye", "TUR"),
    ("Turkmenistan", "TKM"),
    ("Uganda", "UGA"),
    ("Uzbekistan", "UZB"),
    ("Zambia", "ZMB"),
];

/// A follow-up topic and the ICCPR articles it falls under.
const TOPICS: [(&str, &[u32]); 32] = [
    ("Non-discrimination", &[2, 26]),
    ("Gender equality", &[3, 26]),
    ("Violence against women", &[3, 7]),
    ("States of emergency", &[4]),
    ("Counter-terrorism measures", &[9, 14, 17]),
    ("Death penalty", &[6]),
    ("Excessive use of force", &[6, 7]),
    ("Enforced disappearances", &[6, 7, 9, 16]),
    ("Torture and ill-treatment", &[7]),
    ("Trafficking in persons", &[8]),
    ("Forced labour", &[8]),
    ("Arbitrary detention", &[9]),
    ("Pretrial detention", &[9, 14]),
    ("Conditions of detention", &[10]),
    ("Freedom of movement", &[12]),
    ("Asylum seekers and refugees", &[7, 13]),
    ("Independence of the judiciary", &[14]),
    ("Fair trial guarantees", &[14]),
    ("Juvenile justice", &[14, 24]),
    ("Right to privacy", &[17]),
    ("Surveillance", &[17]),
    ("Freedom of religion or belief", &[18]),
    ("Freedom of expression", &[19]),
    ("Protection of journalists", &[6, 19]),
    ("Hate speech", &[20]),
    ("Peaceful assembly", &[21]),
    ("Freedom of association", &[22]),
    ("Human rights defenders", &[19, 22]),
    ("Birth registration", &[24]),
    ("Participation in public affairs", &[25]),
    ("Rights of minorities", &[27]),
    ("National human rights institution", &[2]),
];

/// Code, label, description, and how often it is given (out of 100).
const GRADES: [(&str, &str, &str, usize); 7] = [
    (
        "A1",
        "Largely satisfactory",
        "The recommendation is largely implemented.",
        6,
    ),
    (
        "A2",
        "Satisfactory in part",
        "Substantive action taken; more information is needed.",
        9,
    ),
    (
        "B1",
        "Partially satisfactory: substantive action",
        "Substantive action taken, but more action is required.",
        22,
    ),
    (
        "B2",
        "Partially satisfactory: initial action",
        "Initial action taken; substantial action still required.",
        27,
    ),
    (
        "B3",
        "Partially satisfactory: limited action",
        "Limited action taken; most of the recommendation remains.",
        9,
    ),
    (
        "C",
        "Not satisfactory",
        "A reply was received, but the action does not implement the recommendation.",
        18,
    ),
    (
        "N/A",
        "Not assessed",
        "No information was received, or the recommendation could not be assessed.",
        9,
    ),
];

const ACTORS: [&str; 14] = [
    "The State party",
    "The Government",
    "The Ministry of Justice",
    "The Ministry of the Interior",
    "The Office of the Prosecutor General",
    "The Supreme Court",
    "The Ombudsperson",
    "The national human rights institution",
    "Civil society organisations",
    "Independent observers",
    "The Special Rapporteur",
    "Lawyers' associations",
    "Local authorities",
    "Parliament",
];

const VERBS: [&str; 10] = [
    "reported that",
    "stated that",
    "informed the Committee that",
    "acknowledged that",
    "regretted that",
    "welcomed the fact that",
    "expressed concern that",
    "claimed that",
    "noted that",
    "confirmed that",
];

/// Facts with `{}` standing for the topic.
const FACTS: [&str; 12] = [
    "a draft law on {} had been submitted to Parliament",
    "the national action plan on {} had been adopted",
    "no statistics on {} were collected or published",
    "a working group on {} was set up in {year}",
    "training on {} was given to judges, prosecutors and police officers",
    "complaints relating to {} had increased since {year}",
    "the budget allocated to {} remained insufficient",
    "victims of violations relating to {} had little access to remedies",
    "the reform on {} had been delayed",
    "consultations with civil society on {} took place in {year}",
    "the authorities continued to restrict {} in practice",
    "no independent body investigated complaints concerning {}",
];

const TAILS: [&str; 6] = [
    "",
    " during the reporting period",
    " in all regions of the country",
    " despite the Committee's previous recommendations",
    " according to information received by the Committee",
    " with the support of international partners",
];

const MEASURES: [&str; 8] = [
    "adopt legislation on {} in line with the Covenant",
    "collect and publish data on {}, disaggregated by sex, age and region",
    "train judges, prosecutors and law enforcement officials on {}",
    "ensure that all allegations relating to {} are investigated promptly and impartially",
    "provide victims of violations relating to {} with full reparation",
    "raise public awareness of {} and of the remedies available",
    "repeal or amend any provision that unduly restricts {}",
    "allocate sufficient resources to the bodies responsible for {}",
];

const PUBLISHERS: [(&str, &str); 12] = [
    ("Amnesty International", "www.amnesty.org"),
    ("Human Rights Watch", "www.hrw.org"),
    ("International Commission of Jurists", "www.icj.org"),
    ("Office of the High Commissioner", "www.ohchr.org"),
    ("Council of Europe", "www.coe.int"),
    ("OSCE Office for Democratic Institutions", "www.osce.org"),
    ("FIDH", "www.fidh.org"),
    ("Front Line Defenders", "www.frontlinedefenders.org"),
    ("ARTICLE 19", "www.article19.org"),
    ("Reporters Without Borders", "rsf.org"),
    ("UNICEF", "www.unicef.org"),
    ("World Organisation Against Torture", "www.omct.org"),
];

const REPORT_KINDS: [&str; 6] = [
    "annual report",
    "shadow report",
    "briefing",
    "country profile",
    "submission to the Committee",
    "press release",
];

struct Source {
    title: String,
    url: String,
}

struct Paragraph {
    number: u32,
    topic: usize,
    concern: String,
}

struct Recommendation {
    position: usize,
    grade: usize,
    text: String,
    summary: String,
    body: String,
    sources: Vec<usize>,
}

struct Country {
    name: &'static str,
    code: &'static str,
    slug: String,
    document: String,
    adopted: (u32, u32, u32),
    assessed: (u32, u32, u32),
    intro: String,
    paragraphs: Vec<(Paragraph, Vec<Recommendation>)>,
}

fn slug(s: &str) -> String {
    slug::slugify(s)
}

fn sentence(rng: &mut Rng, topic: &str) -> String {
    let year = 2012 + rng.below(12);
    let fact = rng
        .pick(&FACTS)
        .replace("{}", &topic.to_lowercase())
        .replace("{year}", &year.to_string());
    format!(
        "{} {} {}{}.",
        rng.pick(&ACTORS),
        rng.pick(&VERBS),
        fact,
        rng.pick(&TAILS)
    )
}

fn prose(rng: &mut Rng, topic: &str, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng, topic))
        .collect::<Vec<_>>()
        .join(" ")
}

fn recommendation_text(rng: &mut Rng, topic: &str) -> String {
    let n = rng.between(2, 5);
    let letters = ["a", "b", "c", "d", "e"];
    let mut parts = Vec::new();
    for letter in letters.iter().take(n) {
        let m = rng.pick(&MEASURES).replace("{}", &topic.to_lowercase());
        parts.push(format!("({letter}) {m}"));
    }
    let last = parts.pop().unwrap_or_default();
    if parts.is_empty() {
        format!("The State party should {last}.")
    } else {
        format!("The State party should: {}; and {last}.", parts.join("; "))
    }
}

fn grade(rng: &mut Rng) -> usize {
    let mut roll = rng.below(100);
    for (i, g) in GRADES.iter().enumerate() {
        if roll < g.3 {
            return i;
        }
        roll -= g.3;
    }
    GRADES.len() - 1
}

/// The body of an assessment: what the State did, other comments, footnotes.
fn body(rng: &mut Rng, topic: &str, sources: &[usize], pool: &[Source]) -> String {
    let mut md = String::from("## Action taken by the State\n\n");
    let mut cited = 0;
    let paragraphs = rng.between(2, 3);
    for p in 0..paragraphs + 1 {
        if p == paragraphs {
            md.push_str("## Other comments\n\n");
        }
        let n = rng.between(3, 6);
        for s in 0..n {
            let mut text = sentence(rng, topic);
            if cited < sources.len() && (s == n - 1 || rng.below(3) == 0) {
                text.pop();
                cited += 1;
                let _ = write!(text, "[^{cited}].");
            }
            md.push_str(&text);
            md.push(' ');
        }
        md.pop();
        md.push_str("\n\n");
    }
    while cited < sources.len() {
        cited += 1;
        let _ = write!(md, "See also[^{cited}].\n\n");
    }
    for (i, &s) in sources.iter().enumerate() {
        let _ = writeln!(md, "[^{}]: {}, <{}>", i + 1, pool[s].title, pool[s].url);
    }
    md
}

fn corpus(n: usize, seed: u64) -> (Vec<Country>, Vec<Source>) {
    let mut rng = Rng(seed);
    let pool: Vec<Source> = (0..(n / 4).clamp(200, 20_000))
        .map(|i| {
            let (publisher, host) = rng.pick(&PUBLISHERS);
            let kind = rng.pick(&REPORT_KINDS);
            let (country, _) = rng.pick(&COUNTRIES);
            let year = 2010 + rng.below(14);
            Source {
                title: format!("{publisher}, {kind} on {country} ({year})"),
                url: format!(
                    "https://{host}/{}/{year}/{}-{i:05}",
                    slug(kind),
                    slug(country)
                ),
            }
        })
        .collect();

    let mut countries: Vec<Country> = COUNTRIES
        .iter()
        .map(|&(name, code)| {
            let cycle = rng.between(2, 5);
            let year = 2012 + rng.below(10) as u32;
            let paragraphs: Vec<usize> = {
                let mut topics: Vec<usize> = (0..TOPICS.len()).collect();
                let k = rng.between(4, 8);
                (0..k)
                    .map(|_| topics.swap_remove(rng.below(topics.len())))
                    .collect()
            };
            let mut numbers: Vec<u32> = Vec::new();
            while numbers.len() < paragraphs.len() {
                let number = rng.between(5, 48) as u32;
                if !numbers.contains(&number) {
                    numbers.push(number);
                }
            }
            numbers.sort();
            Country {
                name,
                code,
                slug: slug(name),
                document: format!("CCPR/C/{code}/CO/{cycle}"),
                adopted: (year, rng.between(3, 11) as u32, rng.between(1, 28) as u32),
                assessed: (
                    year + 2,
                    rng.between(1, 12) as u32,
                    rng.between(1, 28) as u32,
                ),
                intro: prose(&mut rng, "the follow-up procedure", 4),
                paragraphs: numbers
                    .into_iter()
                    .zip(paragraphs)
                    .map(|(number, topic)| {
                        let concern = prose(&mut rng, TOPICS[topic].0, 5);
                        (
                            Paragraph {
                                number,
                                topic,
                                concern,
                            },
                            Vec::new(),
                        )
                    })
                    .collect(),
            }
        })
        .collect();

    // Spread the recommendations over every paragraph, unevenly, as in life.
    let slots: Vec<(usize, usize)> = countries
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| (0..c.paragraphs.len()).map(move |pi| (ci, pi)))
        .collect();
    let weights: Vec<usize> = slots.iter().map(|_| rng.between(1, 4)).collect();
    let total: usize = weights.iter().sum();
    let mut counts: Vec<usize> = weights.iter().map(|w| n * w / total).collect();
    let mut short = n - counts.iter().sum::<usize>();
    let mut i = 0;
    let slots_len = counts.len();
    while short > 0 {
        counts[i % slots_len] += 1;
        short -= 1;
        i += 1;
    }
    for (&(ci, pi), &count) in slots.iter().zip(&counts) {
        let topic = TOPICS[countries[ci].paragraphs[pi].0.topic].0;
        for position in 1..=count {
            let k = rng.between(1, 3);
            let mut sources = Vec::new();
            while sources.len() < k {
                let s = rng.below(pool.len());
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
            let rec = Recommendation {
                position,
                grade: grade(&mut rng),
                text: recommendation_text(&mut rng, topic),
                summary: sentence(&mut rng, topic),
                body: body(&mut rng, topic, &sources, &pool),
                sources,
            };
            countries[ci].paragraphs[pi].1.push(rec);
        }
    }
    (countries, pool)
}

fn date((y, m, d): (u32, u32, u32)) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    format!("{s:?}")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn write_followup(out: &Path, countries: &[Country], search: bool) {
    let mut config = String::new();
    if !search {
        config.push_str("search = false\n");
    }
    config.push_str(
        "title = \"Follow-up dossiers: a synthetic corpus\"\nbase_url = \"https://example.github.io/dossiers/\"\ndefault_treaty = \"ICCPR\"\n",
    );
    for (code, label, description, _) in GRADES {
        let _ = write!(
            config,
            "\n[[grades]]\ncode = {}\nlabel = {}\ndescription = {}\n",
            quoted(code),
            quoted(label),
            quoted(description)
        );
    }
    write(&out.join("followup.toml"), &config);
    for c in countries {
        let dir = out.join("content").join(&c.slug);
        write(
            &dir.join("_index.md"),
            &format!(
                "+++\ncountry = {}\ncode = {}\ntreaty = \"ICCPR\"\ndocument = {}\nadopted = {}\nassessed = {}\n+++\n{}\n",
                quoted(c.name),
                quoted(c.code),
                quoted(&c.document),
                date(c.adopted),
                date(c.assessed),
                c.intro
            ),
        );
        for (p, recs) in &c.paragraphs {
            let (title, articles) = TOPICS[p.topic];
            let pdir = dir.join(format!("para-{:02}", p.number));
            write(
                &pdir.join("_index.md"),
                &format!(
                    "+++\nparagraph = {}\ntitle = {}\narticles = {articles:?}\n+++\n{}\n",
                    p.number,
                    quoted(title),
                    p.concern
                ),
            );
            for r in recs {
                write(
                    &pdir.join(format!("rec-{:03}.md", r.position)),
                    &format!(
                        "+++\ngrade = {}\nrecommendation = {}\nsummary = {}\n+++\n{}",
                        quoted(GRADES[r.grade].0),
                        quoted(&r.text),
                        quoted(&r.summary),
                        r.body
                    ),
                );
            }
        }
    }
}

fn write_hugo(out: &Path, countries: &[Country], pool: &[Source]) {
    let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/hugo");
    for entry in walkdir::WalkDir::new(&layouts).sort_by_file_name() {
        let entry = entry.expect("bench/hugo is readable");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&layouts).expect("inside");
            let text = std::fs::read_to_string(entry.path()).expect("read layout");
            write(&out.join(rel), &text);
        }
    }
    let content = out.join("content");
    write(
        &content.join("_index.md"),
        "+++\ntitle = \"Follow-up dossiers: a synthetic corpus\"\n+++\n",
    );
    write(
        &content.join("sources/_index.md"),
        "+++\ntitle = \"Sources\"\n+++\nEvery source cited, with the recommendations citing it.\n",
    );
    for c in countries {
        let dir = content.join(&c.slug);
        write(
            &dir.join("_index.md"),
            &format!(
                "+++\ntitle = {}\ndocument = {}\nadopted = {}\nassessed = {}\n+++\n{}\n",
                quoted(c.name),
                quoted(&c.document),
                date(c.adopted),
                date(c.assessed),
                c.intro
            ),
        );
        for (p, recs) in &c.paragraphs {
            let (title, articles) = TOPICS[p.topic];
            let pdir = dir.join(format!("para-{:02}", p.number));
            write(
                &pdir.join("_index.md"),
                &format!(
                    "+++\ntitle = {}\nweight = {}\narticle_numbers = {articles:?}\n+++\n{}\n",
                    quoted(&format!("Paragraph {}: {title}", p.number)),
                    p.number,
                    p.concern
                ),
            );
            for r in recs {
                let article_terms: Vec<String> =
                    articles.iter().map(|a| format!("ICCPR {a}")).collect();
                let urls: Vec<&str> = r.sources.iter().map(|&s| pool[s].url.as_str()).collect();
                write(
                    &pdir.join(format!("rec-{:03}.md", r.position)),
                    &format!(
                        "+++\ntitle = {}\nweight = {}\ngrade = {}\nrecommendation = {}\nsummary = {}\ncountries = [{}]\narticles = {article_terms:?}\ngrades = [{}]\nsources = {urls:?}\n+++\n{}",
                        quoted(&format!("{} {}.{}", c.name, p.number, r.position)),
                        r.position,
                        quoted(GRADES[r.grade].0),
                        quoted(&r.text),
                        quoted(&r.summary),
                        quoted(c.name),
                        quoted(GRADES[r.grade].0),
                        r.body
                    ),
                );
            }
        }
    }
}

fn main() {
    let mut n = 1000;
    let mut out: Option<PathBuf> = None;
    let mut flavor = "followup".to_string();
    let mut seed = 2012;
    let mut search = false;
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_corpus --n N --out DIR [--flavor followup|hugo] [--seed S] [--search]";
    while let Some(a) = args.next() {
        match a.as_str() {
            "--n" => n = args.next().and_then(|v| v.parse().ok()).expect(usage),
            "--out" => out = args.next().map(PathBuf::from),
            "--flavor" => flavor = args.next().expect(usage),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect(usage),
            "--search" => search = true,
            _ => panic!("{usage}"),
        }
    }
    let out = out.expect(usage);
    if out.exists()
        && std::fs::read_dir(&out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!("{} exists and is not empty", out.display());
        std::process::exit(2);
    }
    let (countries, pool) = corpus(n, seed);
    match flavor.as_str() {
        "followup" => write_followup(&out, &countries, search),
        "hugo" => write_hugo(&out, &countries, &pool),
        _ => panic!("{usage}"),
    }
    let paragraphs: usize = countries.iter().map(|c| c.paragraphs.len()).sum();
    println!(
        "{flavor}: {} countries, {paragraphs} paragraphs, {n} recommendations, {} sources -> {}",
        countries.len(),
        pool.len(),
        out.display()
    );
}
