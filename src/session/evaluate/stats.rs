//! The statistics of an evaluation: quantiles, the mean and its standard error, the bimodal
//! test, and whole points as the report shows them.

use super::{Gap, Spread};

pub(super) fn sorted(v: &[f64]) -> Vec<f64> {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// The value at quantile `p` of sorted values, interpolating linearly between neighbours.
pub(super) fn quantile(sorted: &[f64], p: f64) -> f64 {
    let Some(&first) = sorted.first() else {
        return 0.0;
    };
    if sorted.len() == 1 {
        return first;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    let (a, b) = (sorted[lo], sorted[hi]);
    (a + (b - a) * (h - lo as f64)).clamp(a, b)
}

pub(super) fn spread(sorted: &[f64]) -> Spread {
    Spread {
        min: quantile(sorted, 0.0),
        p10: quantile(sorted, 0.1),
        median: quantile(sorted, 0.5),
        p90: quantile(sorted, 0.9),
        max: quantile(sorted, 1.0),
    }
}

/// The mean and its standard error (0 for fewer than two values).
pub(super) fn mean_and_error(v: &[f64]) -> (f64, f64) {
    if v.is_empty() {
        return (0.0, 0.0);
    }
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    if v.len() < 2 {
        return (mean, 0.0);
    }
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// The largest gap between consecutive sorted values, when it is more than 30 % of the range and
/// at least 15 % of the values (and at least two) lie on each side.
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
    (gap > 0.3 * range && below >= side && above >= side).then(|| Gap {
        below: sorted[i],
        above: sorted[i + 1],
        seeds_below: below as u64,
        seeds_above: above as u64,
    })
}

/// Whole points, never "-0".
pub(crate) fn points(x: f64) -> i64 {
    let r = x.round() as i64;
    if r == 0 { 0 } else { r }
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
    }
}
