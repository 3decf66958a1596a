//! Status pages: whose each is, what it covers, how late it speaks, and that every status-page
//! beat and every `ReadStatusPage` names one.

use super::Checker;
use super::values::DAY;
use crate::scenario::model::{Channel, Effect};

impl Checker<'_> {
    pub(super) fn status_pages(&mut self) {
        let s = self.s;
        let ids = s.status_pages.iter().map(|p| p.id.as_str()).collect();
        self.collect("status page", "status_pages", ids);
        for (i, page) in s.status_pages.iter().enumerate() {
            let p = format!("status_pages[{i}]");
            if page.name.trim().is_empty() {
                self.err(format_args!("{p}.name"), "a status page needs a name");
            }
            for (j, c) in page.covers.iter().enumerate() {
                self.provider(format_args!("{p}.covers[{j}]"), c);
            }
            self.no_repeats(&format!("{p}.covers"), "provider service", &page.covers);
            if let Some(lag) = page.lag_minutes {
                self.bounded(format_args!("{p}.lag_minutes"), "lag_minutes", lag, 0, DAY);
                if page.covers.is_empty() {
                    self.err(
                        format_args!("{p}.lag_minutes"),
                        "a page that posts by itself must cover at least one provider service",
                    );
                }
            }
        }
        if s.status_pages.is_empty() {
            return;
        }
        let names: Vec<String> = s
            .status_pages
            .iter()
            .map(|p| format!("\"{}\"", p.id))
            .collect();
        for (i, b) in s.beats.iter().enumerate() {
            if matches!(b.channel, Channel::StatusPage) && s.page_of_beat(&b.from).is_none() {
                self.err(
                    format_args!("beats[{i}].from"),
                    format!(
                        "\"{}\" is not a status page: a status-page beat's `from` names one of {}",
                        b.from,
                        names.join(", ")
                    ),
                );
            }
        }
        for (i, a) in s.actions.iter().enumerate() {
            for (j, e) in a.effects.iter().enumerate() {
                if let Effect::ReadStatusPage(id) = e
                    && !s.status_pages.iter().any(|p| &p.id == id)
                {
                    self.err(
                        format_args!("actions[{i}].effects[{j}].0"),
                        format!("unknown status page \"{id}\""),
                    );
                }
            }
        }
    }
}
