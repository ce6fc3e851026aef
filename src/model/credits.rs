//! A credit transfer as readers know it: one row per programme, with its
//! mission, the credits added (« + ») and taken away (« − ») in
//! commitment appropriations (AE) and payment appropriations (CP), and a
//! balance line. A transfer moves credits between programmes: the
//! chambers' rules (article 40 of the Constitution, article 47 of the LOLF)
//! require what is added to be taken elsewhere, so a transfer whose
//! balance is not zero is flagged.

use serde::Serialize;

use super::CreditLine;

/// A credit transfer's table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreditTable {
    /// One row per programme, in the amendment's order.
    pub rows: Vec<CreditRow>,
    /// The totals and the balance.
    pub totals: CreditTotals,
}

/// One programme's row: euros added and taken away (both positive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreditRow {
    /// The mission, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mission: Option<String>,
    /// The programme.
    pub programme: String,
    /// AE added.
    pub commitments_plus: i64,
    /// AE taken away.
    pub commitments_minus: i64,
    /// CP added.
    pub payments_plus: i64,
    /// CP taken away.
    pub payments_minus: i64,
}

/// The columns' totals and the balance (added − taken away).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CreditTotals {
    /// AE added.
    pub commitments_plus: i64,
    /// AE taken away.
    pub commitments_minus: i64,
    /// CP added.
    pub payments_plus: i64,
    /// CP taken away.
    pub payments_minus: i64,
    /// AE added − AE taken away.
    pub commitments_balance: i64,
    /// CP added − CP taken away.
    pub payments_balance: i64,
    /// True when both balances are zero.
    pub balanced: bool,
}

/// The table of a transfer's lines; None without lines.
pub fn credit_table(lines: &[CreditLine]) -> Option<CreditTable> {
    if lines.is_empty() {
        return None;
    }
    let split = |n: i64| (n.max(0), n.min(0).saturating_neg());
    let rows: Vec<CreditRow> = lines
        .iter()
        .map(|l| {
            let (cp, cm) = split(l.commitments);
            let (pp, pm) = split(l.payments);
            CreditRow {
                mission: l.mission.clone(),
                programme: l.programme.clone(),
                commitments_plus: cp,
                commitments_minus: cm,
                payments_plus: pp,
                payments_minus: pm,
            }
        })
        .collect();
    let sum = |f: fn(&CreditRow) -> i64| rows.iter().map(f).fold(0i64, i64::saturating_add);
    let (cp, cm) = (sum(|r| r.commitments_plus), sum(|r| r.commitments_minus));
    let (pp, pm) = (sum(|r| r.payments_plus), sum(|r| r.payments_minus));
    let totals = CreditTotals {
        commitments_plus: cp,
        commitments_minus: cm,
        payments_plus: pp,
        payments_minus: pm,
        commitments_balance: cp - cm,
        payments_balance: pp - pm,
        balanced: cp == cm && pp == pm,
    };
    Some(CreditTable { rows, totals })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(programme: &str, ae: i64, cp: i64) -> CreditLine {
        CreditLine {
            mission: Some("Justice".into()),
            programme: programme.into(),
            commitments: ae,
            payments: cp,
        }
    }

    #[test]
    fn a_balanced_transfer() {
        let t = credit_table(&[
            line("Justice judiciaire", 1_000_000, 500_000),
            line("Administration pénitentiaire", -1_000_000, -500_000),
        ])
        .unwrap();
        assert_eq!(t.rows[1].commitments_minus, 1_000_000);
        assert_eq!(t.rows[1].commitments_plus, 0);
        assert!(t.totals.balanced);
        assert_eq!(t.totals.commitments_balance, 0);
    }

    #[test]
    fn an_unbalanced_transfer_is_flagged() {
        let t = credit_table(&[line("Conduite et pilotage", 50_000_000, 0)]).unwrap();
        assert!(!t.totals.balanced);
        assert_eq!(t.totals.commitments_balance, 50_000_000);
        assert_eq!(t.totals.payments_balance, 0);
    }
}
