//! Which pages a site has, one module per kind of page. Each kind says, in
//! one place, every page of it the site has, each page's address, the
//! template that renders it, what that template is given, and which of its
//! pages show a recommendation. The site's list of pages, the sitemap, the
//! order pages are rendered in and the preview's planning all follow from
//! the kinds; adding a kind is a new module here, one line in [`kinds!`]
//! and its template in the theme.

mod article;
mod articles;
mod assessor_grade;
mod country;
mod follow_up;
mod grade;
mod grades;
mod home;
mod not_found;
mod paragraph;
mod progress;
mod recommendation;
mod report;
mod search;
mod sources;
mod translations;

pub use article::Article;
pub use articles::Articles;
pub use assessor_grade::AssessorGrade;
pub use country::Country;
pub use follow_up::FollowUp;
pub use grade::Grade;
pub use grades::Grades;
pub use home::Home;
pub use not_found::NotFound;
pub use paragraph::Paragraph;
pub use progress::Progress;
pub use recommendation::Recommendation;
pub use report::Report;
pub use search::Search;
pub use sources::Sources;
pub use translations::Translations;

use crate::base::address;
use crate::model::Site;
use crate::render::views::{Crumb, Views};

/// A kind of page: home, country, grade list and so on.
pub trait Kind: Copy + Into<PageSpec> {
    /// The theme's template that renders its pages.
    const TEMPLATE: &'static str;
    /// Whether the sitemap lists its pages (not a page for no address,
    /// nor one for authors alone).
    const IN_SITEMAP: bool = true;
    /// Whether each language's site has the page at the same address, so
    /// the page links to its other languages.
    const IN_EVERY_LANGUAGE: bool = true;
    /// A single page so long to make that it is started first, to run
    /// beside the others rather than after them.
    const LONG: bool = false;

    /// Every page of this kind the site has, in reading order.
    fn all(site: &Site) -> Vec<Self>;

    /// The page's address relative to the site's root: a folder
    /// (`kazakhstan/p07/`, `grades/b2/page/2/`, `` for the home page) or a
    /// file (`kazakhstan/report.html`, `404.html`).
    fn path(self, site: &Site) -> String;

    /// The country the page belongs to: a country's pages come together
    /// in the site's list of pages, country by country.
    fn country(self, _site: &Site) -> Option<usize> {
        None
    }

    /// The pages of this kind that show recommendation `ri`, in full or as
    /// a card (or name it, as a pager does).
    fn showing(_site: &Site, _ri: usize) -> Vec<Self> {
        Vec::new()
    }

    /// What the page's template is given beyond the values every page has.
    fn page(self, v: &Views<'_>) -> Page;
}

/// What a page of some kind shows: its title, where it sits, and the
/// values of its own template.
pub struct Page {
    pub title: String,
    /// What the last breadcrumb says, when not the title.
    pub crumb: Option<String>,
    /// The breadcrumbs between the home page and this one, or `None` for a
    /// page without breadcrumbs (the home page, the page for no address).
    pub trail: Option<Vec<Crumb>>,
    /// What the page is, in a sentence or two of plain text, for search
    /// engines and link previews (cut to 160 characters when rendered);
    /// `None` says it with the title.
    pub description: Option<String>,
    /// Whether the page is one text (a dossier, a recommendation) rather
    /// than a way in to others: Open Graph's `article`, not `website`.
    pub article: bool,
    /// The page's own schema.org items for its JSON-LD, beside its
    /// breadcrumbs'.
    pub data: Vec<serde_json::Value>,
    pub values: minijinja::Value,
}

impl Page {
    /// A page titled `title`, below the home page, with `values`.
    pub fn new(title: impl Into<String>, values: minijinja::Value) -> Page {
        Page {
            title: title.into(),
            crumb: None,
            trail: Some(Vec::new()),
            description: None,
            article: false,
            data: Vec::new(),
            values,
        }
    }

    /// The page, described by `text` (plain text).
    pub fn describe(self, text: impl Into<String>) -> Page {
        Page {
            description: Some(text.into()),
            ..self
        }
    }

    /// The page, one text of its own (Open Graph's `article`).
    pub fn article(self) -> Page {
        Page {
            article: true,
            ..self
        }
    }

    /// The page, with the schema.org item `item` in its JSON-LD.
    pub fn with_data(mut self, item: serde_json::Value) -> Page {
        self.data.push(item);
        self
    }

    /// The page below the breadcrumbs `trail` (after the home page's).
    pub fn under(self, trail: Vec<Crumb>) -> Page {
        Page {
            trail: Some(trail),
            ..self
        }
    }

    /// The page, its last breadcrumb saying `crumb`.
    pub fn crumb(self, crumb: impl Into<String>) -> Page {
        Page {
            crumb: Some(crumb.into()),
            ..self
        }
    }

