//! The statistics of an evaluation over the session's shared ones: a policy's spread, the bimodal
//! test, and whole points as the report shows them.

use super::super::stats::quantile;
use super::{Gap, Spread};

pub(super) fn spread(sorted: &[f64]) -> Spread {
    Spread {
        min: quantile(sorted, 0.0),
        p10: quantile(sorted, 0.1),
        median: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        max: quantile(sorted, 1.0),
    }
}

/// The largest gap between consecutive sorted values, when it is more than 30 % of the range and
/// more than 10 % of the median (a gap within a tight distribution is no second mode), and at
/// least 15 % of the values (and at least two) lie on each side.
pub(super) fn bimodal(sorted: &[f64]) -> Option<Gap> {
    let n = sorted.len();
    let range = sorted.last()? - sorted.first()?;
    if n < 2 || range <= 0.0 {
        return None;
    }
    let (i, gap) = sorted.windows(2).map(|w| w[1] - w[0]).enumerate().fold(
        (0, f64::NEG_INFINITY),
        |best, (i, g)| {
            if g > best.1 { (i, g) } else { best }
        },
    );
    // At least 15 % of the seeds on each side, and never a single seed: one outlier is no mode.
    let side = ((0.15 * n as f64).ceil() as usize).max(2);
    let (below, above) = (i + 1, n - i - 1);
    let median = sorted[n / 2].abs();
    let material = gap > 0.3 * range && gap > 0.1 * median;
    (material && below >= side && above >= side).then(|| Gap {
        below: sorted[i],
        above: sorted[i + 1],
        seeds_below: below as u64,
        seeds_above: above as u64,
    })
}

/// Whole points.
pub(crate) fn points(x: f64) -> i64 {
    x.round() as i64
}

/// Whole points with a sign: "+12", "-3", "0".
pub(crate) fn signed(x: f64) -> String {
    match points(x) {
        0 => "0".into(),
        p if p > 0 => format!("+{p}"),
        p => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::stats::sorted;
    use super::*;

    #[test]
    fn quantiles_are_ordered_and_hit_the_ends() {
        let v = sorted(&[5.0, 1.0, 3.0, 2.0, 4.0]);
        let sp = spread(&v);
        assert_eq!((sp.min, sp.median, sp.max), (1.0, 3.0, 5.0));
        assert!(sp.min <= sp.p10 && sp.p10 <= sp.median && sp.median <= sp.p90);
        assert_eq!(spread(&[7.0]).p90, 7.0);
    }

    #[test]
    fn a_gap_splits_a_distribution_only_with_enough_on_each_side() {
        let two = [1.0, 2.0, 3.0, 100.0, 101.0, 102.0];
        assert!(bimodal(&two).is_some());
        let outlier = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 100.0];
        assert!(bimodal(&outlier).is_none(), "one outlier is not a mode");
        assert!(bimodal(&[1.0, 2.0, 3.0, 4.0]).is_none());
        assert!(
            bimodal(&[1.0, 50.0, 51.0, 52.0]).is_none(),
            "never a single seed"
        );
        assert!(bimodal(&[3.0, 3.0]).is_none());
        // 12 nights near 5,150 and 4 near 5,415: a 5 % gap in a tight distribution.
        let tight = [
            5100.0, 5110.0, 5115.0, 5120.0, 5125.0, 5130.0, 5135.0, 5140.0, 5142.0, 5145.0, 5148.0,
            5150.0, 5415.0, 5420.0, 5425.0, 5430.0,
        ];
        assert!(bimodal(&tight).is_none(), "a gap of 5 % of the median");
        let wide: Vec<f64> = tight
            .iter()
            .map(|x| if *x > 5400.0 { x * 2.0 } else { *x })
            .collect();
        assert!(bimodal(&sorted(&wide)).is_some());
    }
}
