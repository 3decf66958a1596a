//! Statistics shared by the debrief and `evaluate`: sorted values, quantiles interpolated between
//! neighbours, and the mean with its standard error. One definition, so a "p10" or a "noise" means
//! the same in both.

pub(crate) fn sorted(v: &[f64]) -> Vec<f64> {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v
}

/// The value at quantile `p` of sorted values, interpolating linearly between neighbours.
pub(crate) fn quantile(sorted: &[f64], p: f64) -> f64 {
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

/// The mean and its standard error (0 for fewer than two values).
pub(crate) fn mean_and_error(v: &[f64]) -> (f64, f64) {
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
