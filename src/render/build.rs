//! What `amendo build` and `amendo serve` print after a build.

use std::path::Path;

use crate::pipeline::BuildReport;

/// One line for the store, one for the site when one was rendered.
pub fn text(report: &BuildReport, store: &Path, out: Option<&Path>) -> String {
    let s = &report.store;
    let mut text = format!(
        "store {}: {} bill{}, {} stages, {} amendments; {} new objects, {} refs changed{} ({:.2} s)\n",
        store.display(),
        s.bills,
        if s.bills == 1 { "" } else { "s" },
        s.stages,
        s.amendments,
        s.new_objects,
        s.refs_changed,
        if s.up_to_date {
            ", sources unchanged"
        } else {
            ""
        },
        report.ingest_time.as_secs_f64()
    );
    if let (Some(site), Some(out)) = (&report.site, out) {
        text.push_str(&format!(
            "site {}: {} pages, {} files, {:.1} MiB; {} rendered, {} written, {} removed ({:.2} s)\n",
            out.display(),
            site.pages,
            site.files,
            site.bytes as f64 / 1_048_576.0,
            site.rendered,
            site.written,
            site.removed,
            report.site_time.as_secs_f64()
        ));
        if site.search_pending > 0 {
            text.push_str(&format!(
                "search index: {} shards left for the next build\n",
                site.search_pending
            ));
        }
        if site.search_indexed > 0 {
            text.push_str(&format!(
                "search index: {} of {} shards indexed again, {} pages ({:.2} s)\n",
                site.search_indexed,
                site.search_shards,
                site.search_indexed_pages,
                site.search_time.as_secs_f64()
            ));
        }
    }
    text
}