    /// The page without breadcrumbs.
    pub fn alone(self) -> Page {
        Page {
            trail: None,
            ..self
        }
    }
}

/// Lists the kinds of page once: [`PageSpec`] has a variant for each, and
/// every question about a page is answered by its kind.
macro_rules! kinds {
    ($($variant:ident),* $(,)?) => {
        /// A page of the site, by kind. Pages are rendered one by one from
        /// the model, so a rebuild can render just the pages a change touches.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum PageSpec {
            $($variant($variant)),*
        }

        $(impl From<$variant> for PageSpec {
            fn from(page: $variant) -> PageSpec {
                PageSpec::$variant(page)
            }
        })*

        /// The template of every kind of page.
        pub const TEMPLATES: &[&str] = &[$(<$variant as Kind>::TEMPLATE),*];

        impl PageSpec {
            /// Every page of the site: the pages of the kinds listed before
            /// the first kind with country pages, then each country's pages,
            /// then the others, each kind's in its reading order.
            pub fn all(site: &Site) -> Vec<PageSpec> {
                let mut order = Order::new(site);
                $(order.add(site, <$variant as Kind>::all(site));)*
                order.finish()
            }

            /// The pages that show recommendation `ri`, in full or as a
            /// card, other than the sources page: the one home of "which
            /// pages list a recommendation".
            pub fn showing(site: &Site, ri: usize) -> Vec<PageSpec> {
                let mut pages = Vec::new();
                $(pages.extend(<$variant as Kind>::showing(site, ri).into_iter().map(PageSpec::from));)*
                pages
            }

            /// The page's address relative to the site's root.
            pub fn path(&self, site: &Site) -> String {
                match *self {
                    $(PageSpec::$variant(p) => p.path(site)),*
                }
            }

            /// The country the page belongs to, if it is one of a
            /// country's pages.
            pub fn country(&self, site: &Site) -> Option<usize> {
                match *self {
                    $(PageSpec::$variant(p) => p.country(site)),*
                }
            }

            /// The theme's template that renders the page.
            pub fn template(&self) -> &'static str {
                match self {
                    $(PageSpec::$variant(_) => <$variant as Kind>::TEMPLATE),*
                }
            }

            /// Whether the sitemap lists the page.
            pub fn in_sitemap(&self) -> bool {
                match self {
                    $(PageSpec::$variant(_) => <$variant as Kind>::IN_SITEMAP),*
                }
            }

            /// Whether each language's site has the page at the same address.
            pub fn in_every_language(&self) -> bool {
                match self {
                    $(PageSpec::$variant(_) => <$variant as Kind>::IN_EVERY_LANGUAGE),*
                }
            }

            /// Whether the page is long to make, so started first.
            pub fn long(&self) -> bool {
                match self {
                    $(PageSpec::$variant(_) => <$variant as Kind>::LONG),*
                }
            }

            /// What the page shows, by its kind.
            pub fn page(&self, v: &Views<'_>) -> Page {
                match *self {
                    $(PageSpec::$variant(p) => p.page(v)),*
                }
            }
        }
    };
}

kinds!(
    Home,
    Country,
    Report,
    Paragraph,
    Recommendation,
    Articles,
    Article,
    Grades,
    Grade,
    AssessorGrade,
    Progress,
    FollowUp,
    Translations,
    Sources,
    Search,
    NotFound,
);

impl PageSpec {
    /// The output file of the page, relative to the output folder.
    pub fn file(&self, site: &Site) -> String {
        address::file_of(self.path(site))
    }
}

/// The site's pages put in order as the kinds hand them over: see
/// [`PageSpec::all`].
struct Order {
    before: Vec<PageSpec>,
    countries: Vec<Vec<PageSpec>>,
    after: Vec<PageSpec>,
    /// Whether a country's page has come yet.
    seen_country: bool,
}

impl Order {
    fn new(site: &Site) -> Order {
        Order {
            before: Vec::new(),
            countries: vec![Vec::new(); site.countries.len()],
            after: Vec::new(),
            seen_country: false,
        }
    }

    fn add<K: Kind>(&mut self, site: &Site, pages: Vec<K>) {
        for p in pages {
            match p.country(site) {
                Some(ci) => {
                    self.seen_country = true;
                    self.countries[ci].push(p.into());
                }
                None if self.seen_country => self.after.push(p.into()),
                None => self.before.push(p.into()),
            }
        }
    }

    fn finish(self) -> Vec<PageSpec> {
        let mut pages = self.before;
        pages.extend(self.countries.into_iter().flatten());
        pages.extend(self.after);
        pages
    }
}

/// A list's description: its title and how many recommendations it has
/// (`Grade B1: 12 recommendations`), in the page's language.
pub fn list_description(v: &Views<'_>, title: &str, n: usize) -> String {
    let count = v
        .site
        .config
        .strings
        .count("n_recommendations", n as u64, &[]);
    format!("{title}: {count}")
}

/// Whether country `ci` has a full report: one whose recommendations fit
/// on one page of a list (`per_page`), as a dossier does; a collection of
/// thousands would make a page no one could open or print.
pub fn has_report(site: &Site, ci: usize) -> bool {
    site.countries[ci].recommendations.len() <= site.config.per_page
}

/// How many pages a list of `n` recommendations takes, `per_page` to a page.
pub fn list_pages(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// The page of its list (0 for the first) that shows the recommendation at
/// position `at` of a list.
pub fn page_of(at: usize, per_page: usize) -> usize {
    at / per_page.max(1)
}

/// The pages of a list of `n` recommendations, `per_page` to a page.
fn list(n: usize, site: &Site) -> std::ops::Range<usize> {
    0..list_pages(n, site.config.per_page)
}

/// The page of `list` (in reading order) that shows recommendation `ri`.
fn page_in(list: &[usize], ri: usize, site: &Site) -> usize {
    page_of(list.binary_search(&ri).unwrap_or(0), site.config.per_page)
}
