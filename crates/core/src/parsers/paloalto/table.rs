//! Column tables as PAN-OS prints them: a header line, a rule of dash runs under it (one run
//! per column, so multi-word names such as `GwID/client IP` stay one column), then rows.
//! Shared by the `show vpn` parsers.

use super::super::fields::{cells_by_starts, dash_columns, expand_tabs};

/// A table's columns: lower-case names and their char offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    names: Vec<String>,
    starts: Vec<usize>,
}

impl Columns {
    /// Builds the columns from a header line and the dash rule under it.
    pub fn from_rule(header: &str, rule: &str) -> Self {
        let starts = dash_columns(&expand_tabs(rule));
        let names = cells_by_starts(&expand_tabs(header), &starts)
            .into_iter()
            .map(|n| n.to_ascii_lowercase())
            .collect();
        Self { names, starts }
    }

    /// Cuts a row into `(column name, cell)` pairs; empty cells are left out.
    pub fn row<'a>(&'a self, line: &str) -> Vec<(&'a str, String)> {
        let cells = cells_by_starts(&expand_tabs(line), &self.starts);
        self.names
            .iter()
            .map(String::as_str)
            .zip(cells)
            .filter(|(_, c)| !c.is_empty())
            .collect()
    }

    /// Number of columns.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// True when the rule had no columns.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// The cell of `name` in a row from [`Columns::row`].
pub fn cell<'r>(row: &'r [(&str, String)], name: &str) -> Option<&'r str> {
    row.iter()
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_word_names_and_overflow() {
        let c = Columns::from_rule(
            "GwID/client IP  TnID Peer-Address",
            "--------------  ---- ------------",
        );
        let row = c.row("1               1    198.51.100.1");
        assert_eq!(cell(&row, "gwid/client ip"), Some("1"));
        assert_eq!(cell(&row, "peer-address"), Some("198.51.100.1"));
        assert_eq!(c.len(), 3);
    }
}
