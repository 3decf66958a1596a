//! The one source of randomness in a night: ChaCha8, seeded, so a seed means the same night on
//! every machine and every version of the dependency. Each part of the world draws from its own
//! ChaCha stream of the same seed, so a decision that touches one part (a fumble roll, a launch)
//! does not reshuffle the dice of every other part.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

#[derive(Debug, Clone)]
pub struct Dice(ChaCha8Rng);

impl Dice {
    /// One of the seed's independent streams.
    pub fn stream(seed: u64, stream: u64) -> Dice {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        rng.set_stream(stream);
        Dice(rng)
    }

    /// A uniform number in [0, 1), from 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p` (clamped to 0..=1). Always draws, so the stream does not depend on `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A whole number from -span to span inclusive.
    pub fn jitter(&mut self, span: u32) -> i64 {
        if span == 0 {
            return 0;
        }
        let n = 2 * span as u64 + 1;
        (self.0.next_u64() % n) as i64 - span as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let mut a = Dice::stream(7, 0);
        let mut b = Dice::stream(7, 0);
        for _ in 0..100 {
            assert_eq!(a.unit().to_bits(), b.unit().to_bits());
        }
        assert_ne!(
            Dice::stream(7, 0).unit().to_bits(),
            Dice::stream(8, 0).unit().to_bits()
        );
        assert_ne!(
            Dice::stream(7, 0).unit().to_bits(),
            Dice::stream(7, 1).unit().to_bits(),
            "streams differ"
        );
    }

    #[test]
    fn the_stream_is_fixed_across_machines_and_versions() {
        // If this changes, every recorded seed means a different night: do not update it lightly.
        let mut d = Dice::stream(42, 0);
        let first: Vec<u64> = (0..3).map(|_| (d.unit() * 1e6) as u64).collect();
        assert_eq!(first, GOLDEN);
    }
    const GOLDEN: [u64; 3] = [681896, 950275, 427516];

    #[test]
    fn values_stay_in_range() {
        let mut d = Dice::stream(1, 0);
        for _ in 0..10_000 {
            let u = d.unit();
            assert!((0.0..1.0).contains(&u));
            let j = d.jitter(3);
            assert!((-3..=3).contains(&j));
        }
        assert_eq!(d.jitter(0), 0);
    }
}
