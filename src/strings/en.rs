//! The theme's labels in English, one line per label: `(key, text)`.
//!
//! To add a label, add its line here and the same key, at the same place, in
//! `ru.rs` (a unit test checks that both tables have the same keys in the same
//! order and the same `{placeholders}`), then a row in docs/theming.md under
//! "The strings table" (another test checks that too). Plural forms are
//! separated by `|`: English has two, one and other.

/// `rustfmt::skip` keeps one line per label, so a label is added, found and
/// reviewed as one line.
#[rustfmt::skip]
pub(super) const EN: &[(&str, &str)] = &[
    // Every page.
    ("skip_to_content", "Skip to content"),
    ("site_navigation", "Site"),
    ("breadcrumb", "Breadcrumb"),
    ("home", "Home"),
    ("dossiers", "Dossiers"),
    ("articles", "Articles"),
    ("grades", "Grades"),
    ("sources", "Sources"),
    ("search", "Search"),
    ("data_csv", "Data (CSV)"),
    ("data_json", "Data (JSON)"),
    ("feed", "Feed"),
    ("built_with", "Built with followup"),
    ("feed_all", "{site}: all recommendations"),
    // Feeds (feed.xml): a country's feed title, and each entry.
    ("feed_country", "{site}: {country}"),
    ("feed_entry_title", "{country} {ref}: {text} ({code})"),
    ("feed_entry_summary", "Grade {code}: {label}. {summary}"),
    // Facts and headings.
    ("country", "Country"),
    ("treaty", "Treaty"),
    ("concluding_observations", "Concluding observations"),
    ("adopted", "Adopted"),
    ("assessed", "Assessed"),
    ("recommendations", "Recommendations"),
    ("recommendation", "Recommendation"),
    ("paragraph", "Paragraph"),
    ("article", "Article"),
    ("grade", "Grade"),
    ("meaning", "Meaning"),
    ("number", "No."),
    ("overview", "Overview"),
    ("total", "Total"),
    ("paragraph_n", "Paragraph {n}"),
    ("recommendation_n", "Recommendation {ref}"),
    ("article_n", "Article {n}"),
    ("grade_n", "Grade {code}"),
    ("treaty_article", "{treaty} article {n}"),
    ("treaty_article_short", "{treaty} art. {n}"),
    ("country_paragraph_title", "{country} · Paragraph {n}"),
    ("country_recommendation_title", "{country} · Recommendation {ref}"),
    // Counts: plural forms separated by `|`.
    ("n_recommendations", "{n} recommendation|{n} recommendations"),
    ("total_in_paragraphs", "{total} in {n} paragraph|{total} in {n} paragraphs"),
    ("n_with_grade", "{n} recommendation with this grade.|{n} recommendations with this grade."),
    // Home page.
    ("by_grade", "By grade"),
    ("by_article", "By article"),
    ("all_grades", "All grades and what they mean"),
    ("open_data", "Open data"),
    ("open_data_text", "Every recommendation with its country, paragraph, articles, grade, texts and sources:"),
    ("schema", "schema"),
    ("feed_text", "New assessments as a feed:"),
    // Charts and their text equivalents.
    ("grades_of", "Grades of {n} recommendation|Grades of {n} recommendations"),
    ("grades_by_country", "Grades by country"),
    ("grades_by_article", "Grades by article"),
    ("matrix_caption", "Recommendations by country and grade"),
    ("grade_by_country", "Recommendations with grade {code}, by country"),
    ("chart_text", "The same numbers as a table:"),
    // Country, paragraph and recommendation pages.
    ("download_dossier", "Download this dossier's data:"),
    ("committee_concern", "The Committee's concern"),
    ("committee_recommendation", "The Committee's recommendation"),
    ("pager_label", "Recommendations of {country}"),
    ("previous", "Previous"),
    ("next", "Next"),
    // A country's whole dossier on one page.
    ("full_report", "the full report"),
    ("full_report_link", "The whole dossier on one page, to read through or print"),
    // Lists on several pages (grade and article pages of large sites).
    ("page_n", "Page {n}"),
    ("list_pages", "Pages of this list"),
    ("showing_range", "Recommendations {first}–{last} of {total}"),
    ("previous_page", "Previous page"),
    ("next_page", "Next page"),
    // Index pages.
    ("articles_intro", "Recommendations by the treaty article their paragraph concerns."),
    ("no_recommendation", "No recommendation yet."),
    ("sources_intro", "Every source cited in a footnote, once, with the recommendations that cite it."),
    ("cited_by", "Cited by:"),
    ("no_source", "No source cited yet."),
    // Search page.
    ("search_intro", "Search the recommendations, their assessments and sources; narrow the results by country, grade or article."),
    ("search_needs_js", "Search needs JavaScript. Without it, browse by:"),
    // Not found page.
    ("not_found", "Page not found"),
    ("not_found_text", "There is no page at this address. It may have moved when the dossiers were updated."),
    ("not_found_home", "Go to the list of dossiers"),
    ("browse_by", "Or browse by:"),
    // Table enhancements (the script reads these from its own tag).
    ("filter_rows", "Filter rows"),
    ("rows_shown", "{shown} of {total} rows shown"),
    ("sort_by", "Sort by {column}"),
    // Dates: month names as they stand after a day number.
    ("month_1", "January"),
    ("month_2", "February"),
    ("month_3", "March"),
    ("month_4", "April"),
    ("month_5", "May"),
    ("month_6", "June"),
    ("month_7", "July"),
    ("month_8", "August"),
    ("month_9", "September"),
    ("month_10", "October"),
    ("month_11", "November"),
    ("month_12", "December"),
];
